"""The attendance warning rule and the target size, as pure functions."""

import pytest

from werkbaar.networks.rules import attendance_rate, summarise_attendance, target_size_problem


@pytest.mark.parametrize(
    ("marks", "level", "missed"),
    [
        ([], "ok", 0),
        ([True], "ok", 0),
        ([False], "notice", 1),  # one miss, the last one: a notice only
        ([False, True], "ok", 1),
        ([True, False], "notice", 1),
        ([False, False], "warning", 2),  # two missed sessions
        ([True, False, True, False], "warning", 2),
        ([True, True, False], "warning", 1),  # 3 held, 67% < 75%: the rate rule warns
        ([True, True, True, False], "notice", 1),  # 75%: not below the threshold
    ],
)
def test_summary_levels(marks, level, missed):
    summary = summarise_attendance(marks)
    assert summary.missed == missed
    assert summary.level == level


def test_rate_rule_needs_three_held_sessions():
    assert summarise_attendance([True, False]).warning is False  # 50% after 2 sessions: notice only
    assert summarise_attendance([True, False, True]).warning is True  # 67% after 3 sessions
    assert summarise_attendance([True, True, True, True, False, True, True, True]).warning is False  # 87.5%


def test_attendance_rate_and_target_size():
    assert attendance_rate(3, 4) == 0.75
    assert attendance_rate(0, 0) is None
    assert target_size_problem(7, 8, 10) == "below"
    assert target_size_problem(8, 8, 10) == ""
    assert target_size_problem(11, 8, 10) == "above"
