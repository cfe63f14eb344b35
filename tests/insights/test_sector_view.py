"""The sector view (issue 10 point 4, issue 12): fixed periods only, every figure needs enough
organisations behind it, no non-consenting organisation identified, no valid scan lost."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from werkbaar.core.roles import Role
from werkbaar.insights import services
from werkbaar.insights.periods import parse_period

pytestmark = pytest.mark.django_db

MARCH, OCTOBER = datetime.date(2025, 3, 10), datetime.date(2025, 10, 10)
AUTONOMY = ("au1", "au2", "au3")


@pytest.fixture
def scan(insights_campaign_factory, add_responses):
    """scan(org, closes, n, name="Scan", skip=(), level=None) -> a closed campaign with n responses."""
    from werkbaar.scans.models import Response

    def make(org, closes, n, name="Scan", skip=(), level=None, seed=1):
        campaign = insights_campaign_factory(organisation=org, name=name, closes_on=closes,
                                              opens_on=closes - datetime.timedelta(days=20))
        add_responses(campaign, n, {"team": "A"}, seed=seed, level=level)
        if skip:
            for response in Response.objects.filter(campaign=campaign):
                response.answers = {k: v for k, v in response.answers.items() if k not in skip}
                response.save()
        return campaign

    return make


@pytest.fixture
def staff(make_user):
    return lambda sector: make_user(Role.SECTOR_STAFF, sector=sector)


def _aggregate(client, sector, **params):
    return client.get(f"/api/v1/insights/sectors/{sector.code}/aggregate", params)


def test_two_windows_that_differ_by_one_organisation_cannot_be_asked(
    client, sector_factory, company_factory, scan, staff
):
    """The attack: orgs 1-3 closed in March, org 4 in October. Windows Jan-Jun and Jan-Dec differed
    by org 4 alone, so subtracting the two aggregates gave org 4's means. Free windows are refused."""
    sector = sector_factory()
    for i in range(3):
        scan(company_factory(sector=sector, employees=60), MARCH, 10, seed=i, level=1 + i % 2)
    scan(company_factory(sector=sector, employees=60, name="Target bv"), OCTOBER, 10, level=4)
    client.force_login(staff(sector))
    first = _aggregate(client, sector, start="2025-01-01", end="2025-06-30")
    second = _aggregate(client, sector, start="2025-01-01", end="2025-12-31")
    assert first.status_code == second.status_code == 400
    assert "kies een kalenderjaar of de looptijd van een convenant" in first.json()["detail"]
    for bad in ("2025-01-01", "covenant:", "2025/2026", "1999", "next year"):
        response = _aggregate(client, sector, period=bad)
        assert response.status_code == 400, bad
        assert response.json()["detail"]
    # the year is the only window holding these scans: all four organisations, never three
    year = _aggregate(client, sector, period="2025").json()
    assert year["period"] == "2025" and year["instruments"][0]["organisations"] == 4
    assert _aggregate(client, sector, period="2026").json()["instruments"] == []


def test_a_covenant_term_replaces_the_years_it_overlaps(client, sector_factory, company_factory, scan, staff):
    from werkbaar.covenants.models import Covenant

    sector = sector_factory()
    Covenant.objects.create(code="SWC-25", sector=sector, generation="2025-2026", start=datetime.date(2025, 1, 1),
                            end=datetime.date(2026, 12, 31), status="active", funded_fte=1, max_grant_eur=1000)
    for i in range(3):
        scan(company_factory(sector=sector, employees=60), MARCH, 10, seed=i)
    client.force_login(staff(sector))
    refused = _aggregate(client, sector, period="2025")
    assert refused.status_code == 400 and "kies in de plaats de periode covenant:SWC-25" in refused.json()["detail"]
    term = _aggregate(client, sector, period="covenant:SWC-25").json()
    assert (term["start"], term["end"], term["instruments"][0]["organisations"]) == ("2025-01-01", "2026-12-31", 3)
    assert parse_period(sector, "2024").key == "2024"  # a year before the term stays a period
    page = client.get(reverse("sector_tab", args=[sector.code, "workability"]), {"period": "covenant:SWC-25"}).content.decode()
    assert '<option value="covenant:SWC-25" selected>' in page and '<option value="2025"' not in page
    assert "export.xlsx?period=covenant%3ASWC-25" in page
    xlsx = client.get(reverse("insights:sector_xlsx", args=[sector.code]), {"period": "covenant:SWC-25"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('-covenant-SWC-25.xlsx"')
    refused_page = client.get(reverse("sector_tab", args=[sector.code, "workability"]), {"period": "2025"})
    assert refused_page.status_code == 200 and "covenant:SWC-25" in refused_page.content.decode()
    assert client.get(reverse("insights:sector_pdf", args=[sector.code]), {"period": "2025"}).status_code == 404


def test_every_figure_needs_three_organisations_behind_it(sector_factory, company_factory, scan):
    """Four organisations of 10 respondents; two of them skipped the autonomy questions. Autonomy then
    rests on 20 respondents but only 2 organisations: hidden, overall and in the size band."""
    sector = sector_factory()
    for i in range(4):
        scan(company_factory(sector=sector, employees=60), MARCH, 10, seed=i, skip=AUTONOMY if i >= 2 else ())
    entry = services.sector_aggregate(sector, parse_period(sector, "2025"))["instruments"][0]
    overall = entry["result"]["overall"]
    assert overall["n"] == 40 and overall["scales"]["workload"]["n"] == 40
    assert overall["scales"]["autonomy"] == {"n": None, "mean": None, "problem_rate": None, "acute_rate": None,
                                             "suppressed": True, "suppressed_reason": "small",
                                             "problem_ci": None, "acute_ci": None}
    band = entry["result"]["groups"]["size_band"][0]
    assert band["value"] == "50-249" and band["n"] == 40
    assert band["scales"]["autonomy"]["suppressed"] is True
    assert band["scales"]["workload"]["n"] == 40


def test_no_non_consenting_organisation_is_named_or_identified(
    client, sector_factory, company_factory, scan, staff
):
    sector = sector_factory()
    named = company_factory(sector=sector, employees=60, consent_named=True, name="Named Consenting nv")
    scan(named, MARCH, 10, name="Open scan")
    secret = []
    for i in range(3):
        org = company_factory(sector=sector, employees=60, name=f"Secret Firm {i}")
        secret.append(scan(org, MARCH, 10, name=f"Hush scan {i}", seed=i))
        secret.append(scan(org, OCTOBER, 3, name=f"Tiny hush scan {i}", seed=i))  # left out: too few
    client.force_login(staff(sector))
    data = _aggregate(client, sector, period="2025").json()
    text = json.dumps(data)
    entry = data["instruments"][0]
    assert "campaign_ids" not in entry
    assert "Named Consenting nv" in text and "Open scan" in text
    assert "Secret Firm" not in text and "Hush scan" not in text
    assert entry["scans"]["others_counted"] == 3 and entry["scans"]["others_left_out"] == {"too_few": 3, "older": 0}
    ids = {c.pk for c in secret}
    assert not ids & set(_numbers_under_id_keys(data))
    html = client.get(reverse("sector_tab", args=[sector.code, "workability"]), {"period": "2025"}).content.decode()
    assert "Named Consenting nv" in html and "Secret Firm" not in html and "Hush scan" not in html
    xlsx = client.get(reverse("insights:sector_xlsx", args=[sector.code]), {"period": "2025"})
    cells = " ".join(str(c.value) for ws in load_workbook(io.BytesIO(xlsx.content)).worksheets
                     for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Named Consenting nv" in cells and "Secret Firm" not in cells and "Hush scan" not in cells


def _numbers_under_id_keys(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _numbers_under_id_keys(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _numbers_under_id_keys(v, key)
    elif isinstance(value, int) and (key in ("id", "campaign", "organisation") or key.endswith(("_id", "_ids"))):
        yield value  # an identifier (counts such as "campaigns": 4 are not)


def test_a_small_later_scan_does_not_push_a_valid_one_out(sector_factory, company_factory, scan):
    """Closing a 3-answer scan used to remove the company's valid scan from the sector view and blank
    it ("too few organisations"). The latest scan with enough respondents counts; the other is listed."""
    sector = sector_factory()
    big = company_factory(sector=sector, employees=60, consent_named=True, name="Big nv")
    valid = scan(big, MARCH, 20, name="Spring scan")
    scan(big, OCTOBER, 3, name="Autumn mini scan")
    for i in range(2):
        scan(company_factory(sector=sector, employees=60), MARCH, 10, seed=i)
    period = parse_period(sector, "2025")
    assert services.sector_campaigns(sector, period)[0] == valid
    entry = services.sector_aggregate(sector, period)["instruments"][0]
    assert entry["suppressed"] is False and entry["organisations"] == 3 and entry["respondents"] == 40
    assert entry["scans"]["counted"] == [{"organisation": "Big nv", "campaign": "Spring scan", "closed": "2025-03-10"}]
    assert entry["scans"]["left_out"] == [{"organisation": "Big nv", "campaign": "Autumn mini scan",
                                           "closed": "2025-10-10", "reason": "too_few"}]
    # of two valid scans the later one counts, the earlier is listed as left out
    later = scan(big, OCTOBER + datetime.timedelta(days=1), 6, name="Autumn scan")
    entry = services.sector_aggregate(sector, period)["instruments"][0]
    assert [s["campaign"] for s in entry["scans"]["counted"]] == ["Autumn scan"]
    assert {(s["campaign"], s["reason"]) for s in entry["scans"]["left_out"]} == {
        ("Spring scan", "older"), ("Autumn mini scan", "too_few")}
    counted = services.sector_campaigns(sector, period)
    assert later in counted and valid not in counted
