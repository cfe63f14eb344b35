"""The home page per role (issue 16): the work of the department, the sector and the company, each list
linking to where the work is done, useful empty states, scoping to the user's own sector or company,
and a bounded number of queries for the department."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from werkbaar.core.roles import Role
from werkbaar.reporting.models import ExtensionRequest, SectionRemark

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def _panel(html: str, audience: str, key: str) -> str:
    start = html.index(f'id="panel-{audience}-{key}"')
    return html[start:html.index("</section>", start)]


@pytest.fixture
def two_sectors(covenant_factory, sector_factory, company_factory, make_user):
    out = {}
    for code in ("alpha", "beta"):
        sector = sector_factory(code, f"Sector {code}")
        covenant = covenant_factory(sector=sector, code=f"{code.upper()}-2026", start=dt.date(2026, 1, 1),
                                    end=dt.date(2027, 12, 31))
        company = company_factory(sector=sector, name=f"Company {code}")
        out[code] = {"sector": sector, "covenant": covenant, "company": company,
                     "staff": make_user(Role.SECTOR_STAFF, sector=sector),
                     "consultant": make_user(Role.CONSULTANT, sector=sector),
                     "admin": make_user(Role.COMPANY_ADMIN, organisation=company),
                     "delegate": make_user(Role.UNION_DELEGATE, organisation=company)}
    return out


# --- the department ------------------------------------------------------------------------------


def test_the_department_sees_its_work_with_links_to_where_it_is_done(two_sectors, make_user, client, home):
    alpha, beta = two_sectors["alpha"], two_sectors["beta"]
    a = home.reports(alpha["covenant"], progress_status="submitted", final_status="approved")
    b = home.reports(beta["covenant"], progress_status="draft", progress_due=TODAY - dt.timedelta(days=5))
    ExtensionRequest.objects.create(report=b["final"], requested_due_date=b["final"].due_date + dt.timedelta(days=30),
                                    previous_due_date=b["final"].due_date, reason="Illness")
    session = home.session(beta["sector"], "Kick-off", timezone.now().replace(day=1, hour=10) + dt.timedelta(hours=1))
    home.session(alpha["sector"], "Next month", timezone.now() + dt.timedelta(days=40))
    html = _home(client, make_user(Role.ACCOUNT_MANAGER))

    assert f'href="/reporting/{a["progress"].pk}/"' in _panel(html, "department", "review")
    late = _panel(html, "department", "late")
    assert f'href="/reporting/{b["progress"].pk}/"' in late and "badge-red" in late
    assert f'/reporting/{a["progress"].pk}/' not in late
    assert f'href="/reporting/{b["final"].pk}/#extensions"' in _panel(html, "department", "extensions")
    assert f'href="/reporting/{a["final"].pk}/evaluate/"' in _panel(html, "department", "evaluations")
    sessions = _panel(html, "department", "sessions")
    assert f'href="/networks/sessions/{session.pk}/"' in sessions and "Next month" not in sessions
    assert "No payment to approve" in _panel(html, "department", "payments")
    figures = _panel(html, "department", "figures")
    # two running covenants of 2 FTE and EUR 196,000 each (tests/conftest.py), one consultant of 2 FTE each
    assert "<dd>2</dd>" in figures
    assert re.search(r"4[.,]00 / 4[.,]00", figures)
    assert re.search(r"392[.,]000[.,]00 / 0[.,]00", figures)
    assert "<svg" in figures and "ALPHA-2026" in figures


def test_the_department_home_shows_what_comes_next_when_there_is_no_work(make_user, client):
    html = _home(client, make_user(Role.ACCOUNT_MANAGER))
    assert "No report is waiting for review" in _panel(html, "department", "review")
    assert "No report is late" in _panel(html, "department", "late")
    assert 'href="/reporting/portfolio/"' in _panel(html, "department", "late")
    assert "No covenant is running" in _panel(html, "department", "figures")
    assert "No network session this month" in _panel(html, "department", "sessions")


def test_the_department_home_costs_the_same_queries_for_many_covenants(
        covenant_factory, sector_factory, make_user, client, home):
    user = make_user(Role.ACCOUNT_MANAGER)
    client.force_login(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
        return len(captured.captured_queries)

    covenant = covenant_factory(sector=sector_factory("one"))
    home.reports(covenant, progress_status="submitted", final_status="approved")
    few = queries()
    for n in range(6):
        c = covenant_factory(sector=sector_factory(f"many{n}"))
        r = home.reports(c, progress_status="submitted", final_status="approved")
        ExtensionRequest.objects.create(report=r["final"], requested_due_date=r["final"].due_date,
                                        previous_due_date=r["final"].due_date, reason="x")
    assert queries() == few
    assert few <= 30  # about 2 per panel (13 panels on the department home), whatever the number of covenants


# --- sector staff and consultants ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "consultant"])
def test_the_sector_sees_its_deadlines_returned_reports_sessions_and_scans_and_nothing_of_another(
        two_sectors, client, role, home):
    alpha, beta = two_sectors["alpha"], two_sectors["beta"]
    a = home.reports(alpha["covenant"], progress_status="returned", final_status="draft")
    b = home.reports(beta["covenant"], progress_status="returned", final_status="draft")
    SectionRemark.objects.create(report=a["progress"], section="p1", text="Add the number of employers reached.")
    SectionRemark.objects.create(report=b["progress"], section="p1", text="Secret remark for beta.")
    mine, theirs = home.session(alpha["sector"], "Alpha session", timezone.now() + dt.timedelta(days=3)), \
        home.session(beta["sector"], "Beta session", timezone.now() + dt.timedelta(days=3))
    scan_a, scan_b = home.campaign(alpha["company"], "Scan alpha"), home.campaign(beta["company"], "Scan beta")
    html = _home(client, alpha[role])

    assert f'href="/reporting/{a["final"].pk}/"' in _panel(html, "sector", "deadlines")
    returned = _panel(html, "sector", "returned")
    assert f'href="/reporting/{a["progress"].pk}/"' in returned
    assert "Add the number of employers reached." in returned
    assert f'href="/networks/sessions/{mine.pk}/"' in _panel(html, "sector", "sessions")
    scans = _panel(html, "sector", "scans")
    assert f'href="/scans/{scan_a.pk}/"' in scans and "0 of 40 answered (0%)" in scans
    for secret in (f"/reporting/{b['final'].pk}/", f"/reporting/{b['progress'].pk}/", "Secret remark",
                   f"/networks/sessions/{theirs.pk}/", f"/scans/{scan_b.pk}/", "BETA-2026"):
        assert secret not in html
    assert 'id="home-department"' not in html and 'id="home-company"' not in html


def test_the_sector_home_shows_what_comes_next_when_there_is_no_work(two_sectors, client):
    html = _home(client, two_sectors["alpha"]["staff"])
    assert "No report to write right now" in _panel(html, "sector", "deadlines")
    assert "No report was returned" in _panel(html, "sector", "returned")
    assert "No session planned" in _panel(html, "sector", "sessions")
    assert "No scan is open in your sector" in _panel(html, "sector", "scans")


# --- company admins and union delegates ----------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "delegate"])
def test_the_company_sees_its_scan_progress_plan_items_and_next_session_and_nothing_of_another(
        two_sectors, client, role, home):
    from werkbaar.networks.models import Participant

    alpha, beta = two_sectors["alpha"], two_sectors["beta"]
    other = beta["company"]
    scan = home.campaign(alpha["company"], "Spring scan", population=40)
    home.campaign(other, "Other scan")
    late_item = home.plan_item(alpha["company"], "Ergonomic chairs", TODAY - dt.timedelta(days=2))
    home.plan_item(alpha["company"], "Far away", TODAY + dt.timedelta(days=200))
    home.plan_item(alpha["company"], "Done already", TODAY, status="done")
    home.plan_item(other, "Other company's action", TODAY)
    session = home.session(alpha["sector"], "Kick-off", timezone.now() + dt.timedelta(days=5))
    Participant.objects.create(network=session.network, organisation=alpha["company"], attendee_name="An",
                               attendee_email="an@example.org", backup_name="Bo", backup_email="bo@example.org")
    home.session(beta["sector"], "Beta only", timezone.now() + dt.timedelta(days=1))
    html = _home(client, alpha[role])

    running = _panel(html, "company", "scan")
    assert f'href="/scans/{scan.pk}/"' in running and "0 of 40 answered (0%)" in running
    items = _panel(html, "company", "plan_items")
    assert f"#p-text-{late_item.pk}" in items and "badge-red" in items
    assert "Far away" not in items and "Done already" not in items
    assert f'href="/networks/sessions/{session.pk}/"' in _panel(html, "company", "sessions")
    for secret in ("Other scan", "Other company's action", "Beta only"):
        assert secret not in html
    assert "No closed scan yet" in _panel(html, "company", "report")


def test_the_company_home_shows_what_comes_next_when_there_is_no_work(two_sectors, client):
    html = _home(client, two_sectors["alpha"]["admin"])
    assert "No scan is running" in _panel(html, "company", "scan")
    assert "No action is due" in _panel(html, "company", "plan_items")
    assert "has no network session planned" in _panel(html, "company", "sessions")


def _row(title, rate, suppressed=None):
    from werkbaar.insights.report import IndicatorRow

    return IndicatorRow(id=title, title=title, kind="risk", higher_is="worse", n=None if suppressed else 10,
                        mean=None, problem_rate=None if suppressed else rate, acute_rate=None,
                        suppressed_reason=suppressed)


def test_strongest_and_weakest_skip_suppressed_figures_and_never_repeat_an_indicator():
    from werkbaar.insights.home import strongest_and_weakest

    rows = [_row("a", 0.5), _row("b", 0.1), _row("c", 0.3), _row("hidden", 0.0, suppressed="small"),
            _row("d", 0.9), _row("e", 0.2), _row("f", 0.7), _row("g", 0.4)]
    strongest, weakest = strongest_and_weakest(rows)
    assert [r.title for r in strongest] == ["b", "e", "c"]
    assert [r.title for r in weakest] == ["d", "f", "a"]
    strongest, weakest = strongest_and_weakest(rows[:3])  # three rows: two strong, one weak, none twice
    assert [r.title for r in strongest] == ["b", "c"] and [r.title for r in weakest] == ["a"]


def test_the_latest_report_in_brief_shows_nothing_below_the_minimum_group_size(two_sectors, client, monkeypatch, home):
    from werkbaar.insights import home as insights_home

    alpha = two_sectors["alpha"]
    home.campaign(alpha["company"], "Autumn scan", opens_on=TODAY - dt.timedelta(days=40),
              closes_on=TODAY - dt.timedelta(days=10))
    overall = {"suppressed": True, "suppressed_reason": "small", "scales": {"werkdruk": {"problem_rate": 0.8}}}
    monkeypatch.setattr(insights_home.jobs, "campaign_result_or_job",
                        lambda campaign, user: ({"result": {"overall": overall, "min_group": 5}}, None))
    panel = _panel(_home(client, alpha["delegate"]), "company", "report")
    assert "Too few answers to show figures" in panel and "5 respondents" in panel
    assert "%" not in panel.split("</h3>")[1]


def test_the_latest_report_in_brief_lists_the_strongest_and_weakest_points(two_sectors, client, monkeypatch, home):
    from werkbaar.insights import home as insights_home

    alpha = two_sectors["alpha"]
    campaign = home.campaign(alpha["company"], "Autumn scan", opens_on=TODAY - dt.timedelta(days=40),
                         closes_on=TODAY - dt.timedelta(days=10))
    scales = {s.id: {"n": 20, "problem_rate": 0.05 * (i + 1)} for i, s in enumerate(campaign.instrument().scales)}
    first = campaign.instrument().scales[0]
    scales[first.id] = {"suppressed": True, "suppressed_reason": "small", "problem_rate": 0.0}
    overall = {"n": 20, "workability_rate": 0.5, "scales": scales}
    monkeypatch.setattr(insights_home.jobs, "campaign_result_or_job",
                        lambda c, user: ({"result": {"overall": overall, "min_group": 5}}, None))
    html = _home(client, alpha["admin"])
    strong, weak = _panel(html, "company", "report"), _panel(html, "company", "weak")
    assert strong.count("<li>") == 3 and weak.count("<li>") == 3
    assert f'href="/insights/campaigns/{campaign.pk}/report/"' in strong
    assert campaign.instrument().scale_title(first.id, "nl") not in strong + weak  # suppressed: never ranked
    assert "10% of respondents" in strong or "10%" in strong


# --- the rules behind the key figures ------------------------------------------------------------


def test_deployed_fte_on_a_day_counts_employment_and_unreplaced_absences_only():
    from werkbaar.reporting.home import Staffing, deployed_fte_on

    day = dt.date(2026, 6, 15)
    staff = [
        Staffing(Decimal("1"), dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        Staffing(Decimal("0.5"), dt.date(2026, 6, 16), dt.date(2026, 12, 31)),  # not yet employed
        Staffing(Decimal("0.8"), dt.date(2026, 1, 1), dt.date(2026, 12, 31), ((dt.date(2026, 6, 15), dt.date(2026, 6, 20)),)),
        Staffing(Decimal("0.3"), dt.date(2026, 1, 1), dt.date(2026, 6, 15)),  # last day counts
    ]
    assert deployed_fte_on(day, staff) == Decimal("1.3")
    assert deployed_fte_on(dt.date(2026, 6, 21), staff) == Decimal("2.3")


def test_the_home_page_speaks_dutch_and_french(two_sectors, client):
    client.force_login(two_sectors["alpha"]["admin"])
    assert "Er loopt geen scan." in client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Aucun scan en cours." in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_the_department_sees_the_fund_payments_to_approve(company_factory, make_user, client):
    from werkbaar.fund.models import Application, ApplicationStatus, FinalReport, FundCall

    call = FundCall.objects.create(code="WF-1", title_nl="Werkbaarheidsfonds", opens=dt.date(2026, 1, 1),
                                   closes=dt.date(2026, 12, 31), budget_eur=Decimal("500000"), rate=Decimal("0.5"),
                                   ceiling_eur=Decimal("10000"), minimum_eur=Decimal("500"),
                                   eligible_categories=["coaching"])
    company = company_factory(name="Poetsplus")
    reported = Application.objects.create(call=call, organisation=company, status=ApplicationStatus.FINAL_REPORT)
    FinalReport.objects.create(application=reported, text="Coaching done", proven_eligible_eur=Decimal("6000"))
    waiting = Application.objects.create(call=call, organisation=company, status=ApplicationStatus.APPROVED)
    panel = _panel(_home(client, make_user(Role.ACCOUNT_MANAGER)), "department", "payments")
    assert f'href="/fund/applications/{reported.pk}/"' in panel
    assert f"/fund/applications/{waiting.pk}/" not in panel
