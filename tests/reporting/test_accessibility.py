"""The reporting pages not covered by the cycle test (test_browser.py), on the demo data and on a phone,
without serious or critical axe-core violations."""

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reporting_pages_pass_axe_on_a_phone(browser_page, live_server, axe):
    from werkbaar.core import demo as core_demo
    from werkbaar.covenants import demo as covenants_demo
    from werkbaar.covenants.models import ResultIndicator
    from werkbaar.reporting import demo as reporting_demo
    from werkbaar.reporting.models import Report

    for module in (core_demo, covenants_demo, reporting_demo):
        module.load(io.StringIO())
    page = browser_page

    def login(username):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "werkbaar-demo")
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    progress = Report.objects.get(covenant__code="VORMDC-2021-2022", kind="progress")
    final = Report.objects.get(covenant__code="VORMDC-2021-2022", kind="final")
    vivo = Report.objects.get(covenant__code="VIVO-2016-2017", kind="final")
    indicator = ResultIndicator.objects.first()
    results = {}
    login("consultant.vormdc")
    for url in ["/reporting/", "/reporting/todo/", f"/reporting/{progress.pk}/", "/reporting/covenant/VORMDC-2021-2022/"]:
        page.goto(live_server.url + url)
        results[url] = axe(page)
    page.goto(f"{live_server.url}/reporting/{final.pk}/step/submit/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    results["refused submission"] = axe(page)
    login("department")
    for url in ["/reporting/portfolio/reach/", "/reporting/templates/",
                f"/reporting/templates/{vivo.template_id}/new-version/", f"/reporting/{progress.pk}/versions/1/",
                f"/reporting/{progress.pk}/diff/", f"/reporting/indicator/{indicator.pk}/",
                f"/reporting/{final.pk}/due-date/", f"/reporting/{vivo.pk}/"]:
        page.goto(live_server.url + url)
        results[url] = axe(page)
    assert {url: found for url, found in results.items() if found} == {}
