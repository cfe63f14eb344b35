"""The pure rules of the review beside the content and of the follow-up between reports."""

from datetime import date

import pytest
from django.utils import translation

from werkbaar.reporting.followup_rules import (
    MAX_PARTICIPANTS,
    interim_on_todo,
    interim_to_do,
    outlook_problem,
    parse_participants,
    remark_visible_to_sector,
    upcoming,
)


@pytest.mark.parametrize("version, latest, status, visible", [
    (1, 1, "under_review", False),   # the reviewer is still reading version 1
    (1, 1, "submitted", False),
    (2, 2, "resubmitted", False),
    (1, 1, "returned", True),        # back with the sector
    (1, 1, "approved", True),
    (1, 2, "under_review", True),    # a remark on an older version, seen when that one was returned
    (None, 1, "under_review", True),  # a remark without a version (made before versions existed)
    (1, None, "draft", True),
])
def test_a_remark_on_the_version_under_review_waits_for_the_return(version, latest, status, visible):
    assert remark_visible_to_sector(version, latest, status) is visible


def test_at_risk_and_off_track_need_a_sentence():
    with translation.override("en"):
        assert outlook_problem("on_track", "") == ""
        assert outlook_problem("at_risk", "too late") == "Explain in a sentence why this priority is at risk."
        assert outlook_problem("off_track", "") == "Explain in a sentence why this priority is off track."
    assert outlook_problem("at_risk", "no learning network started") == ""
    assert outlook_problem("off_track", "  three   short words ") == ""


def test_participants_one_per_line_without_blanks_or_duplicates():
    assert parse_participants(" An Peeters \n\nJan  Janssens\nAn Peeters\r\n") == ["An Peeters", "Jan Janssens"]
    assert parse_participants("") == []


def test_participants_are_limited_with_a_message():
    with translation.override("en"), pytest.raises(ValueError) as exc:
        parse_participants("\n".join(f"Person {n}" for n in range(MAX_PARTICIPANTS + 1)))
    assert str(exc.value) == f"A meeting has at most {MAX_PARTICIPANTS} participants; this list has 61."
    assert len(parse_participants("\n".join(f"Person {n}" for n in range(MAX_PARTICIPANTS)))) == MAX_PARTICIPANTS
    with translation.override("nl"), pytest.raises(ValueError) as exc:
        parse_participants("x" * 201)
    assert "200" in str(exc.value) and "deelnemer" in str(exc.value)
    assert parse_participants("x" * 200) == ["x" * 200]


def test_upcoming_is_from_today_up_to_thirty_days_ahead():
    today = date(2026, 3, 1)
    dates = [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1), date(2026, 3, 10)]
    assert upcoming(dates, today) == [date(2026, 3, 1), date(2026, 3, 10), date(2026, 3, 31)]
    assert upcoming(dates, today, days=0) == [date(2026, 3, 1)]


@pytest.mark.parametrize("kind, status, interim, due", [
    ("progress", "submitted", None, True),
    ("progress", "approved", "draft", True),
    ("progress", "under_review", "shared", False),
    ("progress", "approved", "read", False),
    ("progress", "draft", None, False),   # not handed in yet
    ("final", "approved", None, False),    # the final report has its own evaluation
])
def test_interim_evaluation_to_do(kind, status, interim, due):
    assert interim_to_do(kind, status, interim) is due


def test_an_interim_evaluation_is_on_the_to_do_list_only_while_the_term_runs():
    end = date(2022, 12, 31)
    assert interim_on_todo("progress", "approved", None, end, date(2022, 12, 31)) is True
    assert interim_on_todo("progress", "approved", None, end, date(2023, 1, 1)) is False
    assert interim_on_todo("progress", "draft", None, end, date(2022, 6, 1)) is False
