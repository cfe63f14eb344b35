"""WerkWijzer's facilitator mode in headless chromium: a room screen (the facilitator, signed in) and a
phone (no account) in two browser contexts play two steps of a case; the phone follows the room by
polling, the room's vote count updates by itself; no serious axe-core violation, no CSP violation."""

from pathlib import Path

import pytest
import yaml

from werkbaar.core.roles import Role
from werkbaar.knowledge.facilitator_models import GroupSession
from werkbaar.knowledge.werkwijzer import data
from werkbaar.knowledge.werkwijzer.data import parse_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = parse_case(yaml.safe_load((Path(__file__).parent / "facilitator_case.yaml").read_text("utf-8")), "test")


def test_a_room_and_a_phone_play_two_steps(_browser, browser_page, live_server, login, make_user, sector_factory,
                                           monkeypatch, axe, csp_violations):
    monkeypatch.setattr(data, "cases", lambda: {CASE.key: CASE})
    facilitator = make_user(Role.CONSULTANT, sector=sector_factory())
    room_context = _browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-BE")
    room_context.set_default_timeout(15_000)
    room = room_context.new_page()
    phone = browser_page
    room_csp, phone_csp = csp_violations(room), csp_violations(phone)
    try:
        login(room, facilitator)
        room.goto(f"{live_server.url}/werkwijzer/sessions/")
        room.select_option("#id_case", "ww-test")
        room.select_option("#id_language", "nl")
        room.get_by_role("button", name="Sessie starten").click()
        room.wait_for_selector("#ww-code")
        code = room.locator("#ww-code").inner_text().strip()
        assert code == GroupSession.objects.get().code
        assert room.locator(".ww-qr svg").count() == 1

        # the phone joins with the code typed in lower case
        phone.goto(f"{live_server.url}/w/")
        phone.fill("#id_code", code.lower())
        phone.get_by_role("button", name="Meedoen").click()
        phone.get_by_role("heading", name="Wacht op de volgende vraag").wait_for()
        assert axe(phone) == []

        # step 1: the room opens the vote; the phone shows the question by itself (polling)
        room.get_by_role("button", name="Stemming openen").click()
        room.get_by_text("0 stemmen tot nu toe").wait_for()
        phone.get_by_role("button", name="A. Hij belt haar voor een gesprek.").wait_for()
        assert axe(phone) == []
        phone.get_by_role("button", name="B. Hij stuurt een brief.").click()
        phone.get_by_text("(jouw stem)").wait_for()
        phone.get_by_role("button", name="A. Hij belt haar voor een gesprek.").click()  # changes the vote
        assert phone.get_by_role("button", name="A. Hij belt haar voor een gesprek. (jouw stem)").count() == 1
        room.get_by_text("1 stem tot nu toe").wait_for()  # the room's count updates by itself
        assert axe(room) == []

        room.get_by_role("button", name="Stemming sluiten en resultaat tonen").click()
        room.get_by_text("1 stem (100%)").wait_for()
        assert room.get_by_text("Ze spreken af.").count() == 1  # the consequence of each answer
        phone.get_by_role("heading", name="Het resultaat").wait_for()
        assert phone.get_by_text("1 stem (100%)").count() == 1
        assert axe(room) == []

        # step 2: the majority is followed by default
        room.get_by_role("button", name="Verder met dit antwoord").click()
        room.get_by_role("heading", name="Wat stelt de arbeidsarts voor?").wait_for()
        phone.get_by_role("heading", name="Wacht op de volgende vraag").wait_for()
        room.get_by_role("button", name="Stemming openen").click()
        phone.get_by_role("button", name="A. Aangepast werk.").click()
        room.get_by_text("1 stem tot nu toe").wait_for()
        room.get_by_role("button", name="Stemming sluiten en resultaat tonen").click()
        room.get_by_role("button", name="Verder met dit antwoord").click()
        room.get_by_role("heading", name="Tekent ze het plan?").wait_for()

        # the facilitator ends the session: the summary; the phone sees the end
        room.locator("#ww-end > summary").click()  # ending asks for a confirmation first
        room.get_by_role("button", name="Ja, beëindig de sessie").click()
        room.get_by_text("De zaal volgde het aanbevolen antwoord in 2 van 2 stappen.").wait_for()
        phone.get_by_role("heading", name="De sessie is afgelopen").wait_for()
        assert axe(room) == []
        assert room_csp == [] and phone_csp == []
    finally:
        room_context.close()
