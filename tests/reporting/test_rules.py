"""Pure rules: due dates, late flags, reminder windows, attainment, comparison by unit, reach, diffs."""

from datetime import date
from decimal import Decimal

import pytest

from werkbaar.reporting import rules


def test_due_dates_of_a_calendar_term():
    assert rules.due_dates(date(2016, 1, 1), date(2017, 12, 31)) == {
        "progress": date(2017, 1, 31), "final": date(2018, 1, 31)}


def test_due_dates_of_a_term_not_starting_on_1_january():
    # second calendar year of the term = 2022; final report 31 January after the end (2023 → 2024)
    assert rules.due_dates(date(2021, 7, 1), date(2023, 6, 30)) == {
        "progress": date(2022, 1, 31), "final": date(2024, 1, 31)}


def test_term_starting_late_in_the_year():
    assert rules.due_dates(date(2021, 12, 15), date(2023, 12, 14))["progress"] == date(2022, 1, 31)


def test_term_within_one_calendar_year_has_only_a_final_report():
    assert rules.due_dates(date(2021, 3, 1), date(2021, 12, 31)) == {"final": date(2022, 1, 31)}


def test_term_ending_before_31_january_of_its_second_year_has_no_progress_report():
    assert rules.due_dates(date(2021, 3, 1), date(2022, 1, 15)) == {"final": date(2023, 1, 31)}


def test_end_before_start_is_refused():
    with pytest.raises(ValueError):
        rules.due_dates(date(2022, 1, 1), date(2021, 1, 1))


@pytest.mark.parametrize(("today", "submitted", "expected"), [
    (date(2022, 1, 31), False, ""),
    (date(2022, 2, 1), False, "late"),
    (date(2022, 2, 14), False, "late"),
    (date(2022, 2, 15), False, "very_late"),
    (date(2022, 3, 1), True, ""),
])
def test_lateness(today, submitted, expected):
    assert rules.lateness(date(2022, 1, 31), today, submitted) == expected


@pytest.mark.parametrize(("days_before", "kind"), [
    (31, None), (30, "d30"), (8, "d30"), (7, "d7"), (2, "d7"), (1, "d1"), (0, "d1"), (-1, "overdue"),
])
def test_reminder_windows(days_before, kind):
    due = date(2022, 1, 31)
    assert rules.reminder_due(due, date.fromordinal(due.toordinal() - days_before)) == kind


def test_attained_by_direction():
    assert rules.attained(110, 100, "increase") is True
    assert rules.attained(90, 100, "increase") is False
    assert rules.attained(90, 100, "decrease") is True
    assert rules.attained(50, 100, "maintain", baseline=50) is True
    assert rules.attained(None, 100, "increase") is None


def test_compare_by_unit_sums_like_with_like_and_never_sums_other():
    rows = [
        ("VIVO", "P6", "participants", "year", "source:x", Decimal("400"), Decimal("400")),
        ("Vorm DC", "P2", "participants", "year", "source:x", Decimal("120"), Decimal("100")),
        ("VIVO", "P5", "visitors", "term", "indicator:5", Decimal("16000"), Decimal("16000")),
        ("VIVO", "P9", "other", "term", "indicator:9", Decimal("3"), Decimal("1")),
        ("Vorm DC", "P3", "other", "term", "indicator:3", Decimal("7"), Decimal("2")),
    ]
    out = {(g.unit, g.measure): g for g in rules.compare_by_unit(rows)}
    participants = out[("participants", "source:x")]
    assert participants.total_value == Decimal("520") and participants.total_target == Decimal("500")
    assert [(i.sector, i.value, i.target) for i in participants.items] == [
        ("VIVO", Decimal("400"), Decimal("400")), ("Vorm DC", Decimal("120"), Decimal("100"))]
    assert out[("visitors", "indicator:5")].total_value == Decimal("16000")
    for key in (("other", "indicator:9"), ("other", "indicator:3")):
        assert out[key].comparable is False and out[key].total_value is None and out[key].total_target is None


def test_compare_by_unit_keeps_per_year_and_per_term_targets_apart():
    # by hand: a per-year target of 300 and a per-term target of 40000 are different figures
    rows = [("VIVO", "P3", "learning_workplaces", "year", "source:w", Decimal("310"), Decimal("300")),
            ("Vorm DC", "P4", "learning_workplaces", "term", "source:w", Decimal("500"), Decimal("600"))]
    groups = rules.compare_by_unit(rows)
    assert [(g.period, g.total_value, g.total_target) for g in groups] == [
        ("term", Decimal("500"), Decimal("600")), ("year", Decimal("310"), Decimal("300"))]


def test_compare_by_unit_a_missing_value_stays_missing_and_its_target_is_counted_apart():
    # VIVO P5 (website A: 17,260 of 16,000) and P8 (website B, never evaluated, target 12,000):
    # today's code showed "17,260 / 28,000". Different websites are different measures.
    rows = [("VIVO", "P5", "visitors", "term", "indicator:5", Decimal("17260"), Decimal("16000")),
            ("VIVO", "P8", "visitors", "term", "indicator:8", None, Decimal("12000"))]
    groups = {g.measure: g for g in rules.compare_by_unit(rows)}
    assert (groups["indicator:5"].total_value, groups["indicator:5"].total_target) == (Decimal("17260"),
                                                                                      Decimal("16000"))
    p8 = groups["indicator:8"]
    assert p8.items[0].value is None
    assert (p8.total_value, p8.total_target, p8.missing, p8.missing_target) == (None, None, 1, Decimal("12000"))
    # the same measure in two sectors, one not measured yet: sums over the measured one only
    rows = [("A", "P1", "employers_reached", "term", "source:n", Decimal("25"), Decimal("30")),
            ("B", "P4", "employers_reached", "term", "source:n", None, Decimal("20"))]
    (group,) = rules.compare_by_unit(rows)
    assert (group.total_value, group.total_target, group.missing, group.missing_target) == (
        Decimal("25"), Decimal("30"), 1, Decimal("20"))


def test_reach_does_not_count_a_subcommittee_twice():
    parents = {"330": None, "330.01.10": "330", "322.01": None}
    assert rules.reach_total({"330": 1000, "330.01.10": 200, "322.01": 50}, parents) == 1050
    assert rules.reach_total({"330.01.10": 200}, parents) == 200


def _snap(value, extra=None):
    fields = [{"key": "narrative", "label": "What was done", "value": value}]
    if extra:
        fields.append({"key": "reach", "label": "Reach", "value": extra})
    return {"sections": [{"key": "action-1", "title": "Action 1.1", "fields": fields}]}


def test_diff_lists_changed_added_and_removed_fields():
    assert rules.diff_snapshots(_snap("a"), _snap("a")) == []
    changed = rules.diff_snapshots(_snap("a"), _snap("b", "12"))
    assert [{k: v for k, v in c.items() if k != "words"} for c in changed] == [
        {"section": "Action 1.1", "field": "What was done", "before": "a", "after": "b", "change": "changed"},
        {"section": "Action 1.1", "field": "Reach", "before": "", "after": "12", "change": "added"},
    ]
    assert rules.diff_snapshots(_snap("b", "12"), _snap("b"))[0]["change"] == "removed"


def test_word_diff_shows_what_changed_inside_a_text():
    assert rules.word_diff("two info sessions held", "three info sessions held in May") == [
        ("delete", "two"), ("insert", "three"), ("equal", "info sessions held"), ("insert", "in May")]
