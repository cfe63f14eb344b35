import pytest

from werkbaar.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_switch_language(browser_page, live_server, login, make_user, sector_factory, axe):
    user = make_user(Role.SECTOR_STAFF, sector=sector_factory("vormdc"), first_name="Veerle")
    page = browser_page
    login(page, user)
    assert page.locator("h1").inner_text() == "Welkom bij Werkbaar"
    assert "Sectormedewerker" in page.locator("main").inner_text()
    assert axe(page) == []
    # on a phone the header folds into a "Menu" disclosure; open it to reach the language switcher
    assert not page.locator("#language-select").is_visible()
    page.click(".nav-menu summary")
    assert axe(page) == []
    page.select_option("#language-select", "fr")
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bienvenue sur Werkbaar"
