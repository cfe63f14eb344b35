"""Fixtures of the scans tests: a company with an open campaign and its codes."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def campaign_factory(db, company_factory):
    from werkbaar.scans.models import Campaign

    def make(organisation=None, **extra):
        today = timezone.localdate()
        values = {
            "name": "Scan 2026",
            "instrument_ref": "werkbaarheidsscan-basis",
            "modules": ["dienstencheques"],
            "languages": ["nl", "nl-easy", "fr", "en"],
            "grouping": {"team": ["Noord", "Zuid"], "age_band": ["< 35", "35+"]},
            "opens_on": today - datetime.timedelta(days=3),
            "closes_on": today + datetime.timedelta(days=10),
            "population_size": 40,
        }
        values.update(extra)
        return Campaign.objects.create(organisation=organisation or company_factory(), **values)

    return make


@pytest.fixture
def campaign(campaign_factory):
    return campaign_factory()


@pytest.fixture
def codes(campaign):
    from werkbaar.scans.services import generate_codes

    return [c.code for c in generate_codes(campaign, 10)]


@pytest.fixture
def full_answers(campaign):
    """A complete, valid answer set (value 2 everywhere)."""
    return {item_id: 2 for item_id in campaign.item_ids()}
