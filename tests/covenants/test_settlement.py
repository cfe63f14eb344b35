"""The settlement rules of issue 2, with the seed's own numbers and the edge cases."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from werkbaar.covenants.settlement import (
    AbsencePeriod,
    ConsultantLine,
    ConsultantPeriod,
    CovenantTerms,
    IndicatorResult,
    SettlementError,
    days_inclusive,
    fte_days_str,
    money_str,
    settle,
    whole_years,
)

VIVO_CODES = tuple(f"P{i}" for i in range(1, 9))


def vivo(consultants=None, results=(), **kw):
    if consultants is None:
        consultants = tuple(ConsultantPeriod(f"C{i}", D("1")) for i in range(7))
    base = dict(
        start=date(2016, 1, 1), end=date(2017, 12, 31), funded_fte=D("7"), result_share=D("0.10"),
        max_grant_eur=D("686000"), consultants=tuple(consultants), priority_codes=VIVO_CODES, results=tuple(results),
    )
    base.update(kw)
    return CovenantTerms(**base)


def met(n, total=8):
    return [IndicatorResult(f"P{i}", i <= n) for i in range(1, total + 1)]


def test_vivo_full_deployment_six_of_eight_met():
    s = settle(vivo(results=met(6)))
    out = s.as_json()
    assert out == {
        "max_grant_eur": "686000.00",
        "term_days": 731,
        "day_rate_eur": "134.06",
        "shortfall_fte_days": "0.0000",
        "deduction_eur": "0.00",
        "result_share_eur": "68600.00",
        "priorities_total": 8,
        "priorities_met": 6,
        "priorities_pending": [],
        "result_share_paid_eur": "51450.00",
        "payable_eur": "668850.00",
    }
    assert list(out) == list(s.JSON_KEYS)


def test_day_rate_is_exact_until_output():
    s = settle(vivo())
    assert s.day_rate_eur == D("686000") / (D("7") * 731)
    # worked by hand: 686000 / 5117 = 134.06292749...
    assert D("134.0629274") < s.day_rate_eur < D("134.0629275")
    assert money_str(s.day_rate_eur) == "134.06"


def test_pending_priorities_count_as_not_met():
    results = [IndicatorResult("P1", True), IndicatorResult("P2", False)]
    s = settle(vivo(results=results))
    assert s.priorities_met == 1
    assert s.priorities_pending == ("P3", "P4", "P5", "P6", "P7", "P8")
    assert s.as_json()["result_share_paid_eur"] == "8575.00"


def test_unreplaced_absence_is_deducted_replaced_is_not():
    absent = AbsencePeriod(date(2016, 3, 1), date(2016, 3, 31), "career_break", replaced=False)
    covered = AbsencePeriod(date(2016, 5, 1), date(2016, 5, 31), "sickness", replaced=True)
    consultants = [ConsultantPeriod("A", D("1"), absences=(absent, covered))] + [
        ConsultantPeriod(f"C{i}", D("1")) for i in range(6)
    ]
    s = settle(vivo(consultants, results=met(8)))
    assert s.shortfall_fte_days == 31
    assert s.lines[0].absence_days_unreplaced == 31
    assert s.lines[0].absence_days_replaced == 31
    assert s.lines[0].fte_days_deployed == 731 - 31
    # worked by hand: 686000 x 31 / 5117 = 4155.95075...; 686000 - 4155.95075... = 681844.04924...
    assert s.as_json()["deduction_eur"] == "4155.95"
    assert s.as_json()["payable_eur"] == "681844.05"


def test_leap_year_counts_29_february():
    terms = vivo(start=date(2016, 1, 1), end=date(2016, 12, 31), max_grant_eur=None,
                 rate_per_fte_year_eur=D("49000"), consultants=())
    s = settle(terms)
    assert s.term_days == 366
    assert s.max_grant_eur == D("343000")
    # Absence on 29 February only
    one_day = AbsencePeriod(date(2016, 2, 29), date(2016, 2, 29))
    cons = [ConsultantPeriod("A", D("1"), absences=(one_day,))] + [ConsultantPeriod(f"C{i}", D("1")) for i in range(6)]
    s = settle(vivo(cons))
    assert s.shortfall_fte_days == 1


def test_rate_times_whole_years():
    s = settle(vivo(max_grant_eur=None, rate_per_fte_year_eur=D("49000")))
    assert s.max_grant_eur == D("686000")
    assert whole_years(date(2021, 1, 1), date(2022, 12, 31)) == 2
    assert whole_years(date(2021, 7, 1), date(2023, 6, 30)) == 2
    assert whole_years(date(2021, 1, 1), date(2022, 6, 30)) is None


def test_not_whole_years_needs_explicit_maximum():
    with pytest.raises(SettlementError):
        settle(vivo(end=date(2017, 6, 30), max_grant_eur=None, rate_per_fte_year_eur=D("49000")))
    s = settle(vivo(end=date(2017, 6, 30), max_grant_eur=D("500000")))
    assert s.term_days == 547


def test_part_time_consultants():
    cons = [ConsultantPeriod(f"C{i}", D("1")) for i in range(6)] + [ConsultantPeriod("Half", D("0.5"))]
    s = settle(vivo(cons))
    assert s.shortfall_fte_days == D("0.5") * 731
    assert s.lines[-1].fte_days_deployed == D("365.5")


def test_vacancy_between_two_consultants():
    cons = [ConsultantPeriod(f"C{i}", D("1")) for i in range(6)] + [
        ConsultantPeriod("Leaver", D("1"), end=date(2016, 6, 30)),
        ConsultantPeriod("Successor", D("1"), start=date(2016, 9, 1)),
    ]
    s = settle(vivo(cons))
    assert s.shortfall_fte_days == 62  # July and August 2016


def test_consultant_starting_late():
    cons = [ConsultantPeriod(f"C{i}", D("1")) for i in range(6)] + [
        ConsultantPeriod("Late", D("1"), start=date(2016, 4, 1))
    ]
    s = settle(vivo(cons))
    assert s.shortfall_fte_days == 31 + 29 + 31
    assert s.lines[-1].days_employed == 731 - 91
    assert s.lines[-1].start == date(2016, 4, 1)


def test_no_consultant_at_all_deducts_whole_grant():
    s = settle(vivo(consultants=(), results=met(8)))
    assert s.shortfall_fte_days == 7 * 731
    assert s.deduction_eur == D("686000")
    assert s.as_json()["payable_eur"] == "0.00"


def test_payable_never_negative():
    s = settle(vivo(consultants=(), results=met(0)))
    assert s.payable_eur == 0


def test_more_fte_than_funded_gives_no_bonus():
    cons = [ConsultantPeriod(f"C{i}", D("1.5")) for i in range(7)]
    assert settle(vivo(cons)).shortfall_fte_days == 0


def test_consultant_outside_term_is_ignored():
    cons = [ConsultantPeriod("Old", D("1"), start=date(2014, 1, 1), end=date(2015, 12, 31),
                             absences=(AbsencePeriod(date(2015, 3, 1), date(2015, 3, 31)),))]
    s = settle(vivo(cons))
    assert s.lines[0] == ConsultantLine("Old", D("1"), None, None, 0, 0, 0, D("0"))
    assert s.lines_as_json() == [{"name": "Old", "fte": "1", "start": None, "end": None, "days_employed": 0,
                                  "absence_days_unreplaced": 0, "absence_days_replaced": 0,
                                  "fte_days_deployed": "0.0000"}]
    assert s.shortfall_fte_days == 7 * 731


def test_rounding_half_up():
    assert money_str(D("0.005")) == "0.01"
    assert money_str(D("2.675")) == "2.68"
    assert money_str(D("-0.005")) == "-0.01"
    # day rate 1000 / (1 * 8) = 125 ; with 3 days: 1000/3 = 333.333..
    terms = CovenantTerms(start=date(2021, 1, 1), end=date(2021, 1, 8), funded_fte=D("1"), result_share=D("0"),
                          max_grant_eur=D("0.04"))
    s = settle(terms)
    assert s.day_rate_eur == D("0.005")
    assert s.as_json()["day_rate_eur"] == "0.01"


def test_vormdc_rate_and_twenty_percent():
    terms = CovenantTerms(
        start=date(2021, 1, 1), end=date(2022, 12, 31), funded_fte=D("3"), result_share=D("0.20"),
        rate_per_fte_year_eur=D("49000"), priority_codes=("P1", "P2", "P3", "P4"),
        results=(IndicatorResult("P1", True), IndicatorResult("P2", True), IndicatorResult("P3", None)),
        consultants=tuple(ConsultantPeriod(f"C{i}", D("1")) for i in range(3)),
    )
    out = settle(terms).as_json()
    assert out["max_grant_eur"] == "294000.00"
    assert out["term_days"] == 730
    assert out["result_share_eur"] == "58800.00"
    assert out["result_share_paid_eur"] == "29400.00"
    assert out["priorities_pending"] == ["P3", "P4"]
    assert out["payable_eur"] == "264600.00"


# --- the interval arithmetic agrees with a plain day-by-day loop ---------------------------------

TERM_START, TERM_END = date(2016, 1, 1), date(2017, 12, 31)
day_offsets = st.integers(min_value=-60, max_value=790)


def _d(offset):
    return TERM_START + timedelta(days=offset)


@st.composite
def consultants(draw):
    result = []
    for i in range(draw(st.integers(0, 5))):
        a, b = sorted(draw(st.tuples(day_offsets, day_offsets)))
        absences = []
        for _ in range(draw(st.integers(0, 3))):
            x, y = sorted(draw(st.tuples(day_offsets, day_offsets)))
            absences.append(AbsencePeriod(_d(x), _d(y), replaced=draw(st.booleans())))
        fte = draw(st.sampled_from([D("0.5"), D("0.8"), D("1"), D("1.25")]))
        result.append(ConsultantPeriod(f"C{i}", fte, _d(a), _d(b), tuple(absences)))
    return result


def naive_shortfall(funded, cons):
    total, day = D(0), TERM_START
    while day <= TERM_END:
        deployed = D(0)
        for c in cons:
            if c.start <= day <= c.end and not any(
                    a.start <= day <= a.end and not a.replaced for a in c.absences):
                deployed += c.fte
        total += max(D(0), funded - deployed)
        day += timedelta(days=1)
    return total


@settings(max_examples=40, deadline=None)
@given(consultants(), st.sampled_from([D("1"), D("2.5"), D("3")]))
def test_interval_arithmetic_matches_day_loop(cons, funded):
    terms = vivo(cons, funded_fte=funded)
    assert settle(terms).shortfall_fte_days == naive_shortfall(funded, cons)


# --- the guards and the rules that nothing else pins down (issue 13) -----------------------------


def one_year(**kw):
    """2021, 1 funded FTE fully deployed, maximum EUR 36,500 (day rate EUR 100), result share 20%."""
    base = dict(start=date(2021, 1, 1), end=date(2021, 12, 31), funded_fte=D("1"), result_share=D("0.20"),
                max_grant_eur=D("36500"), consultants=(ConsultantPeriod("A", D("1")),))
    base.update(kw)
    return CovenantTerms(**base)


def refusal(terms):
    with pytest.raises(SettlementError) as exc:
        settle(terms)
    return str(exc.value)


def test_no_priorities_pays_nothing_of_the_result_share():
    out = settle(one_year()).as_json()
    assert out["result_share_eur"] == "7300.00"
    assert out["priorities_total"] == 0
    assert out["result_share_paid_eur"] == "0.00"
    assert out["payable_eur"] == "29200.00"  # 36500 - 0 deduction - 7300 withheld


def test_all_priorities_met_pays_the_whole_result_share():
    out = settle(one_year(priority_codes=("P1", "P2"), results=(IndicatorResult("P1", True),
                                                                 IndicatorResult("P2", True)))).as_json()
    assert out["result_share_paid_eur"] == "7300.00"
    assert out["payable_eur"] == "36500.00"


@pytest.mark.parametrize("funded", [D("0"), D("-1")])
def test_funded_fte_must_be_positive(funded):
    assert refusal(one_year(funded_fte=funded)) == "funded FTE must be greater than 0"


def test_end_before_start_is_refused():
    assert refusal(one_year(start=date(2021, 1, 2), end=date(2021, 1, 1))) == "the end of the term lies before its start"


def test_one_day_term_is_settled():
    s = settle(one_year(end=date(2021, 1, 1), max_grant_eur=D("100")))
    assert s.term_days == 1 and s.day_rate_eur == 100 and s.shortfall_fte_days == 0


def test_neither_maximum_nor_rate_is_refused():
    assert refusal(one_year(max_grant_eur=None, rate_per_fte_year_eur=None)) == "no maximum grant and no rate per FTE-year"


def test_not_whole_years_error_names_the_cause():
    terms = one_year(end=date(2021, 12, 30), max_grant_eur=None, rate_per_fte_year_eur=D("49000"))
    assert refusal(terms) == "the term is not a whole number of years: give an explicit maximum grant"


def test_explicit_maximum_wins_over_the_rate():
    assert settle(one_year(rate_per_fte_year_eur=D("49000"))).max_grant_eur == D("36500")


def whole_years_table():
    """The rows of the table under "## Whole years" in docs/settlement.md."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "settlement.md").read_text("utf-8")
    section = text.split("## Whole years", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0][:1].isdigit():
            start, end, years = cells
            rows.append((date.fromisoformat(start), date.fromisoformat(end), None if years == "none" else int(years)))
    return rows


def test_whole_years_table_of_the_documentation_is_read():
    rows = whole_years_table()
    assert len(rows) >= 10
    assert (date(2016, 2, 29), date(2017, 2, 28), 1) in rows and (date(2016, 2, 29), date(2020, 2, 28), 4) in rows


@pytest.mark.parametrize("start, end, years", whole_years_table())
def test_whole_years_follows_the_documented_rule(start, end, years):
    assert whole_years(start, end) == years
    if years is not None:
        terms = one_year(start=start, end=end, max_grant_eur=None, rate_per_fte_year_eur=D("49000"))
        assert settle(terms).max_grant_eur == D("49000") * years


def test_shortfall_is_shown_with_four_decimals_rounded_half_up():
    assert fte_days_str(D("0.00025")) == "0.0003"  # half-even would give 0.0002
    assert fte_days_str(D("487.5")) == "487.5000"


def test_days_inclusive_is_never_negative():
    assert days_inclusive(date(2021, 1, 2), date(2021, 1, 1)) == 0
    assert days_inclusive(date(2021, 1, 1), date(2021, 1, 1)) == 1


def test_replaced_and_unreplaced_absences_are_counted_apart_and_overlaps_once():
    # unreplaced: 1-10 March and 10-20 March overlap on the 10th (20 days); replaced: 1-5 May (5 days)
    absences = (AbsencePeriod(date(2021, 3, 1), date(2021, 3, 10)), AbsencePeriod(date(2021, 3, 10), date(2021, 3, 20)),
                AbsencePeriod(date(2021, 5, 1), date(2021, 5, 5), replaced=True))
    s = settle(one_year(consultants=(ConsultantPeriod("A", D("1"), end=date(2021, 11, 30), absences=absences),)))
    line = s.lines[0]
    assert (line.name, line.start, line.end) == ("A", date(2021, 1, 1), date(2021, 11, 30))
    assert (line.days_employed, line.absence_days_unreplaced, line.absence_days_replaced) == (334, 20, 5)
    assert line.fte_days_deployed == 314
    assert s.shortfall_fte_days == 20 + 31  # the break and December


def test_the_funded_fte_days_are_kept_for_the_page():
    s = settle(one_year(funded_fte=D("1.5")))
    assert (s.funded_fte, s.funded_fte_days) == (D("1.5"), D("547.5"))
