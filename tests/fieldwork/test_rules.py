"""The counting rules of the field-work log (pure functions, hand-worked cases)."""

from datetime import date

from werkbaar.fieldwork import rules
from werkbaar.fieldwork.rules import Fact

TERM = (date(2021, 1, 1), date(2022, 12, 31))


def test_a_company_contacted_twice_in_a_period_is_reached_once():
    facts = [Fact(1, date(2021, 3, 1)), Fact(1, date(2021, 9, 1), "phone"), Fact(2, date(2021, 5, 5))]
    assert rules.companies_reached(facts, date(2021, 1, 1), date(2021, 12, 31), *TERM) == 2
    assert rules.visits(facts, date(2021, 1, 1), date(2021, 12, 31), *TERM) == 2


def test_a_company_reached_in_two_periods_counts_once_in_each_and_once_in_the_term():
    facts = [Fact(1, date(2021, 3, 1)), Fact(1, date(2022, 3, 1)), Fact(2, date(2022, 6, 1))]
    per_year = rules.companies_reached_per_period(
        facts, [("2021", date(2021, 1, 1), date(2021, 12, 31)), ("2022", date(2022, 1, 1), date(2022, 12, 31))], *TERM)
    assert per_year == {"2021": 1, "2022": 2}
    assert rules.companies_reached(facts, *TERM, *TERM) == 2


def test_a_contact_outside_the_covenant_term_does_not_count():
    facts = [Fact(1, date(2020, 12, 31)), Fact(2, date(2021, 1, 1)), Fact(3, date(2022, 12, 31)),
             Fact(4, date(2023, 1, 1))]
    # the period asked for is wider than the term: only the term counts
    assert rules.companies_reached(facts, date(2020, 1, 1), date(2023, 12, 31), *TERM) == 2
    assert rules.visits(facts, date(2020, 1, 1), date(2023, 12, 31), *TERM) == 2
    # a period entirely outside the term counts nothing
    assert rules.companies_reached(facts, date(2023, 1, 1), date(2023, 12, 31), *TERM) == 0
    assert rules.counting_window(date(2023, 1, 1), date(2023, 12, 31), *TERM) is None


def test_the_counting_window_is_the_overlap_of_period_and_term():
    assert rules.counting_window(date(2020, 6, 1), date(2021, 6, 30), *TERM) == (date(2021, 1, 1), date(2021, 6, 30))
    assert rules.counting_window(date(2022, 12, 31), date(2022, 12, 31), *TERM) == (date(2022, 12, 31),) * 2


def test_sector_funds_are_not_companies_reached_and_visits_count_per_joint_committee():
    facts = [Fact(1, date(2021, 2, 1), joint_committee="322.01"), Fact(1, date(2021, 3, 1), joint_committee="322.01"),
             Fact(2, date(2021, 2, 1), joint_committee="330.01.20"), Fact(3, date(2021, 2, 1), "email"),
             Fact(9, date(2021, 2, 1), company=False)]
    assert rules.companies_reached(facts, *TERM, *TERM) == 3
    assert rules.companies_visited(facts, *TERM, *TERM) == 2
    assert rules.visits_by_joint_committee(facts, *TERM, *TERM) == {"": 1, "322.01": 2, "330.01.20": 1}
    by_jc = rules.tally_by_joint_committee(facts)
    assert by_jc["322.01"] == rules.Tally(contacts=2, visits=2, companies=1)
    assert by_jc[""] == rules.Tally(contacts=2, visits=1, companies=1)
    assert rules.tally(facts) == rules.Tally(contacts=5, visits=4, companies=3)


def test_a_follow_up_is_due_from_its_date_until_done():
    today = date(2026, 11, 29)
    assert rules.follow_up_due(date(2026, 11, 29), False, today)
    assert rules.follow_up_due(date(2026, 11, 1), False, today)
    assert not rules.follow_up_due(date(2026, 11, 30), False, today)
    assert not rules.follow_up_due(date(2026, 11, 1), True, today)
    assert not rules.follow_up_due(None, False, today)
