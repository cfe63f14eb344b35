"""Fixtures of the actions tests: the loaded menu, companies with closed campaigns and plans."""

import datetime
import random

import pytest
from django.utils import timezone

from werkbaar.core.roles import Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def menu(db):
    """The shipped inspiration menu, loaded from the catalogue file."""
    from werkbaar.actions.catalogue import load
    from werkbaar.actions.models import Action

    load()
    return Action.objects.all()


def make_responses(campaign, n_per_team: dict[str, int], seed: int = 1, worse: dict[str, float] | None = None):
    """Synthetic responses built with scans' models: ``worse`` shifts some scales towards problems."""
    from werkbaar.scans.models import Response

    rng = random.Random(seed)
    instrument = campaign.instrument()
    worse = worse or {}
    responses = []
    for team, n in n_per_team.items():
        for _i in range(n):
            answers = {}
            for scale in instrument.scales:
                if scale.module and scale.module not in (campaign.modules or []):
                    continue
                push = worse.get(scale.id, 0.3)
                for item_id in scale.items:
                    bad_high = (scale.higher_is == "worse") != (item_id in scale.reverse)
                    bad = rng.random() < push
                    value = rng.choice([3, 4]) if bad else rng.choice([1, 2])
                    answers[item_id] = value if bad_high else 5 - value
            responses.append(Response(campaign=campaign, language="nl", answers=answers, groups={"team": team}))
    Response.objects.bulk_create(responses)


@pytest.fixture
def closed_campaign_factory(db, company_factory):
    from werkbaar.scans.models import Campaign, CampaignStatus

    def make(organisation=None, days_ago=60, teams=None, worse=None, seed=1, name="Scan"):
        today = timezone.localdate()
        teams = teams or {"Noord": 20, "Zuid": 20, "Mini": 2}
        campaign = Campaign.objects.create(
            organisation=organisation or company_factory(), name=name, instrument_ref="werkbaarheidsscan-basis",
            modules=["dienstencheques"], languages=["nl", "fr"], grouping={"team": list(teams)},
            opens_on=today - datetime.timedelta(days=days_ago + 14), closes_on=today - datetime.timedelta(days=days_ago),
            status=CampaignStatus.CLOSED, closed_on=today - datetime.timedelta(days=days_ago), min_group_size=5,
            population_size=sum(teams.values()))
        make_responses(campaign, teams, seed=seed, worse=worse)
        return campaign

    return make


@pytest.fixture
def company(company_factory, sector_factory):
    return company_factory(sector=sector_factory("vormdc-test"), name="Poetsplus test", employees=180)


@pytest.fixture
def admin_user(make_user, company):
    return make_user(Role.COMPANY_ADMIN, organisation=company)


@pytest.fixture
def delegate(make_user, company):
    return make_user(Role.UNION_DELEGATE, organisation=company)


@pytest.fixture
def plan(company, admin_user, closed_campaign_factory, menu):
    from werkbaar.actions.models import Action, ActionPlan, PlanItem

    campaign = closed_campaign_factory(company, worse={"physical_conditions": 0.7, "dc_physical": 0.7})
    plan = ActionPlan.objects.create(organisation=company, title="Plan 2026", campaign=campaign,
                                     created_by=admin_user)
    action = Action.objects.get(key="ergonomic-equipment")
    PlanItem.objects.create(plan=plan, action=action, title=action.title_nl, indicators=action.indicators,
                            owner=admin_user, deadline=timezone.localdate() + datetime.timedelta(days=30))
    return plan


@pytest.fixture
def feedback_code(plan, admin_user):
    """A code of an open feedback round on the plan's action, done a month ago."""
    from werkbaar.actions import services

    item = plan.items.get()
    item.status = "done"
    item.done_on = timezone.localdate() - datetime.timedelta(days=31)
    item.save()
    return services.create_feedback_round(item, admin_user, 3, opens_on=timezone.localdate()).codes.first().code
