"""Closing a campaign leaves nothing in the database that links a response to a code or a moment.

The attacks, with direct database access: on PostgreSQL a response and its used-code row carry the
same ``xmin`` (one transaction); on SQLite the response table's rowid and the used codes' counter
follow the submission order. Each test checks the link exists while the campaign is open (so the
check can see it) and is gone after the close, by every path that closes a campaign.
"""

import datetime
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from werkbaar.core.roles import Role
from werkbaar.scans import closing, services
from werkbaar.scans.models import Campaign, Draft, Response, UsedCode, code_hash

N = 50


def _answers(campaign, index):
    """A complete answer set that encodes ``index`` (0..63) in wd1, wd2 and wd3."""
    answers = {item_id: 2 for item_id in campaign.item_ids()}
    answers.update({"wd1": index % 4 + 1, "wd2": index // 4 % 4 + 1, "wd3": index // 16 % 4 + 1})
    return answers


def _index(answers):
    return (answers["wd1"] - 1) + 4 * (answers["wd2"] - 1) + 16 * (answers["wd3"] - 1)


def _submit_in_order(campaign, n=N):
    codes = [c.code for c in services.generate_codes(campaign, n + 2)]
    for index, code in enumerate(codes[:n]):
        services.submit(code, "nl", _answers(campaign, index), {"team": "Noord"})
    return codes


def kendall_tau(order):
    """Rank correlation of a sequence with 0..n-1: 1 = same order, about 0 = unrelated."""
    n = len(order)
    concordant = sum(1 for i in range(n) for j in range(i + 1, n) if order[i] < order[j])
    pairs = n * (n - 1) // 2
    return (2 * concordant - pairs) / pairs


def _physical_order(campaign):
    """Submission indexes in the order the database stores the rows (SQLite rowid)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM scans_response WHERE campaign_id = %s ORDER BY rowid", [campaign.pk])
        return [_index(json.loads(row[0])) for row in cursor.fetchall()]


def _xmins(table, campaign):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE campaign_id = %s", [campaign.pk])
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def admin_user(make_user, campaign):
    return make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)


def test_close_early_deletes_used_codes_and_rewrites_responses(client, admin_user, campaign, campaign_factory):
    other = campaign_factory()
    other_code = services.generate_codes(other, 1)[0].code
    services.submit(other_code, "nl", _answers(other, 0), {})
    codes = _submit_in_order(campaign)
    Draft.objects.create(campaign=campaign, code_hash=code_hash(codes[N]), date=timezone.localdate(),
                         language="nl", answers={"wd1": 1}, groups={})
    before_ids = set(Response.objects.filter(campaign=campaign).values_list("id", flat=True))
    before_content = sorted(_index(a) for a in Response.objects.filter(campaign=campaign).values_list("answers", flat=True))
    if connection.vendor == "sqlite":
        assert _physical_order(campaign) == list(range(N))  # the link this test must see removed
    else:
        used_xmins = set(_xmins("scans_usedcode", campaign))
        assert set(_xmins("scans_response", campaign)) == used_xmins  # one transaction per submission
        code_xmins = set(_xmins("scans_accesscode", campaign))

    client.force_login(admin_user)
    r = client.post(f"/scans/{campaign.pk}/close/", {"confirmed": "1"})
    assert r.status_code == 302

    campaign.refresh_from_db()
    assert campaign.status == "closed" and campaign.closed_on == timezone.localdate()
    assert not UsedCode.objects.filter(campaign=campaign).exists()
    assert not Draft.objects.filter(campaign=campaign).exists()
    assert UsedCode.objects.filter(campaign=other).count() == 1  # other campaigns untouched
    after = Response.objects.filter(campaign=campaign)
    assert sorted(_index(a) for a in after.values_list("answers", flat=True)) == before_content == list(range(N))
    assert before_ids.isdisjoint(after.values_list("id", flat=True))  # new rows, new random ids
    if connection.vendor == "sqlite":
        assert abs(kendall_tau(_physical_order(campaign))) < 0.5  # |tau| >= 0.5 by chance: p < 1e-6
    else:
        assert set(_xmins("scans_response", campaign)).isdisjoint(used_xmins | code_xmins)
        assert len(set(_xmins("scans_response", campaign))) == 1  # all written by the closing transaction


def test_codes_of_a_closed_campaign_still_answer_410(client, admin_user, campaign, full_answers):
    codes = _submit_in_order(campaign, n=3)
    closing.close_campaign(campaign, admin_user)
    assert not UsedCode.objects.filter(campaign=campaign).exists()
    for code in (codes[0], codes[4]):  # a used one and an unused one
        assert client.get(f"/s/{code}/").status_code == 410
        r = client.post(f"/api/v1/scan/{code}/submit", data=json.dumps({"language": "nl", "answers": full_answers}),
                        content_type="application/json")
        assert r.status_code == 410 and r.json()["status"] == "not_open"
    assert Response.objects.filter(campaign=campaign).count() == 3


def test_used_code_keys_carry_no_submission_order(campaign):
    codes = _submit_in_order(campaign)
    position = {code_hash(code): index for index, code in enumerate(codes[:N])}
    by_key = [position[h] for h in UsedCode.objects.filter(campaign=campaign).order_by("id")
              .values_list("code_hash", flat=True)]
    assert abs(kendall_tau(by_key)) < 0.5
    if connection.vendor == "sqlite":  # the key is the rowid: the table order is the random key order
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, id FROM scans_usedcode")
            assert all(rowid == key for rowid, key in cursor.fetchall())


def test_scheduled_close_by_the_command_and_by_the_page(client, admin_user, campaign, campaign_factory):
    _submit_in_order(campaign, n=6)
    second = campaign_factory(organisation=campaign.organisation)
    services.submit(services.generate_codes(second, 1)[0].code, "nl", _answers(second, 1), {})
    not_due = campaign_factory()
    services.submit(services.generate_codes(not_due, 1)[0].code, "nl", _answers(not_due, 1), {})
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Campaign.objects.filter(pk__in=[campaign.pk, second.pk]).update(
        opens_on=yesterday - datetime.timedelta(days=5), closes_on=yesterday)

    call_command("campaigns", "--close-due")
    campaign.refresh_from_db()
    assert campaign.status == "closed" and campaign.closed_on is None  # closed on its date, not early
    assert not UsedCode.objects.filter(campaign__in=[campaign, second]).exists()
    assert UsedCode.objects.filter(campaign=not_due).count() == 1
    assert Campaign.objects.get(pk=not_due.pk).status == "active"

    third = campaign_factory(organisation=campaign.organisation)
    services.submit(services.generate_codes(third, 1)[0].code, "nl", _answers(third, 2), {})
    Campaign.objects.filter(pk=third.pk).update(opens_on=yesterday - datetime.timedelta(days=5), closes_on=yesterday)
    client.force_login(admin_user)
    page = client.get(f"/scans/{third.pk}/").content.decode()  # before the nightly job ran
    assert "0 used" not in page and "0 gebruikt" not in page  # a closed campaign no longer knows
    assert Campaign.objects.get(pk=third.pk).status == "closed"
    assert not UsedCode.objects.filter(campaign=third).exists()


def test_a_submission_that_checked_before_the_close_is_refused_after_it(admin_user, campaign, full_answers):
    codes = _submit_in_order(campaign, n=1)
    stale = services.check_code(codes[1])  # the campaign was open when the code was checked
    closing.close_campaign(campaign, admin_user)
    with mock.patch.object(services, "check_code", return_value=stale):
        with pytest.raises(services.CampaignNotOpen):
            services.submit(codes[1], "nl", full_answers, {})
    assert not UsedCode.objects.exists()
    assert Response.objects.filter(campaign=campaign).count() == 1


@pytest.mark.django_db(transaction=True)
def test_vacuum_runs_after_the_commit(campaign, make_user):
    admin = make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)
    _submit_in_order(campaign, n=6)
    calls = []
    real = closing.vacuum

    def spy():
        calls.append(connection.in_atomic_block)
        result = real()
        calls.append(result)
        return result

    with mock.patch.object(closing, "vacuum", spy):
        closing.close_campaign(campaign, admin)
    assert calls == [False, True]  # outside any transaction, and it ran
    assert not UsedCode.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_close_holds_when_the_vacuum_cannot_run(campaign, make_user, caplog):
    admin = make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)
    _submit_in_order(campaign, n=6)
    from django.db.backends.utils import CursorWrapper

    real_execute = CursorWrapper.execute

    def execute(self, sql, params=None):
        if sql.lstrip().upper().startswith("VACUUM"):
            raise OperationalError("cannot VACUUM - SQL statements in progress")
        return real_execute(self, sql, params)

    with mock.patch.object(CursorWrapper, "execute", execute):
        closing.close_campaign(campaign, admin)
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assert not UsedCode.objects.exists() and Response.objects.count() == 6
    assert "vacuum" in caplog.text.lower()


def test_vacuum_inside_a_transaction_is_skipped_not_an_error(db):
    with transaction.atomic():
        assert closing.vacuum() is False
