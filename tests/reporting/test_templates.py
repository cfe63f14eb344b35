"""Templates declared as data: validation, and new versions made by the department."""

import json

import pytest

from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import ReportTemplate
from werkbaar.reporting.template_spec import DEFAULT_SPEC, validate_spec


def test_default_spec_is_valid():
    assert validate_spec(DEFAULT_SPEC) == []


@pytest.mark.parametrize(("spec", "problem"), [
    ([], "list 'sections'"),
    ({"sections": [{"key": "a", "kind": "nope", "title": "A"}]}, "'kind'"),
    ({"sections": [{"key": "a", "kind": "per_addendum", "title": "A"}]}, "addendum_kind"),
    ({"sections": [{"key": "a", "kind": "consultants", "title": "A"},
                   {"key": "a", "kind": "consultants", "title": "B"}]}, "duplicate key"),
    ({"sections": [{"key": "a", "kind": "consultants", "title": "A",
                    "fields": [{"key": "x", "label": "X", "type": "colour"}]}]}, "unknown type"),
    ({"sections": [{"key": "a", "kind": "consultants", "title": "A",
                    "fields": [{"key": "x", "label": "X", "type": "choice"}]}]}, "needs 'choices'"),
    ({"sections": [{"key": "a", "kind": "consultants", "title": "A",
                    "fields": [{"key": "x", "label": "X", "type": "text", "required": ["yearly"]}]}]}, "'required'"),
])
def test_invalid_specs_are_explained(spec, problem):
    assert any(problem in p for p in validate_spec(spec))


@pytest.mark.django_db
def test_department_makes_a_new_version_used_by_new_reports(covenant_factory, make_user, client):
    covenant = covenant_factory()
    v1 = services.template_for(covenant.generation)
    department = make_user(Role.ACCOUNT_MANAGER)
    client.force_login(department)
    assert client.get("/reporting/templates/").status_code == 200
    spec = {"sections": [DEFAULT_SPEC["sections"][0]]}
    response = client.post(f"/reporting/templates/{v1.pk}/new-version/", {
        "generation": covenant.generation, "title": "Lighter", "spec": json.dumps(spec)})
    assert response.status_code == 302
    v2 = ReportTemplate.objects.get(generation=covenant.generation, version=2)
    assert v2.spec == spec
    assert {r.template for r in services.ensure_reports(covenant)} == {v2}


@pytest.mark.django_db
def test_invalid_template_is_refused_and_nothing_saved(covenant_factory, make_user, client):
    covenant = covenant_factory()
    v1 = services.template_for(covenant.generation)
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    for body in ("{not json", json.dumps({"sections": [{"key": "a", "kind": "x"}]})):
        response = client.post(f"/reporting/templates/{v1.pk}/new-version/",
                               {"generation": covenant.generation, "title": "x", "spec": body})
        assert response.status_code == 200
    assert ReportTemplate.objects.count() == 1


@pytest.mark.django_db
def test_sector_cannot_manage_templates(covenant_factory, make_user, client):
    covenant = covenant_factory()
    v1 = services.template_for(covenant.generation)
    client.force_login(make_user(Role.SECTOR_STAFF, sector=covenant.sector))
    assert client.get("/reporting/templates/").status_code == 403
    assert client.post(f"/reporting/templates/{v1.pk}/new-version/", {}).status_code == 403
