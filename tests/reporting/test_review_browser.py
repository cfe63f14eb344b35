"""Issue 16 in a browser: a reviewer writes remarks beside the sections while reading (htmx, the page
stays), returns the report from a page that pairs each section with its remark field, and the sector
sees the remarks in the same place, on a 1366 px screen (side by side) and a 390 px phone (stacked),
without serious axe-core violations."""

import pytest

from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import Report, SectionRemark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def _submitted_progress_report(covenant, make_user, complete):
    """The covenant's progress report, complete and submitted by a consultant; (report, consultant, department)."""
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    report.content = complete(report)
    report.save()
    consultant = make_user(Role.CONSULTANT, sector=covenant.sector)
    department = make_user(Role.ACCOUNT_MANAGER)
    services.apply_transition(report, "submit", consultant)
    return report, consultant, department


def _boxes(page, section_id):
    content = page.locator(f"#{section_id} .review-content").bounding_box()
    remarks = page.locator(f"#{section_id} .review-remarks").bounding_box()
    return content, remarks


def _side_by_side(content, remarks) -> bool:
    return remarks["x"] >= content["x"] + content["width"] - 1 and abs(remarks["y"] - content["y"]) < 40


def _stacked(content, remarks) -> bool:
    return remarks["y"] >= content["y"] + content["height"] - 1 and abs(remarks["x"] - content["x"]) < 2


def test_review_beside_the_content_on_a_screen_and_a_phone(browser_page, live_server, login, make_user,
                                                           covenant_factory, complete, axe):
    covenant = covenant_factory(priorities=1)
    report, consultant, department = _submitted_progress_report(covenant, make_user, complete)
    services.apply_transition(report, "start_review", department)
    indicator = covenant.priorities.get().indicator
    action = covenant.priorities.get().actions.get()
    key, action_key = f"indicator-{indicator.pk}", f"action-{action.pk}"
    page = browser_page
    url = f"{live_server.url}/reporting/{report.pk}/"

    # the reviewer on a wide screen: content and remark field side by side
    page.set_viewport_size(WIDE)
    login(page, department)
    page.goto(url)
    assert _side_by_side(*_boxes(page, f"section-{key}"))
    page.evaluate("window.__stayed = true")  # gone if the browser loads a new page
    label = page.locator(f"label[for='remark-text-{key}']")
    assert label.is_visible()
    page.get_by_label(label.inner_text()).fill("Add the attendance lists of the 120 participants.")
    page.click(f"#remarks-{key} button[type=submit]")
    page.wait_for_selector(f"#remarks-{key} [role=status]")
    assert "Add the attendance lists" in page.inner_text(f"#remarks-{key}")
    assert page.evaluate("window.__stayed === true") and page.url == url
    assert page.evaluate("document.activeElement.id") == f"remark-text-{key}"  # focus stays in the field
    assert page.input_value(f"#remark-text-{key}") == ""
    # an empty remark is refused in place
    page.click(f"#remarks-{action_key} button[type=submit]")
    page.wait_for_selector(f"#remarks-{action_key} .field-errors")
    assert page.get_attribute(f"#remark-text-{action_key}", "aria-invalid") == "true"
    assert SectionRemark.objects.filter(report=report).count() == 1
    assert axe(page) == []

    # returning: each section's content beside its remark field (the remark written while reading is kept)
    page.click("a[href$='/step/return/']")
    assert _side_by_side(*_boxes(page, f"section-{action_key}"))
    assert "Add the attendance lists" in page.inner_text(f"#section-{key}")
    assert page.is_visible(f"label[for='id_remark__{action_key}']")
    assert axe(page) == []
    page.fill(f"#id_remark__{action_key}", "Which employers took part?")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert Report.objects.get(pk=report.pk).status == "returned"

    # the sector on a phone: the remarks in the section's own place, stacked under its content
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login(page, consultant)
    page.goto(url)
    assert "Add the attendance lists" in page.inner_text(f"#section-{key}")
    assert _stacked(*_boxes(page, f"section-{key}"))
    assert page.locator(f"#remark-text-{key}").count() == 0  # the sector reads, it does not write remarks
    assert axe(page) == []
    page.click("a[href$='/edit/']")
    assert "Which employers took part?" in page.inner_text(f"#section-{action_key}")
    content, remarks = _boxes(page, f"section-{action_key}")
    assert _stacked(content, remarks)
    assert axe(page) == []
    page.set_viewport_size(WIDE)  # and side by side on the sector's wide screen
    assert _side_by_side(*_boxes(page, f"section-{action_key}"))
    assert axe(page) == []


def test_follow_up_pages_pass_axe_on_a_phone(browser_page, live_server, login, make_user, covenant_factory,
                                             complete, axe):
    from datetime import date

    from werkbaar.reporting import followup

    covenant = covenant_factory(priorities=2)
    report, consultant, department = _submitted_progress_report(covenant, make_user, complete)
    meeting = followup.plan_meeting(covenant, department, kind="sounding_board", date=date.today(),
                                    participants=["An Peeters"])
    followup.log_signal(covenant.sector, department, date=date.today(), kind="concern", severity="high",
                        note="Two consultants left.")
    page = browser_page
    login(page, department)
    results = {}
    page.goto(f"{live_server.url}/reporting/{report.pk}/interim/")
    page.click("main form button[type=submit]")  # nothing chosen: the errors on the page
    page.wait_for_load_state()
    assert page.locator(".field-errors").count() >= 2
    results["interim with errors"] = axe(page)
    for url in [f"/reporting/covenant/{covenant.code}/follow-up/", f"/reporting/meetings/{meeting.pk}/",
                "/reporting/signals/", "/reporting/signals/new/", f"/reporting/covenant/{covenant.code}/meetings/new/",
                "/reporting/todo/"]:
        page.goto(live_server.url + url)
        results[url] = axe(page)
    assert {url: found for url, found in results.items() if found} == {}
