"""Covenant pages and API: permissions between two sectors, forms with audit, workflow steps, exports."""

import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role
from werkbaar.covenants.models import Absence, Covenant, CovenantStatus, Priority, ResultIndicator


@pytest.fixture
def world(covenant_factory, sector_factory, make_user, company_factory):
    a, b = sector_factory("alpha"), sector_factory("beta")
    return {
        "a": covenant_factory(a, code="A-2016-2017"),
        "b": covenant_factory(b, code="B-2016-2017"),
        "staff_a": make_user(Role.SECTOR_STAFF, sector=a),
        "consultant_a": make_user(Role.CONSULTANT, sector=a),
        "staff_b": make_user(Role.SECTOR_STAFF, sector=b),
        "department": make_user(Role.ACCOUNT_MANAGER),
        "company": make_user(Role.COMPANY_ADMIN, organisation=company_factory(sector=a)),
    }


def tab_urls(c):
    base = f"/covenants/{c.pk}/"
    return [base] + [f"{base}{t}/" for t in ("priorities", "actions", "addenda", "consultants", "settlement",
                                             "history")] + [f"{base}export.xlsx", f"{base}export.yaml"]


def test_sector_sees_own_covenant_only(client, world):
    client.force_login(world["staff_a"])
    for url in tab_urls(world["a"]):
        assert client.get(url).status_code == 200, url
    for url in tab_urls(world["b"]) + [f"/covenants/{world['b'].pk}/edit/"]:
        assert client.get(url).status_code == 404, url
    listing = client.get("/covenants/").content.decode()
    assert "A-2016-2017" in listing and "B-2016-2017" not in listing


def test_other_sector_cannot_edit(client, world):
    client.force_login(world["staff_b"])
    a = world["a"]
    p = a.priorities.first()
    urls = [f"/covenants/{a.pk}/edit/", f"/covenants/{a.pk}/priorities/{p.pk}/indicator/",
            f"/covenants/{a.pk}/priorities/{p.pk}/edit/", f"/covenants/{a.pk}/priorities/{p.pk}/delete/",
            f"/covenants/{a.pk}/consultants/new/", f"/covenants/{a.pk}/step/approve_board/",
            f"/covenants/{a.pk}/delete/"]
    for url in urls:
        assert client.post(url, {"confirmed": "1", "title": "x"}).status_code == 404, url
    assert Priority.objects.filter(pk=p.pk).exists()


def test_company_admin_has_no_access(client, world):
    client.force_login(world["company"])
    assert client.get("/covenants/").status_code == 403
    assert client.get(f"/covenants/{world['a'].pk}/").status_code == 404
    assert client.get("/api/v1/covenants/").json() == []


def test_department_sees_all_and_filters(client, world):
    client.force_login(world["department"])
    page = client.get("/covenants/?sector=beta").content.decode()
    assert "B-2016-2017" in page and "A-2016-2017" not in page
    page = client.get("/covenants/?q=A-2016&sort=-code").content.decode()
    assert "A-2016-2017" in page and "B-2016-2017" not in page
    assert client.get("/covenants/?status=ended").content.decode().count("2016-2017</a>") == 0
    assert client.get("/covenants/?page=999&sort=bogus").status_code == 200


def test_list_exports(client, world):
    client.force_login(world["department"])
    csv = client.get("/covenants/?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "A-2016-2017" in csv.content.decode("utf-8-sig")
    xlsx = client.get("/covenants/?export=xlsx")
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.active.max_row == 3


def test_covenant_xlsx_has_a_sheet_per_section(client, world):
    client.force_login(world["staff_a"])
    wb = load_workbook(io.BytesIO(client.get(f"/covenants/{world['a'].pk}/export.xlsx").content))
    assert len(wb.sheetnames) == 8
    values = [row[1] for row in wb.worksheets[-1].iter_rows(values_only=True) if row and len(row) > 1]
    assert "196000.00" in values


def test_yaml_export_is_the_covenant_file(client, world):
    from werkbaar.covenants.covenant_file import parse

    client.force_login(world["staff_a"])
    text = client.get(f"/covenants/{world['a'].pk}/export.yaml").content.decode()
    data, problems = parse(text)
    assert problems == [] and data["code"] == "A-2016-2017"


def test_settlement_tab_shows_the_hand_worked_settlement(client, world):
    # conftest.VALID, worked by hand in tests/covenants/test_forms.py: shortfall 487.5 FTE-days,
    # deduction EUR 65,355.68, P1 met of 2 (EUR 9,800 paid), payable EUR 120,844.32
    client.force_login(world["consultant_a"])
    html = client.get(f"/covenants/{world['a'].pk}/settlement/").content.decode()
    assert "EUR 196.000,00" in html  # formatted in Dutch
    assert "120.844,32" in html and "65.355,68" in html  # payable and deduction
    assert '<td class="num">487,5</td>' in html  # the shortfall, FTE-days with 1 decimal
    assert f'href="/api/v1/covenants/{world["a"].code}/settlement"' in html  # the JSON for tools, not on the page
    # FTE-days with at most 1 decimal, FTE with 2: no raw "730.0000" or "0.8"
    import re
    assert not re.search(r"\d[.,]\d{4}\b", re.sub(r"<[^>]+>", " ", html))
    assert "An Peeters" in html and "Bert Janssens" in html
    assert "P2" in html  # pending


def test_edit_indicator_writes_audit(client, world):
    client.force_login(world["consultant_a"])
    c = world["a"]
    p = c.priorities.get(code="P2")
    response = client.post(f"/covenants/{c.pk}/priorities/{p.pk}/indicator/", {
        "description": "Bereik", "target_value": "400", "unit": "people_reached", "period": "term",
        "direction": "increase", "result_value": "512", "result_met": "true",
    })
    assert response.status_code == 302
    ind = ResultIndicator.objects.get(priority=p)
    assert ind.result_met is True
    entry = history_for(c).filter(object_type="covenants.resultindicator").first()
    assert entry.user == world["consultant_a"]
    assert entry.before["result_met"] is None and entry.after["result_met"] is True


def test_create_covenant_and_bad_input(client, world):
    client.force_login(world["staff_a"])
    sector = world["a"].sector
    bad = client.post("/covenants/new/", {"code": "NEW", "sector": sector.pk, "generation": "2021-2022",
                                          "start": "2021-01-01", "end": "2022-06-30", "funded_fte": "2",
                                          "rate_per_fte_year_eur": "49000", "result_share": "0.2"})
    assert bad.status_code == 200 and not Covenant.objects.filter(code="NEW").exists()
    ok = client.post("/covenants/new/", {"code": "NEW", "sector": sector.pk, "generation": "2021-2022",
                                         "start": "2021-01-01", "end": "2022-12-31", "funded_fte": "2",
                                         "rate_per_fte_year_eur": "49000", "result_share": "0.2"})
    assert ok.status_code == 302
    new = Covenant.objects.get(code="NEW")
    assert history_for(new).filter(action="create").exists()
    # another sector is not offered
    other = client.post("/covenants/new/", {"code": "NEW2", "sector": world["b"].sector.pk, "generation": "x",
                                            "start": "2021-01-01", "end": "2022-12-31", "funded_fte": "2",
                                            "max_grant_eur": "1", "result_share": "0.2"})
    assert other.status_code == 200 and not Covenant.objects.filter(code="NEW2").exists()


def test_consultant_cannot_create_covenant(client, world):
    client.force_login(world["consultant_a"])
    assert client.get("/covenants/new/").status_code == 403


def test_absence_validation_and_audit(client, world):
    client.force_login(world["staff_a"])
    c = world["a"]
    k = c.consultants.get(name="An Peeters")
    url = f"/covenants/{c.pk}/consultants/{k.pk}/absences/new/"
    overlap = client.post(url, {"start": "2016-03-20", "end": "2016-04-10", "kind": "sickness"})
    assert overlap.status_code == 200 and "overlapt met een andere afwezigheid" in overlap.content.decode()
    outside = client.post(url, {"start": "2018-01-01", "end": "2018-01-10", "kind": "sickness"})
    assert outside.status_code == 200
    ok = client.post(url, {"start": "2016-05-01", "end": "2016-05-10", "kind": "sickness", "replaced": "on"})
    assert ok.status_code == 302
    assert Absence.objects.filter(consultant=k).count() == 2
    assert history_for(c).filter(object_type="covenants.absence", action="create").exists()
    # the department sees the change on the consultants tab
    client.force_login(world["department"])
    assert "2016-05-10" in client.get(f"/covenants/{c.pk}/consultants/").content.decode()


def test_delete_asks_confirmation_and_is_audited(client, world):
    client.force_login(world["staff_a"])
    c = world["a"]
    k = c.consultants.get(name="Bert Janssens")
    url = f"/covenants/{c.pk}/consultants/{k.pk}/delete/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200  # without confirmation nothing happens
    assert c.consultants.filter(pk=k.pk).exists()
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not c.consultants.filter(pk=k.pk).exists()
    assert history_for(c).filter(object_type="covenants.consultant", action="delete").exists()


def test_workflow_steps_through_pages(client, world):
    c = world["a"]
    client.force_login(world["staff_a"])
    assert client.get(f"/covenants/{c.pk}/step/approve_board/").status_code == 200
    client.post(f"/covenants/{c.pk}/step/approve_board/", {"confirmed": "1"})
    client.post(f"/covenants/{c.pk}/step/negotiate/", {"confirmed": "1"})
    c.refresh_from_db()
    assert c.status == CovenantStatus.NEGOTIATED
    response = client.post(f"/covenants/{c.pk}/step/sign/", {"confirmed": "1"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == CovenantStatus.NEGOTIATED  # sector staff may not sign
    client.force_login(world["department"])
    for step in ("sign", "activate"):
        client.post(f"/covenants/{c.pk}/step/{step}/", {"confirmed": "1"})
    client.post(f"/covenants/{c.pk}/step/amend/", {"confirmed": "1", "vesoc_date": "2017-02-01",
                                                   "description": "Extra addendum"})
    c.refresh_from_db()
    assert c.status == CovenantStatus.AMENDED and c.amendments.count() == 1
    bad = client.post(f"/covenants/{c.pk}/step/end/", {"confirmed": "1", "reason": "whatever"})
    assert bad.status_code == 200
    client.post(f"/covenants/{c.pk}/step/end/", {"confirmed": "1", "reason": "mutual_agreement"})
    c.refresh_from_db()
    assert c.status == CovenantStatus.ENDED and c.end_reason == "mutual_agreement"


def test_api_scoped_by_sector(client, world):
    client.force_login(world["staff_a"])
    codes = [c["code"] for c in client.get("/api/v1/covenants/").json()]
    assert codes == ["A-2016-2017"]
    assert client.get("/api/v1/covenants/B-2016-2017").status_code == 404
    assert client.get("/api/v1/covenants/B-2016-2017/settlement").status_code == 404
    detail = client.get("/api/v1/covenants/A-2016-2017").json()
    assert [p["code"] for p in detail["priorities"]] == ["P1", "P2"]
    settlement = client.get("/api/v1/covenants/A-2016-2017/settlement").json()
    assert settlement["max_grant_eur"] == "196000.00" and len(settlement["consultants"]) == 2


def test_api_requires_login(client, world):
    assert client.get("/api/v1/covenants/").status_code == 401


def test_demo_load_is_idempotent(db, sector_factory):
    from werkbaar.core.models import AuditEntry
    from werkbaar.covenants import demo
    from werkbaar.covenants.settlement import settle_covenant

    sector_factory("vivo")
    sector_factory("vormdc")
    demo.load(io.StringIO())
    count = AuditEntry.objects.count()
    demo.load(io.StringIO())
    assert AuditEntry.objects.count() == count
    vivo = Covenant.objects.get(code="VIVO-2016-2017")
    assert vivo.priorities.count() == 8 and vivo.consultants.count() == 7
    out = settle_covenant(vivo).as_json()
    assert out["max_grant_eur"] == "686000.00" and out["term_days"] == 731
    assert out["result_share_paid_eur"] == "51450.00"
    vormdc = Covenant.objects.get(code="VORMDC-2021-2022")
    assert json.loads(json.dumps(settle_covenant(vormdc).as_json()))["max_grant_eur"] == "294000.00"


def test_web_import(client, world, valid_text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["staff_a"])

    def upload(text):
        return client.post("/covenants/import/", {"file": SimpleUploadedFile("c.yaml", text.encode())})

    bad = upload(valid_text("alpha").replace("fte: 0.5", "fte: 0").replace("code: TEST-2016-2017\n", ""))
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "consultants[1].fte" in body and "code: " in body
    assert upload(valid_text("beta")).status_code == 200  # another sector
    assert not Covenant.objects.filter(code="TEST-2016-2017").exists()
    b_code = valid_text("alpha").replace("TEST-2016-2017", "B-2016-2017")
    assert upload(b_code).status_code == 200  # the code belongs to sector beta
    assert Covenant.objects.get(code="B-2016-2017").sector.code == "beta"
    ok = upload(valid_text("alpha"))
    assert ok.status_code == 302
    assert history_for(Covenant.objects.get(code="TEST-2016-2017")).filter(user=world["staff_a"]).exists()
    client.force_login(world["consultant_a"])
    assert client.get("/covenants/import/").status_code == 403


def test_web_import_refuses_other_types_and_large_files(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["staff_a"])
    for upload in (SimpleUploadedFile("c.exe", b"code: X"), SimpleUploadedFile("c.yaml", b"#" * (1024 * 1024 + 1))):
        response = client.post("/covenants/import/", {"file": upload})
        assert response.status_code == 200 and response.context["form"].errors["file"]


def test_result_share_is_shown_as_a_percentage(client, world):
    client.force_login(world["consultant_a"])
    world["a"].result_share = Decimal("0.200")
    world["a"].save()
    html = client.get(f"/covenants/{world['a'].pk}/").content.decode()
    assert "resultaatsgebonden deel 20%" in html.lower() or "result share 20%" in html.lower()
