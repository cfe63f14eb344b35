"""The bulk import of paper scan answers over the API: a token with scans:import, the campaign's
admins only, all or nothing with one error per cell."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from werkbaar.api import tokens
from werkbaar.core.roles import Role
from werkbaar.scans.models import Campaign, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(company_factory):
    today = timezone.localdate()
    return Campaign.objects.create(
        organisation=company_factory(), name="Paper", instrument_ref="werkbaarheidsscan-basis", modules=[],
        languages=["nl"], grouping={"team": ["Noord", "Zuid"]}, population_size=40,
        opens_on=today - datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=5))


def post(raw, campaign, rows):
    return Client().post(f"/api/v1/scan-import/{campaign.pk}/responses", data={"rows": rows},
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_an_admin_token_imports_rows_all_or_nothing(campaign, make_user):
    admin = make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)
    _, raw = tokens.create(admin, "paper", ["scans:import"], 30)
    response = post(raw, campaign, [["wd1", "wd2", "team"], [3, 2, "Noord"], [4, None, "Zuid"]])
    assert response.status_code == 201 and response.json() == {"imported": 2}
    assert Response.objects.filter(campaign=campaign).count() == 2
    response = post(raw, campaign, [["wd1", "team"], [3, "Noord"], [9, "West"]])
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"rows.3.wd1", "rows.3.team"}
    assert Response.objects.filter(campaign=campaign).count() == 2


def test_scope_and_organisation_are_enforced(campaign, make_user, company_factory):
    admin = make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)
    _, read_only = tokens.create(admin, "read", ["covenants:read"], 30)
    assert post(read_only, campaign, [["wd1"], [3]]).status_code == 403
    stranger = make_user(Role.COMPANY_ADMIN, organisation=company_factory())
    _, other = tokens.create(stranger, "other", ["scans:import"], 30)
    assert post(other, campaign, [["wd1"], [3]]).status_code == 404
    assert not Response.objects.exists()
