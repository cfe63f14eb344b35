"""Storing responses: the one code path, its refusals, and the responses frame."""

import polars as pl
import pytest

from werkbaar.scans import services
from werkbaar.scans.models import DailyCount, Draft, Response, UsedCode


def test_submit_stores_and_refuses_second(campaign, codes, full_answers):
    r = services.submit(codes[0], "nl", full_answers, {"team": "Noord"})
    assert Response.objects.filter(pk=r.pk).exists()
    assert UsedCode.objects.count() == 1
    assert DailyCount.objects.get(campaign=campaign).count == 1
    with pytest.raises(services.CodeAlreadyUsed):
        services.submit(codes[0], "nl", full_answers, {})
    assert Response.objects.count() == 1


def test_submit_unknown_code_and_closed(campaign_factory, campaign, codes, full_answers):
    with pytest.raises(services.UnknownCode):
        services.submit("ZZZZZZZZZZ", "nl", full_answers, {})
    campaign.status = "closed"
    campaign.save()
    with pytest.raises(services.CampaignNotOpen):
        services.submit(codes[0], "nl", full_answers, {})
    assert Response.objects.count() == 0


def test_submit_errors_per_field(campaign, codes):
    with pytest.raises(services.InvalidSubmission) as exc:
        services.submit(codes[0], "xx", {"wd1": 9, "nope": 1}, {"team": "Mars", "shoe": "42"})
    assert set(exc.value.errors) == {"language", "answers.wd1", "answers.nope", "groups.team", "groups.shoe"}
    assert not UsedCode.objects.exists() and not Response.objects.exists()


def test_submit_deletes_draft(campaign, codes, full_answers):
    access = services.find_code(codes[1])
    services.update_draft(access, answers={"wd1": 2}, language="nl", page=1)
    services.submit(codes[1], "nl", full_answers, {})
    assert not Draft.objects.exists()


def test_responses_frame(campaign, codes, full_answers):
    services.submit(codes[0], "fr", {**full_answers, "wd1": None}, {"team": "Zuid"})
    services.submit(codes[1], "nl", {"wd2": 4}, {})
    frame = services.responses_frame(campaign)
    assert frame.height == 2
    assert frame.columns == [*campaign.item_ids(), "team", "age_band", "language"]
    assert str(frame.schema["wd1"]) == "Int64" and str(frame.schema["team"]) == "String"
    assert sorted(frame["language"].to_list()) == ["fr", "nl"]
    assert frame["wd1"].null_count() == 2
    assert sorted(frame["team"].to_list(), key=str) == [None, "Zuid"] or sorted(
        frame["team"].to_list(), key=lambda v: v or ""
    ) == [None, "Zuid"]


def test_empty_frame_has_schema(campaign):
    frame = services.responses_frame(campaign)
    assert frame.height == 0 and "language" in frame.columns
    assert frame.schema["language"] == pl.Utf8  # text even without a row, like a frame with answers


def test_responses_frame_reads_stored_json_of_any_layout(campaign):
    """Rows written outside the ORM: extra keys, missing keys, empty bands and line breaks in the JSON text."""
    from django.db import connection

    item = campaign.item_ids()[0]
    Response.objects.create(campaign=campaign, language="nl", answers={item: 3, "retired_item": 1},
                            groups={"team": "", "age_band": "50+"})
    odd = Response.objects.create(campaign=campaign, language="fr", answers={}, groups={})
    with connection.cursor() as cursor:  # a pretty-printed object, as another tool might have written it
        cast = "::jsonb" if connection.vendor == "postgresql" else ""
        cursor.execute(f"UPDATE scans_response SET answers = %s{cast}, groups = %s{cast} WHERE id = %s",
                       [f'{{\n  "{item}": 4\n}}', '{\n  "team": "Noord\\nZuid"\n}', odd.pk.hex
                        if connection.vendor == "sqlite" else odd.pk])
    frame = services.responses_frame(campaign).sort("language")  # fr (the odd row), nl
    assert frame[item].to_list() == [4, 3]
    assert frame["team"].to_list() == ["Noord\nZuid", None]
    assert frame["age_band"].to_list() == [None, "50+"]
    assert "retired_item" not in frame.columns


# --- rules that a one-line change used to slip past (issue 13) ------------------------------------


def test_answers_to_a_module_the_campaign_did_not_select_are_refused(campaign_factory, company_factory):
    # The instrument's only module is "dienstencheques" (items dm1, dk1, ...); this campaign asks the base only.
    campaign = campaign_factory(modules=[])
    code = services.generate_codes(campaign, 1)[0].code
    assert "dm1" not in campaign.item_ids() and "wd1" in campaign.item_ids()
    with pytest.raises(services.InvalidSubmission) as exc:
        services.submit(code, "nl", {"wd1": 2, "dm1": 2}, {})
    assert set(exc.value.errors) == {"answers.dm1"}
    assert not Response.objects.exists()


def test_answers_to_a_selected_module_are_stored(campaign, codes):
    response = services.submit(codes[0], "nl", {"dm1": 3}, {})
    assert response.answers["dm1"] == 3


def _age_draft(days):
    import datetime

    from django.utils import timezone

    Draft.objects.update(date=timezone.localdate() - datetime.timedelta(days=days))


def test_a_draft_of_an_earlier_day_is_not_shown_again(campaign, codes):
    access = services.find_code(codes[0])
    services.update_draft(access, answers={"wd1": 2}, language="nl", page=1)
    assert services.load_draft(access).answers == {"wd1": 2}  # today's draft is shown
    _age_draft(1)
    assert services.load_draft(services.find_code(codes[0])) is None
    assert not Draft.objects.exists()


def test_saving_after_a_stale_draft_starts_afresh(campaign, codes):
    access = services.find_code(codes[0])
    services.update_draft(access, answers={"wd1": 2}, groups={"team": "Noord"}, language="fr", page=3)
    _age_draft(1)
    draft = services.update_draft(access, answers={"wd2": 4})
    assert draft.answers == {"wd2": 4} and draft.groups == {} and draft.page == 0 and draft.language == "nl"
    assert Draft.objects.count() == 1


def test_purge_deletes_only_drafts_of_earlier_days(campaign, codes):
    services.update_draft(services.find_code(codes[0]), answers={"wd1": 2})
    _age_draft(1)
    services.update_draft(services.find_code(codes[1]), answers={"wd1": 3})
    assert services.purge_stale_drafts() == 1
    assert list(Draft.objects.values_list("answers", flat=True)) == [{"wd1": 3}]


# --- the exact rules, messages and boundaries of services.py (issue 13, mutation run) ----------------


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_codes_are_ten_characters_of_the_alphabet_grouped_five_and_five():
    code = services.new_code()
    assert len(code) == 10 and set(code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert len(services.new_code(4)) == 4
    assert services.format_code("ABCDEFGHJK") == "ABCDE-FGHJK"
    assert services.format_code("ABCDEFGHJ") == "ABCDEFGHJ"  # not ten characters: left as typed
    assert services.format_code("ABCDEFGHJKL") == "ABCDEFGHJKL"
    # 31 characters: log2(31) = 4.954... bits each
    assert round(services.code_entropy_bits(), 3) == 49.542
    assert round(services.code_entropy_bits(1), 3) == 4.954


def test_codes_come_in_numbered_batches_of_1_to_20000(campaign, english):
    for count in (0, 20_001):
        with pytest.raises(ValueError) as exc:
            services.generate_codes(campaign, count)
        assert str(exc.value) == "The number of codes must be between 1 and 20,000."
    first = services.generate_codes(campaign, 1)
    second = services.generate_codes(campaign, 3)
    assert [c.batch for c in first] == [1] and [c.batch for c in second] == [2, 2, 2]
    assert [c.code for c in second] == sorted(c.code for c in second)
    assert campaign.codes.count() == 4 and len({c.code for c in first + second}) == 4


def test_generated_codes_never_repeat_an_existing_code(campaign, monkeypatch):
    existing = services.generate_codes(campaign, 1)[0].code
    drawn = iter([existing, "22222AAAAA", "33333BBBBB"])
    monkeypatch.setattr(services, "new_code", lambda: next(drawn))
    fresh = services.generate_codes(campaign, 2)
    assert [c.code for c in fresh] == ["22222AAAAA", "33333BBBBB"]
    assert campaign.codes.filter(code=existing).count() == 1


def test_find_code_reads_a_typed_code_and_says_if_it_was_used(campaign, codes, full_answers):
    code = codes[0]
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert services.find_code(typed).code == code
    assert services.find_code("") is None and services.find_code("--") is None
    assert services.find_code("ZZZZZZZZZZ") is None
    assert services.find_code(code).was_used is False and services.is_used(code) is False
    services.submit(code, "nl", full_answers, {})
    assert services.find_code(code).was_used is True and services.is_used(typed) is True
    assert services.is_used(codes[1]) is False


def test_each_refused_code_says_why(campaign_factory, campaign, codes, full_answers, english):
    import datetime

    from django.utils import timezone

    with pytest.raises(services.UnknownCode) as exc:
        services.check_code("ZZZZZZZZZZ")
    assert (exc.value.message, exc.value.status) == ("This code is unknown. Check the code on your letter.", 404)
    services.submit(codes[0], "nl", full_answers, {})
    with pytest.raises(services.CodeAlreadyUsed) as exc:
        services.check_code(codes[0])
    assert (exc.value.message, exc.value.status) == ("This code has already been used. Thank you for taking part.",
                                                    409)
    opens = timezone.localdate() + datetime.timedelta(days=2)
    later = campaign_factory(opens_on=opens, closes_on=opens + datetime.timedelta(days=9))
    with pytest.raises(services.CampaignNotOpen) as exc:
        services.check_code(services.generate_codes(later, 1)[0].code)
    assert (exc.value.message, exc.value.status) == (f"This questionnaire opens on {opens:%d/%m/%Y}.", 410)
    campaign.status = "closed"
    campaign.save()
    with pytest.raises(services.CampaignNotOpen) as exc:
        services.check_code(codes[1])
    assert exc.value.message == "This questionnaire is closed. Thank you for your interest."
    assert services.check_code(services.generate_codes(campaign_factory(), 1)[0].code).campaign.phase == "open"
    assert services.InvalidSubmission("x").status == 400 and services.SubmitError("x").errors == {}


def test_clean_submission_names_each_problem_exactly(campaign, english):
    cleaned = services.clean_submission(campaign, "xx", {"wd1": 9, "nope": 1, "wd2": ""},
                                        {"team": "Mars", "shoe": "42", "age_band": 35})
    assert cleaned.errors == {
        "language": "Unknown language 'xx'; expected one of nl, nl-easy, fr, en.",
        "answers.wd1": cleaned.errors["answers.wd1"],  # the scale's own message (scans/answers.py)
        "answers.nope": "Unknown item.",
        "groups.team": "Unknown group value 'Mars'; expected one of Noord, Zuid.",
        "groups.shoe": "Unknown grouping question.",
        "groups.age_band": "Unknown group value 35; expected one of < 35, 35+.",
    }
    assert "9" in cleaned.errors["answers.wd1"]
    wrong = services.clean_submission(campaign, "nl", ["wd1"], "Noord")
    assert wrong.errors == {"answers": "Answers must be an object of item id to value.",
                            "groups": "Groups must be an object of question to band."}


def test_clean_submission_keeps_every_item_and_question_blank_unless_answered(campaign):
    cleaned = services.clean_submission(campaign, "fr", {"wd1": "3", "wd2": None, "wd3": ""},
                                        {"team": "Zuid", "age_band": ""})
    assert cleaned.errors == {}
    assert cleaned.language == "fr"
    assert list(cleaned.answers) == campaign.item_ids()
    assert cleaned.answers["wd1"] == 3
    assert [v for k, v in cleaned.answers.items() if k != "wd1"] == [None] * (len(campaign.item_ids()) - 1)
    assert cleaned.groups == {"team": "Zuid", "age_band": None}
    nothing = services.clean_submission(campaign, "nl", None, None)
    assert nothing.errors == {} and nothing.groups == {"team": None, "age_band": None}
    assert set(nothing.answers.values()) == {None}


def test_a_refused_submission_carries_the_field_errors(campaign, codes, english):
    with pytest.raises(services.InvalidSubmission) as exc:
        services.submit(codes[0], "nl", {"nope": 1}, {})
    assert exc.value.message == "The answers contain errors."
    assert exc.value.errors == {"answers.nope": "Unknown item."}


def test_a_campaign_closed_while_answering_refuses_the_submission(campaign, codes, full_answers, monkeypatch,
                                                                   english):
    from werkbaar.scans.models import Campaign

    real_check = services.check_code

    def check_then_close(code):
        access = real_check(code)  # the code is fine; the campaign closes before the answers are stored
        Campaign.objects.filter(pk=campaign.pk).update(status="closed")
        return access

    monkeypatch.setattr(services, "check_code", check_then_close)
    with pytest.raises(services.CampaignNotOpen) as exc:
        services.submit(codes[0], "nl", full_answers, {})
    assert exc.value.message == "This questionnaire is closed. Thank you for your interest."
    assert not Response.objects.exists() and not UsedCode.objects.exists() and not DailyCount.objects.exists()


def test_the_daily_count_adds_every_response_of_the_day(campaign, codes, full_answers):
    from django.utils import timezone

    for code in codes[:3]:
        services.submit(code, "nl", full_answers, {})
    services.bump_daily_count(campaign, 4)
    rows = DailyCount.objects.filter(campaign=campaign)
    assert sum(rows.values_list("count", flat=True)) == 7
    assert set(rows.values_list("date", flat=True)) == {timezone.localdate()}
    assert services.daily_curve(campaign) == [(timezone.localdate(), 7, 7)]


def test_the_daily_curve_is_per_day_and_cumulative(campaign):
    import datetime

    day = datetime.date(2026, 3, 2)
    DailyCount.objects.create(campaign=campaign, date=day, shard=0, count=2)
    DailyCount.objects.create(campaign=campaign, date=day, shard=1, count=3)
    DailyCount.objects.create(campaign=campaign, date=day + datetime.timedelta(days=2), shard=0, count=4)
    assert services.daily_curve(campaign) == [(day, 5, 5), (day + datetime.timedelta(days=2), 4, 9)]


def test_a_draft_merges_each_page_and_keeps_what_is_not_sent(campaign, codes):
    access = services.find_code(codes[0])
    first = services.update_draft(access, answers={"wd1": 2}, groups={"team": "Noord"}, language="fr", page=1)
    assert (first.language, first.page) == ("fr", 1)
    draft = services.update_draft(access, answers={"wd2": 3})
    assert draft.answers == {"wd1": 2, "wd2": 3} and draft.groups == {"team": "Noord"}
    assert (draft.language, draft.page) == ("fr", 1)
    draft = services.update_draft(access, answers={"wd1": 4}, groups={"age_band": "35+"}, page=0)
    assert draft.answers == {"wd1": 4, "wd2": 3} and draft.groups == {"team": "Noord", "age_band": "35+"}
    assert draft.page == 0
    stored = Draft.objects.get()
    assert (stored.answers, stored.groups, stored.language, stored.page) == (
        {"wd1": 4, "wd2": 3}, {"team": "Noord", "age_band": "35+"}, "fr", 0)
    other = services.update_draft(services.find_code(codes[1]), default_language="en")
    assert (other.language, other.page, other.answers, other.groups) == ("en", 0, {}, {})


def test_a_draft_saved_after_the_code_was_used_is_dropped(campaign, codes, full_answers):
    access = services.find_code(codes[0])
    services.submit(codes[0], "nl", full_answers, {})
    services.update_draft(access, answers={"wd1": 2})  # a second tab saving late
    assert not Draft.objects.exists()
    services.update_draft(services.find_code(codes[1]), answers={"wd1": 2})
    assert Draft.objects.count() == 1


def test_a_draft_created_meanwhile_by_another_request_is_merged_not_lost(campaign, codes, monkeypatch):
    access = services.find_code(codes[0])
    services.update_draft(access, answers={"wd1": 2}, language="fr", page=2)  # the other request's save
    real = Draft.objects.select_for_update
    calls = []

    def misses_the_first_time():
        # this request looked before the other one's row was committed: it saw no draft
        calls.append(1)
        return real().none() if len(calls) == 1 else real()

    monkeypatch.setattr(Draft.objects, "select_for_update", misses_the_first_time)
    draft = services.update_draft(access, answers={"wd2": 3})
    assert len(calls) == 2  # the unique code hash refused the second row; the existing one was read again
    assert draft.answers == {"wd1": 2, "wd2": 3} and (draft.language, draft.page) == ("fr", 2)
    assert list(Draft.objects.values_list("answers", flat=True)) == [{"wd1": 2, "wd2": 3}]


# --- the storing path's retries and its race (issue 13, the full mutation run of scans/services.py) -----


def _locked_for(times, monkeypatch, error="database is locked"):
    """Make the campaign's lock fail ``times`` times (as SQLite does under a busy writer); record the sleeps."""
    from django.db import OperationalError

    real, calls, sleeps = services.lock_open_campaign, [], []

    def lock(campaign):
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError(error)
        return real(campaign)

    monkeypatch.setattr(services, "lock_open_campaign", lock)
    monkeypatch.setattr(services.time, "sleep", sleeps.append)
    return calls, sleeps


def test_a_locked_database_is_tried_again_with_a_growing_pause(campaign, codes, full_answers, monkeypatch):
    calls, sleeps = _locked_for(3, monkeypatch)
    response = services.submit(codes[0], "nl", full_answers, {})
    assert Response.objects.filter(pk=response.pk).exists() and len(calls) == 4
    # 10 ms x the attempt, plus up to 10 ms of jitter
    assert len(sleeps) == 3
    for attempt, pause in enumerate(sleeps, start=1):
        assert 0.01 * attempt <= pause < 0.01 * attempt + 0.01


def test_a_database_locked_on_every_attempt_gives_up_after_the_last_retry(campaign, codes, full_answers, monkeypatch):
    from django.db import OperationalError

    calls, sleeps = _locked_for(10**6, monkeypatch)
    with pytest.raises(OperationalError, match="locked"):
        services.submit(codes[0], "nl", full_answers, {})
    assert len(calls) == services.LOCK_RETRIES + 1 and len(sleeps) == services.LOCK_RETRIES
    assert not Response.objects.exists() and not UsedCode.objects.exists()


def test_another_database_error_is_not_retried(campaign, codes, full_answers, monkeypatch):
    from django.db import OperationalError

    calls, sleeps = _locked_for(1, monkeypatch, error="disk I/O error")
    with pytest.raises(OperationalError, match="disk I/O error"):
        services.submit(codes[0], "nl", full_answers, {})
    assert len(calls) == 1 and sleeps == []


def test_a_code_used_between_the_check_and_the_storing_is_refused_with_its_message(
        campaign, codes, full_answers, monkeypatch, english):
    unused = services.check_code(codes[0])  # two tabs: both checked the code before either stored
    services.submit(codes[0], "nl", full_answers, {})
    monkeypatch.setattr(services, "check_code", lambda code: unused)
    with pytest.raises(services.CodeAlreadyUsed) as exc:
        services.submit(codes[0], "nl", full_answers, {})
    assert exc.value.message == "This code has already been used. Thank you for taking part."
    assert Response.objects.count() == 1


def test_the_daily_count_adds_to_its_own_campaign_and_day_only(campaign_factory, campaign, monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(services.secrets, "randbelow", lambda n: 0)  # every bump lands on shard 0
    other = campaign_factory()
    today = timezone.localdate()
    DailyCount.objects.create(campaign=campaign, date=today - datetime.timedelta(days=1), shard=0, count=5)
    services.bump_daily_count(other, 2)
    services.bump_daily_count(campaign, 1)
    services.bump_daily_count(campaign, 3)
    assert DailyCount.objects.get(campaign=campaign, date=today).count == 4
    assert DailyCount.objects.get(campaign=campaign, date=today - datetime.timedelta(days=1)).count == 5
    assert DailyCount.objects.get(campaign=other).count == 2


# --- settled from the mutation run of scans/services.py (2026-11-30) -------------------------------------


def test_one_refused_item_or_band_does_not_stop_the_check_of_the_ones_after_it(campaign, english):
    # each refused or blank entry comes FIRST, so that stopping there would lose the answers after it
    a, b, c, d, e = campaign.item_ids()[:5]
    cleaned = services.clean_submission(
        campaign, "nl", {"nope": 1, a: 3, b: None, c: "4", d: "", e: 2}, {"shoe": "42", "team": "Zuid"},
    )
    assert cleaned.errors == {"answers.nope": "Unknown item.", "groups.shoe": "Unknown grouping question."}
    assert [cleaned.answers[item] for item in (a, b, c, d, e)] == [3, None, 4, None, 2]
    assert cleaned.groups == {"team": "Zuid", "age_band": None}
    blank_first = services.clean_submission(campaign, "nl", {}, {"team": "", "age_band": "35+"})
    assert blank_first.errors == {} and blank_first.groups == {"team": None, "age_band": "35+"}
    wrong_first = services.clean_submission(campaign, "nl", {}, {"team": "Mars", "age_band": "35+"})
    assert list(wrong_first.errors) == ["groups.team"] and wrong_first.groups == {"team": None, "age_band": "35+"}


def test_the_storing_lock_on_postgresql_is_a_shared_row_lock_and_sqlite_takes_none(campaign, monkeypatch):
    """The SQL of ``lock_open_campaign`` on each backend, read from a stand-in connection."""
    sent = []

    class Cursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql, params):
            sent.append((sql, params))

        def fetchone(self):
            return (campaign.status, campaign.opens_on, campaign.closes_on)

    class Connection:
        ops = services.connection.ops

        def __init__(self, vendor):
            self.vendor = vendor

        def cursor(self):
            return Cursor()

    table = services.connection.ops.quote_name("scans_campaign")
    for vendor, lock in (("postgresql", " FOR SHARE"), ("sqlite", "")):
        sent.clear()
        monkeypatch.setattr(services, "connection", Connection(vendor))
        services.lock_open_campaign(campaign)
        assert sent == [(f"SELECT status, opens_on, closes_on FROM {table} WHERE id = %s{lock}", [campaign.pk])]


@pytest.mark.skipif(services.connection.vendor != "postgresql", reason=(
    "the row lock is PostgreSQL's: SQLite serialises its writers; the SQL for both is checked above"))
def test_the_storing_lock_is_sent_to_postgresql_as_for_share(campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.lock_open_campaign(campaign)
    assert [q["sql"] for q in queries] == [
        f'SELECT status, opens_on, closes_on FROM "scans_campaign" WHERE id = {campaign.pk} FOR SHARE']


def test_the_storing_lock_reads_the_campaign_as_it_is_in_the_database(campaign):
    from werkbaar.scans.models import Campaign

    services.lock_open_campaign(campaign)  # open: nothing raised
    Campaign.objects.filter(pk=campaign.pk).update(status="closed")  # closed by someone else meanwhile
    with pytest.raises(services.CampaignNotOpen):
        services.lock_open_campaign(campaign)  # the object in hand still says "active"


def test_a_campaign_can_get_exactly_20000_codes_at_once(campaign):
    codes = services.generate_codes(campaign, 20_000)
    assert len(codes) == 20_000 and campaign.codes.count() == 20_000
    assert len({c.code for c in codes}) == 20_000 and {c.batch for c in codes} == {1}


def test_the_next_batch_number_follows_the_campaigns_own_last_batch(campaign_factory, campaign):
    other = campaign_factory()
    services.generate_codes(other, 7)  # rows (and ids) that are not this campaign's
    services.generate_codes(campaign, 2)
    services.generate_codes(other, 1)
    assert {c.batch for c in services.generate_codes(campaign, 3)} == {2}
    assert {c.batch for c in services.generate_codes(other, 1)} == {3}


def test_two_first_responses_of_the_day_at_once_both_count(campaign, monkeypatch):
    """The other transaction creates today's row between our update (0 rows) and our insert (a clash)."""
    from django.utils import timezone

    monkeypatch.setattr(services.secrets, "randbelow", lambda n: 0)
    DailyCount.objects.create(campaign=campaign, date=timezone.localdate(), shard=0, count=5)
    real_filter = DailyCount.objects.filter
    updates = []

    class ReadBeforeTheOtherCommitted:
        def __init__(self, rows):
            self.rows = rows

        def update(self, **values):
            updates.append(values)
            return 0 if len(updates) == 1 else self.rows.update(**values)

    monkeypatch.setattr(DailyCount.objects, "filter", lambda **kw: ReadBeforeTheOtherCommitted(real_filter(**kw)))
    services.bump_daily_count(campaign, 3)
    assert len(updates) == 2  # the first found no row, the second added to the other's row
    assert DailyCount.objects.get(campaign=campaign).count == 5 + 3


def test_one_stored_object_written_over_several_lines_is_read():
    frame = services._decode_objects(('{\n  "a": 1,\n  "b": "x"\n}',), {"a": pl.Int64, "b": pl.Utf8})
    assert frame.to_dicts() == [{"a": 1, "b": "x"}]
    two = services._decode_objects(('{"a": 1}', '{\n"a": 2}'), {"a": pl.Int64})
    assert two["a"].to_list() == [1, 2]


def test_the_export_reads_the_responses_once(campaign_factory, monkeypatch):
    campaign = campaign_factory(min_group_size=5)
    answers = {item_id: 3 for item_id in campaign.item_ids()}
    for code in services.generate_codes(campaign, 5):
        services.submit(code.code, "nl", answers, {"team": "Noord"})
    campaign.status = "closed"
    campaign.save()
    real, reads = services.responses_frame, []
    monkeypatch.setattr(services, "responses_frame", lambda c: reads.append(c) or real(c))
    export = services.export_rows(campaign)
    assert len(reads) == 1 and len(export.rows) == 5
    reads.clear()
    frame = real(campaign)
    assert services.export_plan(campaign, None, frame).kept == ("team", "age_band") and reads == []


def test_the_csv_text_has_bare_line_feeds_and_names_every_column_left_out(english):
    from werkbaar.scans.export_rule import ColumnPlan

    export = services.Export(header=["wd1", "team"], rows=[[2, "Noord"], ["", "Zuid"]],
                             plan=ColumnPlan(5, ("team",), ("age_band", "site"), ok=True), not_chosen=())
    assert services.csv_text(export) == (
        "# Every combination of the grouping columns in this file occurs at least 5 times. "
        "Left out to protect anonymity: age_band, site.\n"
        "wd1,team\n2,Noord\n,Zuid\n"
    )


def test_a_refusal_reads_as_its_message():
    error = services.InvalidSubmission("The answers contain errors.", {"answers.x": "Unknown item."})
    assert str(error) == "The answers contain errors." and error.args == ("The answers contain errors.",)
