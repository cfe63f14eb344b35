"""Pre-filling says per field why it stays empty, and brings the policy recommendations of the sector's
learning networks into the covenant report (``networks.counts.policy_recommendations_for`` had no caller)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from werkbaar.core.roles import Role
from werkbaar.covenants import linked_sources
from werkbaar.networks.models import Idea, Network, PolicyRecommendation
from werkbaar.reporting import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def no_data_source(monkeypatch):
    monkeypatch.setitem(linked_sources._REGISTRY, "test.empty", linked_sources.LinkedSource(
        "test.empty", "Attendance rate", "other", lambda covenant, start, end: None))
    monkeypatch.setattr(linked_sources, "_LOADED", True)


def _recommendation(sector, text, when, addressed_to=""):
    network = Network.objects.create(title=f"Net {text[:5]}", theme="t", sector=sector, start=date(2021, 1, 1),
                                     end=date(2022, 12, 31), expectations="-")
    idea = Idea.objects.create(network=network, text=text, theme="support", term="long", scope="policy",
                               status="policy")
    with time_machine.travel(when, tick=False):
        return PolicyRecommendation.objects.create(idea=idea, network=network, text=text, addressed_to=addressed_to)


def test_each_field_says_why_it_stays_empty(covenant_factory, no_data_source):
    covenant = covenant_factory()
    p1, p2 = (covenant.priorities.get(code=c).indicator for c in ("P1", "P2"))
    p2.linked_source = "test.empty"
    p2.save()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    report.content = {}
    result = services.prefill(report, save=False)
    reasons = {n.section: n.reason for n in result.notes if n.field == "Measured value"}
    assert "No linked data source" in reasons["Result indicator P1 Priority 1"]
    assert "“Attendance rate” has no data for 01/01/2021 – 31/12/2021" in reasons["Result indicator P2 Priority 2"]
    assert result.filled == 2  # the two action statuses; no indicator value was made up
    assert report.content[f"indicator-{p2.pk}"].get("measured_value") is None


def test_the_prefill_page_lists_the_reasons(covenant_factory, make_user, client):
    covenant = covenant_factory()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    report.content = {}
    report.save()
    client.force_login(make_user(Role.SECTOR_STAFF, sector=covenant.sector))
    page = client.post(f"/reporting/{report.pk}/prefill/").content.decode()
    assert "2 velden ingevuld." in page
    table = page.split('id="prefill"')[1]
    assert table.count("<tr>") == 1 + 2 + 2 + 1  # header, 2 statuses, 2 values, the recommendations


def test_policy_recommendations_of_the_period_reach_the_covenant_report(covenant_factory, sector_factory):
    covenant = covenant_factory()  # term 2021-2022, progress report over 2021
    tz = ZoneInfo("Europe/Brussels")
    _recommendation(covenant.sector, "Fund more coaches per domestic helper", datetime(2021, 5, 3, tzinfo=tz),
                    "Minister of Work")
    _recommendation(covenant.sector, "Later idea", datetime(2022, 3, 1, tzinfo=tz))
    _recommendation(sector_factory(), "Another sector's idea", datetime(2021, 5, 3, tzinfo=tz))
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    progress, final = reports["progress"], reports["final"]
    text = progress.content["recommendations"]["recommendations"]
    assert text.startswith("- Fund more coaches per domestic helper (Net Fund") and "Minister of Work" in text
    assert "Later idea" not in text  # made in 2022, after the progress report's period
    assert final.content["recommendations"]["recommendations"].count("\n") == 1  # both of the sector, whole term
    assert "Another sector" not in final.content["recommendations"]["recommendations"]
    # a typed text is kept
    progress.content["recommendations"]["recommendations"] = "Our own words"
    note = next(n for n in services.prefill(progress).notes if n.field == "Policy recommendations")
    assert not note.filled and progress.content["recommendations"]["recommendations"] == "Our own words"
