"""Issue 14, the money rules still missing: the effort share (2021 rule), addenda with FTE and the end
of a terminated covenant. Every number below is worked out by hand in docs/settlement.md or here."""

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command

from werkbaar.covenants.covenant_file import addenda_from_data, clean, parse, terms_from_data
from werkbaar.covenants.effort_rules import EffortAssessment, weigh
from werkbaar.covenants.final_account import (
    AddendumTerms,
    Commitment,
    addendum_budget,
    final_account,
    settle_addendum,
)
from werkbaar.covenants.settlement import ConsultantPeriod, CovenantTerms, SettlementError, money, settle
from werkbaar.covenants.termination_rules import (
    add_months,
    belgian_holidays,
    easter,
    first_working_day_after,
    notice_end,
    termination_end,
)

FIXTURE = Path(__file__).parent / "data" / "TRANSPORT-2021-2022.yaml"
T0, T1 = date(2021, 1, 1), date(2022, 12, 31)


def efforts(*assessments):
    return tuple(EffortAssessment(f"E{i}", a) for i, a in enumerate(assessments, start=1))


# --- the effort share --------------------------------------------------------------------------


def test_weigh_fulfilled_partly_not_and_pending():
    out = weigh(D("313600"), efforts("fulfilled", "fulfilled", "fulfilled", "partly", "not"))
    assert out.paid_eur == D("219520")  # 313,600 x 3.5 / 5
    assert (out.total, out.fulfilled, out.partly, out.not_fulfilled, out.pending) == (5, 3, 1, 1, ())
    pending = weigh(D("1000"), efforts("fulfilled", "", "partly", "bogus"))
    assert pending.paid_eur == D("375")  # 1,000 x 1.5 / 4: pending and unknown weigh 0
    assert pending.pending == ("E2", "E4")


def test_no_effort_commitments_pays_the_effort_share_in_full():
    assert weigh(D("800"), ()).paid_eur == D("800")
    assert weigh(D("800"), efforts("not")).paid_eur == 0


def test_2021_rule_weighs_result_and_effort_commitments():
    """4 FTE x 49,000 x 2 years = 392,000; 20% result (3 of 4 met), 80% effort (3 fulfilled, 1 partly, 1 not);
    one consultant left on 30 September 2022 and was not replaced (92 FTE-days)."""
    terms = CovenantTerms(
        T0, T1, D("4"), D("0.20"), rate_per_fte_year_eur=D("49000"),
        consultants=(ConsultantPeriod("A", D(1)), ConsultantPeriod("B", D(1)), ConsultantPeriod("C", D(1)),
                     ConsultantPeriod("D", D(1), end=date(2022, 9, 30))),
        priority_codes=("P1", "P2", "P3", "P4"),
        results=(), effort_share=D("0.80"), efforts=efforts("fulfilled", "fulfilled", "fulfilled", "partly", "not"),
    )
    from werkbaar.covenants.settlement import IndicatorResult

    terms = CovenantTerms(**{**terms.__dict__, "results": tuple(
        IndicatorResult(c, m) for c, m in (("P1", True), ("P2", True), ("P3", False), ("P4", True)))})
    s = settle(terms)
    assert s.shortfall_fte_days == 92
    assert money(s.deduction_eur) == D("12350.68")  # 392,000 x 92 / 2,920
    assert s.result_share_paid_eur == D("58800")  # 78,400 x 3/4
    assert s.effort_share_eur == D("313600") and s.effort_paid_eur == D("219520")
    # 392,000 - 12,350.6849 - 19,600 - 94,080
    assert money(s.payable_eur) == D("265969.32")


def test_an_older_generation_without_effort_share_is_settled_as_before():
    base = CovenantTerms(T0, T1, D("1"), D("0.1"), D("98000"), consultants=(ConsultantPeriod("A", D(1)),),
                         priority_codes=("P1",))
    with_efforts = CovenantTerms(**{**base.__dict__, "efforts": efforts("not")})
    assert settle(base).payable_eur == settle(with_efforts).payable_eur == D("88200")
    assert settle(with_efforts).effort_share_eur == 0


def test_the_payable_never_drops_below_zero_with_effort_withheld():
    terms = CovenantTerms(T0, T1, D("1"), D("0.2"), D("98000"), priority_codes=("P1",), effort_share=D("0.8"),
                          efforts=efforts("not"))
    assert settle(terms).payable_eur == 0


# --- addenda with FTE ------------------------------------------------------------------------------


def km(*consultants, commitments=(True, False), budget=D("196000")):
    return AddendumTerms("kilometre_charge", budget, D("0.2"),
                         tuple(Commitment(f"KM{i}", f"KM{i}", m) for i, m in enumerate(commitments, start=1)),
                         fte=D("2"), consultants=consultants, start=T0, end=T1)


def test_kilometre_charge_addendum_is_settled_by_day_rate_over_its_own_consultants():
    a = settle_addendum(km(ConsultantPeriod("Kim", D(1)), ConsultantPeriod("Lotte", D(1), start=date(2021, 4, 1))))
    assert a.shortfall_fte_days == 90  # January to March 2021: 31 + 28 + 31 days of 1 FTE missing
    assert money(a.day_rate_eur) == D("134.25")  # 196,000 / (2 x 730)
    assert money(a.deduction_eur) == D("12082.19")  # 196,000 x 90 / 1,460
    assert a.result_share_paid_eur == D("19600")  # 39,200 x 1/2
    assert a.payable_eur == D("164317.81")  # 196,000 - 12,082.19178 - 19,600
    assert [line.days_employed for line in a.lines] == [730, 640]


def test_an_addendum_without_its_consultants_is_fully_deducted_and_never_negative():
    a = settle_addendum(km(commitments=(False,)))
    assert a.deduction_eur == D("196000") and a.payable_eur == 0


def test_addendum_consultants_leave_the_base_settlement_alone():
    base = settle(CovenantTerms(T0, T1, D("1"), D("0"), D("98000"), consultants=(ConsultantPeriod("A", D(1)),)))
    account = final_account(base, (km(ConsultantPeriod("Kim", D(2))),))
    assert account.base.payable_eur == D("98000")
    assert account.addenda[0].payable_eur == D("176400.00")  # 196,000 - 19,600, no shortfall
    assert account.total_payable_eur == D("274400.00")
    out = account.as_json()
    assert out["payable_eur"] == "98000.00" and out["addenda_deduction_eur"] == "0.00"
    assert out["addenda"][0]["consultants"][0]["name"] == "Kim"


def test_an_addendum_without_fte_keeps_the_earlier_rule():
    a = settle_addendum(AddendumTerms("non_discrimination", D("85000"), D("0.2"),
                                      (Commitment("a", "ND1", True), Commitment("b", "ND2", None))))
    assert a.payable_eur == D("76500.00") and a.deduction_eur == 0 and a.lines == ()


def test_addendum_budget_from_fte_and_the_covenants_rate():
    assert addendum_budget(None, D("2"), D("49000"), T0, T1) == D("196000")
    assert addendum_budget(D("50000"), D("2"), D("49000"), T0, T1) == D("50000")
    assert addendum_budget(None, None, D("49000"), T0, T1) == 0
    with pytest.raises(SettlementError):
        addendum_budget(None, D("2"), D("49000"), T0, date(2022, 6, 30))
    with pytest.raises(SettlementError):
        settle_addendum(AddendumTerms("kilometre_charge", D("1"), fte=D("1")))


# --- the file and the command ------------------------------------------------------------------


def test_fixture_settles_to_the_documented_numbers(capsys):
    call_command("settle", str(FIXTURE), "--json")
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("payable_eur", "effort_share_eur", "effort_paid_eur", "efforts_total",
                                "addenda_max_eur", "addenda_payable_eur", "addenda_shortfall_fte_days",
                                "addenda_deduction_eur", "total_payable_eur")} == {
        "payable_eur": "265969.32", "effort_share_eur": "313600.00", "effort_paid_eur": "219520.00",
        "efforts_total": 5, "addenda_max_eur": "196000.00", "addenda_payable_eur": "164317.81",
        "addenda_shortfall_fte_days": "90.0000", "addenda_deduction_eur": "12082.19", "total_payable_eur": "430287.13",
    }
    assert [k["name"] for k in out["addenda"][0]["consultants"]] == ["Kim Jacobs", "Lotte Hermans"]


@pytest.mark.parametrize(("extra", "problem"), [
    ("result_share: 0.3\neffort_share: 0.8\n", "effort_share: result_share and effort_share together exceed 1"),
    ("effort_share: 80\n", "effort_share: must be at most 1"),
    ("effort_commitments:\n  - {code: E1, description: x, assessment: half}\n",
     "effort_commitments[0].assessment: “half” is not one of: fulfilled, partly, not"),
    ("effort_commitments:\n  - {code: E1, description: x}\n  - {code: E1, description: y}\n",
     "effort_commitments[1].code: duplicate effort commitment code “E1”"),
    ("effort_commitments:\n  - {description: x}\n", "effort_commitments[0].code: missing field"),
    ("addenda:\n  - {kind: kilometre_charge, consultants: [{name: K, fte: 1}]}\n",
     "addenda[0].fte: missing field: the addendum's consultants count against its FTE"),
    ("addenda:\n  - {kind: kilometre_charge, fte: 2, consultants: [{name: K, fte: 0}]}\n",
     "addenda[0].consultants[0].fte: must be greater than 0"),
    ("addenda:\n  - {kind: kilometre_charge, fte: 2, consultants: [{name: K, fte: 1, start: 2030-01-01}]}\n",
     "addenda[0].consultants[0].end: the end (2022-12-31) lies before the start (2030-01-01)"),
])
def test_bad_money_fields_in_the_file_are_named(extra, problem):
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("result_share: 0.20\neffort_share: 0.80\n", "result_share: 0.20\n")
    text = text[:text.index("effort_commitments:")] + extra
    if extra.startswith("result_share"):
        text = text.replace("result_share: 0.20\n", "", 1)
    raw, problems = parse(text)
    assert any(p.startswith(problem) for p in problems), problems


def test_an_addendum_with_fte_needs_a_budget_without_a_rate():
    text = FIXTURE.read_text(encoding="utf-8").replace("rate_per_fte_year_eur: 49000", "max_grant_eur: 392000")
    _data, problems = parse(text)
    assert problems == ["addenda[0].budget_eur: missing field (an addendum with FTE needs a budget when the covenant "
                        "has no rate per FTE-year)"]


def test_file_terms_carry_the_efforts_and_the_addendum_consultants():
    data, problems = parse(FIXTURE.read_text(encoding="utf-8"))
    assert problems == []
    terms = terms_from_data(data)
    assert terms.effort_share == D("0.80") and [e.assessment for e in terms.efforts][-2:] == ["partly", "not"]
    (addendum,) = addenda_from_data(data)
    assert addendum.budget_eur == D("196000") and addendum.fte == D("2") and len(addendum.consultants) == 2
    assert clean({})[1]  # not a mapping of fields


# --- the end of a terminated covenant ------------------------------------------------------------


def test_easter_and_the_belgian_public_holidays():
    from dateutil.easter import easter as reference_easter

    assert [easter(y) for y in (2021, 2024, 2026, 2027)] == [date(2021, 4, 4), date(2024, 3, 31), date(2026, 4, 5),
                                                            date(2027, 3, 28)]
    assert all(easter(y) == reference_easter(y) for y in range(1583, 10000))
    assert belgian_holidays(2026) == {
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 25),
        date(2026, 7, 21), date(2026, 8, 15), date(2026, 11, 1), date(2026, 11, 11), date(2026, 12, 25)}


@pytest.mark.parametrize(("notice", "first_working_day"), [
    (date(2021, 3, 1), date(2021, 3, 2)),  # Monday -> Tuesday
    (date(2021, 3, 5), date(2021, 3, 8)),  # Friday -> Monday
    (date(2021, 4, 2), date(2021, 4, 6)),  # Good Friday -> Tuesday (Easter Monday 5 April is a holiday)
    (date(2021, 12, 24), date(2021, 12, 27)),  # Friday before Christmas (a Saturday in 2021)
    (date(2022, 7, 20), date(2022, 7, 22)),  # 21 July
    (date(2021, 11, 10), date(2021, 11, 12)),  # 11 November
])
def test_the_notice_period_starts_on_the_first_working_day_after_the_letter(notice, first_working_day):
    assert first_working_day_after(notice) == first_working_day


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2021, 3, 2), 6, date(2021, 9, 2)),
    (date(2021, 8, 31), 6, date(2022, 3, 1)),  # 31 February does not exist: the 1st of the next month
    (date(2023, 8, 31), 6, date(2024, 3, 1)),
    (date(2021, 12, 15), 1, date(2022, 1, 15)),
    (date(2021, 12, 31), 2, date(2022, 3, 1)),  # 31 February 2022 does not exist
    (date(2022, 1, 31), 3, date(2022, 5, 1)),  # nor 31 April
    (date(2021, 10, 31), 13, date(2022, 12, 1)),  # nor 31 November
    (date(2021, 7, 5), 6, date(2022, 1, 5)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_notice_period_of_six_months_from_the_registered_letter():
    p = notice_end(date(2021, 3, 1), T1)
    assert (p.notice_date, p.starts, p.ends, p.covenant_ends, p.cut_short_by_term) == (
        date(2021, 3, 1), date(2021, 3, 2), date(2021, 9, 1), date(2021, 9, 1), False)
    same_day = notice_end(date(2021, 3, 1), date(2021, 9, 1))  # the term ends on the notice period's last day
    assert (same_day.covenant_ends, same_day.cut_short_by_term) == (date(2021, 9, 1), False)
    late = notice_end(date(2021, 8, 30), T1)  # Monday; from Tuesday 31 August: to 28 February 2022
    assert (late.starts, late.ends) == (date(2021, 8, 31), date(2022, 2, 28))
    short = notice_end(date(2022, 9, 1), T1)  # the term expires first
    assert (short.ends, short.covenant_ends, short.cut_short_by_term) == (date(2023, 3, 1), T1, True)


def test_termination_without_notice_ends_on_the_decision():
    assert termination_end(date(2021, 6, 15), T1) == date(2021, 6, 15)
    assert termination_end(date(2023, 1, 5), T1) == T1


def test_the_readable_table_shows_the_effort_share_and_the_addendum_consultants(capsys):
    call_command("settle", str(FIXTURE))
    out = capsys.readouterr().out
    assert "effort share paid (EUR)       219520.00" in out
    assert "effort commitments       3 fulfilled, 1 partly / 5" in out
    assert "Addendum kilometerheffing: 2 FTE, shortfall 90.0000 FTE-days, deduction 12082.19" in out
    assert "  Lotte Hermans                    1    640.0000" in out


def test_a_stored_covenant_carries_its_effort_share_and_its_assessed_commitments(covenant_factory):
    """The settlement of a covenant in the database reads the effort share and every effort commitment
    (code and the department's assessment; blank = not assessed yet) from the database."""
    from werkbaar.covenants.effort import EffortCommitment
    from werkbaar.covenants.settlement import settle_covenant, terms_from_covenant

    covenant = covenant_factory()
    covenant.result_share, covenant.effort_share = D("0.20"), D("0.50")
    covenant.save()
    for order, (code, assessment) in enumerate((("E1", "fulfilled"), ("E2", ""), ("E3", "partly")), start=1):
        EffortCommitment.objects.create(covenant=covenant, code=code, description=f"Commitment {code}",
                                        order=order, assessment=assessment)
    terms = terms_from_covenant(covenant)
    assert terms.effort_share == D("0.50")
    assert [(e.code, e.assessment) for e in terms.efforts] == [("E1", "fulfilled"), ("E2", ""), ("E3", "partly")]
    s = settle_covenant(covenant)
    assert s.effort_share_eur == s.max_grant_eur * D("0.50")
    assert s.effort_paid_eur == s.effort_share_eur * D("1.5") / 3  # fulfilled 1 + partly 0.5 + pending 0, of 3
    assert (s.efforts_fulfilled, s.efforts_partly, s.efforts_pending) == (1, 1, ("E2",))
