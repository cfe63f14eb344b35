"""The respondent's questionnaire in headless chromium: complete it in three languages, switch language
halfway, resume after closing the tab, and no serious or critical axe-core violations."""

import pytest

from werkbaar.scans.models import Draft, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_page(page, choice=2):
    """Answer every question on the current page (programmatically, by checking a radio)."""
    for fieldset in page.locator("fieldset.r-question").all():
        radios = fieldset.locator("input[type=radio]")
        radios.nth(min(choice, radios.count() - 1)).check()


def press(page, value):
    with page.expect_navigation():
        page.locator(f"button[name=nav][value={value}]").click()


def step_label(page):
    return page.locator(".r-progress label").inner_text()


def answer_to_end(page, choice=2):
    while page.locator("button[name=nav][value=send]").count() == 0:
        fill_page(page, choice)
        press(page, "next")
    press(page, "send")


@pytest.mark.parametrize("language, thanks", [("nl", "Bedankt!"), ("fr", "Merci !"), ("nl-easy", "Bedankt!")])
def test_complete_base_and_module(browser_page, live_server, campaign, codes, language, thanks):
    page = browser_page
    page.goto(f"{live_server.url}/s/{codes[0]}/?lang={language}")
    assert page.locator("button.r-lang[aria-pressed=true]").get_attribute("value") == language
    answer_to_end(page)
    assert page.locator("h1").inner_text() == thanks
    response = Response.objects.get()
    assert response.language == language
    assert set(response.answers) == set(campaign.item_ids())
    assert all(v == 3 for v in response.answers.values())  # third option = value 3 on 1-4 scales
    assert response.groups["team"] == "Zuid"
    assert not Draft.objects.exists()


def test_switch_language_halfway_keeps_answers(browser_page, live_server, campaign, codes):
    page = browser_page
    page.goto(f"{live_server.url}/s/{codes[1]}/?lang=nl")
    for _ in range(4):
        fill_page(page, 0)
        press(page, "next")
    fill_page(page, 3)
    first_radio = page.locator("fieldset.r-question input[type=radio]").nth(3)
    name = first_radio.get_attribute("name")
    with page.expect_navigation():
        page.locator("button.r-lang[value=fr]").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(f"input[name='{name}'][value='4']").is_checked()
    press(page, "back")
    earlier = page.locator("fieldset.r-question input[type=radio]").nth(0)
    assert earlier.is_checked()  # answered in Dutch, still there in French
    earlier_item = earlier.get_attribute("name")[2:]
    press(page, "next")
    answer_to_end(page, 1)
    assert page.locator("h1").inner_text() == "Merci !"
    response = Response.objects.get()
    assert response.language == "fr"
    assert response.answers[earlier_item] == 1


def test_resume_after_closing_the_tab(_browser, browser_page, live_server, campaign, codes):
    page = browser_page
    page.goto(f"{live_server.url}/s/")
    page.fill("#id_code", codes[2][:5] + "-" + codes[2][5:].lower())
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    for _ in range(3):
        fill_page(page, 1)
        press(page, "next")
    # answered but not yet "next": the htmx autosave keeps it
    radios = page.locator("fieldset.r-question").first.locator("input[type=radio]")
    with page.expect_response(lambda r: r.url.endswith("/save/") and r.status == 204):
        radios.nth(3).check()
    where = step_label(page)
    page.context.close()

    context = _browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-BE")
    try:
        again = context.new_page()
        again.goto(f"{live_server.url}/s/{codes[2]}/")
        assert step_label(again) == where
        assert again.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits 320 px
        assert again.locator("fieldset.r-question input[type=radio]").nth(3).is_checked()
        press(again, "back")
        assert again.locator("fieldset.r-question input[type=radio]").nth(1).is_checked()
        press(again, "next")
        answer_to_end(again)
        assert again.locator("h1").inner_text() == "Bedankt!"
        assert Response.objects.count() == 1
        # the same code again: a clear message, nothing stored
        again.goto(f"{live_server.url}/s/{codes[2]}/")
        assert "al gebruikt" in again.locator("main").inner_text()
        assert Response.objects.count() == 1
    finally:
        context.close()


def test_questionnaire_pages_pass_axe(browser_page, live_server, campaign, codes, axe):
    page = browser_page
    page.goto(f"{live_server.url}/s/")
    assert axe(page) == []
    page.goto(f"{live_server.url}/s/{codes[3]}/?lang=nl-easy")
    assert axe(page) == []  # intro with languages
    press(page, "next")
    assert axe(page) == []  # grouping questions
    fill_page(page)
    press(page, "next")
    assert axe(page) == []  # first scale, with pictograms
    page.goto(f"{live_server.url}/s/{codes[3]}/?page=99")
    assert axe(page) == []  # send page
    press(page, "send")
    assert axe(page) == []  # thanks
    page.goto(f"{live_server.url}/s/{codes[3]}/")
    assert axe(page) == []  # code already used


def test_works_without_javascript_and_reads_aloud_with_it(_browser, browser_page, live_server, campaign, codes):
    context = _browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-BE", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/s/{codes[4]}/")
        assert page.locator("html").get_attribute("lang") == "fr"  # from the browser's language
        answer_to_end(page)
        assert page.locator("h1").inner_text() == "Merci !"
        assert Response.objects.get().language == "fr"
    finally:
        context.close()
    # with JavaScript, the read-aloud button appears where the browser can speak
    page = browser_page
    page.goto(f"{live_server.url}/s/{codes[5]}/?page=2")
    can_speak = page.evaluate("'speechSynthesis' in window")
    assert page.locator("[data-read]").is_visible() == can_speak
