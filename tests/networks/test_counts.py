"""Counts of networks, and their use as linked sources of a covenant's result indicator."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from werkbaar.covenants.linked_sources import sources, value_for
from werkbaar.covenants.models import Covenant, IndicatorUnit, Priority, ResultIndicator
from werkbaar.networks import counts
from werkbaar.networks.models import Session

from .conftest import make_session, mark


@pytest.fixture
def attended(world):
    s1 = make_session(world.network, date(2026, 2, 1))
    s2 = make_session(world.network, date(2026, 3, 1))
    make_session(world.network, date(2026, 4, 1), status=Session.Status.PLANNED)  # not held: does not count
    mark(s1, world.p1, "attendee")
    mark(s1, world.p2, "absent")
    mark(s2, world.p1, "backup")
    mark(s2, world.p2, "both")
    return s1, s2


def _indicator(sector, key, unit, start=date(2026, 1, 1), end=date(2026, 12, 31)):
    covenant = Covenant.objects.create(code=f"C-{sector.code}-{key}", sector=sector, generation="2026",
                                       start=start, end=end, funded_fte=Decimal("2"), max_grant_eur=Decimal("1000"))
    priority = Priority.objects.create(covenant=covenant, code="P4", title="Workable work")
    return ResultIndicator.objects.create(priority=priority, description="30 employers in learning networks",
                                          target_value=Decimal("30"), unit=unit, linked_source=key)


def test_sources_are_registered():
    found = sources()
    assert found["networks.employers_reached"].unit == IndicatorUnit.EMPLOYERS_REACHED
    assert found["networks.sessions_held"].unit == IndicatorUnit.MEETINGS
    assert "networks.organisations_reached" in found and "networks.attendance_rate" in found


def test_network_figures(world, attended):
    figures = counts.network_figures(world.network)
    assert figures["sessions_held"] == 2
    assert figures["organisations_reached"] == 2
    assert figures["employers_reached"] == 2
    assert figures["attendance_rate"] == Decimal("75.0")  # 3 present marks of 4


def test_counts_feed_a_covenant_indicator(world, attended, company_factory):
    # owner sector and partner sector both count the network
    employers = _indicator(world.sector_a, "networks.employers_reached", IndicatorUnit.EMPLOYERS_REACHED)
    assert value_for(employers) == Decimal("2")
    sessions = _indicator(world.sector_b, "networks.sessions_held", IndicatorUnit.MEETINGS)
    assert value_for(sessions) == Decimal("2")
    rate = _indicator(world.sector_a, "networks.attendance_rate", IndicatorUnit.OTHER)
    assert value_for(rate) == Decimal("75.0")
    # another sector's covenant gets nothing
    other = _indicator(world.sector_c, "networks.employers_reached", IndicatorUnit.EMPLOYERS_REACHED)
    assert value_for(other) == Decimal("0")


def test_counts_respect_the_period(world, attended):
    indicator = _indicator(world.sector_a, "networks.sessions_held", IndicatorUnit.MEETINGS)
    assert value_for(indicator, date(2026, 2, 1), date(2026, 2, 28)) == Decimal("1")
    assert value_for(indicator, date(2025, 1, 1), date(2025, 12, 31)) == Decimal("0")
    employers = _indicator(world.sector_a, "networks.employers_reached", IndicatorUnit.EMPLOYERS_REACHED)
    # in February only Org One attended
    assert value_for(employers, date(2026, 2, 1), date(2026, 2, 28)) == Decimal("1")


def test_sector_fund_participants_are_reached_but_not_employers(world, attended, company_factory):
    from werkbaar.networks.models import Participant

    fund = company_factory(sector=world.sector_a, kind="sector_fund", name="Fund A")
    p = Participant.objects.create(network=world.network, organisation=fund, attendee_name="X",
                                   attendee_email="x@fund.example", backup_name="Y", backup_email="y@fund.example")
    mark(attended[0], p, "attendee")
    assert counts.organisations_reached(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)) == 3
    assert counts.employers_reached(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)) == 2


def test_policy_recommendations_collected_for_the_covenant_report(world):
    from werkbaar.networks.models import Idea, PolicyRecommendation

    idea = Idea.objects.create(network=world.network, text="Fund coaches", theme="support", term="long",
                               scope="policy", status="policy")
    rec = PolicyRecommendation.objects.create(idea=idea, network=world.network, text="Fund coaches")
    today = timezone.localdate(rec.created_at)
    assert list(counts.policy_recommendations_for(world.sector_b, today, today)) == [rec]  # partner sector
    assert list(counts.policy_recommendations_for(world.sector_c, today, today)) == []
    assert list(counts.policy_recommendations_for(world.sector_a, date(2020, 1, 1), date(2020, 12, 31))) == []
