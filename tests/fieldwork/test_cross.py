"""Cross-sector views (issue 17.3): workability side by side with suppression kept, the sectors × themes
matrix, reach per sector; for the department and SERV advisers only."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inline(settings):
    settings.WERKBAAR_ANALYSIS_MODE = "inline"


def _scan(organisation, n, seed):
    from werkbaar.scans.models import Campaign, Response

    closes = datetime.date.today() - datetime.timedelta(days=3)
    campaign = Campaign.objects.create(
        organisation=organisation, name="Scan", instrument_ref="werkbaarheidsscan-basis", modules=[],
        languages=["nl"], grouping={"team": ["A"]}, opens_on=closes - datetime.timedelta(days=20), closes_on=closes,
        status="closed", closed_on=closes, min_group_size=5, population_size=100)
    rng = random.Random(seed)
    Response.objects.bulk_create([
        Response(campaign=campaign, language="nl", answers={i: rng.randint(1, 4) for i in campaign.item_ids()},
                 groups={"team": "A"}) for _ in range(n)])
    return campaign


@pytest.fixture
def adviser(make_user):
    return make_user(Role.SERV_ADVISER)


def test_workability_side_by_side_keeps_suppression(client, field, company_factory, adviser):
    for n in range(3):
        _scan(company_factory(sector=field["a"], name=f"Groot {n}"), 12, seed=n)
    for n in range(2):  # sector b: two organisations only, below the minimum of three
        _scan(company_factory(sector=field["b"], name=f"Klein {n}"), 40, seed=10 + n)
    client.force_login(adviser)
    page = client.get("/fieldwork/cross-sector/")
    assert page.status_code == 200
    rows = {item.sector.code: item.rows for item in page.context["data"]}
    assert rows["secta"][0].shown and rows["secta"][0].respondents == 36 and rows["secta"][0].scans == 3
    assert rows["secta"][0].rate is not None and len(rows["secta"][0].indicators) == 10
    assert not rows["sectb"][0].shown and rows["sectb"][0].respondents is None
    body = page.content.decode()
    assert "Not shown: too few organisations" in body and ">80<" not in body  # b's 80 respondents never shown
    assert page.context["reference"]["workability_rate"]["value"] == 51.0
    xlsx = load_workbook(io.BytesIO(client.get("/fieldwork/cross-sector/", {"export": "xlsx"}).content)).active
    values = [[c.value for c in row] for row in xlsx.iter_rows()]
    b_row = next(r for r in values if r[0] == field["b"].name)
    assert b_row[3] == "not shown: too few organisations" and 80 not in b_row
    assert next(r for r in values if r[0] == field["a"].name)[4] == 36


@pytest.mark.parametrize("who", ["staff", "consultant", "partner", "company"])
def test_only_the_department_and_advisers_see_the_cross_sector_views(client, field, make_user, who):
    user = {"partner": make_user(Role.SOCIAL_PARTNER, sector=field["a"]),
            "company": make_user(Role.COMPANY_ADMIN, organisation=field["acme"])}.get(who) or field[who]
    client.force_login(user)
    for url in ("/fieldwork/cross-sector/", "/fieldwork/cross-sector/themes/", "/fieldwork/cross-sector/reach/"):
        assert client.get(url).status_code == 403, url
        assert client.get(url, {"export": "xlsx"}).status_code == 403, url


def test_the_sector_tags_its_actions_and_the_matrix_shows_the_gaps(client, field, adviser, make_user):
    from werkbaar.fieldwork.models import ActionTags

    action = field["cov"].priorities.first().actions.first()
    client.force_login(field["staff"])
    response = client.post(f"/fieldwork/covenants/{field['cov'].pk}/themes/", {
        f"themes_{action.pk}": ["physical", "support"], f"indicators_{action.pk}": ["physical_conditions"]})
    assert response.status_code == 302
    assert ActionTags.objects.get(action=action).themes == ["physical", "support"]
    # a bad value is refused and nothing changes
    client.post(f"/fieldwork/covenants/{field['cov'].pk}/themes/", {f"themes_{action.pk}": ["bogus"]})
    assert ActionTags.objects.get(action=action).themes == ["physical", "support"]
    # nobody outside the sector's working team tags
    for outsider in (field["consultant_b"], make_user(Role.SOCIAL_PARTNER, sector=field["a"]), adviser):
        client.force_login(outsider)
        assert client.post(f"/fieldwork/covenants/{field['cov'].pk}/themes/",
                           {f"themes_{action.pk}": ["training"]}).status_code == 404
    client.force_login(adviser)
    page = client.get("/fieldwork/cross-sector/themes/")
    data = page.context["data"]
    assert data["by_theme"]["secta"]["physical"] == [f"{field['cov'].code} {action.code} {action.title}"]
    assert data["uncovered_themes"] == ["appreciation", "training", "psychosocial"]
    assert data["by_indicator"]["secta"]["physical_conditions"]
    assert "No covenant works on:" in page.content.decode()
    # a covenant that does not run in the year asked for is not counted
    assert client.get("/fieldwork/cross-sector/themes/", {"year": "2030"}).context["data"]["uncovered_themes"] == [
        "appreciation", "support", "training", "psychosocial", "physical"]
    xlsx = load_workbook(io.BytesIO(client.get("/fieldwork/cross-sector/themes/", {"export": "xlsx"}).content)).active
    assert any(action.title in str(c.value) for row in xlsx.iter_rows() for c in row)


def test_reach_per_sector(client, field, contact_factory, adviser):
    from werkbaar.fieldwork.models import CompanyCount
    from werkbaar.reporting.models import CommitteeReach

    year = field["today"].year
    contact_factory(organisation=field["acme"], on=field["today"])
    contact_factory(organisation=field["acme"], on=field["today"], kind="phone")
    contact_factory(organisation=field["zeta"], on=field["today"])
    CompanyCount.objects.create(joint_committee=field["jc"], year=year - 1, companies=755, source="003 l.1432")
    CommitteeReach.objects.create(joint_committee=field["jc"], year=year, employees=150000, source="RSZ")
    client.force_login(adviser)
    page = client.get("/fieldwork/cross-sector/reach/", {"year": str(year)})
    row = next(r for r in page.context["rows"] if r.sector == field["a"])
    assert (row.fieldwork, row.companies, row.fieldwork_share) == (2, 755, Decimal("0.3"))
    assert row.fte == Decimal("2") and row.employees_per_fte == Decimal("75000")
    other = next(r for r in page.context["rows"] if r.sector == field["b"])
    assert other.companies is None and other.fieldwork_share is None and other.employees_per_fte is None
    assert page.context["form"] is None  # advisers read only
    assert client.post("/fieldwork/cross-sector/reach/", {"joint_committee": field["jc"].pk, "year": year,
                                                          "companies": 1, "source": "x"}).status_code == 403
    xlsx = load_workbook(io.BytesIO(client.get("/fieldwork/cross-sector/reach/", {"export": "xlsx"}).content)).active
    assert [c.value for c in list(xlsx.iter_rows())[1]][:2] == [field["a"].name, 2]


def test_the_department_records_companies_per_joint_committee(client, field):
    from werkbaar.fieldwork.models import CompanyCount

    client.force_login(field["department"])
    data = {"joint_committee": field["jc"].pk, "year": 2026, "companies": 755, "source": "seed 003"}
    assert client.post("/fieldwork/cross-sector/reach/", data).status_code == 302
    assert client.post("/fieldwork/cross-sector/reach/", {**data, "companies": 760}).status_code == 302
    assert CompanyCount.objects.get().companies == 760
    response = client.post("/fieldwork/cross-sector/reach/", {**data, "year": 1999, "companies": -1})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"year", "companies"}
    assert CompanyCount.objects.get().companies == 760
