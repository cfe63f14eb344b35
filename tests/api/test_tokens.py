"""API tokens: made on the profile page and shown once, stored hashed, scoped per operation, expiring
and revocable, never more than the user's own permissions; CSRF stays required for session writes."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from werkbaar.api import tokens
from werkbaar.api.models import ApiToken
from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def content_url(world):
    return f"/api/v1/reporting/reports/{world.reports[0].pk}/content"


def test_the_profile_page_makes_a_token_shows_it_once_and_keeps_only_its_hash(client, api_world):
    client.force_login(api_world.staff)
    response = client.post("/account/api/", {"name": "HR system", "scopes": ["covenants:read"], "days": "30"})
    assert response.status_code == 200
    raw = response.context["secret"]
    assert raw.startswith("wbk_") and raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest() and raw not in str(token.__dict__)
    listing = client.get("/account/api/").content.decode()
    assert "HR system" in listing and raw not in listing  # listed, never shown again
    assert Client().get(f"/api/v1/covenants/{api_world.covenant.code}", **bearer(raw)).status_code == 200


def test_the_form_refuses_unknown_scopes_and_long_lives_with_a_message(client, api_world):
    client.force_login(api_world.staff)
    response = client.post("/account/api/", {"name": "x", "scopes": ["everything"], "days": "5000"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert set(response.context["form"].errors) == {"scopes", "days"}


def test_a_read_token_cannot_write_and_a_write_token_can(api_world):
    _, read = tokens.create(api_world.staff, "read", ["covenants:read"], 30)
    _, write = tokens.create(api_world.staff, "write", ["reports:write"], 30)
    c = Client(enforce_csrf_checks=True)
    body = '{"content": {}}'
    refused = c.put(content_url(api_world), data=body, content_type="application/json", **bearer(read))
    assert refused.status_code == 403 and "reports:write" in refused.json()["detail"]
    assert c.get(f"/api/v1/reporting/reports/{api_world.reports[0].pk}", **bearer(read)).status_code == 200
    # Token requests need no CSRF token.
    assert c.put(content_url(api_world), data=body, content_type="application/json", **bearer(write)).status_code == 200
    assert c.get(f"/api/v1/covenants/{api_world.covenant.code}", **bearer(write)).status_code == 403


def test_an_endpoint_without_a_declared_scope_refuses_tokens(api_world):
    _, raw = tokens.create(api_world.staff, "all", ["covenants:read", "reports:write", "fund:read"], 30)
    response = Client().get(f"/api/v1/networks/{api_world.network.pk}", **bearer(raw))
    assert response.status_code == 403


def test_expired_revoked_and_forged_tokens_are_refused(api_world):
    token, raw = tokens.create(api_world.staff, "t", ["covenants:read"], 30)
    url = f"/api/v1/covenants/{api_world.covenant.code}"
    assert Client().get(url, **bearer(raw)).status_code == 200
    assert Client().get(url, **bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B"))).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Client().get(url, **bearer(raw)).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    tokens.revoke(token)
    assert Client().get(url, **bearer(raw)).status_code == 401


def test_revoking_on_the_profile_page(client, api_world):
    token, raw = tokens.create(api_world.staff, "t", ["covenants:read"], 30)
    client.force_login(api_world.outsider)
    assert client.post(f"/account/api/tokens/{token.pk}/revoke/").status_code == 404  # not theirs
    client.force_login(api_world.staff)
    assert client.post(f"/account/api/tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get(f"/api/v1/covenants/{api_world.covenant.code}", **bearer(raw)).status_code == 401


def test_last_used_is_recorded(api_world):
    token, raw = tokens.create(api_world.staff, "t", ["covenants:read"], 30)
    assert token.last_used_at is None
    Client().get("/api/v1/covenants/", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_of_another_sector_reaches_nothing_of_this_one(api_world):
    _, raw = tokens.create(api_world.outsider, "t", ["covenants:read", "reports:write"], 30)
    c = Client()
    assert c.get(f"/api/v1/covenants/{api_world.covenant.code}", **bearer(raw)).status_code == 404
    assert c.get(f"/api/v1/reporting/reports/{api_world.reports[0].pk}", **bearer(raw)).status_code == 404
    assert c.get("/api/v1/covenants/", **bearer(raw)).json() == []
    assert c.put(content_url(api_world), data='{"content": {}}', content_type="application/json",
                 **bearer(raw)).status_code == 404


def test_an_organisation_token_stops_when_its_user_no_longer_administers_it(api_world, company_factory, make_user):
    organisation = company_factory(sector=api_world.covenant.sector)
    admin = make_user(Role.COMPANY_ADMIN, organisation=organisation)
    token, raw = tokens.create(admin, "org", ["fund:read"], 30, organisation=organisation)
    assert Client().get("/api/v1/fund/applications", **bearer(raw)).status_code == 200
    colleague = make_user(Role.COMPANY_ADMIN, organisation=organisation)
    assert token in tokens.tokens_for(colleague)
    admin.memberships.all().delete()
    assert Client().get("/api/v1/fund/applications", **bearer(raw)).status_code == 401
    with pytest.raises(PermissionError):
        tokens.create(api_world.outsider, "x", ["fund:read"], 30, organisation=organisation)


def test_session_writes_still_need_the_csrf_token(api_world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(api_world.staff)
    response = c.put(content_url(api_world), data='{"content": {}}', content_type="application/json")
    assert response.status_code == 403
    # A made-up bearer header does not get a session write past CSRF either.
    response = c.put(content_url(api_world), data='{"content": {}}', content_type="application/json",
                     **bearer("wbk_00000000_forged"))
    assert response.status_code == 403


def test_the_openapi_document_describes_tokens_and_scopes(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    put = schema["paths"]["/api/v1/reporting/reports/{report_id}/content"]["put"]
    assert put["x-token-scope"] == "reports:write" and {"TokenAuth": ["reports:write"]} in put["security"]
    board = schema["paths"]["/api/v1/networks/{network_id}/board"]["get"]
    assert board["x-token-scope"] is None and all("TokenAuth" not in s for s in board["security"])
