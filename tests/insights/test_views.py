"""Report and sector-view pages: access, suppressed cells, exports, naming, background jobs."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from werkbaar.core.roles import Role
from werkbaar.insights.models import AnalysisJob, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegate(make_user, closed_campaign):
    return make_user(Role.UNION_DELEGATE, organisation=closed_campaign.organisation)


@pytest.fixture
def admin(make_user, closed_campaign):
    return make_user(Role.COMPANY_ADMIN, organisation=closed_campaign.organisation)


def _report(client, campaign, suffix=""):
    return client.get(reverse("insights:report", args=[campaign.pk]) + suffix)


def test_company_admin_and_delegate_see_the_report(client, closed_campaign, admin, delegate):
    for user in (admin, delegate):
        client.force_login(user)
        response = _report(client, closed_campaign)
        assert response.status_code == 200
        html = response.content.decode()
        assert "report-section" in html
        assert "vega-chart" in html and "data-spec" in html
        assert "/static/insights/vendor/vega-embed.min.js" in html


def test_other_company_sector_staff_and_anonymous_are_refused(client, closed_campaign, make_user, company_factory):
    other = company_factory(sector=closed_campaign.organisation.sector)
    for user in (
        make_user(Role.COMPANY_ADMIN, organisation=other),
        make_user(Role.UNION_DELEGATE, organisation=other),
        make_user(Role.SECTOR_STAFF, sector=closed_campaign.organisation.sector),
    ):
        client.force_login(user)
        assert _report(client, closed_campaign).status_code == 403
        assert client.get(reverse("insights:report_pdf", args=[closed_campaign.pk])).status_code == 403
        assert client.get(reverse("insights:report_xlsx", args=[closed_campaign.pk])).status_code == 403
    client.logout()
    response = _report(client, closed_campaign)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_campaign_is_404(client, admin):
    client.force_login(admin)
    assert client.get(reverse("insights:report", args=[999999])).status_code == 404


def test_report_opens_only_once_closed(client, insights_campaign_factory, add_responses, make_user):
    campaign = insights_campaign_factory(closed=False)
    add_responses(campaign, 20, {"team": "A"})
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation))
    response = _report(client, campaign)
    assert response.status_code == 200
    html = response.content.decode()
    assert "vega-chart" not in html and "big-figure" not in html
    assert client.get(reverse("insights:report_pdf", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("insights:report_xlsx", args=[campaign.pk])).status_code == 404


def test_suppressed_cells_show_fewer_than_n_and_never_a_number(client, closed_campaign, admin):
    client.force_login(admin)
    html = _report(client, closed_campaign).content.decode()
    # teams B (13, secondary) and C (3) are hidden: their rows carry the text, never their size
    start = html.index('id="group-team"')
    team_section = html[start:html.index("</section>", start)]
    assert team_section.count('class="suppressed"') == 2
    assert "minder dan 5" in team_section or "fewer than 5" in team_section
    for row in team_section.split("<tr")[1:]:
        if 'class="suppressed"' in row:
            assert ">13<" not in row and ">3<" not in row
            assert "%" not in row


def test_xlsx_export_is_valid_and_writes_suppressed_as_text(client, closed_campaign, admin):
    client.force_login(admin)
    response = client.get(reverse("insights:report_xlsx", args=[closed_campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) >= 4
    team = next(ws for ws in wb.worksheets if [c.value for c in ws[1]][0] in ("Team or site", "Team of vestiging"))
    rows = {r[0]: r[1:] for r in team.iter_rows(min_row=2, values_only=True)}
    assert rows["A"][0] == 14
    assert isinstance(rows["C"][0], str) and "5" in rows["C"][0]
    assert isinstance(rows["B"][0], str)


def test_pdf_export_is_a_pdf(client, closed_campaign, admin):
    client.force_login(admin)
    response = client.get(reverse("insights:report_pdf", args=[closed_campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    assert len(response.content) > 5000


def test_report_caching_invalidated_when_a_response_arrives(client, closed_campaign, admin, add_responses):
    from werkbaar.insights.models import AnalysisResult

    client.force_login(admin)
    _report(client, closed_campaign)
    first = AnalysisResult.objects.get(key=f"campaign:{closed_campaign.pk}")
    _report(client, closed_campaign)
    assert AnalysisResult.objects.get(pk=first.pk).fingerprint == first.fingerprint
    add_responses(closed_campaign, 2, {"team": "C"}, seed=7)
    _report(client, closed_campaign)
    second = AnalysisResult.objects.get(key=f"campaign:{closed_campaign.pk}")
    assert second.fingerprint != first.fingerprint
    assert second.data["result"]["overall"]["n"] == 32


def test_long_analysis_runs_as_a_job_with_progress(client, closed_campaign, admin, settings, run_tasks):
    settings.WERKBAAR_ANALYSIS_MODE = "worker"
    client.force_login(admin)
    response = _report(client, closed_campaign)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<progress" in html and "hx-get" in html
    job = AnalysisJob.objects.get(campaign=closed_campaign)
    assert job.status == JobStatus.QUEUED
    status = client.get(reverse("insights:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert status.status_code == 200 and "HX-Refresh" not in status
    assert run_tasks() >= 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100
    status = client.get(reverse("insights:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert status["HX-Refresh"] == "true"
    # next: the sector aggregate it is compared with is another job
    assert "<progress" in _report(client, closed_campaign).content.decode()
    assert run_tasks() == 1
    assert "big-figure" in _report(client, closed_campaign).content.decode()


def test_job_status_refused_to_other_company(client, closed_campaign, admin, make_user, company_factory, settings):
    settings.WERKBAAR_ANALYSIS_MODE = "worker"
    client.force_login(admin)
    _report(client, closed_campaign)
    job = AnalysisJob.objects.get(campaign=closed_campaign)
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=company_factory()))
    assert client.get(reverse("insights:job", args=[job.pk])).status_code == 403


def _sector_campaigns(sector, company_factory, insights_campaign_factory, add_responses):
    companies = [
        company_factory(sector=sector, employees=120, consent_named=True, name="Named Consenting nv"),
        company_factory(sector=sector, employees=60, consent_named=False, name="Secret Firm bv"),
        company_factory(sector=sector, employees=80, consent_named=False, name="Hidden Care vzw"),
    ]
    for i, company in enumerate(companies):
        add_responses(insights_campaign_factory(organisation=company), 12, {"team": "A"}, seed=i)
    return companies


def test_sector_view_never_names_a_non_consenting_company(
    client, sector_factory, company_factory, insights_campaign_factory, add_responses, make_user
):
    sector = sector_factory()
    _sector_campaigns(sector, company_factory, insights_campaign_factory, add_responses)
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector))
    response = client.get(reverse("sector_tab", args=[sector.code, "workability"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Named Consenting nv" in html
    assert "Secret Firm" not in html and "Hidden Care" not in html
    assert "big-figure" in html
    pdf = client.get(reverse("insights:sector_pdf", args=[sector.code]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    xlsx = client.get(reverse("insights:sector_xlsx", args=[sector.code]))
    assert xlsx.status_code == 200
    text = " ".join(str(c.value) for ws in load_workbook(io.BytesIO(xlsx.content)).worksheets
                    for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Named Consenting nv" in text and "Secret Firm" not in text and "Hidden Care" not in text


def test_sector_view_access(client, sector_factory, make_user, company_factory):
    sector, other = sector_factory(), sector_factory()
    company = company_factory(sector=sector)
    client.force_login(make_user(Role.SECTOR_STAFF, sector=other))
    assert client.get(reverse("sector_tab", args=[sector.code, "workability"])).status_code == 403
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=company))
    assert client.get(reverse("sector_tab", args=[sector.code, "workability"])).status_code == 403
    assert client.get(reverse("sector_index")).status_code == 403
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    assert client.get(reverse("sector_tab", args=[sector.code, "workability"])).status_code == 200
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector))
    assert client.get(reverse("sector_index")).status_code == 302


def test_sector_view_bad_period_is_a_message_not_a_500(client, sector_factory, make_user):
    sector = sector_factory()
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector))
    response = client.get(reverse("sector_tab", args=[sector.code, "workability"]), {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    response = client.get(reverse("sector_tab", args=[sector.code, "workability"]), {"start": "not-a-date"})
    assert response.status_code == 200


def test_report_list_links_closed_campaigns(client, closed_campaign, admin, insights_campaign_factory):
    running = insights_campaign_factory(organisation=closed_campaign.organisation, closed=False, name="Running")
    client.force_login(admin)
    html = client.get(reverse("insights:reports")).content.decode()
    assert reverse("insights:report", args=[closed_campaign.pk]) in html
    assert reverse("insights:report", args=[running.pk]) not in html


def test_before_after_comparison_with_verdict(client, insights_campaign_factory, add_responses, company_factory,
                                              make_user):
    company = company_factory()
    before = insights_campaign_factory(organisation=company, name="Meting 2024", days_ago=400)
    after = insights_campaign_factory(organisation=company, name="Meting 2026", days_ago=5)
    add_responses(before, 30, {"team": "A"}, level=4)  # answers 4 everywhere: many problems
    add_responses(after, 30, {"team": "A"}, level=2)
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=company))
    html = client.get(reverse("insights:report", args=[after.pk])).content.decode()
    start = html.index('id="before-title"')
    section = html[start:html.index("</section>", start)]
    assert "Meting 2024" in section
    assert "vorige meting" in section  # the engine's plain-language verdict (Dutch)
    assert "procentpunt" in section


def test_exports_wait_for_the_analysis(client, closed_campaign, admin, settings):
    settings.WERKBAAR_ANALYSIS_MODE = "worker"
    client.force_login(admin)
    for name in ("insights:report_pdf", "insights:report_xlsx"):
        response = client.get(reverse(name, args=[closed_campaign.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("insights:report", args=[closed_campaign.pk])


def test_failed_analysis_shows_a_message_not_a_500(client, closed_campaign, admin, monkeypatch):
    from werkbaar.insights import services

    def broken(*args, **kwargs):
        raise ValueError("bad instrument file")

    monkeypatch.setattr(services, "compute_campaign_result", broken)
    client.force_login(admin)
    response = _report(client, closed_campaign)
    assert response.status_code == 200
    assert "failed" in response.content.decode() or "mislukt" in response.content.decode()


def test_empty_report_list_offers_a_company_admin_to_start_a_scan(client, make_user, company_factory):
    from werkbaar.core.roles import Role

    company = company_factory()
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=company))
    assert "/scans/new/" in client.get("/insights/").content.decode()
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=company))
    assert "/scans/new/" not in client.get("/insights/").content.decode()
