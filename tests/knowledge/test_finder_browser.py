"""In a browser on a phone: answer the measures finder's questions and see the eligible measures."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employer_finds_its_measures_on_a_phone(browser_page, live_server, axe):
    from werkbaar.core import demo as core_demo
    from werkbaar.fund.models import FundCall
    from werkbaar.knowledge import demo

    core_demo.load(io.StringIO())
    demo.load(io.StringIO())
    today = timezone.localdate()
    FundCall.objects.create(code="WF-KMO", title_nl="Werkbaarheidsfonds – oproep voor kmo's",
                            opens=today - datetime.timedelta(days=5), closes=today + datetime.timedelta(days=50),
                            budget_eur=Decimal("50000"), rate=Decimal("0.5"), ceiling_eur=Decimal("10000"),
                            eligible_categories=["scan", "training"])
    page = browser_page
    assert page.viewport_size["width"] <= 400
    page.goto(f"{live_server.url}/kennis/maatregelen/")
    assert page.locator("h1").inner_text() == "Maatregelenzoeker"
    assert axe(page) == []

    page.get_by_role("radio", name="Werkgever").check()
    page.get_by_label("In welke sector werk je?").select_option(label="Dienstencheques (Vorm DC)")
    page.get_by_label("Hoeveel werknemers?").select_option("10-49")
    page.get_by_label("Wat wil je doen?").select_option("training")
    page.get_by_role("button", name="Toon mijn maatregelen").click()

    results = page.locator("#finder-results")
    results.wait_for()
    cards = results.locator("li.measure h3")
    titles = cards.all_inner_texts()
    assert titles[0] == "Fonds dienstencheques: coaching door ervaren collega's"  # the sector's own, most specific
    assert "Kmo-portefeuille: steun voor opleiding en advies" in titles
    assert "Werkbaarheidsfonds: oproep voor kmo's" in titles
    assert "Vlaams opleidingsverlof" not in titles  # for workers
    assert not any(t.startswith("ESF-oproep") for t in titles)  # its deadline has passed
    first = results.locator("li.measure").first
    assert "voor je sector: Dienstencheques (Vorm DC)" in first.inner_text()
    assert "80 procent van de aanvaarde kosten" in first.inner_text()
    assert results.locator("li.call h3").all_inner_texts() == ["Werkbaarheidsfonds – oproep voor kmo's"]
    assert "sector=" in page.url  # the answers are in the address: the result can be shared or bookmarked
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert axe(page) == []

    first.locator("h3 a").click()  # on to the measure's own page
    page.wait_for_load_state()
    assert page.url.endswith("/kennis/dienstencheques-fonds-peercoaching/")
    assert page.locator("h1").inner_text() == "Fonds dienstencheques: coaching door ervaren collega's"
