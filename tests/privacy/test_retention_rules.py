"""The retention rules, one per data class, on plain dates (no database)."""

import datetime

import time_machine
from django.utils import timezone

from werkbaar.privacy import retention

D = datetime.date


def test_add_years_keeps_the_day_and_moves_29_february():
    assert retention.add_years(D(2022, 6, 30), 3) == D(2025, 6, 30)
    assert retention.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert retention.add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)


def test_responses_due_on_the_anniversary_of_the_close():
    closed = D(2022, 6, 30)
    assert not retention.responses_due(closed, D(2025, 6, 29), 3)
    assert retention.responses_due(closed, D(2025, 6, 30), 3)
    assert retention.responses_due(closed, D(2030, 1, 1), 3)
    assert not retention.responses_due(None, D(2030, 1, 1), 3)  # never closed: nothing due


def test_responses_due_with_the_clock_of_the_day():
    with time_machine.travel(datetime.datetime(2025, 6, 29, 23, 30, tzinfo=datetime.UTC), tick=False):
        # 23:30 UTC is already 30 June in Brussels: the local date decides
        assert timezone.localdate() == D(2025, 6, 30)
        assert retention.responses_due(D(2022, 6, 30), timezone.localdate(), 3)
    with time_machine.travel(datetime.datetime(2025, 6, 29, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert not retention.responses_due(D(2022, 6, 30), timezone.localdate(), 3)


def test_drafts_due_as_soon_as_the_campaign_is_closed():
    today = D(2026, 3, 10)
    assert retention.drafts_due(True, D(2026, 4, 1), today)  # closed early
    assert retention.drafts_due(False, D(2026, 3, 9), today)  # past its closing date, nightly close not run
    assert not retention.drafts_due(False, D(2026, 3, 10), today)  # the last day is still open


def test_used_codes_due_only_after_the_close():
    assert retention.used_codes_due(True)
    assert not retention.used_codes_due(False)


def test_evidence_due_after_the_archive_period_and_only_once():
    end = D(2022, 12, 31)
    assert retention.evidence_archive_ends(end, 7) == D(2029, 12, 31)
    assert not retention.evidence_due(end, None, D(2029, 12, 30), 7)
    assert retention.evidence_due(end, None, D(2029, 12, 31), 7)
    assert not retention.evidence_due(end, D(2030, 1, 2), D(2031, 1, 1), 7)  # purged already


def test_organisation_retention_ends_after_the_latest_activity():
    activity = [D(2021, 3, 1), None, D(2023, 5, 4), D(2022, 1, 1)]
    assert retention.organisation_retention_ends(activity, 3) == D(2026, 5, 4)
    assert not retention.organisation_erasable(activity, D(2026, 5, 3), 3)
    assert retention.organisation_erasable(activity, D(2026, 5, 4), 3)
    assert retention.organisation_retention_ends([], 3) is None
    assert retention.organisation_erasable([None], D(2000, 1, 1), 3)
