"""WerkWijzer's facilitator mode through its pages: starting a session, the room screen, votes from phones
(one per phone and question, refused when voting is closed), bad codes, who may control a session, the
summary, the self-closing, the workflow table and the retention of the votes."""

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.knowledge.facilitator_models import GroupSession, Vote
from werkbaar.knowledge.werkwijzer import data
from werkbaar.knowledge.werkwijzer import facilitator_sessions as sessions
from werkbaar.knowledge.werkwijzer.data import parse_case

pytestmark = pytest.mark.django_db

CASE = parse_case(yaml.safe_load((Path(__file__).parent / "facilitator_case.yaml").read_text("utf-8")), "test")
TRAJECTORY = {"actors": [{"key": "employer", "name": {"nl": "Werkgever", "fr": "Employeur"},
                          "role": {"nl": "De werkgever zoekt aangepast werk.", "fr": "L'employeur cherche."},
                          "obligations": [{"nl": "Een re-integratieplan opstellen."}]}],
              "steps": [{"key": "contact", "name": {"nl": "Eerste contact"}, "time_limit": {"nl": "binnen 10 weken"}}]}


@pytest.fixture(autouse=True)
def test_case(monkeypatch):
    """Only the test case (and a small trajectory): the tests do not depend on the shipped cases."""
    monkeypatch.setattr(data, "cases", lambda: {CASE.key: CASE})
    monkeypatch.setattr(data, "trajectory", lambda: TRAJECTORY)
    cache.clear()  # the code-guess counters live in the cache


@pytest.fixture
def facilitator(make_user, sector_factory):
    return make_user(Role.SECTOR_STAFF, sector=sector_factory())


@pytest.fixture
def room(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def session(facilitator):
    return sessions.start(facilitator, CASE, "nl")


def step(client, session, name, choice=None):
    body = {"step": name, **({"choice": choice} if choice else {})}
    return client.post(f"/werkwijzer/sessions/{session.pk}/step/", body)


def steps(client, session, *names):
    """Several facilitator steps in a row; ``("follow", choice)`` follows an answer."""
    for name in names:
        step(client, session, *((name,) if isinstance(name, str) else name))


def phone(session=None):
    """A phone: its own client (its own cookies). With a session it opens the page, which gives it its token."""
    client = Client()
    if session is not None:
        page(client, session)
    return client


def page(client, session):
    return client.get(f"/w/{session.code}/")


def vote(client, session, choice, round_=None):
    session.refresh_from_db()
    return client.post(f"/w/{session.code}/vote/",
                       {"choice": choice, "round": session.round if round_ is None else round_})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- starting a session ------------------------------------------------------------------------


def test_a_facilitator_starts_a_session_and_sees_the_room_screen(room):
    response = room.post("/werkwijzer/sessions/", {"case": "ww-test", "language": "nl"})
    session = GroupSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/werkwijzer/sessions/{session.pk}/"
    assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{6}", session.code)
    assert (session.state, session.step, session.round, session.language) == ("waiting", "talk", 0, "nl")
    screen = text(room.get(response["Location"]))
    assert session.code in screen and "testserver/w/" in screen
    assert "Een poetshulp is al drie maanden ziek." in screen and "Wat doet de werkgever?" in screen
    assert "Hij belt haar voor een gesprek." in screen and "Open voting" not in screen  # rendered in Dutch
    assert "Stemming openen" in screen and "<svg" in screen  # the QR code


def test_the_room_screen_speaks_the_sessions_language(room, facilitator):
    session = sessions.start(facilitator, CASE, "fr")
    screen = text(room.get(f"/werkwijzer/sessions/{session.pk}/"))
    assert "Que fait l'employeur" in screen.replace("&#x27;", "'")
    assert "Ouvrir le vote" in screen


def test_a_language_the_case_lacks_is_refused_with_the_languages_it_has(room):
    response = room.post("/werkwijzer/sessions/", {"case": "ww-test", "language": "en"})
    assert response.status_code == 400
    assert "Deze casus bestaat niet in het Engels. Beschikbaar: Nederlands, Frans." in text(response)
    assert not GroupSession.objects.exists()


@pytest.mark.parametrize("body", [{}, {"case": "nope", "language": "nl"}, {"case": "ww-test", "language": "xx"}])
def test_a_bad_start_form_saves_nothing(room, body):
    assert room.post("/werkwijzer/sessions/", body).status_code == 400
    assert not GroupSession.objects.exists()


@pytest.mark.parametrize("role", [Role.ACCOUNT_MANAGER, Role.CONSULTANT, Role.COMPANY_ADMIN, Role.UNION_DELEGATE,
                                  Role.SOCIAL_PARTNER, Role.SERV_ADVISER])
def test_anyone_with_a_role_may_facilitate(client, make_user, company_factory, role):
    organisation = company_factory() if role in (Role.COMPANY_ADMIN, Role.UNION_DELEGATE) else None
    client.force_login(make_user(role, organisation=organisation))
    assert client.get("/werkwijzer/sessions/").status_code == 200


def test_without_a_role_or_an_account_no_session_is_started(client, make_user):
    assert client.get("/werkwijzer/sessions/")["Location"].startswith("/login/")
    client.force_login(make_user())
    assert client.post("/werkwijzer/sessions/", {"case": "ww-test", "language": "nl"}).status_code == 403
    assert not GroupSession.objects.exists()


def test_codes_are_unique_among_open_sessions_but_an_ended_sessions_code_is_free(facilitator, monkeypatch):
    first = sessions.start(facilitator, CASE, "nl")
    drawn = iter([first.code, first.code, "CCCCCC"])
    monkeypatch.setattr(sessions.rules, "new_code", lambda taken: next(c for c in drawn if c not in set(taken)))
    assert sessions.start(facilitator, CASE, "nl").code == "CCCCCC"
    sessions.take_step(first, "end", facilitator)
    monkeypatch.setattr(sessions.rules, "new_code", lambda taken: first.code)
    assert sessions.start(facilitator, CASE, "nl").code == first.code


def test_the_database_refuses_two_open_sessions_with_one_code(facilitator, monkeypatch):
    """Two starts drawing the same code at once: the partial unique index refuses the second, which draws again."""
    first = sessions.start(facilitator, CASE, "nl")
    drawn = iter([first.code, "CCCCCC"])
    monkeypatch.setattr(sessions.rules, "new_code", lambda taken: next(drawn))  # ignores `taken`, like a race
    assert sessions.start(facilitator, CASE, "nl").code == "CCCCCC"


# --- who controls a session ----------------------------------------------------------------------


def test_another_user_can_neither_see_nor_run_the_session(client, session, make_user, sector_factory):
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector_factory()))
    for url in ("", "live/?v=x", "summary/"):
        assert client.get(f"/werkwijzer/sessions/{session.pk}/{url}").status_code == 404
    assert step(client, session, "open").status_code == 404
    session.refresh_from_db()
    assert session.state == "waiting"
    assert session.code not in text(client.get("/werkwijzer/sessions/"))


def test_the_department_runs_any_session(client, session, make_user):
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    assert client.get(f"/werkwijzer/sessions/{session.pk}/").status_code == 200
    assert step(client, session, "open").status_code == 302
    session.refresh_from_db()
    assert session.state == "voting"
    assert session.code in text(client.get("/werkwijzer/sessions/"))


def test_the_workflow_itself_refuses_a_step_by_someone_else(session, make_user, sector_factory):
    """Not only the views: ``Workflow.apply`` checks ``may_control`` on every step but ``expire``."""
    intruder = make_user(Role.SECTOR_STAFF, sector=sector_factory())
    for name in ("open", "end"):
        with pytest.raises(TransitionNotAllowed):
            sessions.take_step(session, name, intruder)
    session.refresh_from_db()
    assert session.state == "waiting"


def test_anonymous_visitors_are_sent_to_sign_in(client, session):
    assert client.get(f"/werkwijzer/sessions/{session.pk}/")["Location"].startswith("/login/")
    assert step(client, session, "open")["Location"].startswith("/login/")


# --- a game: votes, reveal, next, end --------------------------------------------------------------


def test_two_steps_with_votes_from_phones(room, session, facilitator):
    anna, bert, carl = phone(), phone(), phone()
    for p in (anna, bert, carl):
        assert "Wacht op de volgende vraag" in text(page(p, session))
    assert step(room, session, "open").status_code == 302
    assert "Hij belt haar voor een gesprek." in text(page(anna, session))
    page(bert, session), page(carl, session)
    for p, choice in ((anna, "call"), (bert, "letter"), (carl, "letter")):
        assert vote(p, session, choice)["Location"] == f"/w/{session.code}/"
    live = room.get(f"/werkwijzer/sessions/{session.pk}/live/?v={session.pk}-voting-0")
    assert "3 stemmen tot nu toe" in text(live)

    assert step(room, session, "reveal").status_code == 302
    session.refresh_from_db()
    assert session.history == [{"step": "talk", "counts": {"call": 1, "letter": 2, "fire": 0}, "followed": None}]
    screen = text(room.get(f"/werkwijzer/sessions/{session.pk}/"))
    assert "2 stemmen (67%)" in screen and "1 stem (33%)" in screen
    assert "De brief blijft liggen." in screen  # the consequence of each answer
    assert "Informatiekaart: Werkgever" in screen and "Een re-integratieplan opstellen." in screen
    assert "Eerste contact – binnen 10 weken" in screen
    assert re.search(r'value="letter" checked', screen)  # the majority is followed by default
    assert "2 stemmen (67%)" in text(page(bert, session))  # the phones see the result

    assert step(room, session, "follow", "letter").status_code == 302
    session.refresh_from_db()
    assert (session.state, session.step, session.round) == ("waiting", "doctor", 1)
    assert session.history[0]["followed"] == "letter"
    step(room, session, "open")
    vote(anna, session, "adapt")
    step(room, session, "reveal")
    session.refresh_from_db()
    assert session.history[1]["counts"] == {"adapt": 1, "nothing": 0}
    response = step(room, session, "end")
    assert response["Location"] == f"/werkwijzer/sessions/{session.pk}/summary/"
    assert page(anna, session).status_code == 410
    assert "De sessie is afgelopen" in text(page(anna, session))
    actions = list(AuditEntry.objects.filter(root_type="knowledge.groupsession", root_id=str(session.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["transition:open", "transition:reveal", "transition:next", "transition:open",
                       "transition:reveal", "transition:end"]


def test_one_vote_per_phone_per_question_and_changing_it_replaces_it(room, session):
    step(room, session, "open")
    anna = phone(session)
    vote(anna, session, "call")
    vote(anna, session, "letter")
    vote(anna, session, "letter")
    assert list(Vote.objects.values_list("round", "choice")) == [(0, "letter")]
    assert "(jouw stem)" in text(page(anna, session))
    step(room, session, "reveal")
    step(room, session, "follow", "call")
    step(room, session, "open")
    vote(anna, session, "adapt")
    assert sorted(Vote.objects.values_list("round", "choice")) == [(0, "letter"), (1, "adapt")]
    voters = set(Vote.objects.values_list("voter", flat=True))
    assert len(voters) == 2 and anna.cookies["ww_voter"].value not in voters  # a keyed hash, new per question


def test_one_phones_answers_cannot_be_joined_into_its_path(room, session, facilitator):
    # Whoever reads the votes table (an admin, a backup) must not follow one phone from question to question
    # or from one session to the next one that day: the stored key differs per question and per session.
    anna, bert = phone(session), phone(session)
    step(room, session, "open")
    vote(anna, session, "call"), vote(bert, session, "letter")
    steps(room, session, "reveal", ("follow", "call"), "open")
    vote(anna, session, "adapt"), vote(bert, session, "nothing")
    step(room, session, "end")
    second = sessions.start(facilitator, CASE, "nl")
    step(room, second, "open")
    vote(anna, second, "fire")
    keys = list(Vote.objects.values_list("voter", flat=True))
    assert len(keys) == 5 and len(set(keys)) == 5
    assert Vote.objects.filter(session=second).get().choice == "fire"
    assert "(jouw stem)" in text(page(anna, second)) and "(jouw stem)" not in text(page(bert, second))


def test_the_voter_cookie_is_random_http_only_and_for_the_phone_pages_only(session):
    anna = phone(session)
    cookie = anna.cookies["ww_voter"]
    assert len(cookie.value) == 22 and cookie["httponly"] and cookie["path"] == "/w/"
    assert cookie["samesite"] == "Lax"
    other = phone()
    page(other, session)
    assert other.cookies["ww_voter"].value != cookie.value


@pytest.mark.parametrize("state", ["waiting", "revealed"])
def test_a_closed_vote_refuses_votes_with_a_clear_message(room, session, state):
    anna = phone(session)
    if state == "revealed":
        steps(room, session, "open", "reveal")
    response = vote(anna, session, "call")
    assert response.status_code == 409
    assert "De stemming over deze vraag is gesloten. Wacht op de volgende vraag." in text(response)
    assert not Vote.objects.exists()


def test_a_vote_from_an_old_page_is_refused(room, session):
    anna = phone(session)
    steps(room, session, "open", "reveal", ("follow", "call"), "open")
    response = vote(anna, session, "call", round_=0)
    assert response.status_code == 409 and "Deze vraag is niet meer open" in text(response)
    assert not Vote.objects.exists()


def test_a_vote_after_the_end_shows_the_end(room, session):
    anna = phone(session)
    steps(room, session, "open", "end")
    assert vote(anna, session, "call").status_code == 410
    assert not Vote.objects.exists()


@pytest.mark.parametrize("choice", ["", "bogus", "adapt", "x" * 500])
def test_an_answer_that_is_not_on_the_screen_is_refused(room, session, choice):
    step(room, session, "open")
    anna = phone(session)
    response = vote(anna, session, choice)
    assert response.status_code == 400 and "Kies een van de getoonde antwoorden." in text(response)
    assert not Vote.objects.exists()


def test_a_phone_without_our_cookie_is_asked_to_allow_it(room, session):
    step(room, session, "open")
    response = Client().post(f"/w/{session.code}/vote/", {"choice": "call", "round": 0})
    assert response.status_code == 400 and "cookie" in text(response)
    assert "ww_voter" in response.cookies
    assert not Vote.objects.exists()


@pytest.mark.parametrize("round_", ["", "abc", "-1", "99999999999999999999"])
def test_a_garbage_round_never_breaks_the_vote(room, session, round_):
    step(room, session, "open")
    anna = phone(session)
    response = anna.post(f"/w/{session.code}/vote/", {"choice": "call", "round": round_})
    assert response.status_code in (302, 409)


def test_a_tie_leaves_the_choice_to_the_facilitator(room, session):
    step(room, session, "open")
    for choice in ("call", "letter"):
        p = phone(session)
        vote(p, session, choice)
    step(room, session, "reveal")
    screen = text(room.get(f"/werkwijzer/sessions/{session.pk}/"))
    assert "De stemmen staan gelijk" in screen and " checked" not in screen
    response = step(room, session, "follow")
    assert "Kies het antwoord dat de zaal volgt." in text(room.get(response["Location"]))
    session.refresh_from_db()
    assert session.state == "revealed"
    step(room, session, "follow", "fire")  # the facilitator may follow any answer, even one nobody chose
    session.refresh_from_db()
    assert session.state == "ended" and session.history[0]["followed"] == "fire"


def test_a_step_from_the_wrong_state_is_refused_with_the_workflows_message(room, session):
    response = step(room, session, "reveal")
    assert ("„Stemming sluiten en resultaat tonen” kan niet vanuit de status „Wacht op de stemming”."
            in text(room.get(response["Location"])))
    session.refresh_from_db()
    assert session.state == "waiting"
    assert step(room, session, "bogus").status_code == 302
    session.refresh_from_db()
    assert session.state == "waiting"


def test_a_stale_page_never_overwrites_the_newer_history(session, facilitator):
    """The room screen and a second tab: 'end' from an old copy keeps the step the other tab followed."""
    sessions.take_step(session, "open", facilitator)
    sessions.take_step(session, "reveal", facilitator)
    stale = GroupSession.objects.get(pk=session.pk)
    sessions.take_step(session, "follow", facilitator, "call")
    sessions.take_step(stale, "end", facilitator)
    session.refresh_from_db()
    assert session.state == "ended" and session.step == "doctor"
    assert session.history[0]["followed"] == "call"


# --- the summary --------------------------------------------------------------------------------


def test_the_summary_lists_the_votes_and_the_path_against_the_recommended_answers(room, session):
    for choice_votes, follow in ((["letter", "letter", "call"], "letter"), (["adapt"], "adapt"), ([], "sign")):
        step(room, session, "open")
        for choice in choice_votes:
            p = phone(session)
            vote(p, session, choice)
        step(room, session, "reveal")
        response = step(room, session, "follow", follow)
    assert response["Location"].endswith("/summary/")
    summary = text(room.get(response["Location"]))
    assert "De zaal volgde het aanbevolen antwoord in 2 van 3 stappen." in summary
    assert "Stap 1: Wat doet de werkgever?" in summary
    assert re.search(r"Hij stuurt een brief\.</td><td class=\"num\">2</td><td class=\"num\">67%", summary)
    assert "Einde van de testcasus." in summary  # the room reached the end of the case
    assert "De sessie is afgelopen." in summary


def test_the_summary_before_any_reveal_says_so(room, session):
    assert "Er werd in deze sessie nog geen stap getoond." in text(room.get(f"/werkwijzer/sessions/{session.pk}/summary/"))


# --- codes and polls -----------------------------------------------------------------------------


def test_the_code_form_accepts_what_people_type(session):
    anna = phone()
    typed = f"{session.code[:3].lower()} - {session.code[3:].lower()}"
    response = anna.post("/w/", {"code": typed})
    assert response["Location"] == f"/w/{session.code}/"
    assert anna.get(f"/w/?code={session.code}")["Location"] == f"/w/{session.code}/"
    assert anna.get("/w/").status_code == 200


@pytest.mark.parametrize("code", ["ACDEFG", "nope", "../../etc", "A" * 40, "\u202eABC"])
def test_unknown_codes_are_refused_clearly(code):
    anna = phone()
    response = anna.post("/w/", {"code": code})
    assert response.status_code == 400
    assert "We kennen deze code niet. Kijk naar de code op het scherm en probeer opnieuw." in text(response)
    assert anna.get("/w/ACDEFG/").status_code == 404
    assert anna.post("/w/ACDEFG/vote/", {"choice": "call"}).status_code == 404
    assert anna.get("/w/ACDEFG/live/?v=1").status_code == 404


def test_guessing_codes_is_rate_limited_per_client_like_the_respondent_entry(settings, session):
    settings.WERKBAAR_CODE_GUESS_LIMIT = 3
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    assert guesser.post("/w/", {"code": "ACDEFG"}).status_code == 400
    assert guesser.get("/w/ACDEFH/").status_code == 404
    assert guesser.get("/w/ACDEFJ/live/").status_code == 404
    assert guesser.get(f"/w/{session.code}/").status_code == 429  # a valid code too: no oracle
    assert guesser.get("/w/").status_code == 200  # the empty form tries no code
    assert Client(REMOTE_ADDR="198.51.100.5").get(f"/w/{session.code}/").status_code == 200


def test_polls_answer_no_change_or_reload(room, session):
    anna = phone(session)
    v = f"{session.pk}-waiting-0"
    assert anna.get(f"/w/{session.code}/live/?v={v}").status_code == 204
    assert room.get(f"/werkwijzer/sessions/{session.pk}/live/?v={v}").status_code == 200
    step(room, session, "open")
    assert anna.get(f"/w/{session.code}/live/?v={v}")["HX-Refresh"] == "true"
    assert room.get(f"/werkwijzer/sessions/{session.pk}/live/?v={v}")["HX-Refresh"] == "true"
    assert 'hx-trigger="every 2s"' in text(page(anna, session))
    assert 'hx-trigger="every 2s"' in text(room.get(f"/werkwijzer/sessions/{session.pk}/"))


def test_the_phone_pages_cost_a_fixed_number_of_queries(room, session, django_assert_max_num_queries):
    step(room, session, "open")
    anna = phone(session)
    vote(anna, session, "call")
    with django_assert_max_num_queries(4):
        assert page(anna, session).status_code == 200
    with django_assert_max_num_queries(2):
        anna.get(f"/w/{session.code}/live/?v=x")
    step(room, session, "reveal")
    with django_assert_max_num_queries(4):
        assert page(anna, session).status_code == 200


# --- self-closing, workflow, retention -----------------------------------------------------------


def test_a_session_older_than_a_day_closes_itself_when_read(room, session):
    GroupSession.objects.filter(pk=session.pk).update(created=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert page(phone(), session).status_code == 410
    session.refresh_from_db()
    assert session.state == "ended" and session.ended_at is not None
    assert "De sessie is afgelopen" in text(room.get(f"/werkwijzer/sessions/{session.pk}/"))


def test_starting_a_session_closes_the_old_ones_so_their_codes_are_free(session, facilitator):
    GroupSession.objects.filter(pk=session.pk).update(created=timezone.now() - datetime.timedelta(days=2))
    sessions.start(facilitator, CASE, "nl")
    session.refresh_from_db()
    assert session.state == "ended"


def test_a_fresh_session_cannot_be_expired(session):
    with pytest.raises(TransitionNotAllowed, match="nog geen dag oud|not a day old"):
        sessions.WORKFLOW.apply(session, "expire", None)


def test_the_state_machine_is_one_table():
    assert sessions.WORKFLOW.as_table() == [
        ("waiting", "open", "voting"),
        ("voting", "reveal", "revealed"),
        ("revealed", "next", "waiting"),
        ("revealed", "finish", "ended"),
        ("waiting, voting, revealed", "end", "ended"),
        ("waiting, voting, revealed", "expire", "ended"),
    ]
    assert sessions.WORKFLOW.final == frozenset({"ended"})


def test_votes_are_purged_after_the_retention_period_and_the_summary_stays(settings, room, session):
    from werkbaar.privacy.purge import purge

    settings.RETENTION_WERKWIJZER_VOTES_DAYS = 30
    step(room, session, "open")
    anna = phone(session)
    vote(anna, session, "call")
    step(room, session, "reveal")
    step(room, session, "end")
    started = timezone.localdate()
    assert purge(today=started + datetime.timedelta(days=29))["werkwijzer_votes"] == 0
    assert Vote.objects.count() == 1
    assert purge(today=started + datetime.timedelta(days=30))["werkwijzer_votes"] == 1
    assert not Vote.objects.exists()
    assert "Hij belt haar voor een gesprek.</td><td class=\"num\">1</td>" in text(
        room.get(f"/werkwijzer/sessions/{session.pk}/summary/"))


def test_the_session_code_never_reaches_a_log_line():
    """Like the respondents' codes: a log line pairing an IP address with a session would tie a phone to it."""
    from werkbaar.core.logs import redact

    assert redact("GET /w/ACDEFG/vote/ 302") == "GET /w/[code]/vote/ 302"
    assert redact("GET /w/?code=ACDEFG 400") == "GET /w/?code=[code] 400"
    assert redact("GET /werkwijzer/sessions/4/ 200") == "GET /werkwijzer/sessions/4/ 200"


def test_ending_the_session_asks_for_a_confirmation_first(room, session):
    """'End the session' sat next to 'Close voting' and ended the game at once: now it opens a question."""
    screen = text(room.get(f"/werkwijzer/sessions/{session.pk}/"))
    end = re.search(r'<details class="ww-end" id="ww-end">(.*?)</details>', screen)
    assert end is not None
    assert "<summary>Sessie beëindigen</summary>" in end.group(1)
    assert "Dat kan niet ongedaan worden gemaakt." in end.group(1)
    assert 'value="end"' in end.group(1) and "Ja, beëindig de sessie" in end.group(1)
    assert screen.count('value="end"') == 1  # no other end button outside the question


def test_the_rooms_information_card_marks_an_unconfirmed_step(room, session, monkeypatch):
    unsure = {**TRAJECTORY, "steps": [{**TRAJECTORY["steps"][0], "confirmed": False,
                                       "note": {"nl": "De termijn vonden we in geen bron."}}]}
    monkeypatch.setattr(data, "trajectory", lambda: unsure)
    steps(room, session, "open", "reveal")
    page = text(room.get(f"/werkwijzer/sessions/{session.pk}/"))
    assert "Eerste contact – binnen 10 weken" in page
    assert ("Niet bevestigd.</strong> De termijn vonden we in geen bron. "
            "Vraag het na bij de preventiedienst of het ziekenfonds.") in page
    monkeypatch.setattr(data, "trajectory", lambda: TRAJECTORY)
    assert "Niet bevestigd." not in text(room.get(f"/werkwijzer/sessions/{session.pk}/"))
