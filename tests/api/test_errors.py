"""The API's contract for errors: one shape for every error of every endpoint, 404 for objects outside
the caller's scope, JSON 503 with Retry-After while the database is down, and an OpenAPI document that
lists 401/403/404 for every operation."""

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db

METHODS = {"get", "put", "post", "patch", "delete"}
#: Operations whose refusals are a published contract of their own (docs/api-scan.md): they declare
#: their own schema for the statuses they decide; every other status has the one error schema.
OWN_CONTRACT = {"/api/v1/scan/{code}/submit"}


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} and e["message"] for e in body["errors"])
    return body


def _content_url(world):
    return f"/api/v1/reporting/reports/{world.reports[0].pk}/content"


@pytest.mark.parametrize("method, url, data, field", [
    ("put", _content_url, "{not json", None),
    ("put", _content_url, b"\xff\xfe{}", None),                  # not UTF-8
    ("put", _content_url, '{"content": 3}', "content"),         # valid JSON, wrong type
    ("put", _content_url, "{}", "content"),                     # a required field missing
    ("post", lambda w: "/api/v1/scan/ABCDE-FGHJK/submit", "{not json", None),
    ("get", lambda w: "/api/v1/networks/first", None, "network_id"),  # a path parameter that is no number
])
def test_unparseable_json_and_invalid_fields_answer_400_in_one_shape(client, api_world, method, url, data, field):
    client.force_login(api_world.staff)
    call = getattr(client, method)
    response = call(url(api_world), data=data, content_type="application/json") if data is not None else call(
        url(api_world))
    body = assert_error_shape(response, 400)
    assert [e["field"] for e in body["errors"]] == ([field] if field else [])


def test_out_of_scope_objects_answer_404_in_one_shape(client, api_world):
    client.force_login(api_world.outsider)
    code, report, network = api_world.covenant.code, api_world.reports[0].pk, api_world.network.pk
    for url in [f"/api/v1/covenants/{code}", f"/api/v1/covenants/{code}/settlement",
                f"/api/v1/reporting/reports/{report}", f"/api/v1/reporting/settlements/{code}",
                f"/api/v1/networks/{network}", f"/api/v1/networks/{network}/sessions",
                f"/api/v1/networks/{network}/attendance", f"/api/v1/networks/{network}/board",
                "/api/v1/actions/menu/no-such-action"]:
        assert assert_error_shape(client.get(url), 404)["errors"] == [], url
    response = client.put(f"/api/v1/reporting/reports/{report}/content", data='{"content": {}}',
                          content_type="application/json")
    assert_error_shape(response, 404)


def test_signed_out_answers_401_in_one_shape(client):
    assert_error_shape(client.get("/api/v1/covenants/"), 401)


def test_the_401_names_both_ways_in_in_the_callers_language(client):
    dutch = client.get("/api/v1/covenants/", HTTP_ACCEPT_LANGUAGE="nl").json()["detail"]
    assert dutch == "Meld je eerst aan: stuur een sessiecookie of een API-token mee (Authorization: Bearer)."
    french = client.get("/api/v1/covenants/", HTTP_ACCEPT_LANGUAGE="fr").json()["detail"]
    assert "jeton d'API" in french


@pytest.fixture
def database_down(monkeypatch):
    """Every query from now on fails as if the database server were gone."""

    def down(exc_class):
        def execute(self, *args, **kwargs):
            raise exc_class("server closed the connection unexpectedly")

        monkeypatch.setattr(CursorWrapper, "execute", execute)
        monkeypatch.setattr(CursorWrapper, "executemany", execute)

    return down


@pytest.mark.parametrize("exc_class", [OperationalError, InterfaceError])
def test_a_database_outage_answers_json_503_with_retry_after(client, api_world, database_down, exc_class):
    client.force_login(api_world.staff)
    database_down(exc_class)
    for method, url, data in [("get", "/api/v1/covenants/", None),
                              ("put", _content_url(api_world), '{"content": {}}'),
                              ("post", "/api/v1/scan/ABCDE-FGHJK/submit", '{"language": "nl", "answers": {}}')]:
        call = getattr(client, method)
        response = call(url, data=data, content_type="application/json") if data else call(url)
        assert_error_shape(response, 503)
        assert int(response["Retry-After"]) > 0


def test_openapi_document_lists_401_403_404_with_the_error_schema_for_every_operation(client):
    document = client.get("/api/v1/openapi.json").json()
    assert "Error" in document["components"]["schemas"]
    operations = [(path, method, op) for path, item in document["paths"].items()
                  for method, op in item.items() if method in METHODS]
    assert len(operations) >= 15
    missing = []
    for path, method, op in operations:
        for status in ("401", "403", "404"):
            answer = op["responses"].get(status)
            schema = (answer or {}).get("content", {}).get("application/json", {}).get("schema", {})
            own = path in OWN_CONTRACT and schema.get("$ref")
            if schema.get("$ref") != "#/components/schemas/Error" and not own:
                missing.append(f"{method.upper()} {path} {status}")
        if "Retry-After" not in op["responses"].get("503", {}).get("headers", {}):
            missing.append(f"{method.upper()} {path} 503")
    assert missing == []


def test_a_permission_refusal_from_shared_code_answers_403_in_one_shape(client, api_world, monkeypatch):
    """Permission helpers shared with the pages raise Django's PermissionDenied (an HTML 403 by default)."""
    from django.core.exceptions import PermissionDenied

    import werkbaar.reporting.api

    def refuse(user):
        raise PermissionDenied

    monkeypatch.setattr(werkbaar.reporting.api, "visible_reports", refuse)
    client.force_login(api_world.staff)
    assert_error_shape(client.get("/api/v1/reporting/reports"), 403)
