"""/api/v1/fund/: scope like the pages (404 outside it), the shared assessment, decisions with the error shape."""

import json
from decimal import Decimal as D

from werkbaar.core.roles import Role
from werkbaar.fund import services
from werkbaar.fund.models import Decision
from werkbaar.fund.workflows import APPLICATION_WORKFLOW


def under_review(w):
    app = w["application"]()
    services.submit(app, w["admin"])
    APPLICATION_WORKFLOW.apply(app, "start_review", w["managers"][0])
    for m in w["managers"]:
        services.add_review(app, m, 4, "approve")
    return app


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_calls_applications_and_assessment(client, fund_world, company_factory, make_user):
    w = fund_world
    app = w["application"]()
    client.force_login(w["admin"])
    calls = client.get("/api/v1/fund/calls").json()
    assert [c["code"] for c in calls] == [w["call"].code] and calls[0]["rate"] == "0.5000"
    assert [a["id"] for a in client.get("/api/v1/fund/applications").json()] == [app.pk]
    assessment = client.get(f"/api/v1/fund/applications/{app.pk}/assessment").json()
    assert assessment["grant_eur"] == "3200.00" and assessment["capped_by"] == "rate"
    assert client.get(f"/api/v1/fund/calls/{w['call'].pk}/figures").status_code == 403
    stranger = make_user(Role.COMPANY_ADMIN, organisation=company_factory())
    client.force_login(stranger)
    assert client.get("/api/v1/fund/applications").json() == []
    response = client.get(f"/api/v1/fund/applications/{app.pk}/assessment")
    assert response.status_code == 404 and response.json()["errors"] == []
    assert post(client, f"/api/v1/fund/applications/{app.pk}/decision",
                {"outcome": "refused", "reason": "x"}).status_code == 404


def test_decision_through_the_api(client, fund_world):
    w = fund_world
    app = under_review(w)
    client.force_login(w["admin"])
    assert post(client, f"/api/v1/fund/applications/{app.pk}/decision",
                {"outcome": "approved", "reason": "zelf"}).status_code == 403
    client.force_login(w["managers"][0])
    bad = post(client, f"/api/v1/fund/applications/{app.pk}/decision",
               {"outcome": "approved", "reason": "ok", "amount_eur": "10.001"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "amount_eur"
    for garbage in ("1e999999", "NaN", "-Infinity", "abc", "-1"):
        response = post(client, f"/api/v1/fund/applications/{app.pk}/decision",
                        {"outcome": "approved", "reason": "ok", "amount_eur": garbage})
        assert response.status_code == 400, garbage
    too_much = post(client, f"/api/v1/fund/applications/{app.pk}/decision",
                    {"outcome": "approved", "reason": "ok", "amount_eur": "5000"})
    assert too_much.status_code == 422 and not Decision.objects.exists()
    ok = post(client, f"/api/v1/fund/applications/{app.pk}/decision", {"outcome": "approved", "reason": "ok"})
    assert ok.status_code == 201 and ok.json()["amount_eur"] == "3200.00"
    again = post(client, f"/api/v1/fund/applications/{app.pk}/decision", {"outcome": "refused", "reason": "nee"})
    assert again.status_code == 409
    figures = client.get(f"/api/v1/fund/calls/{w['call'].pk}/figures").json()
    assert figures["committed_eur"] == "3200.00" and figures["remaining_eur"] == str(D("496800.00"))


def test_openapi_lists_the_fund(client, fund_world):
    client.force_login(fund_world["admin"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/fund/applications/{application_id}/decision" in paths


def test_applications_filter_by_call_and_status(client, fund_world):
    w = fund_world
    draft, submitted = w["application"](), under_review(w)
    client.force_login(w["managers"][0])
    every = client.get("/api/v1/fund/applications").json()
    assert {a["id"] for a in every} >= {draft.pk, submitted.pk}
    assert [a["id"] for a in client.get("/api/v1/fund/applications?status=under_review").json()] == [submitted.pk]
    assert {a["id"] for a in client.get(f"/api/v1/fund/applications?call={w['call'].code.upper()}").json()} == {
        a["id"] for a in every}
    assert client.get("/api/v1/fund/applications?call=no-such-call").json() == []
