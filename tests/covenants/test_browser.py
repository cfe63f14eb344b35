"""One focused browser test: sector staff open their covenant, read the settlement, edit an indicator."""

import pytest

from werkbaar.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sector_staff_settlement_and_indicator(browser_page, live_server, login, make_user, sector_factory,
                                               covenant_factory, axe):
    sector = sector_factory("vivo")
    covenant = covenant_factory(sector)
    user = make_user(Role.SECTOR_STAFF, sector=sector)
    page = browser_page
    login(page, user)
    page.goto(f"{live_server.url}/covenants/")
    assert axe(page) == []
    page.click(f"text={covenant.code}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(covenant.code)
    page.click("nav .tabs >> text=Afrekening")
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Uit te betalen" in main and "An Peeters" in main
    assert axe(page) == []
    page.click("nav .tabs >> text=Prioriteiten en indicatoren")
    page.wait_for_load_state()
    page.locator("a", has_text="Indicator bewerken").nth(1).click()
    page.wait_for_load_state()
    assert axe(page) == []
    page.fill("#id_result_value", "512")
    page.select_option("#id_result_met", "true")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "is opgeslagen" in page.locator(".messages").inner_text()
    page.click("nav .tabs >> text=Afrekening")
    page.wait_for_load_state()
    assert "2 / 2" in page.locator("main").inner_text()
