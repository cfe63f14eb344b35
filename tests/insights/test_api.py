"""JSON API of the insights app: scoped like the pages."""

import pytest

from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


def test_campaign_result_api(client, closed_campaign, make_user, company_factory, insights_campaign_factory):
    url = f"/api/v1/insights/campaigns/{closed_campaign.pk}/result"
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=closed_campaign.organisation))
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["result"]["overall"]["n"] == 30
    teams = {c["value"]: c for c in data["result"]["groups"]["team"]}
    assert teams["C"] == {"value": "C", "n": None, "suppressed": True, "suppressed_reason": "small"}
    assert teams["B"]["suppressed_reason"] == "complementary"
    assert len(data["result"]["overall"]["workability_ci"]) == 2
    running = insights_campaign_factory(organisation=closed_campaign.organisation, closed=False)
    assert client.get(f"/api/v1/insights/campaigns/{running.pk}/result").status_code == 409
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=company_factory()))
    assert client.get(url).status_code == 404  # out of scope: as if it did not exist (docs/api.md)
    client.logout()
    assert client.get(url).status_code == 401


def test_sector_aggregate_api_scoped(client, closed_campaign, make_user, sector_factory):
    sector = closed_campaign.organisation.sector
    url = f"/api/v1/insights/sectors/{sector.code}/aggregate"
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector))
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["instruments"][0]["suppressed"] is True  # one organisation only
    assert client.get(url, {"start": "2026-05-01", "end": "2026-01-01"}).status_code == 400
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector_factory()))
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=closed_campaign.organisation))
    assert client.get(url).status_code == 404


def test_api_answers_202_with_a_job_while_computing(client, closed_campaign, make_user, settings):
    settings.WERKBAAR_ANALYSIS_MODE = "worker"
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=closed_campaign.organisation))
    response = client.get(f"/api/v1/insights/campaigns/{closed_campaign.pk}/result")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "queued"
    assert client.get(job["status_url"]).json()["job"] == job["job"]


def test_job_of_another_organisation_is_404(client, closed_campaign, make_user, company_factory, settings):
    settings.WERKBAAR_ANALYSIS_MODE = "worker"
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=closed_campaign.organisation))
    job = client.get(f"/api/v1/insights/campaigns/{closed_campaign.pk}/result").json()
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=company_factory()))
    assert client.get(job["status_url"]).status_code == 404
