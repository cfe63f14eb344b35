"""Staff pages: campaign list/detail/create/close, code sheets, export, import, instruments; permissions."""

import csv
import io

import pytest

from werkbaar.core.roles import Role
from werkbaar.scans import services
from werkbaar.scans.models import Campaign, Response, ResponseImport, UploadedInstrument


@pytest.fixture
def admin_user(make_user, campaign):
    return make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)


def test_admin_sees_list_and_detail_without_answers(client, admin_user, campaign, codes, full_answers):
    services.submit(codes[0], "nl", full_answers, {"team": "Noord"})
    client.force_login(admin_user)
    r = client.get("/scans/")
    assert r.status_code == 200 and campaign.name in r.content.decode()
    page = client.get(f"/scans/{campaign.pk}/").content.decode()
    assert "1 antwoord" in page
    assert "respons 2% van 40" in page  # 1 of 40, rounded
    assert "Team of vestiging (Noord, Zuid)" in page
    assert codes[0] not in page  # no code is ever shown next to the status


def test_delegate_sees_status_but_cannot_manage(client, make_user, campaign, codes):
    delegate = make_user(Role.UNION_DELEGATE, organisation=campaign.organisation)
    client.force_login(delegate)
    assert client.get(f"/scans/{campaign.pk}/").status_code == 200
    assert client.get(f"/scans/{campaign.pk}/codes/1.pdf").status_code == 403
    assert client.post(f"/scans/{campaign.pk}/codes/", {"count": 5}).status_code == 403
    assert client.get(f"/scans/{campaign.pk}/export.csv").status_code == 403
    assert client.get(f"/scans/{campaign.pk}/import/").status_code == 403
    assert client.post(f"/scans/{campaign.pk}/close/", {"confirmed": "1"}).status_code == 403


def test_other_company_and_other_sector_refused(client, make_user, company_factory, sector_factory, campaign):
    other_admin = make_user(Role.COMPANY_ADMIN, organisation=company_factory(sector=campaign.organisation.sector))
    client.force_login(other_admin)
    assert client.get(f"/scans/{campaign.pk}/").status_code == 404
    assert campaign.name not in client.get("/scans/").content.decode()
    other_sector_staff = make_user(Role.SECTOR_STAFF, sector=sector_factory())
    client.force_login(other_sector_staff)
    assert client.get(f"/scans/{campaign.pk}/").status_code == 404
    assert client.post(f"/scans/{campaign.pk}/close/", {"confirmed": "1"}).status_code == 404


def test_sector_staff_creates_for_member_company(client, make_user, company_factory, campaign):
    sector = campaign.organisation.sector
    staff = make_user(Role.SECTOR_STAFF, sector=sector)
    member = company_factory(sector=sector)
    client.force_login(staff)
    assert client.get("/scans/new/").status_code == 200
    r = client.post("/scans/new/", {
        "organisation": member.pk, "name": "Scan leden", "instrument": "shipped:werkbaarheidsscan-basis",
        "modules": ["dienstencheques"], "languages": ["nl", "fr"], "opens_on": "2026-01-01", "closes_on": "2026-02-01",
        "min_group_size": 2, "population_size": 30, "bands_team": "A\nB",
    })
    assert r.status_code == 200  # min group size below 3 refused
    assert not Campaign.objects.filter(name="Scan leden").exists()
    r = client.post("/scans/new/", {
        "organisation": member.pk, "name": "Scan leden", "instrument": "shipped:werkbaarheidsscan-basis",
        "modules": ["dienstencheques"], "languages": ["nl", "fr"], "opens_on": "2026-01-01", "closes_on": "2026-02-01",
        "min_group_size": 5, "population_size": 30, "bands_team": "A\nB", "bands_job": "only one",
    })
    assert r.status_code == 200 and "bands_job" in r.context["form"].errors
    r = client.post("/scans/new/", {
        "organisation": member.pk, "name": "Scan leden", "instrument": "shipped:werkbaarheidsscan-basis",
        "modules": ["dienstencheques"], "languages": ["nl", "fr"], "opens_on": "2026-01-01", "closes_on": "2026-02-01",
        "min_group_size": 5, "population_size": 30, "bands_team": "A\nB",
    })
    assert r.status_code == 302
    created = Campaign.objects.get(name="Scan leden")
    assert created.grouping == {"team": ["A", "B"]} and created.languages == ["nl", "fr"]


def test_unknown_instrument_or_forged_form_is_a_form_error_not_a_500(client, make_user, campaign):
    admin = make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)
    client.force_login(admin)
    r = client.post("/scans/new/", {
        "organisation": campaign.organisation.pk, "name": "Vervalst", "instrument": "shipped:bestaat-niet",
        "modules": ["x"], "languages": ["nl"], "opens_on": "2026-01-01", "closes_on": "2026-02-01",
        "min_group_size": 5, "bands_team": "A\nB",
    })
    assert r.status_code == 200
    assert "instrument" in r.context["form"].errors
    assert not Campaign.objects.filter(name="Vervalst").exists()


def test_company_admin_cannot_create_for_other_company(client, make_user, company_factory, campaign):
    admin = make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)
    stranger = company_factory()
    client.force_login(admin)
    r = client.post("/scans/new/", {
        "organisation": stranger.pk, "name": "X", "instrument": "shipped:werkbaarheidsscan-basis",
        "languages": ["nl"], "opens_on": "2026-01-01", "closes_on": "2026-02-01", "min_group_size": 5,
    })
    assert r.status_code == 200 and not Campaign.objects.filter(name="X").exists()


def test_codes_pdf_and_close_early(client, admin_user, campaign):
    client.force_login(admin_user)
    r = client.post(f"/scans/{campaign.pk}/codes/", {"count": 9})
    assert r.status_code == 302 and campaign.codes.count() == 9
    r = client.get(f"/scans/{campaign.pk}/codes/1.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content[:4] == b"%PDF"
    assert client.get(f"/scans/{campaign.pk}/close/").status_code == 200  # confirmation page
    assert client.post(f"/scans/{campaign.pk}/close/", {}).status_code == 200  # not confirmed: nothing happens
    campaign.refresh_from_db()
    assert campaign.status == "active"
    client.post(f"/scans/{campaign.pk}/close/", {"confirmed": "1"})
    campaign.refresh_from_db()
    assert campaign.status == "closed" and campaign.is_closed


def test_export_only_when_closed_and_enough(client, admin_user, campaign, full_answers):
    client.force_login(admin_user)
    codes = [c.code for c in services.generate_codes(campaign, 8)]
    for i, code in enumerate(codes[:6]):
        services.submit(code, "nl", full_answers, {"team": "Noord" if i < 5 else "Zuid"})
    r = client.get(f"/scans/{campaign.pk}/export.csv")
    assert r.status_code == 302  # still open
    campaign.status = "closed"
    campaign.save()
    r = client.get(f"/scans/{campaign.pk}/export.csv")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0][0].startswith("# ") and "team" in rows[0][0]
    # Noord 5, Zuid 1: blanking Zuid would point at exactly that one person; the team column goes
    assert rows[1] == [*campaign.item_ids(), "age_band"]
    assert len(rows) == 8


def test_export_refused_below_minimum(client, admin_user, campaign, codes, full_answers):
    services.submit(codes[0], "nl", full_answers, {})
    campaign.status = "closed"
    campaign.save()
    client.force_login(admin_user)
    assert client.get(f"/scans/{campaign.pk}/export.csv").status_code == 302


def test_import_view_all_or_nothing(client, admin_user, campaign):
    client.force_login(admin_user)
    good = "wd1;wd2;team;language\n3;4;Noord;fr\n1;;Zuid;\n"
    bad = "wd1,wd2,team\n3,4,Noord\n9,2,Mars\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile("paper.csv", bad.encode()), "confirm_anonymous": "on"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "wd1" in page and "Mars" in page
    assert not Response.objects.exists()
    r = client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile("paper.csv", good.encode()), "confirm_anonymous": "on"})
    assert r.status_code == 302
    assert Response.objects.count() == 2
    imp = ResponseImport.objects.get()
    assert imp.imported_by == admin_user and imp.row_count == 2


def test_instrument_upload_shows_problems(client, make_user, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = make_user(Role.SECTOR_STAFF, sector=campaign.organisation.sector)
    client.force_login(staff)
    bad = b"id: mine\nversion: '1'\ntitle: {nl: x}\nlanguages: [nl]\nanswer_scales: {}\nitems: []\nscales: []\n"
    r = client.post("/scans/instruments/upload/", {"file": SimpleUploadedFile("mine.yaml", bad)})
    assert r.status_code == 400
    page = r.content.decode()
    assert "mine.yaml" in page and "answer_scales" in page
    from werkbaar.analysis.instrument import INSTRUMENTS_DIR

    text = (INSTRUMENTS_DIR / "werkbaarheidsscan-basis.yaml").read_text().replace(
        "id: werkbaarheidsscan-basis", "id: eigen-scan", 1)
    r = client.post("/scans/instruments/upload/", {"file": SimpleUploadedFile("eigen.yaml", text.encode())})
    assert r.status_code == 302
    uploaded = UploadedInstrument.objects.get(instrument_id="eigen-scan")
    assert uploaded.sector == campaign.organisation.sector
    c = Campaign.objects.create(
        organisation=campaign.organisation, name="Eigen", uploaded_instrument=uploaded, languages=["nl"],
        opens_on=campaign.opens_on, closes_on=campaign.closes_on,
    )
    assert c.instrument().id == "eigen-scan"


def test_company_admin_cannot_upload(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/scans/instruments/upload/").status_code == 403


def test_nav_entry(client, admin_user):
    client.force_login(admin_user)
    assert 'href="/scans/"' in client.get("/scans/").content.decode()
