"""The assessment rules of issue 15: the worked example by hand, every refusal, ties, leap days, and properties."""

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from werkbaar.fund.assessment import (
    Aid,
    Applicant,
    ApplicationTerms,
    CallTerms,
    CostLine,
    assess,
    balance,
    de_minimis_window_start,
    months_before,
)

CATEGORIES = ("scan", "coaching", "training", "ergonomics", "action")


def call(**kw):
    base = dict(
        code="WF-2027-1", opens=date(2027, 1, 1), closes=date(2027, 6, 30), budget_eur=D("500000"),
        committed_eur=D("120000"), rate=D("0.5"), ceiling_eur=D("10000"), minimum_eur=D("500"),
        eligible_categories=CATEGORIES, requires_scan=True, scan_max_age_months=24,
    )
    base.update(kw)
    return CallTerms(**base)


def applicant(**kw):
    base = dict(de_minimis=(Aid(date(2025, 3, 1), D("150000")),), scan_closed_on=date(2026, 10, 15))
    base.update(kw)
    return Applicant(**base)


def application(costs=None, submitted_on=date(2027, 2, 10)):
    if costs is None:
        costs = (CostLine("coaching", D("6400")), CostLine("catering", D("420")))
    return ApplicationTerms(submitted_on=submitted_on, costs=tuple(costs))


def test_worked_example_by_hand():
    out = assess(call(), applicant(), application()).as_json()
    assert out == {
        "eligible_cost_eur": "6400.00", "ineligible_cost_eur": "420.00", "rate_amount_eur": "3200.00",
        "de_minimis_used_eur": "150000.00", "de_minimis_room_eur": "150000.00", "grant_eur": "3200.00",
        "capped_by": "rate", "eligible": True, "refusals": [],
    }


def test_ceiling_caps():
    a = assess(call(), applicant(), application([CostLine("training", D("30000"))]))
    assert (a.grant_eur, a.capped_by) == (D("10000.00"), "ceiling")


def test_budget_caps():
    a = assess(call(committed_eur=D("497000.50")), applicant(), application())
    assert (str(a.grant_eur), a.capped_by) == ("2999.50", "budget")


def test_de_minimis_caps():
    a = assess(call(), applicant(de_minimis=(Aid(date(2026, 1, 1), D("298000")),)), application())
    assert (str(a.grant_eur), a.capped_by, str(a.de_minimis_room_eur)) == ("2000.00", "de_minimis", "2000.00")


def test_tie_names_the_first_bound_in_order():
    # rate amount 10000 = ceiling 10000 = remaining budget 10000 = room 10000.
    a = assess(
        call(committed_eur=D("490000")), applicant(de_minimis=(Aid(date(2026, 1, 1), D("290000")),)),
        application([CostLine("coaching", D("20000"))]),
    )
    assert (str(a.grant_eur), a.capped_by) == ("10000.00", "rate")
    b = assess(
        call(committed_eur=D("490000")), applicant(de_minimis=(Aid(date(2026, 1, 1), D("290000")),)),
        application([CostLine("coaching", D("30000"))]),
    )
    assert b.capped_by == "ceiling"
    c = assess(call(committed_eur=D("495000"), ceiling_eur=D("5000")),
               applicant(de_minimis=(Aid(date(2026, 1, 1), D("295000")),)), application([CostLine("scan", D("20000"))]))
    assert c.capped_by == "ceiling"
    d = assess(call(committed_eur=D("495000")), applicant(de_minimis=(Aid(date(2026, 1, 1), D("295000")),)),
               application([CostLine("scan", D("20000"))]))
    assert d.capped_by == "budget"


def test_rounding_half_up_to_the_cent():
    a = assess(call(rate=D("0.3333")), applicant(), application([CostLine("scan", D("1000.05"))]))
    # 0.3333 x 1000.05 = 333.316665 -> 333.32
    assert str(a.rate_amount_eur) == "333.32"
    b = assess(call(rate=D("0.5")), applicant(), application([CostLine("scan", D("1000.05"))]))
    assert str(b.rate_amount_eur) == "500.03"  # 500.025 rounds half up


def refusals(**kw):
    return list(assess(kw.get("c", call()), kw.get("ap", applicant()), kw.get("app", application())).refusals)


def test_each_refusal():
    assert refusals(app=application(submitted_on=date(2026, 12, 31))) == ["outside_call_period"]
    assert refusals(app=application(submitted_on=date(2027, 7, 1))) == ["outside_call_period"]
    assert refusals(app=application(submitted_on=date(2027, 1, 1))) == []
    assert refusals(app=application(submitted_on=date(2027, 6, 30))) == []
    assert refusals(ap=applicant(scan_closed_on=None)) == ["no_recent_scan"]
    assert refusals(ap=applicant(scan_closed_on=date(2025, 2, 9))) == ["no_recent_scan"]
    assert refusals(ap=applicant(scan_closed_on=date(2025, 2, 10))) == []
    assert refusals(ap=applicant(scan_closed_on=date(2027, 2, 11))) == ["no_recent_scan"]  # after submission
    assert refusals(c=call(requires_scan=False), ap=applicant(scan_closed_on=None)) == []
    assert refusals(app=application([CostLine("catering", D("420"))])) == ["no_eligible_cost"]
    assert refusals(app=application([])) == ["no_eligible_cost"]
    assert refusals(c=call(committed_eur=D("500000"))) == ["budget_exhausted"]
    assert refusals(c=call(committed_eur=D("600000"))) == ["budget_exhausted"]
    assert refusals(ap=applicant(de_minimis=(Aid(date(2026, 1, 1), D("300000")),))) == ["de_minimis_exhausted"]
    assert refusals(app=application([CostLine("scan", D("998"))])) == ["below_minimum"]
    assert refusals(app=application([CostLine("scan", D("1000"))])) == []


def test_every_refusal_is_listed_and_below_minimum_only_alone():
    a = assess(
        call(committed_eur=D("500000")),
        applicant(scan_closed_on=None, de_minimis=(Aid(date(2026, 1, 1), D("300000")),)),
        application([CostLine("catering", D("10"))], submitted_on=date(2027, 8, 1)),
    )
    assert list(a.refusals) == [
        "outside_call_period", "no_recent_scan", "no_eligible_cost", "budget_exhausted", "de_minimis_exhausted",
    ]
    assert a.as_json()["grant_eur"] == "0.00" and a.capped_by is None and a.as_json()["eligible"] is False
    # Small grant AND outside the period: below_minimum is not added.
    b = assess(call(), applicant(), application([CostLine("scan", D("10"))], submitted_on=date(2027, 8, 1)))
    assert list(b.refusals) == ["outside_call_period"]


def test_de_minimis_window_excludes_the_start_day_and_after_submission():
    day = date(2027, 2, 10)
    aid = (Aid(date(2024, 2, 10), D("100")), Aid(date(2024, 2, 11), D("200")), Aid(date(2027, 2, 10), D("400")),
           Aid(date(2027, 2, 11), D("800")))
    a = assess(call(), applicant(de_minimis=aid), application(submitted_on=day))
    assert str(a.de_minimis_used_eur) == "600.00"


def test_leap_day_submission():
    assert de_minimis_window_start(date(2028, 2, 29)) == date(2025, 2, 28)
    c = call(opens=date(2028, 1, 1), closes=date(2028, 12, 31), requires_scan=False)
    ap = applicant(de_minimis=(Aid(date(2025, 2, 28), D("300000")), Aid(date(2025, 3, 1), D("1000"))))
    a = assess(c, ap, application(submitted_on=date(2028, 2, 29)))
    assert str(a.de_minimis_used_eur) == "1000.00" and a.eligible


def test_scan_age_uses_the_last_day_of_a_shorter_month():
    assert months_before(date(2027, 8, 31), 6) == date(2027, 2, 28)
    assert months_before(date(2028, 8, 31), 6) == date(2028, 2, 29)
    assert months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert months_before(date(2027, 1, 15), 24) == date(2025, 1, 15)
    c = call(opens=date(2027, 1, 1), closes=date(2027, 12, 31), scan_max_age_months=6)
    assert assess(c, applicant(scan_closed_on=date(2027, 2, 28)), application(submitted_on=date(2027, 8, 31))).eligible
    refused = assess(c, applicant(scan_closed_on=date(2027, 2, 27)), application(submitted_on=date(2027, 8, 31)))
    assert list(refused.refusals) == ["no_recent_scan"]


def test_balance_and_recovery():
    assert balance(D("3200"), D("0.5"), D("8000"), D("1000")) == D("2200.00")  # approved caps
    assert balance(D("3200"), D("0.5"), D("4000"), D("1000")) == D("1000.00")  # proven costs cap
    assert balance(D("3200"), D("0.5"), D("1000"), D("1000")) == D("-500.00")  # recovery


# --- properties ------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


@st.composite
def cases(draw):
    opens = draw(days)
    closes = opens + timedelta(days=draw(st.integers(0, 400)))
    c = CallTerms(
        opens=opens, closes=closes, budget_eur=draw(money), committed_eur=draw(money),
        rate=draw(st.decimals(min_value=D("0.0001"), max_value=1, places=4)), ceiling_eur=draw(money),
        minimum_eur=draw(st.sampled_from([D(0), D(500), draw(money)])),
        eligible_categories=CATEGORIES, requires_scan=draw(st.booleans()),
        scan_max_age_months=draw(st.integers(1, 60)),
    )
    aid = tuple(Aid(draw(days), draw(money)) for _ in range(draw(st.integers(0, 4))))
    ap = Applicant(de_minimis=aid, scan_closed_on=draw(st.none() | days))
    costs = tuple(CostLine(draw(st.sampled_from(CATEGORIES + ("catering",))), draw(money))
                  for _ in range(draw(st.integers(0, 5))))
    submitted = draw(st.one_of(days, st.just(opens), st.just(closes)))
    return c, ap, ApplicationTerms(submitted_on=submitted, costs=costs)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_grant_never_exceeds_any_bound(case):
    c, ap, app = case
    a = assess(c, ap, app)
    assert a.grant_eur >= 0
    for bound in a.bounds.values():
        assert a.grant_eur <= bound
    assert a.grant_eur <= c.ceiling_eur
    assert a.grant_eur <= max(D(0), c.budget_eur - c.committed_eur)
    assert a.grant_eur <= a.de_minimis_room_eur
    assert a.grant_eur <= c.rate * a.eligible_cost_eur + D("0.005")
    if a.eligible:
        assert a.grant_eur >= c.minimum_eur  # a grant of 0.00 is eligible when the minimum is 0 (issue 15)
    else:
        assert a.grant_eur == 0 and a.capped_by is None


@settings(max_examples=300, deadline=None)
@given(cases(), st.data())
def test_moving_aid_one_day_out_of_the_window_never_lowers_the_grant(case, data):
    c, ap, app = case
    day = app.submitted_on
    first_in = de_minimis_window_start(day) + timedelta(days=1)
    amount = data.draw(money)
    edge = data.draw(st.sampled_from(["start", "end"]))
    inside = Aid(first_in, amount) if edge == "start" else Aid(day, amount)
    outside = Aid(first_in - timedelta(days=1), amount) if edge == "start" else Aid(day + timedelta(days=1), amount)
    before = assess(c, Applicant(ap.de_minimis + (inside,), ap.scan_closed_on), app)
    after = assess(c, Applicant(ap.de_minimis + (outside,), ap.scan_closed_on), app)
    assert after.grant_eur >= before.grant_eur
    assert after.de_minimis_used_eur == before.de_minimis_used_eur - amount


# --- boundaries the first mutation run found unpinned (issue 13) ---------------------------------------------------


def test_the_window_keeps_the_day_and_month_outside_a_29_february():
    # 2025 is a common year: only 29 February moves to the 28th, every other day stays itself
    assert de_minimis_window_start(date(2028, 6, 15)) == date(2025, 6, 15)
    assert de_minimis_window_start(date(2028, 2, 28)) == date(2025, 2, 28)
    assert de_minimis_window_start(date(2027, 3, 1)) == date(2024, 3, 1)
    ap = applicant(de_minimis=(Aid(date(2025, 6, 15), D("300000")), Aid(date(2025, 6, 16), D("1000"))))
    c = call(opens=date(2028, 1, 1), closes=date(2028, 12, 31), requires_scan=False)
    assert str(assess(c, ap, application(submitted_on=date(2028, 6, 15))).de_minimis_used_eur) == "1000.00"


def test_a_scan_closed_on_the_day_of_submission_is_recent():
    assert refusals(ap=applicant(scan_closed_on=date(2027, 2, 10))) == []


def test_one_euro_of_eligible_cost_is_an_eligible_cost():
    a = assess(call(minimum_eur=D("0")), applicant(), application([CostLine("scan", D("1.00"))]))
    assert (a.refusals, str(a.grant_eur), a.capped_by) == ((), "0.50", "rate")
    cent = assess(call(minimum_eur=D("0")), applicant(), application([CostLine("scan", D("0.01"))]))
    assert cent.refusals == () and str(cent.eligible_cost_eur) == "0.01"


def test_empty_sums_are_decimal_zero():
    from werkbaar.fund.assessment import de_minimis_used

    assert de_minimis_used((), date(2027, 2, 10)) == D("0") and isinstance(de_minimis_used((), date(2027, 2, 10)), D)
    a = assess(call(), applicant(de_minimis=()), application([]))
    assert isinstance(a.eligible_cost_eur, D) and isinstance(a.ineligible_cost_eur, D)
    assert a.as_json()["eligible_cost_eur"] == a.as_json()["ineligible_cost_eur"] == "0.00"


def test_fifty_cents_of_budget_or_de_minimis_room_is_not_exhausted():
    budget = assess(call(committed_eur=D("499999.50"), minimum_eur=D("0")), applicant(), application())
    assert (budget.refusals, str(budget.grant_eur), budget.capped_by) == ((), "0.50", "budget")
    room = assess(call(minimum_eur=D("0")), applicant(de_minimis=(Aid(date(2026, 1, 1), D("299999.50")),)),
                  application())
    assert (room.refusals, str(room.grant_eur), room.capped_by) == ((), "0.50", "de_minimis")


def test_the_assessment_keeps_the_bounds_it_compared():
    a = assess(call(), applicant(), application())
    assert a.bounds == {"rate": D("3200.00"), "ceiling": D("10000.00"), "budget": D("380000.00"),
                        "de_minimis": D("150000.00")}
