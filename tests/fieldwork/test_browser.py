"""Logging a visit on a phone (390×844) in a real browser: search as you type, pick, save; no serious
accessibility problems on the form or the list."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from werkbaar.core.roles import Role
from werkbaar.fieldwork.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_logs_a_visit_on_a_phone(browser_page, live_server, login, make_user, sector_factory,
                                               company_factory, covenant_factory, axe):
    sector = sector_factory("vormdc")
    today = timezone.localdate()
    covenant_factory(sector=sector, start=today - timedelta(days=200), end=today + timedelta(days=500))
    company_factory(sector=sector, name="Poetsplus Dienstencheques bv")
    company_factory(sector=sector, name="Huishoudhulp Noord vzw")
    consultant = make_user(Role.CONSULTANT, sector=sector, first_name="Karim")
    page, url = browser_page, live_server.url
    assert page.viewport_size == {"width": 390, "height": 844}

    login(page, consultant)
    page.goto(f"{url}/fieldwork/log/")
    assert axe(page) == []
    page.fill("#id_q", "poets")
    choice = page.locator("#candidates input[type=radio]")
    expect(choice).to_have_count(1)
    choice.check()
    page.check("input[name=kind][value=visit]")
    page.check("input[name=themes][value=physical]")
    page.fill("#id_note", "Tilhulpen besproken met de preventieadviseur.")
    page.fill("#id_follow_up_on", (today + timedelta(days=14)).isoformat())
    # the save button is reachable without sideways scrolling
    box = page.locator("main form.fieldwork-form button[type=submit]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.click("main form.fieldwork-form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/fieldwork/")
    contact = Contact.objects.get()
    assert contact.organisation.name == "Poetsplus Dienstencheques bv" and contact.kind == "visit"
    assert contact.themes == ["physical"] and contact.follow_up_on == today + timedelta(days=14)
    expect(page.locator("main table")).to_contain_text("Poetsplus")
    assert axe(page) == []
    page.goto(f"{url}/fieldwork/sector/")
    assert axe(page) == []


def test_the_cross_sector_views_have_no_serious_accessibility_problems(browser_page, live_server, login, make_user,
                                                                      sector_factory, covenant_factory, axe):
    sector_factory("vivo")
    covenant_factory(sector=sector_factory("vormdc"))
    adviser = make_user(Role.SERV_ADVISER)
    login(browser_page, adviser)
    for path in ("/fieldwork/cross-sector/", "/fieldwork/cross-sector/themes/", "/fieldwork/cross-sector/reach/"):
        browser_page.goto(f"{live_server.url}{path}")
        expect(browser_page.locator("h1")).to_be_visible()
        assert axe(browser_page) == [], path
