"""The form checks that feed the settlement: employment and absences inside the term, unique codes.

The stored covenant of conftest.VALID runs 2016-01-01 – 2017-12-31; An Peeters (1 FTE) has an
unreplaced career break in March 2016, Bert Janssens (0.5 FTE) starts on 2016-07-01; priority P1
has action 1.1, P2 has none.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from werkbaar.covenants.forms import AbsenceForm, ActionForm, ConsultantForm, CovenantForm, PriorityForm


@pytest.fixture
def covenant(covenant_factory):
    return covenant_factory()


def consultant(covenant, name):
    return covenant.consultants.get(name=name)


def consultant_form(covenant, instance=None, **data):
    return ConsultantForm({"name": "Chloë Maes", "fte": "1", **data}, covenant=covenant, instance=instance)


def absence_form(person, instance=None, **data):
    return AbsenceForm({"kind": "sickness", **data}, consultant=person, instance=instance)


def errors(form):
    assert not form.is_valid()
    return {field: list(messages) for field, messages in form.errors.items()}


# --- ConsultantForm.clean -------------------------------------------------------------------------


def test_consultant_for_the_whole_term_needs_no_dates(covenant):
    assert consultant_form(covenant).is_valid()


def test_consultant_ending_before_starting_is_refused(covenant):
    form = consultant_form(covenant, start="2016-06-01", end="2016-05-31")
    assert errors(form) == {"end": ["The end lies before the start."]}


def test_consultant_end_before_start_is_checked_against_the_term_when_start_is_blank(covenant):
    # no start given: the start of the term (2016-01-01) counts, so an end in 2015 lies before it
    form = consultant_form(covenant, end="2015-12-31")
    assert errors(form) == {"end": ["The end lies before the start."]}


@pytest.mark.parametrize("start, end", [("2015-01-01", "2015-12-31"), ("2018-01-01", "2018-06-30")])
def test_employment_outside_the_term_is_refused(covenant, start, end):
    form = consultant_form(covenant, start=start, end=end)
    assert errors(form) == {"start": ["The employment lies outside the term of the covenant."]}


@pytest.mark.parametrize("start, end", [("2015-06-01", "2016-01-01"), ("2017-12-31", "2018-03-31")])
def test_employment_touching_the_term_by_one_day_is_accepted(covenant, start, end):
    assert consultant_form(covenant, start=start, end=end).is_valid()


def test_shortening_an_employment_past_one_of_its_absences_is_refused(covenant):
    an = consultant(covenant, "An Peeters")  # absent 2016-03-01 – 2016-03-31
    form = consultant_form(covenant, instance=an, name=an.name, start="2016-03-15")
    assert errors(form) == {"start": ["An absence (2016-03-01 – 2016-03-31) would fall outside the employment."]}
    form = consultant_form(covenant, instance=an, name=an.name, end="2016-03-30")
    assert errors(form) == {"start": ["An absence (2016-03-01 – 2016-03-31) would fall outside the employment."]}
    assert consultant_form(covenant, instance=an, name=an.name, start="2016-03-01", end="2016-03-31").is_valid()


# --- AbsenceForm.clean ----------------------------------------------------------------------------


def test_absence_ending_before_starting_is_refused(covenant):
    form = absence_form(consultant(covenant, "An Peeters"), start="2016-06-10", end="2016-06-09")
    assert errors(form) == {"end": ["The end lies before the start."]}


def test_absence_outside_the_term_is_refused(covenant):
    form = absence_form(consultant(covenant, "An Peeters"), start="2017-12-20", end="2018-01-05")
    assert errors(form) == {"start": ["The absence lies outside the term (2016-01-01 – 2017-12-31)."]}


def test_absence_outside_the_employment_is_refused(covenant):
    bert = consultant(covenant, "Bert Janssens")  # employed from 2016-07-01
    form = absence_form(bert, start="2016-06-20", end="2016-07-10")
    assert errors(form) == {"start": ["The absence lies outside the employment (2016-07-01 – 2017-12-31)."]}
    assert absence_form(bert, start="2016-07-01", end="2016-07-10").is_valid()


def test_absence_overlapping_another_is_refused_but_may_be_edited_in_place(covenant):
    an = consultant(covenant, "An Peeters")
    form = absence_form(an, start="2016-03-31", end="2016-04-05")
    assert errors(form) == {"start": ["The absence overlaps another absence (2016-03-01 – 2016-03-31)."]}
    assert absence_form(an, start="2016-04-01", end="2016-04-05").is_valid()
    march = an.absences.get()
    assert absence_form(an, instance=march, start="2016-03-01", end="2016-04-15").is_valid()


# --- unique codes ---------------------------------------------------------------------------------


def test_duplicate_priority_code_is_refused(covenant):
    form = PriorityForm({"code": " P1 ", "title": "Again", "order": 3}, covenant=covenant)
    assert errors(form) == {"code": ["This covenant already has a priority with this code."]}
    p1 = covenant.priorities.get(code="P1")
    assert PriorityForm({"code": "P1", "title": "Renamed", "order": 1}, covenant=covenant, instance=p1).is_valid()
    assert PriorityForm({"code": "P3", "title": "New", "order": 3}, covenant=covenant).is_valid()


def test_the_same_priority_code_in_another_covenant_is_accepted(covenant, covenant_factory):
    other = covenant_factory(sector=covenant.sector, code="OTHER-2016-2017")
    other.priorities.filter(code="P1").delete()
    assert PriorityForm({"code": "P1", "title": "Same", "order": 1}, covenant=other).is_valid()


def action_form(covenant, priority_code, code, instance=None):
    priority = covenant.priorities.get(code=priority_code)
    data = {"priority": priority.pk, "code": code, "title": "Overleg", "status": "planned", "order": 1}
    return ActionForm(data, covenant=covenant, instance=instance)


def test_duplicate_action_code_within_a_priority_is_refused(covenant):
    assert errors(action_form(covenant, "P1", "1.1")) == {"code": ["This priority already has an action with this code."]}
    assert action_form(covenant, "P2", "1.1").is_valid()  # another priority may use the code
    existing = covenant.priorities.get(code="P1").actions.get(code="1.1")
    assert action_form(covenant, "P1", "1.1", instance=existing).is_valid()


# --- CovenantForm.clean ---------------------------------------------------------------------------


def test_a_rate_needs_a_term_of_whole_years(covenant):
    data = {"code": covenant.code, "title": covenant.title, "sector": covenant.sector.pk,
            "generation": covenant.generation, "start": "2016-01-01", "end": "2017-06-30", "funded_fte": "2",
            "rate_per_fte_year_eur": "49000", "result_share": "0.10"}
    form = CovenantForm(data, instance=covenant)
    assert errors(form) == {"max_grant_eur": ["The term is not a whole number of years: give an explicit maximum."]}
    assert CovenantForm({**data, "end": "2017-12-31"}, instance=covenant).is_valid()
    assert CovenantForm({**data, "max_grant_eur": "150000"}, instance=covenant).is_valid()


# --- the stored covenant, settled (settlement.terms_from_covenant) ---------------------------------


def test_a_stored_covenant_is_settled_from_its_consultants_absences_and_results(covenant):
    from werkbaar.covenants.settlement import settle_covenant

    # worked by hand (conftest.VALID): 2 FTE funded, 731 days.
    # 2016-01-01 – 06-30 (182 days): An only, 1 FTE short, 2 FTE short in her March break (31 days)
    #   -> 151 x 1 + 31 x 2 = 213; 2016-07-01 – 2017-12-31 (549 days): 1.5 deployed -> 549 x 0.5 = 274.5.
    # shortfall 487.5; deduction 196000 x 487.5 / 1462 = 65355.677...; result share 19600, P1 met of 2
    # -> 9800 paid, P2 pending; payable 196000 - 65355.677... - 9800 = 120844.322...
    s = settle_covenant(covenant)
    assert s.as_json() == {
        "max_grant_eur": "196000.00", "term_days": 731, "day_rate_eur": "134.06", "shortfall_fte_days": "487.5000",
        "deduction_eur": "65355.68", "result_share_eur": "19600.00", "priorities_total": 2, "priorities_met": 1,
        "priorities_pending": ["P2"], "result_share_paid_eur": "9800.00", "payable_eur": "120844.32",
    }
    an, bert = sorted(s.lines, key=lambda line: line.name)
    assert (an.name, an.absence_days_unreplaced, an.fte_days_deployed) == ("An Peeters", 31, 700)
    assert (bert.start.isoformat(), bert.days_employed, bert.fte_days_deployed) == ("2016-07-01", 549, D("274.5"))


def test_an_indicator_without_a_result_is_pending_and_a_missing_indicator_too(covenant):
    from werkbaar.covenants.settlement import settle_covenant

    covenant.priorities.get(code="P1").indicator.delete()
    s = settle_covenant(covenant)
    assert s.priorities_met == 0 and s.priorities_pending == ("P1", "P2")


def test_terms_are_read_from_every_stored_field(covenant):
    from werkbaar.covenants.models import Absence
    from werkbaar.covenants.settlement import (
        AbsencePeriod,
        ConsultantPeriod,
        CovenantTerms,
        IndicatorResult,
        settle,
        terms_from_covenant,
    )

    bert = consultant(covenant, "Bert Janssens")
    bert.end = date(2017, 6, 30)
    bert.save()
    Absence.objects.create(consultant=bert, start=date(2016, 9, 1), end=date(2016, 9, 10), kind="sickness",
                           replaced=True)
    covenant.rate_per_fte_year_eur = D("49000")
    terms = terms_from_covenant(covenant)
    assert terms == CovenantTerms(
        code="TEST-2016-2017", start=date(2016, 1, 1), end=date(2017, 12, 31), funded_fte=D("2"),
        result_share=D("0.10"), max_grant_eur=D("196000"), rate_per_fte_year_eur=D("49000"),
        consultants=(
            ConsultantPeriod("An Peeters", D("1"), None, None,
                             (AbsencePeriod(date(2016, 3, 1), date(2016, 3, 31), "career_break", False),)),
            ConsultantPeriod("Bert Janssens", D("0.5"), date(2016, 7, 1), date(2017, 6, 30),
                             (AbsencePeriod(date(2016, 9, 1), date(2016, 9, 10), "sickness", True),)),
        ),
        priority_codes=("P1", "P2"),
        results=(IndicatorResult("P1", True, D("3")), IndicatorResult("P2", None, None)),
    )
    line = settle(terms).lines_as_json()[1]
    assert line == {"name": "Bert Janssens", "fte": "0.50", "start": "2016-07-01", "end": "2017-06-30",
                    "days_employed": 365, "absence_days_unreplaced": 0, "absence_days_replaced": 10,
                    "fte_days_deployed": "182.5000"}
