"""The home page of each role in Debian chromium, on a 390 px phone and a 1366 px screen: the panels
show, axe-core finds no serious violation, and the header's menus open and close with the keyboard."""

import datetime as dt

import pytest
from django.utils import timezone

from werkbaar.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture
def world(covenant_factory, sector_factory, company_factory, make_user, home):
    from werkbaar.reporting.models import SectionRemark

    sector = sector_factory("vormdc", "Dienstencheques")
    covenant = covenant_factory(sector=sector, code="VORMDC-2026", start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31))
    reports = home.reports(covenant, progress_status="returned", progress_due=timezone.localdate() - dt.timedelta(days=3))
    SectionRemark.objects.create(report=reports["progress"], section="p1", text="Vermeld het aantal werkgevers.")
    company = company_factory(sector=sector, name="Poetsplus")
    home.campaign(company, "Scan voorjaar", population=40)
    home.plan_item(company, "Ergonomisch materiaal", timezone.localdate() + dt.timedelta(days=10))
    home.session(sector, "Kick-off", timezone.now() + dt.timedelta(days=4))
    return {
        "department": make_user(Role.ACCOUNT_MANAGER),
        "sector": make_user(Role.SECTOR_STAFF, sector=sector),
        "consultant": make_user(Role.CONSULTANT, sector=sector),
        "company": make_user(Role.COMPANY_ADMIN, organisation=company),
        "delegate": make_user(Role.UNION_DELEGATE, organisation=company),
    }


HEADINGS = {
    "department": ["Kerncijfers", "Rapporten die op beoordeling wachten", "Rapporten te laat", "Netwerksessies deze maand"],
    "sector": ["Volgende rapportdeadlines", "Teruggestuurde rapporten", "Komende netwerksessies",
               "Lopende scans in uw sector"],
    "consultant": ["Volgende rapportdeadlines", "Teruggestuurde rapporten"],
    "company": ["Lopende scan", "Laatste scanrapport", "Acties uit het actieplan met een deadline",
                "Volgende netwerksessie"],
    "delegate": ["Lopende scan", "Volgende netwerksessie"],
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", list(HEADINGS))
def test_each_home_page_reads_well_and_passes_axe(browser_page, live_server, login, world, axe, role, viewport):
    page = browser_page
    page.set_viewport_size(VIEWPORTS[viewport])
    login(page, world[role])
    page.goto(f"{live_server.url}/")
    headings = page.locator("main h3").all_inner_texts()
    for heading in HEADINGS[role]:
        assert any(h.startswith(heading) for h in headings), (heading, headings)
    assert axe(page) == []
    # no horizontal scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    if viewport == "phone":
        page.click(".nav-menu summary")
    toggle = page.locator(".nav-group-toggle").first
    menu = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    assert axe(page) == []
    page.keyboard.press("Tab")  # into the open menu
    assert page.evaluate("document.activeElement.closest('.nav-sub') !== null")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('nav-group-toggle')")


def test_the_department_chart_and_the_sector_tabs(browser_page, live_server, login, world, axe, csp_violations):
    page = browser_page
    violations = csp_violations(page)
    page.set_viewport_size(VIEWPORTS["desktop"])
    login(page, world["sector"])
    page.goto(f"{live_server.url}/knowledge/sectors/vormdc/")  # an old address: the sector page's first tab
    assert page.url.endswith("/sector/vormdc/workability/")
    tabs = page.locator(".sector-tabs a")
    assert tabs.all_inner_texts() == ["Werkbaarheid", "Acties"]
    tabs.nth(1).click()
    page.wait_for_load_state()
    assert page.url.endswith("/sector/vormdc/actions/")
    assert page.locator('.sector-tabs a[aria-current="page"]').inner_text() == "Acties"
    assert axe(page) == []
    page.context.clear_cookies()
    login(page, world["department"])
    page.goto(f"{live_server.url}/")
    assert page.locator("#panel-department-figures figure svg").count() == 1
    page.click("#panel-department-figures summary")
    assert "VORMDC-2026" in page.locator("#panel-department-figures table").inner_text()
    assert axe(page) == []
    assert violations == []  # the chart is a static SVG: no script, no inline style the policy refuses
