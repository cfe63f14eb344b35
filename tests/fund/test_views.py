"""The fund's pages through the test client: scope (404 for strangers), the htmx preview, bad input, the whole path."""

from datetime import date
from decimal import Decimal as D

import pytest

from werkbaar.core.roles import Role
from werkbaar.fund.models import Application, CostLine, Decision, FundCall


def costs_post(app, lines, aid=()):
    data = {"costs-TOTAL_FORMS": str(len(lines)), "costs-INITIAL_FORMS": str(app.costs.count()),
            "costs-MIN_NUM_FORMS": "0", "costs-MAX_NUM_FORMS": "1000",
            "aid-TOTAL_FORMS": str(len(aid)), "aid-INITIAL_FORMS": "0", "aid-MIN_NUM_FORMS": "0",
            "aid-MAX_NUM_FORMS": "1000"}
    existing = list(app.costs.all())
    for i, (category, description, amount) in enumerate(lines):
        if i < len(existing):
            data[f"costs-{i}-id"] = str(existing[i].pk)
        data.update({f"costs-{i}-category": category, f"costs-{i}-description": description,
                     f"costs-{i}-amount_eur": amount})
    for i, (granted_on, amount) in enumerate(aid):
        data.update({f"aid-{i}-granted_on": granted_on, f"aid-{i}-amount_eur": amount})
    return data


def test_fund_index_answers_and_shows_open_calls(client, fund_world):
    client.force_login(fund_world["admin"])
    response = client.get("/fund/")
    assert response.status_code == 200
    assert fund_world["call"].code in response.content.decode()


def test_company_admin_starts_and_edits_an_application(client, fund_world):
    w = fund_world
    client.force_login(w["admin"])
    response = client.post(f"/fund/calls/{w['call'].pk}/apply/", {"organisation": w["company"].pk})
    app = Application.objects.get(organisation=w["company"])
    assert response.status_code == 302 and app.status == "draft" and app.created_by == w["admin"]
    data = costs_post(app, [("coaching", "Externe coach", "6400"), ("other", "Broodjes", "420")],
                      aid=[("2025-03-01", "150000")])
    assert client.post(f"/fund/applications/{app.pk}/", data).status_code == 302
    app.refresh_from_db()
    assert app.costs.count() == 2 and app.de_minimis == [{"granted_on": "2025-03-01", "amount_eur": "150000.00"}]
    preview = client.post(f"/fund/applications/{app.pk}/preview/", costs_post(app, [("coaching", "x", "1000.10")]))
    assert preview.status_code == 200 and "500,05" in preview.content.decode()
    # The de-minimis aid being typed counts at once: 299,800 declared leaves 200.00 of room.
    typed = costs_post(app, [("coaching", "x", "1000.10")], aid=[(str(date.today()), "299800")])
    preview = client.post(f"/fund/applications/{app.pk}/preview/", typed)
    assert "200,00" in preview.content.decode() and "minimum" in preview.content.decode()


def test_bad_amounts_save_nothing(client, fund_world):
    w = fund_world
    app = w["application"](costs=())
    client.force_login(w["admin"])
    data = costs_post(app, [("coaching", "ok", "100"), ("training", "drie decimalen", "10.001")])
    response = client.post(f"/fund/applications/{app.pk}/", data)
    assert response.status_code == 200 and not CostLine.objects.filter(application=app).exists()
    data = costs_post(app, [("coaching", "negatief", "-5")])
    assert client.post(f"/fund/applications/{app.pk}/", data).status_code == 200
    assert not CostLine.objects.filter(application=app).exists()


def test_stranger_gets_404_and_delegate_cannot_edit(client, fund_world, company_factory, make_user):
    w = fund_world
    app = w["application"]()
    other = make_user(Role.COMPANY_ADMIN, organisation=company_factory())
    client.force_login(other)
    assert client.get(f"/fund/applications/{app.pk}/").status_code == 404
    assert client.post(f"/fund/calls/{w['call'].pk}/apply/", {"organisation": w["company"].pk}).status_code == 404
    client.force_login(w["delegate"])
    assert client.get(f"/fund/applications/{app.pk}/").status_code == 200
    assert client.post(f"/fund/applications/{app.pk}/", costs_post(app, [("coaching", "x", "1")])).status_code == 403
    assert client.post(f"/fund/applications/{app.pk}/comment/", {"text": "Akkoord"}).status_code == 302
    assert app.comments.get().author == w["delegate"]
    assert client.post(f"/fund/applications/{app.pk}/step/submit/").status_code == 302
    assert Application.objects.get(pk=app.pk).status == "draft"


def test_only_managers_create_calls_and_export(client, fund_world):
    w = fund_world
    client.force_login(w["admin"])
    assert client.get("/fund/calls/new/").status_code == 403
    assert client.get("/fund/payments.csv").status_code == 403
    client.force_login(w["managers"][0])
    data = {"code": "WF-NEW", "title_nl": "Nieuw", "opens": "2027-06-30", "closes": "2027-01-01",
            "budget_eur": "1000", "rate": "0.5", "ceiling_eur": "100", "minimum_eur": "0",
            "eligible_categories": ["scan"], "scan_max_age_months": "24", "advance_share": "0", "reviews_required": "2"}
    response = client.post("/fund/calls/new/", data)
    assert response.status_code == 200 and not FundCall.objects.filter(code="WF-NEW").exists()
    data.update(closes="2027-12-31", rate="1.5")
    assert client.post("/fund/calls/new/", data).status_code == 200
    data.update(rate="0.5")
    assert client.post("/fund/calls/new/", data).status_code == 302
    assert FundCall.objects.get(code="WF-NEW").eligible_categories == ["scan"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_whole_path_through_the_pages(client, fund_world, fmt):
    w = fund_world
    w["call"].advance_share = D("0.25")
    w["call"].save()
    app = w["application"]()
    client.force_login(w["admin"])
    client.post(f"/fund/applications/{app.pk}/step/submit/")
    m1, m2 = w["managers"]
    client.force_login(m1)
    client.post(f"/fund/applications/{app.pk}/step/start_review/")
    client.post(f"/fund/applications/{app.pk}/review/", {"score": "4", "recommendation": "approve"})
    client.post(f"/fund/applications/{app.pk}/decide/", {"outcome": "approved", "reason": "ok"})
    assert not Decision.objects.exists()  # one review is not enough
    client.force_login(m2)
    client.post(f"/fund/applications/{app.pk}/review/", {"score": "5", "recommendation": "approve"})
    client.post(f"/fund/applications/{app.pk}/decide/", {"outcome": "approved", "reason": "Goed plan"})
    assert Decision.objects.get().amount_eur == D("3200.00")
    client.force_login(w["admin"])
    client.post(f"/fund/applications/{app.pk}/final-report/", {"text": "gedaan", "proven_eligible_eur": "5000"})
    client.force_login(m1)
    client.post(f"/fund/applications/{app.pk}/pay/")
    assert Application.objects.get(pk=app.pk).status == "paid"
    response = client.get(f"/fund/calls/{w['call'].pk}/")
    assert response.status_code == 200
    export = client.get(f"/fund/payments.{fmt}")
    assert export.status_code == 200
    if fmt == "csv":
        body = export.content.decode()
        assert "800.00" in body and "1700.00" in body


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("name, content, accepted", [
    ("offerte.pdf", b"%PDF-1.7 quote", True),
    ("offerte.JPG", b"\xff\xd8\xff\xe0 jpeg", True),
    ("offerte.png", b"\x89PNG\r\n\x1a\n png", True),
    ("offerte.pdf", b"<html><script>alert(1)</script>", False),  # a PDF in name only
    ("offerte.docx", b"PK\x03\x04 word", False),  # reporting accepts it as evidence; a quote is PDF or image
    ("offerte.svg", b"<svg onload=alert(1)>", False),
])
def test_quotes_only_pdf_or_images(client, fund_world, name, content, accepted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = fund_world
    app = w["application"]()
    client.force_login(w["admin"])
    response = client.post(f"/fund/applications/{app.pk}/quotes/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    assert app.quotes.exists() is accepted
    if accepted:
        download = client.get(f"/fund/applications/{app.pk}/quotes/{app.quotes.get().pk}/")
        assert download.status_code == 200 and b"".join(download.streaming_content) == content


def test_quote_larger_than_10_mb_is_refused(client, fund_world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = fund_world
    app = w["application"]()
    client.force_login(w["admin"])
    big = SimpleUploadedFile("offerte.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    response = client.post(f"/fund/applications/{app.pk}/quotes/", {"file": big}, follow=True)
    assert not app.quotes.exists() and "10 MB" in response.content.decode()


def test_quotes_of_another_company_are_404(client, fund_world, company_factory, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = fund_world
    app = w["application"]()
    client.force_login(w["admin"])
    client.post(f"/fund/applications/{app.pk}/quotes/", {"file": SimpleUploadedFile("q.pdf", b"%PDF-1.4")})
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=company_factory()))
    assert client.get(f"/fund/applications/{app.pk}/quotes/{app.quotes.get().pk}/").status_code == 404
    assert client.post(f"/fund/applications/{app.pk}/quotes/",
                       {"file": SimpleUploadedFile("q.pdf", b"%PDF-1.4")}).status_code == 404


def test_a_sector_call_is_hidden_from_other_sectors(client, fund_world, fund_call, sector_factory, company_factory,
                                                    make_user):
    w = fund_world
    own = fund_call(sector=w["company"].sector, owner_sector=w["company"].sector, title_nl="Sectorfonds eigen")
    client.force_login(w["admin"])
    assert client.get(f"/fund/calls/{own.pk}/").status_code == 200
    assert "Sectorfonds eigen" in client.get("/fund/").content.decode()
    outsider = make_user(Role.SECTOR_STAFF, sector=sector_factory())
    client.force_login(outsider)
    assert client.get(f"/fund/calls/{own.pk}/").status_code == 404
    assert "Sectorfonds eigen" not in client.get("/fund/").content.decode()
    assert own.code not in [c["code"] for c in client.get("/api/v1/fund/calls").json()]
    assert client.get(f"/fund/calls/{w['call'].pk}/").status_code == 200  # a call for every sector


@pytest.mark.parametrize("organisation", ["abc", "", "-1", "1" * 30, "1\x00"])
def test_apply_with_a_garbage_organisation_is_404(client, fund_world, organisation):
    client.raise_request_exception = False
    client.force_login(fund_world["admin"])
    response = client.post(f"/fund/calls/{fund_world['call'].pk}/apply/", {"organisation": organisation})
    # 404: no such organisation of yours; a NUL byte is refused earlier with 400 by the project's middleware
    assert response.status_code == (400 if "\x00" in organisation else 404)
    assert not Application.objects.exists()


def test_reviewers_score_each_criterion_of_the_call(client, fund_world):
    from werkbaar.fund import services
    from werkbaar.fund.workflows import APPLICATION_WORKFLOW

    w = fund_world
    w["call"].criteria = ["Relevantie", "Haalbaarheid"]
    w["call"].save()
    app = w["application"]()
    services.submit(app, w["admin"])
    APPLICATION_WORKFLOW.apply(app, "start_review", w["managers"][0])
    client.force_login(w["managers"][0])
    page = client.get(f"/fund/applications/{app.pk}/").content.decode()
    assert "Relevantie" in page and "Haalbaarheid" in page
    client.post(f"/fund/applications/{app.pk}/review/", {"criterion_0": "5", "recommendation": "approve"})
    assert not app.reviews.exists()  # a criterion without a score saves nothing
    client.post(f"/fund/applications/{app.pk}/review/",
                {"criterion_0": "5", "criterion_1": "2", "recommendation": "approve"})
    review = app.reviews.get()
    assert review.scores == {"Relevantie": 5, "Haalbaarheid": 2} and review.score == 4  # 3.5 rounds half up


def test_call_criteria_are_one_per_line(client, fund_world):
    client.force_login(fund_world["managers"][0])
    call = fund_world["call"]
    data = {"code": call.code, "title_nl": "x", "opens": "2027-01-01", "closes": "2027-12-31", "budget_eur": "1000",
            "rate": "0.5", "ceiling_eur": "100", "minimum_eur": "0", "eligible_categories": ["scan"],
            "scan_max_age_months": "24", "advance_share": "0", "reviews_required": "2",
            "criteria": "Relevantie\n\n  Haalbaarheid  \n"}
    assert client.post(f"/fund/calls/{call.pk}/edit/", data).status_code == 302
    call.refresh_from_db()
    assert call.criteria == ["Relevantie", "Haalbaarheid"]
    data["criteria"] = "\n".join(f"c{i}" for i in range(11))
    assert client.post(f"/fund/calls/{call.pk}/edit/", data).status_code == 200
