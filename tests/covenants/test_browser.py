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


def test_sector_staff_waive_the_baseline_and_the_department_compares(browser_page, live_server, login, make_user,
                                                                      sector_factory, axe):
    from werkbaar.covenants.covenant_file import import_text

    from .conftest import VALID

    sector = sector_factory("vormdc")
    covenant, _ = import_text(VALID.format(sector=sector.code) + "addenda:\n"
                              "  - {kind: non_discrimination, title: Non-discriminatie, budget_eur: 85000}\n")
    page = browser_page
    login(page, make_user(Role.SECTOR_STAFF, sector=sector))
    page.goto(f"{live_server.url}/covenants/{covenant.pk}/addenda/")
    page.click("text=Fasen: risicoanalyse, nulmeting, actieplan, vervolgmeting")
    page.wait_for_load_state()
    assert axe(page) == []
    page.locator("#phase-baseline a", has_text="De fase met reden overslaan").click()
    page.wait_for_load_state()
    assert axe(page) == []
    page.fill("#id_note", "Eigen mysterycalls als vertrekpunt.")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "overgeslagen met reden" in page.locator("#phase-baseline").inner_text()
    page.context.clear_cookies()
    login(page, make_user(Role.ACCOUNT_MANAGER))
    page.goto(f"{live_server.url}/covenants/non-discrimination/")
    assert "Eigen mysterycalls als vertrekpunt." in page.locator("main table").inner_text()
    assert axe(page) == []
