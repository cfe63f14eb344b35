"""Fixtures of the privacy tests: a closed campaign with responses, a covenant report with evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile


@pytest.fixture(autouse=True)
def _media_and_inline(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WERKBAAR_ANALYSIS_MODE = "inline"
    settings.RETENTION_SCAN_RESPONSES_YEARS = 3
    settings.RETENTION_EVIDENCE_YEARS = 7
    settings.RETENTION_ORGANISATION_YEARS = 3


@pytest.fixture
def scan_factory(db, company_factory):
    """make(organisation=None, closed_on=date, responses=0, status='closed') -> Campaign with responses
    (team A/B, every item answered 2), its access codes (one per response plus two unused)."""
    from werkbaar.scans.models import AccessCode, Campaign, Response

    def make(organisation=None, closed_on=datetime.date(2022, 6, 30), responses=0, status="closed", **extra):
        values = {
            "name": "Scan", "instrument_ref": "werkbaarheidsscan-basis", "modules": [], "languages": ["nl"],
            "grouping": {"team": ["A", "B"]}, "opens_on": closed_on - datetime.timedelta(days=20),
            "closes_on": closed_on, "min_group_size": 5, "population_size": 40, "status": status,
            "closed_on": closed_on if status == "closed" else None,
        }
        values.update(extra)
        campaign = Campaign.objects.create(organisation=organisation or company_factory(), **values)
        items = campaign.item_ids()
        Response.objects.bulk_create([
            Response(campaign=campaign, language="nl", answers=dict.fromkeys(items, 2),
                     groups={"team": "A" if i % 2 else "B"})
            for i in range(responses)])
        AccessCode.objects.bulk_create([
            AccessCode(campaign=campaign, code=f"C{campaign.pk:04d}X{i:05d}") for i in range(responses + 2)])
        return campaign

    return make


@pytest.fixture
def evidence_factory(db, sector_factory):
    """make(end=date, name='attendance.csv') -> EvidenceFile of a progress report of a covenant ending on ``end``."""
    from werkbaar.covenants.models import Covenant, Priority, ResultIndicator
    from werkbaar.reporting import services
    from werkbaar.reporting.models import EvidenceFile

    def make(end=datetime.date(2022, 12, 31), name="attendance.csv", sector=None):
        sector = sector or sector_factory()
        covenant = Covenant.objects.create(
            code=f"{sector.code.upper()}-{end.year}-{EvidenceFile.objects.count()}", title="Covenant", sector=sector,
            generation=f"{end.year - 1}-{end.year}", start=end.replace(year=end.year - 2), end=end, status="active",
            funded_fte=Decimal("1"), max_grant_eur=Decimal("98000"), result_share=Decimal("0.20"),
        )
        priority = Priority.objects.create(covenant=covenant, code="P1", title="Priority 1", order=1)
        indicator = ResultIndicator.objects.create(priority=priority, description="Indicator",
                                                   target_value=Decimal("100"))
        report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
        evidence = EvidenceFile(report=report, section=f"indicator-{indicator.pk}", name=name)
        evidence.file.save(name, ContentFile(b"name;date\n"), save=True)
        return evidence

    return make
