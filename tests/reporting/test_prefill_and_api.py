"""Pre-filling from linked sources and action statuses; the read API with due dates and values."""

from datetime import date
from decimal import Decimal

import pytest

from werkbaar.core.roles import Role
from werkbaar.covenants import linked_sources
from werkbaar.reporting import services
from werkbaar.reporting.models import ReportTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(monkeypatch):
    calls = []

    def source(covenant, start, end):
        calls.append((start, end))
        return 42

    monkeypatch.setitem(linked_sources._REGISTRY, "test.count", linked_sources.LinkedSource(
        "test.count", "Test count", "participants", source))
    monkeypatch.setattr(linked_sources, "_LOADED", True)
    return calls


def test_report_is_prefilled_with_action_statuses_and_linked_values(covenant_factory, linked):
    covenant = covenant_factory()
    ind = covenant.priorities.get(code="P1").indicator
    ind.linked_source = "test.count"
    ind.save()
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    progress = reports["progress"]
    action = covenant.priorities.get(code="P1").actions.get()
    assert progress.content[f"action-{action.pk}"]["status"] == "running"
    assert progress.content[f"indicator-{ind.pk}"]["measured_value"] == "42"
    # the progress report covers the first calendar year of the term, the final report the whole term
    assert (date(2021, 1, 1), date(2021, 12, 31)) in linked
    assert (date(2021, 1, 1), date(2022, 12, 31)) in linked
    # what the sector typed is never overwritten
    progress.content[f"indicator-{ind.pk}"]["measured_value"] = "50"
    progress.save()
    services.prefill(progress)
    assert progress.content[f"indicator-{ind.pk}"]["measured_value"] == "50"


def test_a_failing_linked_source_leaves_the_value_empty(covenant_factory, monkeypatch):
    def broken(covenant, start, end):
        raise RuntimeError("source down")

    monkeypatch.setitem(linked_sources._REGISTRY, "test.broken", linked_sources.LinkedSource(
        "test.broken", "Broken", "participants", broken))
    monkeypatch.setattr(linked_sources, "_LOADED", True)
    covenant = covenant_factory()
    ind = covenant.priorities.get(code="P1").indicator
    ind.linked_source = "test.broken"
    ind.save()
    progress = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    assert progress.content[f"indicator-{ind.pk}"].get("measured_value") in (None, "")


def test_one_template_per_generation_and_new_versions_are_used(covenant_factory):
    c = covenant_factory()
    first = services.template_for(c.generation)
    assert first.version == 1 and services.template_for(c.generation) == first
    v2 = ReportTemplate.objects.create(generation=c.generation, version=2, title="v2",
                                       spec={"sections": [first.spec["sections"][0]]})
    assert services.template_for(c.generation) == v2
    reports = services.ensure_reports(c)
    assert {r.template for r in reports} == {v2}
    assert all(s.kind == "per_action" for s in services.sections_for(reports[0]))


def test_api_lists_reports_values_and_settlement(covenant_factory, make_user, client, complete):
    covenant = covenant_factory()
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    user = make_user(Role.CONSULTANT, sector=covenant.sector)
    r = reports["progress"]
    r.content = complete(r)
    r.save()
    services.apply_transition(r, "submit", user)
    client.force_login(user)
    data = client.get("/api/v1/reporting/reports").json()
    assert [(d["kind"], d["status"], d["due_date"], d["versions"]) for d in data] == [
        ("progress", "submitted", "2022-01-31", 1), ("final", "draft", "2023-01-31", 0)]
    values = client.get(f"/api/v1/reporting/indicator-values?covenant={covenant.code}").json()
    assert len(values) == 2 and values[0]["value"] == "120.00" and values[0]["period_end"] == "2021-12-31"
    settlement = client.get(f"/api/v1/reporting/settlements/{covenant.code}").json()
    assert settlement["payable_eur"] and settlement["max_grant_eur"] == "196000.00"
    detail = client.get(f"/api/v1/reporting/reports/{r.pk}").json()
    assert detail["content"] == r.content
    assert Decimal(values[0]["target"]) == Decimal("100")
