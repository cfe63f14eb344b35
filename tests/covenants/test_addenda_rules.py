"""The pure rules of the addenda processes (covenants.addenda_rules), with hand-worked examples."""

from datetime import date

import pytest
from django.utils import translation

from werkbaar.covenants.addenda_rules import (
    FigureFacts,
    PhaseFacts,
    completion_problems,
    dual_totals,
    figure_problems,
    phase_problems,
    waiver_problems,
)

START, END = date(2021, 1, 1), date(2022, 12, 31)


def test_a_deadline_before_the_covenant_start_is_refused_in_each_language():
    facts = PhaseFacts("baseline", START, deadline=date(2020, 12, 31))
    assert phase_problems(facts) == {"deadline": "The deadline lies before the start of the covenant (01/01/2021)."}
    with translation.override("nl"):
        assert phase_problems(facts)["deadline"] == \
            "De deadline ligt vóór de start van het convenant (01/01/2021)."
    with translation.override("fr"):
        assert phase_problems(facts)["deadline"] == \
            "L'échéance précède le début de la convention (01/01/2021)."
    assert phase_problems(PhaseFacts("baseline", START, deadline=START)) == {}


def test_a_negative_number_of_tests_is_refused_and_zero_is_not():
    assert phase_problems(PhaseFacts("baseline", START, tests_count=-1)) == {
        "tests_count": "The number of tests cannot be negative."}
    assert phase_problems(PhaseFacts("baseline", START, tests_count=0)) == {}


def test_only_measurements_have_a_method_and_only_the_risk_analysis_has_domains():
    assert set(phase_problems(PhaseFacts("action_plan", START, method="survey"))) == {"method"}
    assert set(phase_problems(PhaseFacts("risk_analysis", START, tests_count=3))) == {"method"}
    assert set(phase_problems(PhaseFacts("follow_up", START, criteria=("age",)))) == set()
    assert set(phase_problems(PhaseFacts("baseline", START, domains=("recruitment",)))) == {"domains"}
    assert phase_problems(PhaseFacts("risk_analysis", START, domains=("recruitment",))) == {}


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_phase_is_not_waived_without_a_reason(reason):
    assert waiver_problems(reason) == ["Give the reason why this phase is waived."]


def test_a_phase_is_waived_with_a_reason():
    assert waiver_problems("We build on our own mystery calls.") == []


def test_a_measurement_is_done_only_with_method_tests_criteria_and_result():
    assert completion_problems(PhaseFacts("baseline", START)) == [
        "A finished measurement needs its method.",
        "A finished measurement needs the number of tests (at least 1).",
        "A finished measurement needs the criteria it tested.",
        "Give the key result of the phase (at sector level, never per company).",
    ]
    assert completion_problems(PhaseFacts("follow_up", START, method="survey", tests_count=0, criteria=("age",),
                                          key_result="x")) == [
        "A finished measurement needs the number of tests (at least 1)."]
    assert completion_problems(PhaseFacts("baseline", START, method="correspondence_test", tests_count=400,
                                          criteria=("origin", "age"), key_result="12% fewer call-backs")) == []


def test_a_risk_analysis_is_done_with_its_domains_and_an_action_plan_with_a_result():
    assert completion_problems(PhaseFacts("risk_analysis", START, key_result="x")) == [
        "A finished risk analysis names the domains it looked at."]
    assert completion_problems(PhaseFacts("risk_analysis", START, domains=("training",), key_result="x")) == []
    assert completion_problems(PhaseFacts("action_plan", START, key_result=" ")) == [
        "Give the key result of the phase (at sector level, never per company)."]
    assert completion_problems(PhaseFacts("action_plan", START, key_result="charter")) == []


def _figure(start, end, **counts):
    return FigureFacts(START, END, start, end, counts)


def test_counts_cannot_be_negative():
    problems = figure_problems(_figure(START, END, workplaces=-1, mentors_trained=-5, recognitions=0))
    assert problems == {"workplaces": "Counts cannot be negative.", "mentors_trained": "Counts cannot be negative."}
    with translation.override("fr"):
        assert figure_problems(_figure(START, END, company_visits=-1)) == {
            "company_visits": "Un nombre ne peut pas être négatif."}
    with translation.override("nl"):
        assert figure_problems(_figure(START, END, company_visits=-1)) == {
            "company_visits": "Aantallen kunnen niet negatief zijn."}


def test_a_period_lies_within_the_term_and_ends_after_it_starts():
    assert set(figure_problems(_figure(date(2021, 6, 30), date(2021, 1, 1)))) == {"period_end"}
    assert set(figure_problems(_figure(date(2020, 9, 1), date(2021, 6, 30)))) == {"period_start"}
    assert set(figure_problems(_figure(date(2022, 9, 1), date(2023, 6, 30)))) == {"period_start"}
    assert figure_problems(_figure(START, END)) == {}


def test_more_quality_workplaces_than_workplaces_is_refused():
    assert set(figure_problems(_figure(START, END, workplaces=10, quality_workplaces=11))) == {"quality_workplaces"}
    assert figure_problems(_figure(START, END, workplaces=10, quality_workplaces=10)) == {}
    # a negative quality count says so, not that it is too high
    assert figure_problems(_figure(START, END, workplaces=-3, quality_workplaces=-1))["quality_workplaces"] == \
        "Counts cannot be negative."


def test_dual_totals_take_the_latest_stock_and_add_up_the_flows():
    rows = [
        _figure(date(2021, 1, 1), date(2021, 6, 30), workplaces=100, quality_workplaces=60, company_visits=40,
                recognitions=12, mentors_trained=5),
        _figure(date(2021, 7, 1), date(2021, 12, 31), workplaces=130, quality_workplaces=None, company_visits=55,
                recognitions=None, mentors_trained=7),
        _figure(date(2022, 1, 1), date(2022, 6, 30), workplaces=150, company_visits=10),
    ]
    assert dual_totals(rows, date(2021, 1, 1), date(2021, 12, 31)) == {
        "workplaces": 130, "quality_workplaces": 60, "company_visits": 95, "recognitions": 12, "mentors_trained": 12}
    assert dual_totals(rows, START, END)["workplaces"] == 150
    assert dual_totals(rows, START, END)["company_visits"] == 105
    # a count that straddles the period's end does not belong to it; no count at all is None, not 0
    assert dual_totals(rows, date(2021, 1, 1), date(2021, 9, 30))["company_visits"] == 40
    assert dual_totals(rows, date(2022, 7, 1), END) == dict.fromkeys(
        ("workplaces", "quality_workplaces", "company_visits", "recognitions", "mentors_trained"))
    # the order of the rows does not matter
    assert dual_totals(list(reversed(rows)), date(2021, 1, 1), date(2021, 12, 31))["workplaces"] == 130


def test_each_refusal_says_exactly_what_is_wrong():
    assert phase_problems(PhaseFacts("action_plan", START, method="survey")) == {
        "method": "Only the baseline and the follow-up measurement have a method, criteria and a number of tests."}
    assert phase_problems(PhaseFacts("follow_up", START, domains=("training",))) == {
        "domains": "Only the risk analysis looks at domains."}
    assert figure_problems(_figure(date(2021, 6, 30), date(2021, 1, 1))) == {
        "period_end": "The end of the period lies before its start."}
    assert figure_problems(_figure(date(2020, 9, 1), date(2021, 6, 30))) == {
        "period_start": "The period lies outside the covenant's term (01/01/2021 – 31/12/2022)."}
    assert figure_problems(_figure(START, END, workplaces=10, quality_workplaces=11)) == {
        "quality_workplaces": "There cannot be more workplaces meeting the quality criteria than learning workplaces."}


def test_a_one_day_period_is_fine_and_a_missing_date_is_left_to_the_form():
    assert figure_problems(_figure(date(2021, 3, 1), date(2021, 3, 1))) == {}
    # the form reports an unreadable date itself; the rule must not compare with nothing
    assert figure_problems(_figure(None, date(2021, 3, 1))) == {}
    assert figure_problems(_figure(date(2021, 3, 1), None)) == {}
