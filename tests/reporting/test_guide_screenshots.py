"""Screenshots for the reporting guides (docs/guide/reporting-*.md), taken on the demo data.

Not part of the normal run. Take them again with:

    WERKBAAR_SCREENSHOTS=1 .venv/bin/pytest tests/reporting/test_guide_screenshots.py -p no:xdist

The images are written to docs/guide/img/reporting-*.png.
"""

import io
import os
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("WERKBAAR_SCREENSHOTS"), reason="set WERKBAAR_SCREENSHOTS=1 to take them"),
]
IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"


def test_take_guide_screenshots(_browser, live_server):
    from werkbaar.core import demo as core_demo
    from werkbaar.covenants import demo as covenants_demo
    from werkbaar.reporting import demo as reporting_demo
    from werkbaar.reporting.models import Evaluation, Payment, Report

    out = io.StringIO()
    for module in (core_demo, covenants_demo, reporting_demo):
        module.load(out)
    IMG.mkdir(parents=True, exist_ok=True)
    context = _browser.new_context(viewport={"width": 1100, "height": 900}, locale="nl-BE")
    page = context.new_page()

    def shot(name, full=True):
        page.wait_for_load_state()
        page.screenshot(path=str(IMG / f"reporting-{name}.png"), full_page=full)

    def login(username):
        context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "werkbaar-demo")
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    def step(name):
        page.click(f"a[href$='/step/{name}/']")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

    progress = Report.objects.get(covenant__code="VORMDC-2021-2022", kind="progress")
    final = Report.objects.get(covenant__code="VORMDC-2021-2022", kind="final")
    vivo_final = Report.objects.get(covenant__code="VIVO-2016-2017", kind="final")

    # --- consultant -----------------------------------------------------------------------------
    login("consultant.vormdc")
    page.goto(f"{live_server.url}/reporting/")
    shot("consultant-list")
    page.goto(f"{live_server.url}/reporting/todo/")
    shot("consultant-todo")
    page.goto(f"{live_server.url}/reporting/{progress.pk}/")
    shot("consultant-returned", full=False)
    page.goto(f"{live_server.url}/reporting/{final.pk}/step/submit/")
    page.click("main form button[type=submit]")
    shot("consultant-missing")
    page.goto(f"{live_server.url}/reporting/{progress.pk}/edit/")
    first = page.locator("main form textarea").first
    first.fill(first.input_value() + " We bereikten 25 werkgevers.")
    shot("consultant-edit", full=False)
    page.click("main form button[type=submit]")
    step("resubmit")
    page.goto(f"{live_server.url}/reporting/{final.pk}/extension/")
    shot("consultant-extension")

    # --- account manager ------------------------------------------------------------------------
    login("department")
    page.goto(f"{live_server.url}/reporting/portfolio/")
    shot("am-portfolio")
    page.goto(f"{live_server.url}/reporting/todo/")
    shot("am-todo")
    page.goto(f"{live_server.url}/reporting/{progress.pk}/diff/")
    shot("am-diff")
    page.goto(f"{live_server.url}/reporting/{progress.pk}/")
    step("start_review")
    page.click("a[href$='/step/return/']")
    shot("am-return", full=False)
    page.goto(f"{live_server.url}/reporting/{progress.pk}/versions/2/")
    shot("am-version", full=False)
    ext = final.extensions.first()
    page.goto(f"{live_server.url}/reporting/extension/{ext.pk}/grant/")
    shot("am-extension")
    # evaluation of VIVO's final report (the demo evaluated it already: start again on this copy)
    Payment.objects.filter(report=vivo_final).delete()
    Evaluation.objects.filter(report=vivo_final).delete()
    page.goto(f"{live_server.url}/reporting/{vivo_final.pk}/evaluate/")
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    for area in page.locator("textarea").all():
        area.fill("Streefwaarde behaald volgens het eindrapport.")
    shot("am-evaluate", full=False)
    page.click("main form button[type=submit]")  # the preview first, then the confirmation
    page.wait_for_load_state()
    page.click("main form button[name=confirmed]")
    page.wait_for_load_state()
    page.locator("#payment").scroll_into_view_if_needed()
    page.screenshot(path=str(IMG / "reporting-am-payment.png"), full_page=False)
    indicator = vivo_final.covenant.priorities.get(code="P2").indicator
    page.goto(f"{live_server.url}/reporting/indicator/{indicator.pk}/")
    shot("am-indicator")
    context.close()
