"""The whole reporting cycle in a browser, as a consultant and as an account manager."""

import pytest

from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import Payment, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_whole_cycle_from_prefilled_draft_to_payment_letter(browser_page, live_server, login, make_user,
                                                           covenant_factory, axe):
    covenant = covenant_factory(priorities=1)
    final = next(r for r in services.ensure_reports(covenant) if r.kind == "final")
    consultant = make_user(Role.CONSULTANT, sector=covenant.sector)
    department = make_user(Role.ACCOUNT_MANAGER)
    action = covenant.priorities.get().actions.get()
    indicator = covenant.priorities.get().indicator
    consultant_pk = covenant.consultants.get().pk
    page = browser_page
    url = f"{live_server.url}/reporting/{final.pk}/"

    def step(name):
        page.click(f"a[href$='/step/{name}/']")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

    # consultant: a pre-filled draft (the action's status comes from the covenant)
    login(page, consultant)
    page.goto(f"{live_server.url}/reporting/")
    page.click(f"a[href='/reporting/{final.pk}/']")
    assert "running" in page.inner_text(f"#section-action-{action.pk}") or \
        "lopend" in page.inner_text(f"#section-action-{action.pk}")
    assert axe(page) == []
    # an incomplete submission is refused with the missing sections
    step("submit")
    missing = page.inner_text("#missing-sections")
    assert action.title in missing and "Financ" in missing
    page.click("#missing-sections a[href$='/edit/']")
    page.fill(f"[name='action-{action.pk}__narrative']", "Two info sessions held.")
    page.fill(f"[name='indicator-{indicator.pk}__measured_value']", "90")
    page.fill(f"[name='financial__salary_{consultant_pk}']", "150000")
    page.fill(f"[name='financial__running_{consultant_pk}']", "20000")
    page.fill("[name='financial__other_costs']", "1000")
    page.fill("[name='financial__grant_received']", "156800")
    assert axe(page) == []
    page.click("main form button[type=submit]")
    step("submit")
    assert Report.objects.get(pk=final.pk).status == "submitted"

    # account manager: review and return with a remark on the indicator section
    page.context.clear_cookies()
    login(page, department)
    page.goto(url)
    step("start_review")
    page.click("a[href$='/step/return/']")
    page.fill(f"[name='remark__indicator-{indicator.pk}']", "Add the evidence of the 90 participants.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert Report.objects.get(pk=final.pk).status == "returned"

    # consultant: sees the remark, corrects and resubmits
    page.context.clear_cookies()
    login(page, consultant)
    page.goto(url)
    assert "Add the evidence" in page.inner_text(f"#section-indicator-{indicator.pk}")
    page.click("a[href$='/edit/']")
    page.fill(f"[name='indicator-{indicator.pk}__measured_value']", "110")
    page.fill(f"[name='indicator-{indicator.pk}__remarks']", "Attendance lists kept by the fund.")
    page.click("main form button[type=submit]")
    step("resubmit")
    assert Report.objects.get(pk=final.pk).status == "resubmitted"

    # account manager: diff between the versions, approval, evaluation, payment letter
    page.context.clear_cookies()
    login(page, department)
    page.goto(f"{url}diff/")
    diff = page.inner_text("table.diff")
    assert "90" in diff and "110" in diff
    page.goto(url)
    step("start_review")
    step("approve")
    assert Report.objects.get(pk=final.pk).status == "approved"
    page.click("a[href$='/evaluate/']")
    assert axe(page) == []
    page.check(f"[name='met_{covenant.priorities.get().pk}'][value='yes']")
    page.fill(f"[name='justification_{covenant.priorities.get().pk}']", "110 participants, target 100.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#preview").is_visible() and axe(page) == []
    page.click("main form button[name=confirmed]")
    page.wait_for_load_state()
    assert page.locator("#payment").is_visible()
    with page.expect_download() as download:
        page.click("a[href$='/letter/']")
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto(f"{live_server.url}/reporting/portfolio/")
    assert axe(page) == []
    payment = Payment.objects.get(report=final)
    assert payment.basis == "1/1" and payment.amount_eur == 196000
