"""Access codes are unique and unguessable; stored responses cannot be linked to codes, IPs or times."""

import collections

from django.db import connection

from werkbaar.scans import services
from werkbaar.scans.models import AccessCode, DailyCount, Response, UsedCode, code_hash


def test_alphabet_has_no_look_alikes():
    for ch in "01OIL":
        assert ch not in services.CODE_ALPHABET
    assert len(set(services.CODE_ALPHABET)) == len(services.CODE_ALPHABET) == 31


def test_codes_are_long_random_and_unique(campaign):
    codes = [c.code for c in services.generate_codes(campaign, 2000)]
    assert len(set(codes)) == 2000 == AccessCode.objects.count()
    assert all(len(c) >= 10 and set(c) <= set(services.CODE_ALPHABET) for c in codes)
    assert services.code_entropy_bits() > 48  # 10 chars from 31 symbols = 49.5 bits
    # every symbol is used at every position roughly uniformly (no fixed prefix, no counter)
    for position in range(10):
        counts = collections.Counter(c[position] for c in codes)
        assert len(counts) == 31
        expected = len(codes) / 31
        chi2 = sum((n - expected) ** 2 / expected for n in counts.values())
        assert chi2 < 80  # df=30; p < 1e-6 above ~75
    # no sequential pattern: generation order is not sorted, neighbours share no long prefix
    ordered = sorted(codes)
    assert max(len(_common_prefix(a, b)) for a, b in zip(ordered, ordered[1:], strict=False)) <= 5


def _common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def test_second_batch_is_new_and_unique(campaign):
    first = {c.code for c in services.generate_codes(campaign, 50)}
    second = services.generate_codes(campaign, 50)
    assert {c.batch for c in second} == {2}
    assert first.isdisjoint({c.code for c in second})


def test_guessing_is_hopeless():
    """With 10,000 codes issued, a random guess hits one with probability < 1e-10."""
    # worked by hand: 31 symbols (no 0, O, 1, I, L), 10 characters: 31^10 = 819,628,286,980,801 codes;
    # 10,000 / 8.2e14 = 1.2e-11; entropy 10 x log2(31) = 10 x 4.9542 = 49.54 bits
    assert len(set(services.CODE_ALPHABET)) == len(services.CODE_ALPHABET) == 31
    assert not set("01OIL") & set(services.CODE_ALPHABET)
    assert services.CODE_LENGTH == 10
    assert len(services.CODE_ALPHABET) ** services.CODE_LENGTH == 819_628_286_980_801
    assert 49.54 < services.code_entropy_bits() < 49.55
    assert 29.72 < services.code_entropy_bits(6) < 29.73


def test_response_table_has_no_identifying_columns(db):
    columns = {f.column for f in Response._meta.concrete_fields}
    assert columns == {"id", "campaign_id", "language", "answers", "groups"}
    with connection.cursor() as cursor:
        described = {c.name for c in connection.introspection.get_table_description(cursor, Response._meta.db_table)}
    assert described == columns
    for forbidden in ("code", "ip", "agent", "created", "time", "date", "submitted", "user"):
        assert not any(forbidden in c for c in described), forbidden
    assert Response._meta.pk.get_internal_type() == "UUIDField"  # no sequence number


def test_response_cannot_be_joined_to_its_code(campaign, codes, full_answers):
    services.submit(codes[0], "nl", full_answers, {"team": "Noord"})
    services.submit(codes[1], "fr", full_answers, {"team": "Zuid"})
    used = UsedCode._meta
    assert {f.column for f in used.concrete_fields} == {"id", "campaign_id", "code_hash"}
    assert {f.column for f in DailyCount._meta.concrete_fields} == {"id", "campaign_id", "date", "shard", "count"}
    # no foreign key from a response to a code or a used code, nor the other way round
    for model in (Response, UsedCode, DailyCount):
        targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert targets <= {campaign.__class__}
    stored = {r.pk for r in Response.objects.all()}
    assert not any(str(pk) in (code_hash(codes[0]), code_hash(codes[1]), codes[0], codes[1]) for pk in stored)
    raw = [repr(v) for v in Response.objects.values_list("answers", "groups", "language")]
    assert not any(codes[0] in r or codes[1] in r for r in raw)


def test_response_ids_are_random_uuids(campaign, codes, full_answers):
    for code in codes[:5]:
        services.submit(code, "nl", full_answers, {})
    ids = [r.pk for r in Response.objects.all()]
    assert all(pk.version == 4 for pk in ids)


def test_frame_and_export_order_is_not_submission_order(campaign, full_answers):
    codes = [c.code for c in services.generate_codes(campaign, 30)]
    for i, code in enumerate(codes):
        services.submit(code, "nl", {**full_answers, "wd1": 1 + i % 4, "wd2": 1 + (i // 4) % 4}, {})
    frame = services.responses_frame(campaign)
    order = list(zip(frame["wd1"].to_list(), frame["wd2"].to_list(), strict=True))
    submitted = [(1 + i % 4, 1 + (i // 4) % 4) for i in range(30)]
    assert order != submitted  # sorted by random id, not by arrival (chance of equality ~ 1/30!)
