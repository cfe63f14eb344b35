"""The portfolio: overdue first, totals, reach, matrix, comparison by unit (never summing 'other'), exports."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from werkbaar.core.models import JointCommittee
from werkbaar.core.roles import Role
from werkbaar.reporting import portfolio, services
from werkbaar.reporting.models import CommitteeReach, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(covenant_factory, sector_factory, make_user):
    a, b = sector_factory("alpha"), sector_factory("beta")
    jc = JointCommittee.objects.create(code="999.01", name="Test committee")
    a.joint_committees.add(jc)
    CommitteeReach.objects.create(joint_committee=jc, year=2021, employees=1000, source="old")
    CommitteeReach.objects.create(joint_committee=jc, year=2022, employees=1200, source="new")
    early = covenant_factory(sector=a, code="EARLY", start=date(2020, 1, 1), end=date(2021, 12, 31))
    later = covenant_factory(sector=b, code="LATER", start=date(2022, 1, 1), end=date(2023, 12, 31), unit="other")
    for c in (early, later):
        services.ensure_reports(c)
    for ind in list(early.priorities.all()) + list(later.priorities.all()):
        ind = ind.indicator
        IndicatorValue.objects.create(indicator=ind, period_start=date(2020, 1, 1), period_end=date(2020, 12, 31),
                                      value=Decimal("150"))
    return {"early": early, "later": later, "department": make_user(Role.ACCOUNT_MANAGER)}


def test_overdue_first_totals_and_reach(data):
    with time_machine.travel(datetime(2022, 6, 1, tzinfo=ZoneInfo("Europe/Brussels")), tick=False):
        rows = portfolio.rows()
    assert [r.covenant.code for r in rows] == ["EARLY", "LATER"]
    assert rows[0].lateness == "very_late"
    totals = portfolio.totals(rows)
    assert totals["budget"] == Decimal("392000") and totals["fte"] == Decimal("4")
    assert totals["reach"] == 1200 and rows[0].reach == 1200  # latest year only


def test_comparison_sums_only_comparable_units(data, client):
    from werkbaar.covenants.models import ResultIndicator

    ResultIndicator.objects.filter(priority__covenant=data["early"]).update(linked_source="networks.sessions_held")
    out = {(g["group"].unit, g["group"].measure): g["group"] for g in portfolio.comparison()}
    # by hand: EARLY P1 and P2 are the same measure (same linked source), 150 each of a target of 100
    same = out[("participants", "source:networks.sessions_held")]
    assert (same.total_value, same.total_target, same.count) == (Decimal("300"), Decimal("200"), 2)
    assert all(not g.comparable for (unit, _m), g in out.items() if unit == "other")
    client.force_login(data["department"])
    page = client.get("/reporting/portfolio/").content.decode()
    table = page.split('id="comparison"')[1].split("</table>")[0]
    assert "<td>300</td>" in table and "<td>200</td>" in table
    assert "600" not in table  # 4 × 150 would be a wrong, mixed sum


def test_comparison_shows_a_missing_value_as_a_dash_and_its_target_apart(data, client):
    IndicatorValue.objects.filter(indicator__priority__covenant=data["early"], indicator__priority__code="P2").delete()
    out = {g["group"].measure: g["group"] for g in portfolio.comparison() if g["group"].unit == "participants"}
    assert len(out) == 2  # P1 and P2 of EARLY are different measures (no shared linked source)
    missing = next(g for g in out.values() if g.missing)
    assert (missing.total_value, missing.total_target, missing.missing_target) == (None, None, Decimal("100"))
    client.force_login(data["department"])
    table = client.get("/reporting/portfolio/").content.decode().split('id="comparison"')[1].split("</table>")[0]
    assert "Priority 2" not in table and "EARLY P2 Indicator 2: – / 100" in table
    assert "EARLY P2 Indicator 2: 0 /" not in table


def test_matrix_counts_attainment_per_sector_and_theme(data):
    m = portfolio.matrix()
    assert m["themes"] == ["Werkbaar werk"]
    cells = dict(m["rows"])
    assert cells["Sector alpha"] == [(2, 2, 2)]  # 150 ≥ target 100


def test_exports(data, client):
    client.force_login(data["department"])
    csv = client.get("/reporting/export/portfolio.csv").content.decode("utf-8-sig")
    assert "EARLY" in csv and "LATER" in csv
    values = client.get("/reporting/export/indicator-values.csv").content.decode("utf-8-sig")
    assert values.count(";150,00;") == 4  # a Belgian spreadsheet reads a decimal comma
    assert ";01/01/2020;31/12/2020;" in values and "2020-01-01" not in values
    assert ";196000,00;" in csv  # the maximum grant: one number, decimal comma, no grouping
    wb = load_workbook(io.BytesIO(client.get("/reporting/export/indicator-values.xlsx").content))
    assert wb.active.max_row == 5
    wb = load_workbook(io.BytesIO(client.get("/reporting/export/portfolio.xlsx").content))
    assert wb.active.max_row == 3
    assert client.get("/reporting/export/other.csv").status_code == 404


def test_reach_entry_updates_the_year(data, client):
    client.force_login(data["department"])
    jc = JointCommittee.objects.get(code="999.01")
    response = client.post("/reporting/portfolio/reach/", {"joint_committee": jc.pk, "year": 2022,
                                                            "employees": 1300, "source": "RSZ 2022"})
    assert response.status_code == 302
    assert CommitteeReach.objects.get(joint_committee=jc, year=2022).employees == 1300
    assert client.post("/reporting/portfolio/reach/", {"year": "x"}).status_code == 200


def test_indicator_page_shows_chart_and_table(data, client):
    client.force_login(data["department"])
    ind = data["early"].priorities.first().indicator
    page = client.get(f"/reporting/indicator/{ind.pk}/").content.decode()
    assert "<svg" in page and "<table" in page and "150" in page


def test_portfolio_shows_advances_final_grant_and_balance_per_covenant(data, client):
    early = data["early"]
    early.addenda.create(kind="focus_on_talent", budget_eur=Decimal("400000"))
    early.account_salaries_eur, early.account_running_costs_eur = Decimal("500000"), Decimal("50000")
    early.account_advances_eur = Decimal("560000")
    early.save()
    row = next(r for r in portfolio.rows() if r.covenant == early)
    # 196,000 (all staffed, nothing evaluated: 20% withheld = 156,800) + 400,000 = 556,800 > 550,000 eligible
    assert row.account.final_grant_eur == Decimal("550000")
    assert row.account.balance_eur == Decimal("-10000")
    client.force_login(data["department"])
    html = client.get("/reporting/portfolio/").content.decode()
    assert "€ 560.000,00" in html and "€ 550.000,00" in html and "€ -10.000,00" in html
    csv = client.get("/reporting/export/portfolio.csv").content.decode("utf-8-sig")
    # core.exports.safe_row prefixes a cell starting with "-" (formula guard), negative numbers included
    assert ";400000,00;560000,00;550000,00;'-10000,00" in csv
