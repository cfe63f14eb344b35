"""The campaign report and the sector view draw their charts under the strict CSP: zero violations."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_and_sector_charts_render_without_csp_violations(
    browser_page, live_server, login, make_user, company_factory, insights_campaign_factory, add_responses,
    sector_factory, csp_violations,
):
    from werkbaar.core.roles import Role

    sector = sector_factory()
    campaigns = []
    for i in range(3):
        company = company_factory(sector=sector, name=f"Firma {i} bv", consent_named=True, employees=80)
        campaigns.append(insights_campaign_factory(organisation=company))
        add_responses(campaigns[-1], 15, {"team": "A"}, seed=i)
    page = browser_page
    violations = csp_violations(page)
    login(page, make_user(Role.UNION_DELEGATE, organisation=campaigns[0].organisation))
    response = page.goto(f"{live_server.url}/insights/campaigns/{campaigns[0].pk}/report/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".vega-chart svg")  # drawn: vega needs no eval (expression interpreter)
    page.locator(".vega-chart svg .mark-rect path, .vega-chart svg .mark-rect rect").first.hover()  # tooltip
    page.context.clear_cookies()
    login(page, make_user(Role.SECTOR_STAFF, sector=sector))
    page.goto(f"{live_server.url}/insights/sectors/{sector.code}/")
    page.wait_for_selector(".vega-chart svg")
    page.wait_for_timeout(300)
    assert violations == []
