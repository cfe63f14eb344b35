"""In the browser, on a phone: an anonymous visitor searches the knowledge platform and narrows down with facets."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_with_facets_on_the_knowledge_platform(browser_page, live_server, public_item, sector_factory, axe):
    care = sector_factory("zorg", "Zorg")
    public_item(slug="til", title_nl="Tilhulpen in de thuiszorg", kind="tool", themes=",physical,", sectors=[care])
    public_item(slug="premie", title_nl="Premie voor tilhulpen", kind="measure", themes=",physical,",
                company_sizes=",1-9,")
    public_item(slug="stress", title_nl="Stress en tilwerk bij bouwvakkers", kind="research",
                themes=",psychosocial,", sectors=[sector_factory("bouw", "Bouw")])
    public_item(slug="ontwerp", title_nl="Tilhulpen ontwerp", status="draft")
    page = browser_page
    page.goto(f"{live_server.url}/kennis/")
    assert page.locator("h1").inner_text() == "Kennisplatform"
    assert page.locator(".knowledge-cards .card").count() == 3
    assert axe(page) == []

    # search: every word counts as a prefix; the draft never shows
    page.fill("#id_q", "tilhulp")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    titles = page.locator(".knowledge-cards h2").all_inner_texts()
    assert sorted(titles) == ["Premie voor tilhulpen", "Tilhulpen in de thuiszorg"]
    assert page.locator("[role=status]").inner_text() == "2 items gevonden"

    # a facet narrows the result and keeps the search; its count said how many would remain
    measure = page.locator('a[data-facet="kind"][data-value="measure"]')
    assert "(1)" in measure.inner_text()
    measure.click()
    page.wait_for_load_state()
    assert page.locator(".knowledge-cards h2").all_inner_texts() == ["Premie voor tilhulpen"]
    assert "q=tilhulp" in page.url and "kind=measure" in page.url
    assert page.locator('a[data-facet="kind"][data-value="measure"]').get_attribute("aria-current") == "true"

    # a second facet combines with it (an item for every sector stays for "Zorg")
    page.click('a[data-facet="sector"][data-value="zorg"]')
    page.wait_for_load_state()
    assert page.locator(".knowledge-cards h2").all_inner_texts() == ["Premie voor tilhulpen"]
    assert axe(page) == []

    # removing the kind filter keeps the search and the sector
    page.click('.knowledge-active a[data-remove="kind"]')
    page.wait_for_load_state()
    assert "kind=" not in page.url and "sector=zorg" in page.url and "q=tilhulp" in page.url
    assert sorted(page.locator(".knowledge-cards h2").all_inner_texts()) == [
        "Premie voor tilhulpen", "Tilhulpen in de thuiszorg"]

    # a new search keeps the chosen facets; nothing found says what to do
    page.fill("#id_q", "onvindbaar")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    assert "sector=zorg" in page.url
    assert "Geen enkel item past bij deze zoekopdracht." in page.locator("main").inner_text()

    # the item page opens from a card
    page.goto(f"{live_server.url}/kennis/?q=premie")
    page.click("text=Premie voor tilhulpen")
    page.wait_for_load_state()
    assert page.url.endswith("/kennis/premie/")
    assert axe(page) == []
