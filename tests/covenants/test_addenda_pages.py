"""Addenda and the final account on the pages and in the API (issue 14, slice 2)."""

from decimal import Decimal as D

import pytest

from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role
from werkbaar.covenants.covenant_file import import_text

from .conftest import STORED_ADDENDA, VALID


@pytest.fixture
def covenant(db, sector_factory):
    covenant, _ = import_text(VALID.format(sector=sector_factory("alpha").code) + STORED_ADDENDA)
    return covenant


@pytest.fixture
def staff(covenant, make_user):
    return make_user(Role.SECTOR_STAFF, sector=covenant.sector)


def test_settlement_tab_shows_addenda_final_grant_and_balance(client, covenant, staff):
    client.force_login(staff)
    html = client.get(f"/covenants/{covenant.pk}/settlement/").content.decode()
    for amount in ("76.500,00", "476.500,00", "597.344,32", "640.000,50", "600.000,00", "-2.655,68"):
        assert f"EUR {amount}" in html, amount
    assert "Saldo terug te vorderen" in html


def test_api_settlement_has_the_final_account(client, covenant, staff):
    client.force_login(staff)
    out = client.get(f"/api/v1/covenants/{covenant.code}/settlement").json()
    assert out["addenda_payable_eur"] == "476500.00"
    assert out["final_grant_eur"] == "597344.32"
    assert out["balance_eur"] == "-2655.68"
    assert len(out["consultants"]) == 2


def test_commitment_status_is_edited_and_audited(client, covenant, staff):
    client.force_login(staff)
    addendum = covenant.addenda.get(kind="non_discrimination")
    url = f"/covenants/{covenant.pk}/addenda/{addendum.pk}/edit/"
    form = client.get(url).content.decode()
    assert "ND1: Risicoanalyse" in form and "status_1" in form
    response = client.post(url, {
        "kind": "non_discrimination", "title": "Non-discriminatie", "budget_eur": "85000", "result_share": "0.2",
        "commitments": "ND1: Risicoanalyse\nND2: Nulmeting\nND3: Vervolgmeting",
        "status_0": "met", "status_1": "not_met",
    })
    assert response.status_code == 302
    addendum.refresh_from_db()
    assert addendum.commitments == [
        {"code": "ND1", "description": "Risicoanalyse", "met": True},
        {"code": "ND2", "description": "Nulmeting", "met": False},
        {"code": "ND3", "description": "Vervolgmeting", "met": None},
    ]
    entry = history_for(covenant).filter(object_type="covenants.addendum", action="update").first()
    assert entry.before["commitments"][1]["met"] is None and entry.after["commitments"][1]["met"] is False
    # 68,000 + 17,000 x 1 / 3 = 73,666.67
    html = client.get(f"/covenants/{covenant.pk}/settlement/").content.decode()
    assert "EUR 73.666,67" in html


@pytest.mark.parametrize("share, message", [
    ("20", "een breuk van 0 tot 1"),
    ("-0.1", "een breuk van 0 tot 1"),
])
def test_result_share_outside_0_1_is_explained(client, covenant, staff, share, message):
    client.force_login(staff)
    addendum = covenant.addenda.get(kind="non_discrimination")
    before = addendum.commitments
    response = client.post(f"/covenants/{covenant.pk}/addenda/{addendum.pk}/edit/", {
        "kind": "non_discrimination", "budget_eur": "85000", "result_share": share, "commitments": "",
    })
    assert response.status_code == 200 and message in response.content.decode()
    addendum.refresh_from_db()
    assert addendum.result_share == D("0.2") and addendum.commitments == before


def test_duplicate_commitment_codes_are_refused(client, covenant, staff):
    client.force_login(staff)
    addendum = covenant.addenda.get(kind="non_discrimination")
    response = client.post(f"/covenants/{covenant.pk}/addenda/{addendum.pk}/edit/", {
        "kind": "non_discrimination", "budget_eur": "85000", "result_share": "0.2",
        "commitments": "ND1: a\nND1: b",
    })
    assert response.status_code == 200
    addendum.refresh_from_db()
    assert len(addendum.commitments) == 2


def test_plain_string_commitments_of_old_rows_read_as_pending(covenant):
    from werkbaar.covenants.final_account import final_account_of_covenant

    addendum = covenant.addenda.get(kind="non_discrimination")
    addendum.commitments = ["Risicoanalyse", {"code": "ND2", "description": "Nulmeting", "met": True}]
    addendum.save()
    (nd, _focus) = sorted(final_account_of_covenant(covenant).addenda, key=lambda a: a.kind != "non_discrimination")
    assert (nd.commitments_met, nd.commitments_pending) == (1, 1)
    assert nd.payable_eur == D("76500.00")


def test_reporting_api_settlement_has_the_final_account(client, covenant, make_user):
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    out = client.get(f"/api/v1/reporting/settlements/{covenant.code}").json()
    assert out["total_payable_eur"] == "597344.32" and out["balance_eur"] == "-2655.68"


def test_excel_export_has_the_commitments_and_the_final_account(client, covenant, staff):
    import io

    from openpyxl import load_workbook

    client.force_login(staff)
    wb = load_workbook(io.BytesIO(client.get(f"/covenants/{covenant.pk}/export.xlsx").content))
    addenda = [[c.value for c in row] for row in wb["Addenda"]]
    assert any("ND1: Risicoanalyse (behaald)" in str(v) for row in addenda for v in row), addenda
    settlement = {row[0].value: row[1].value for row in wb["Afrekening"].iter_rows() if row[0].value}
    assert settlement["balance_eur"] == "-2655.68"
