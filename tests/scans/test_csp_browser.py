"""The questionnaire works under the strict CSP (autosave and read-aloud script included): zero violations."""

import pytest

from werkbaar.scans.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_questionnaire_under_csp(browser_page, live_server, campaign, codes, csp_violations):
    page = browser_page
    violations = csp_violations(page)
    response = page.goto(f"{live_server.url}/s/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("input[name=code]", codes[0])
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    while page.locator("button[name=nav][value=send]").count() == 0:
        for fieldset in page.locator("fieldset.r-question").all():
            fieldset.locator("input[type=radio]").first.check()  # autosave runs on each change
        with page.expect_navigation():
            page.locator("button[name=nav][value=next]").click()
    with page.expect_navigation():
        page.locator("button[name=nav][value=send]").click()
    assert Response.objects.count() == 1
    assert violations == []
