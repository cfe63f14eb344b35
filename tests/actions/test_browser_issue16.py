"""Issue 16 in headless chromium at 390 × 844: the action-feedback page has the questionnaire's layout
(language buttons, read-aloud, large targets, fieldsets) with axe at 0 serious violations; the
inspiration menu's card titles stay inside their cards."""


import pytest

from werkbaar.actions.models import Action, FeedbackAnswer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_feedback_page_on_a_phone(browser_page, live_server, feedback_code, axe):
    page = browser_page
    assert page.viewport_size == {"width": 390, "height": 844}
    page.goto(f"{live_server.url}/actions/feedback/{feedback_code}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Je feedback over een actie"
    assert [legend.inner_text() for legend in page.locator("fieldset.r-question legend").all()] == [
        "Heeft deze actie je geholpen?", "Is je werk sindsdien werkbaarder geworden?"]
    assert page.locator("button.r-lang").count() == 3
    assert page.locator("[data-read]").is_visible() == page.evaluate("'speechSynthesis' in window")
    for target in page.locator("label.r-option, button.r-lang, button[name=nav]").all():
        box = target.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 390, target.inner_text()
    assert axe(page) == []
    page.locator("fieldset.r-question").first.locator("label.r-option").nth(1).click()
    with page.expect_navigation():
        page.locator("button.r-lang[value=fr]").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Votre avis sur une action"
    assert page.locator("input[name=helped][value='2']").is_checked()  # kept across the language switch
    assert axe(page) == []
    with page.expect_navigation():
        page.locator("button[name=nav]").click()  # the second question is left out: allowed
    assert page.locator("h1").inner_text() == "Merci"
    assert axe(page) == []
    answer = FeedbackAnswer.objects.get()
    assert (answer.helped, answer.more_workable) == (2, None)


def test_menu_card_titles_stay_inside_their_cards_at_390px(browser_page, live_server, menu):
    long_title = "Aanspreekpuntenwerkbaarheidsconsulentenondersteuningstraject"  # sorts first
    action = Action.objects.first()
    Action.objects.filter(pk=action.pk).update(title_nl=long_title, title_fr=long_title)
    page = browser_page
    page.goto(f"{live_server.url}/actions/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cards = page.locator(".card-list .card")
    assert cards.count() > 3
    for card in cards.all():
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        title = card.locator("h2")
        assert title.evaluate("el => el.scrollWidth <= el.clientWidth"), title.inner_text()
    first = cards.first.locator("h2")
    assert first.inner_text().replace("\n", "").replace("-", "") == long_title
    assert first.evaluate("el => el.getBoundingClientRect().height") > 40  # it wrapped instead of overflowing
