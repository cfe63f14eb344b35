"""Issue 16 in headless chromium: /s/ in a French browser, the chosen answer unmistakable (check mark,
dark card, a square control that never looks like the round "never" pictogram), axe at 0 serious."""

import pytest

from werkbaar.scans import questionnaire as q

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_entry_page_speaks_french_to_a_french_browser(_browser, live_server, axe, db):
    context = _browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/s/")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator("h1").inner_text() == "Questionnaire sur votre travail"
        assert page.locator("label[for=id_code]").inner_text() == "Votre code"
        assert page.locator(".r-langs-links a[aria-current=true]").inner_text() == "Français"
        assert axe(page) == []
        page.click(".r-langs-links a[lang=en]")  # an explicit choice wins over the browser
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Questionnaire about your work"
    finally:
        context.close()


def _style(locator, prop):
    return locator.evaluate(f"el => getComputedStyle(el).{prop}")


def test_the_chosen_answer_is_unmistakable(browser_page, live_server, campaign, codes, axe):
    page = browser_page
    scale = next(i for i, p in enumerate(q.pages_for(campaign)) if p.kind == "scale")
    page.goto(f"{live_server.url}/s/{codes[0]}/?lang=nl&page={scale}")
    question = page.locator("fieldset.r-question").first
    options = question.locator("label.r-option")
    assert options.count() == 4
    never, often = options.nth(0), options.nth(2)
    assert never.locator(".r-option-label").inner_text() == "nooit"
    # nothing chosen: no check mark anywhere, every card white
    assert question.locator(".r-tick").evaluate_all("ts => ts.filter(t => getComputedStyle(t).visibility === 'visible').length") == 0
    white = _style(never, "backgroundColor")
    often.click()  # a tap anywhere on the card chooses it
    assert often.locator("input").is_checked()
    assert often.locator(".r-tick").is_visible() and not never.locator(".r-tick").is_visible()
    assert _style(often, "backgroundColor") != white and _style(never, "backgroundColor") == white
    assert _style(often, "color") == "rgb(255, 255, 255)" and _style(often, "fontWeight") == "700"
    assert float(_style(often, "borderTopWidth").rstrip("px")) > float(_style(never, "borderTopWidth").rstrip("px"))
    # the control is a rounded square at the start, the pictogram a separate tile at the far end
    control = never.locator("input")
    picto = never.locator(".r-picto")
    assert _style(control, "borderTopLeftRadius") == "6px"
    assert picto.locator("svg circle").count() == 1  # the "never" pictogram is an empty circle ...
    c, p, card = control.bounding_box(), picto.bounding_box(), never.bounding_box()
    assert c["x"] - card["x"] < 20 and card["x"] + card["width"] - (p["x"] + p["width"]) < 20  # ... far from the control
    assert p["x"] > c["x"] + c["width"] + 100
    assert card["height"] >= 48 and card["x"] + card["width"] <= 390
    # keyboard: arrows move the choice, the check mark follows
    often.locator("input").focus()
    page.keyboard.press("ArrowDown")
    assert options.nth(3).locator("input").is_checked() and options.nth(3).locator(".r-tick").is_visible()
    assert not often.locator(".r-tick").is_visible()
    assert axe(page) == []
