"""A report's content, however it is written (the page, the API's PUT), passes the page form's checks and
leaves an audit entry with each changed field before and after."""

import json

import pytest

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.reporting import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(covenant_factory, make_user, client):
    covenant = covenant_factory()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    user = make_user(Role.SECTOR_STAFF, sector=covenant.sector)
    client.force_login(user)
    action = covenant.priorities.get(code="P1").actions.get()
    report.section = f"action-{action.pk}"
    report.user = user
    return report


def put(client, report, content):
    return client.put(f"/api/v1/reporting/reports/{report.pk}/content", data=json.dumps({"content": content}),
                      content_type="application/json")


def content_entries(report):
    """Content changes after the report was created and pre-filled."""
    return AuditEntry.objects.filter(object_type="reporting.report", object_id=str(report.pk),
                                     action="content").exclude(note="prefill")


def test_api_put_of_report_content_is_audited_with_before_and_after(client, draft):
    response = put(client, draft, {draft.section: {"status": "done", "reach": "250", "narrative": "Held 3 sessions"}})
    assert response.status_code == 200
    entry = content_entries(draft).get()
    assert entry.user == draft.user and entry.note == "api"
    own = f"{draft.section}."
    assert {k: v for k, v in entry.before.items() if k.startswith(own)} == {
        f"{own}narrative": None, f"{own}reach": None, f"{own}status": "running"}
    assert {k: v for k, v in entry.after.items() if k.startswith(own)} == {
        f"{own}narrative": "Held 3 sessions", f"{own}reach": "250", f"{own}status": "done"}
    # a PUT replaces the content: the other action's pre-filled status is gone, and the entry says so
    assert [(k, v) for k, v in entry.after.items() if not k.startswith(own)] == [
        (k, None) for k in entry.before if not k.startswith(own)]
    assert (entry.root_type, entry.root_id) == ("covenants.covenant", str(draft.covenant_id))


def test_saving_the_report_page_is_audited(client, draft):
    response = client.post(f"/reporting/{draft.pk}/edit/", {f"{draft.section}__status": "dropped",
                                                            f"{draft.section}__narrative": "Stopped"})
    assert response.status_code == 302
    entry = content_entries(draft).get()
    assert entry.before[f"{draft.section}.status"] == "running" and entry.after[f"{draft.section}.status"] == "dropped"
    assert entry.after[f"{draft.section}.narrative"] == "Stopped" and entry.user == draft.user


@pytest.mark.parametrize("field, value", [
    ("narrative", "\ud800"),          # a lone surrogate: stored, every page of the report answered 500
    ("narrative", "before\x00after"),  # NUL: PostgreSQL refuses it in text
    ("status", "bogus"),              # not one of the action statuses
    ("reach", "abc"),                 # not a number
    ("reach_unit", "furlongs"),       # not a unit of the shared list
    ("narrative", ["a", "list"]),     # not text at all
])
def test_api_put_refuses_what_the_form_refuses_and_stores_nothing(client, draft, field, value):
    before = draft.content
    response = put(client, draft, {draft.section: {"status": "done", field: value}})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and [e["field"] for e in body["errors"]] == [f"content.{draft.section}.{field}"]
    assert body["errors"][0]["message"]
    draft.refresh_from_db()
    assert draft.content == before and not content_entries(draft).exists()
    assert client.get(f"/reporting/{draft.pk}/").status_code == 200


def test_api_put_stores_the_form_s_cleaned_values(client, draft):
    response = put(client, draft, {draft.section: {"reach": 12.5, "status": None}, "unknown-1": {"x": "y"}})
    assert response.status_code == 200
    assert response.json()["content"] == {draft.section: {"reach": "12.5", "status": ""}}


def test_api_refusals_are_translated(client, draft, make_user):
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    response = put(client, draft, {draft.section: {"status": "done"}})
    assert response.status_code == 403
    assert response.json() == {"detail": "Je mag dit rapport niet wijzigen.", "errors": []}
    response = client.put(f"/api/v1/reporting/reports/{draft.pk}/content", data="{}",
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["errors"] == [{"field": "content", "message": "Ce champ est obligatoire."}]
