"""The scans app publishes counts of closed scans as linked sources for covenant result indicators
(docs/architecture.md promises them): Vorm DC's P1 "companies that run a scan" can be linked."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from werkbaar.covenants.linked_sources import sources, value_for
from werkbaar.covenants.models import Covenant, Priority, ResultIndicator
from werkbaar.scans.models import CampaignStatus, Response


def _indicator(sector, key):
    covenant = Covenant.objects.create(code=f"C-{key}-{Covenant.objects.count()}", sector=sector, generation="2026", start=date(2026, 1, 1),
                                       end=date(2026, 12, 31), funded_fte=Decimal("1"), max_grant_eur=Decimal("1"))
    priority = Priority.objects.create(covenant=covenant, code="P1", title="Scans")
    return ResultIndicator.objects.create(priority=priority, description="Companies that run a scan",
                                          target_value=Decimal("50"), unit="employers_reached", linked_source=key)


@time_machine.travel(datetime(2026, 11, 29, 12, tzinfo=ZoneInfo("Europe/Brussels")), tick=False)
def test_closed_scans_count_per_organisation_in_the_period(db, sector_factory, company_factory, campaign_factory):
    assert {"scans.companies_with_closed_scan", "scans.closed_scans", "scans.respondents"} <= set(sources())
    sector, other = sector_factory(), sector_factory()
    a, b, c = company_factory(sector=sector), company_factory(sector=sector), company_factory(sector=sector)
    fund = company_factory(sector=sector, kind="sector_fund")
    # by hand, for 2026: A closed two scans (counts once), B's ran out in March, C's is still open,
    # the sector fund is not a company, another sector's company does not count, and a scan that
    # closed in 2025 falls outside the period
    a1 = campaign_factory(a, opens_on=date(2026, 1, 5), closes_on=date(2026, 2, 5), status=CampaignStatus.CLOSED,
                          closed_on=date(2026, 2, 1))
    campaign_factory(a, opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 1))
    campaign_factory(b, opens_on=date(2026, 3, 1), closes_on=date(2026, 3, 20))
    campaign_factory(c, opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 20))
    campaign_factory(fund, opens_on=date(2026, 3, 1), closes_on=date(2026, 3, 20))
    campaign_factory(company_factory(sector=other), opens_on=date(2026, 3, 1), closes_on=date(2026, 3, 20))
    campaign_factory(b, opens_on=date(2025, 11, 1), closes_on=date(2025, 12, 1))
    for _ in range(3):
        Response.objects.create(campaign=a1, language="nl", answers={}, groups={})
    assert value_for(_indicator(sector, "scans.companies_with_closed_scan")) == 2
    assert value_for(_indicator(sector, "scans.closed_scans")) == 4  # A twice, B, the fund
    assert value_for(_indicator(sector, "scans.respondents")) == 3
    # a scan closed early counts on the day it was closed, not on its planned closing date
    indicator = _indicator(sector, "scans.companies_with_closed_scan")
    assert value_for(indicator, date(2026, 2, 1), date(2026, 2, 1)) == 1
    assert value_for(indicator, date(2026, 2, 5), date(2026, 2, 5)) == 0
