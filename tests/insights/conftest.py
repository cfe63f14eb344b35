"""Fixtures of the insights tests: closed campaigns with synthetic responses (scans models)."""

import datetime
import random

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _inline_analysis(settings):
    """Run analyses in the request (the test database is not visible to a background thread)."""
    settings.WERKBAAR_ANALYSIS_MODE = "inline"


@pytest.fixture
def insights_campaign_factory(db, company_factory):
    """make(organisation=None, closed=True, **fields) -> Campaign (base instrument, team + age grouping)."""
    from werkbaar.scans.models import Campaign, CampaignStatus

    def make(organisation=None, closed=True, days_ago=5, **extra):
        today = timezone.localdate()
        values = {
            "name": "Scan",
            "instrument_ref": "werkbaarheidsscan-basis",
            "modules": [],
            "languages": ["nl", "fr"],
            "grouping": {"team": ["A", "B", "C"], "age_band": ["< 35", "35+"]},
            "opens_on": today - datetime.timedelta(days=days_ago + 20),
            "closes_on": today - datetime.timedelta(days=days_ago) if closed else today + datetime.timedelta(days=10),
            "min_group_size": 5,
            "population_size": 100,
        }
        values.update(extra)
        if closed:
            values.setdefault("status", CampaignStatus.CLOSED)
            values.setdefault("closed_on", values["closes_on"])
        return Campaign.objects.create(organisation=organisation or company_factory(), **values)

    return make


@pytest.fixture
def add_responses(db):
    """add(campaign, n, groups=None, seed=1, level=None) -> creates n synthetic responses.

    ``groups``: a dict of fixed bands, or a list of dicts cycled over the responses. ``level`` (1-4)
    answers every item with that value; otherwise answers are random (seeded).
    """
    from werkbaar.scans.models import Response

    def add(campaign, n, groups=None, seed=1, level=None):
        rng = random.Random(seed)
        items = campaign.item_ids()
        rows = []
        for i in range(n):
            if isinstance(groups, list):
                g = groups[i % len(groups)]
            else:
                g = groups or {}
            answers = {item: (level if level else rng.randint(1, 4)) for item in items}
            full_groups = {k: g.get(k) for k in campaign.grouping_keys}
            rows.append(Response(campaign=campaign, language="nl", answers=answers, groups=full_groups))
        Response.objects.bulk_create(rows)
        return rows

    return add


@pytest.fixture
def closed_campaign(insights_campaign_factory, add_responses, company_factory):
    """A closed campaign of 30 responses: team A 14, team B 13, team C 3 (C suppressed, then B secondary?)."""
    company = company_factory(employees=120)
    campaign = insights_campaign_factory(organisation=company, name="Scan 2026")
    add_responses(campaign, 14, {"team": "A", "age_band": "< 35"}, seed=1)
    add_responses(campaign, 13, {"team": "B", "age_band": "35+"}, seed=2)
    add_responses(campaign, 3, {"team": "C", "age_band": "35+"}, seed=3)
    return campaign
