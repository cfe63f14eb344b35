"""An application starts from what Werkbaar knows: the latest closed scan and the approved action plan's items."""

import datetime
import random
from decimal import Decimal as D

from django.utils import timezone

from werkbaar.fund import services


def closed_scan(organisation, days_ago, seed=1):
    from werkbaar.scans.models import Campaign, CampaignStatus, Response

    today = timezone.localdate()
    campaign = Campaign.objects.create(
        organisation=organisation, name=f"Scan {days_ago}", instrument_ref="werkbaarheidsscan-basis",
        languages=["nl"], opens_on=today - datetime.timedelta(days=days_ago + 14),
        closes_on=today - datetime.timedelta(days=days_ago), status=CampaignStatus.CLOSED,
        closed_on=today - datetime.timedelta(days=days_ago), min_group_size=5, population_size=30)
    rng = random.Random(seed)
    instrument = campaign.instrument()
    rows = []
    for _i in range(30):
        answers = {item: rng.choice([1, 2, 3, 4]) for scale in instrument.scales if not scale.module
                   for item in scale.items}
        rows.append(Response(campaign=campaign, language="nl", answers=answers, groups={}))
    Response.objects.bulk_create(rows)
    return campaign


def test_start_application_is_prefilled(fund_world):
    from werkbaar.actions.models import ActionPlan, PlanItem, PlanStatus

    w = fund_world
    closed_scan(w["company"], days_ago=400)
    latest = closed_scan(w["company"], days_ago=30, seed=2)
    plan = ActionPlan.objects.create(organisation=w["company"], title="Plan", status=PlanStatus.APPROVED,
                                     created_by=w["admin"])
    PlanItem.objects.create(plan=plan, title="Tilhulpmiddelen", budget=D("2400.00"))
    PlanItem.objects.create(plan=plan, title="Gesprek werkdruk")
    app = services.start_application(w["call"], w["company"], w["admin"])
    assert app.scan_closed_on == latest.closed_on
    assert app.workability_rate is not None and D(0) <= app.workability_rate <= D(100)
    assert isinstance(app.top_risks, list)
    assert [(c.category, c.description, c.amount_eur) for c in app.costs.all()] == [
        ("action", "Tilhulpmiddelen", D("2400.00")), ("action", "Gesprek werkdruk", D("0.00"))]
    assert app.status == "draft" and app.created_by == w["admin"]


def test_without_scan_or_plan_the_draft_is_empty(fund_world):
    w = fund_world
    app = services.start_application(w["call"], w["company"], w["admin"])
    assert app.scan_closed_on is None and app.workability_rate is None and not app.costs.exists()
