"""Browser test: a union delegate opens a demo-like campaign report; a user of another company is refused."""

import re

import pytest

from werkbaar.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_like_campaign(insights_campaign_factory, add_responses, company_factory):
    """Like the scans demo: a service-voucher company, four teams, one of them too small."""
    company = company_factory(name="Poetsdienst Demo bv", employees=180, consent_named=True)
    campaign = insights_campaign_factory(
        organisation=company, name="Werkbaarheidsscan najaar", modules=["dienstencheques"],
        grouping={"team": ["Antwerpen", "Gent", "Mechelen", "Lier"]},
    )
    add_responses(campaign, 60, {"team": "Antwerpen"}, seed=1)
    add_responses(campaign, 50, {"team": "Gent"}, seed=2)
    add_responses(campaign, 40, {"team": "Mechelen"}, seed=3)
    add_responses(campaign, 3, {"team": "Lier"}, seed=4)
    return campaign


def test_delegate_sees_the_rate_and_another_company_is_refused(
    browser_page, live_server, login, make_user, company_factory, demo_like_campaign, axe
):
    page = browser_page
    delegate = make_user(Role.UNION_DELEGATE, organisation=demo_like_campaign.organisation)
    login(page, delegate)
    page.goto(f"{live_server.url}/insights/")
    page.get_by_role("link", name=re.compile("Werkbaarheidsscan najaar")).click()
    page.wait_for_load_state()
    headline = page.locator(".big-figure strong")
    assert re.fullmatch(r"\d{1,3}([.,]\d)?%", headline.inner_text().strip())
    assert page.locator(".traffic-light").first.is_visible()
    # the small team is shown as "fewer than 5", never with a figure (the teams start folded on a phone)
    page.locator("details.fold > summary", has=page.locator("#group-team")).click()
    lier = page.locator("tr.suppressed", has_text="Lier")
    assert lier.count() == 1 and "5" in lier.inner_text() and "%" not in lier.inner_text()
    # charts are drawn by the vendored vega-embed
    page.wait_for_selector(".vega-chart svg")
    assert axe(page) == []

    other = make_user(Role.COMPANY_ADMIN, organisation=company_factory(name="Andere Firma nv"))
    page.context.clear_cookies()
    login(page, other)
    response = page.goto(f"{live_server.url}/insights/campaigns/{demo_like_campaign.pk}/report/")
    assert response.status == 403
    assert page.locator(".big-figure").count() == 0


def test_sector_staff_sees_the_sector_view_without_unconsented_names(
    browser_page, live_server, login, make_user, company_factory, insights_campaign_factory, add_responses,
    sector_factory, axe
):
    sector = sector_factory()
    for i, (name, consent) in enumerate([("Zichtbaar bv", True), ("Geheim vzw", False), ("Stil nv", False)]):
        company = company_factory(sector=sector, name=name, consent_named=consent, employees=80)
        add_responses(insights_campaign_factory(organisation=company), 15, {"team": "A"}, seed=i)
    page = browser_page
    login(page, make_user(Role.SECTOR_STAFF, sector=sector))
    page.goto(f"{live_server.url}/insights/sectors/")  # one sector: straight to its view
    page.wait_for_selector(".big-figure")
    body = page.locator("main").inner_text()
    assert "Zichtbaar bv" in body and "Geheim" not in body and "Stil nv" not in body
    page.wait_for_selector(".vega-chart svg")
    assert axe(page) == []
