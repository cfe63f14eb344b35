"""Fixtures of the core tests: access codes of an open and of a closed scan campaign."""

import datetime

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
