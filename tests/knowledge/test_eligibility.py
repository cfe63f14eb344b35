"""The measures finder's pure rules (knowledge/eligibility.py), each case worked out by hand."""

from datetime import date
from decimal import Decimal

from werkbaar.fund.assessment import CallTerms
from werkbaar.knowledge.eligibility import (
    Answers,
    MeasureTerms,
    answer_errors,
    call_fits,
    call_is_open,
    calls_apply_to,
    eligible_measures,
    match,
)

TODAY = date(2026, 11, 30)
VORMDC, CONSTRUCTIV = 2, 3


def test_empty_tags_are_for_everyone():
    # no audience, sector, size, theme or region named: a worker with no sector is eligible, and
    # every reason says "everyone"
    result = match(MeasureTerms(), Answers("worker"), TODAY)
    assert result.eligible
    assert result.reasons == ("audience_all", "sector_all", "theme_all", "region_all", "no_deadline")
    assert result.specificity == 0


def test_audience_must_be_named():
    measure = MeasureTerms(audiences=("employer", "self_employed"))
    assert match(measure, Answers("self_employed"), TODAY).reasons[0] == "audience"
    assert match(measure, Answers("worker"), TODAY).misses == ("audience",)


def test_sector_measure_only_for_that_sector_and_not_for_the_unsure():
    measure = MeasureTerms(sector_ids=(VORMDC,))
    assert "sector" in match(measure, Answers("worker", sector_id=VORMDC), TODAY).reasons
    assert match(measure, Answers("worker", sector_id=CONSTRUCTIV), TODAY).misses == ("sector",)
    # "other or not sure": a sector measure cannot be promised
    assert match(measure, Answers("worker", sector_id=None), TODAY).misses == ("sector",)
    # a measure for every sector fits the unsure visitor
    assert match(MeasureTerms(), Answers("worker", sector_id=None), TODAY).eligible


def test_size_is_checked_for_employers_only():
    measure = MeasureTerms(sizes=("1-9", "10-49"))
    assert "size" in match(measure, Answers("employer", size="10-49"), TODAY).reasons
    assert match(measure, Answers("employer", size="250+"), TODAY).misses == ("size",)
    # a worker is never refused for the company size, and no size reason is given
    worker = match(measure, Answers("worker"), TODAY)
    assert worker.eligible and not any(r.startswith("size") for r in worker.reasons)
    assert "size_all" in match(MeasureTerms(), Answers("employer", size="250+"), TODAY).reasons


def test_theme_asked_must_be_a_theme_of_the_measure():
    measure = MeasureTerms(themes=("physical", "reintegration"))
    assert "theme" in match(measure, Answers("worker", theme="reintegration"), TODAY).reasons
    assert match(measure, Answers("worker", theme="training"), TODAY).misses == ("theme",)
    # "anything that helps": no theme reason and no miss
    anything = match(measure, Answers("worker", theme=None), TODAY)
    assert anything.eligible and not any(r.startswith("theme") for r in anything.reasons)


def test_region_belgium_covers_every_region():
    assert match(MeasureTerms(regions=("belgium",)), Answers("worker", region="wallonia"), TODAY).eligible
    assert match(MeasureTerms(regions=("flanders",)), Answers("worker", region="brussels"), TODAY).misses == ("region",)
    assert match(MeasureTerms(regions=("flanders",)), Answers("worker", region=None), TODAY).eligible


def test_a_past_deadline_excludes_today_does_not():
    assert match(MeasureTerms(deadline=date(2026, 11, 29)), Answers("worker"), TODAY).misses == ("deadline_passed",)
    assert "deadline" in match(MeasureTerms(deadline=TODAY), Answers("worker"), TODAY).reasons


def test_every_miss_is_listed():
    measure = MeasureTerms(audiences=("employer",), sector_ids=(VORMDC,), themes=("training",),
                           regions=("flanders",), deadline=date(2026, 1, 1))
    answers = Answers("worker", sector_id=CONSTRUCTIV, theme="physical", region="wallonia")
    assert match(measure, answers, TODAY).misses == ("audience", "sector", "theme", "region", "deadline_passed")


def test_eligible_measures_most_specific_first_then_nearest_deadline():
    answers = Answers("employer", sector_id=VORMDC, size="10-49", theme="training")
    pairs = [
        ("general", MeasureTerms()),                                                  # specificity 0
        ("sector-late", MeasureTerms(sector_ids=(VORMDC,), deadline=date(2027, 6, 1))),   # 1
        ("sector-soon", MeasureTerms(sector_ids=(VORMDC,), deadline=date(2026, 12, 15))),  # 1
        ("precise", MeasureTerms(audiences=("employer",), sector_ids=(VORMDC,), themes=("training",))),  # 3
        ("closed", MeasureTerms(deadline=date(2026, 11, 1))),                          # excluded
        ("too-big", MeasureTerms(sizes=("250+",))),                                     # excluded
    ]
    assert [key for key, _m in eligible_measures(pairs, answers, TODAY)] == [
        "precise", "sector-soon", "sector-late", "general"]


def test_among_equally_specific_measures_one_without_a_deadline_comes_last():
    answers = Answers("worker")
    pairs = [("open-ended", MeasureTerms()), ("dated", MeasureTerms(deadline=date(2030, 1, 1)))]
    assert [key for key, _m in eligible_measures(pairs, answers, TODAY)] == ["dated", "open-ended"]


def test_answers_that_do_not_go_together():
    assert answer_errors(Answers("employer", size=None)) == ("size_required",)
    assert answer_errors(Answers("worker", size="1-9")) == ("size_not_employer",)
    assert answer_errors(Answers("sector", size="1-9")) == ("size_not_employer",)
    assert answer_errors(Answers("employer", size="1-9")) == ()
    assert answer_errors(Answers("self_employed")) == ()


def _call(opens, closes, budget="1000", committed="0"):
    return CallTerms(opens=opens, closes=closes, budget_eur=Decimal(budget), committed_eur=Decimal(committed),
                     rate=Decimal("0.5"), ceiling_eur=Decimal("100"), eligible_categories=("scan",))


def test_fund_call_open_in_its_period_with_budget_left():
    assert call_is_open(_call(date(2026, 11, 30), date(2026, 11, 30)), TODAY)  # both ends count
    assert not call_is_open(_call(date(2026, 12, 1), date(2027, 1, 1)), TODAY)  # not yet open
    assert not call_is_open(_call(date(2026, 1, 1), date(2026, 11, 29)), TODAY)  # closed yesterday
    assert not call_is_open(_call(date(2026, 1, 1), date(2027, 1, 1), committed="1000"), TODAY)  # budget used
    assert call_is_open(_call(date(2026, 1, 1), date(2027, 1, 1), committed="999.99"), TODAY)


def test_fund_calls_for_employers_and_sectors_in_their_sector():
    assert calls_apply_to(Answers("employer", size="1-9")) and calls_apply_to(Answers("sector"))
    assert not calls_apply_to(Answers("worker")) and not calls_apply_to(Answers("self_employed"))
    assert call_fits(None, Answers("employer", sector_id=None, size="1-9"))
    assert call_fits(VORMDC, Answers("sector", sector_id=VORMDC))
    assert not call_fits(VORMDC, Answers("sector", sector_id=CONSTRUCTIV))
    assert not call_fits(VORMDC, Answers("employer", sector_id=None, size="1-9"))
