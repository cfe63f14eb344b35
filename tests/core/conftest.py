"""Fixtures of the core tests: access codes of an open and of a closed scan campaign; builders of the
home page's work (reports in a state, network sessions, running scans, action-plan items)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone


def _campaign(organisation, opens_in_days: int, closes_in_days: int):
    from werkbaar.scans.models import Campaign

    today = timezone.localdate()
    return Campaign.objects.create(
        organisation=organisation, name="Scan", instrument_ref="werkbaarheidsscan-basis", languages=["nl", "fr"],
        opens_on=today + datetime.timedelta(days=opens_in_days),
        closes_on=today + datetime.timedelta(days=closes_in_days), population_size=40,
    )


@pytest.fixture
def scan_codes(company_factory):
    """{"open": [three codes of an open campaign], "closed": a code of a closed campaign}."""
    from werkbaar.scans.services import generate_codes

    company = company_factory()
    open_codes = [c.code for c in generate_codes(_campaign(company, -3, 10), 3)]
    closed = generate_codes(_campaign(company, -30, -2), 1)[0].code
    return {"open": open_codes, "closed": closed}


# --- the home page's work (tests/core/test_home.py and test_home_browser.py) -----------------------

TODAY = timezone.localdate()


def _reports(covenant, progress_status="draft", final_status="draft", progress_due=None, final_due=None):
    from werkbaar.reporting import services as reporting
    from werkbaar.reporting.models import Report

    reports = {r.kind: r for r in reporting.ensure_reports(covenant)}
    Report.objects.filter(pk=reports["progress"].pk).update(status=progress_status,
                                                            due_date=progress_due or TODAY + datetime.timedelta(days=20))
    Report.objects.filter(pk=reports["final"].pk).update(status=final_status,
                                                         due_date=final_due or TODAY + datetime.timedelta(days=400))
    return {k: Report.objects.get(pk=r.pk) for k, r in reports.items()}


def _session(sector, title, starts_at):
    from werkbaar.networks.models import Network, Session

    network = Network.objects.create(title=f"Network {sector.code}", theme="Werkdruk", sector=sector,
                                     start=TODAY - datetime.timedelta(days=60), end=TODAY + datetime.timedelta(days=300))
    return Session.objects.create(network=network, title=title, starts_at=starts_at,
                                  ends_at=starts_at + datetime.timedelta(hours=2))


def _running_campaign(organisation, name, population=40, **dates):
    from werkbaar.scans.models import Campaign

    return Campaign.objects.create(organisation=organisation, name=name, languages=["nl"], population_size=population,
                                   opens_on=dates.get("opens_on", TODAY - datetime.timedelta(days=3)),
                                   closes_on=dates.get("closes_on", TODAY + datetime.timedelta(days=10)))


def _plan_item(organisation, title, deadline, status="planned"):
    from werkbaar.actions.models import ActionPlan, PlanItem

    plan = ActionPlan.objects.create(organisation=organisation, title=f"Plan {organisation.name}")
    return PlanItem.objects.create(plan=plan, title=title, deadline=deadline, status=status)





@pytest.fixture
def home():
    """Builders of the home page's work: reports(covenant, progress_status=, final_status=, *_due=),
    session(sector, title, starts_at), campaign(organisation, name, population=, opens_on=, closes_on=),
    plan_item(organisation, title, deadline, status=)."""
    return SimpleNamespace(reports=_reports, session=_session, campaign=_running_campaign, plan_item=_plan_item)
