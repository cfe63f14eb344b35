"""End to end on a 360 px phone: a visitor without an account plays the worker's case in easy-read Dutch,
from the list of cases to the summary, with large touch targets and no serious accessibility problem."""

import pytest

from werkbaar.knowledge.werkwijzer import data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_full_case_in_easy_read_dutch_on_a_phone(_browser, live_server, axe):
    case = data.case("domestic-helper-back-pain")
    context = _browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-BE", java_script_enabled=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/werkwijzer/")
        assert axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # long titles wrap on the list too
        page.click(f"text={case.title['nl']}")
        page.click("a.ww-toggle")  # to easy-read Dutch
        assert case.intro["nl_easy"] in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
        step, turns = case.step(case.start), 0
        while step is not None:
            buttons = page.locator("button.ww-choice")
            assert buttons.count() == len(step.choices)
            box = buttons.first.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 300  # large touch targets
            if turns == 0:
                assert axe(page) == []
            choice = step.choices[turns % len(step.choices)]
            page.click(f"button.ww-choice >> text={choice.label['nl_easy']}")
            turns += 1
            main = page.locator("main").inner_text()
            assert choice.consequence["nl_easy"] in main
            assert data.actor(step.actor)["name"]["nl"] in main  # the information card
            if turns == 1:
                assert axe(page) == []
            page.click("a.ww-next")
            step = case.step(choice.next) if choice.next else None
        main = page.locator("main").inner_text()
        assert "Jouw samenvatting" in main and case.end["nl_easy"] in main
        done = sum(1 for i, s in enumerate(case.steps.values()) if s.choices[i % len(s.choices)].best)
        assert f"Je koos {done} keer de aanbevolen keuze, op {turns} stappen." in main
        assert axe(page) == []
        assert context.cookies() == [] or all(c["name"] not in ("sessionid",) for c in context.cookies())
    finally:
        context.close()
