"""The public WerkWijzer case player: list, a full case walked choice by choice (feedback, information
card, summary), the easy-read version, other languages, and bad addresses answered with a clear 404."""

import html
import re

import pytest

from werkbaar.knowledge.werkwijzer import data
from werkbaar.knowledge.werkwijzer.play import MAX_TURNS, PathError, replay

WORKER_CASE = "domestic-helper-back-pain"
URL = f"/werkwijzer/{WORKER_CASE}/"


def _text(response) -> str:
    page = response.content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def _query(keys, **extra):
    return "?" + "&".join([f"c={k}" for k in keys] + [f"{k}={v}" for k, v in extra.items()])


def test_replay_walks_the_graph_and_refuses_what_does_not_fit():
    case = data.case(WORKER_CASE)
    position = replay(case, ["ask", "skip"])
    assert [t.step.key for t in position.turns] == ["employer-call", "invitation"]
    assert position.current.key == "decision" and not position.ended
    assert position.score() == (1, 2)
    best = [next(c.key for c in s.choices if c.best) for s in case.steps.values()]
    assert replay(case, best).ended and replay(case, best).score() == (5, 5)
    for keys, code in ((["nope"], "unknown_choice"), ([*best, "ask"], "after_end"),
                       (["ask"] * (MAX_TURNS + 1), "too_long")):
        with pytest.raises(PathError) as error:
            replay(case, keys)
        assert error.value.code == code


@pytest.mark.django_db
def test_the_list_shows_every_case_publicly_with_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/werkwijzer/")
    assert response.status_code == 200
    text = _text(response)
    for case in data.cases().values():
        assert case.title["nl"] in text
    assert "Ook in makkelijk Nederlands" in text


@pytest.mark.django_db
def test_a_full_case_is_played_with_feedback_cards_and_a_summary(client, django_assert_max_num_queries):
    case = data.case(WORKER_CASE)
    start = client.get(URL)
    assert start.status_code == 200
    assert case.intro["nl"] in _text(start) and 'name="c" value="ask"' in start.content.decode()
    keys = []
    step = case.step(case.start)
    while step is not None:
        choice = step.choices[-1]  # not the recommended one where it can be avoided
        keys.append(choice.key)
        with django_assert_max_num_queries(2):
            feedback = client.get(URL + _query(keys))
        text = _text(feedback)
        assert feedback.status_code == 200
        assert choice.consequence["nl"] in text
        recommended = next(c for c in step.choices if c.best)
        assert recommended.label["nl"] in text  # says what was recommended
        card_actor = data.actor(step.actor)
        assert card_actor["name"]["nl"] in text and card_actor["obligations"][0]["nl"] in text
        rule = data.rule(step.rule)
        if rule["time_limits"]:
            assert "kalenderdagen" in text or "maanden" in text or "weken" in text
        if not rule["confirmed"]:
            assert "Niet bevestigd" in text
        step = case.step(choice.next) if choice.next else None
        going_on = client.get(URL + _query(keys, next=1))
        if step is not None:
            assert step.situation["nl"] in _text(going_on)
    summary = _text(going_on)
    assert "Jouw samenvatting" in summary and case.end["nl"] in summary
    done, total = replay(case, keys).score()
    assert f"Je koos {done} keer de aanbevolen keuze, op {total} stappen." in summary
    assert "sessionid" not in going_on.cookies  # nothing is kept about the player


def test_the_information_card_cites_the_rule_and_its_sources(client):
    # the plan step of the worker's case: 14 calendar days to answer a plan
    keys = ["ask", "go-prepared", "wishes", "accept"]
    text = _text(client.get(URL + _query(keys)))
    assert "Binnen 63 kalenderdagen" in text
    assert "cohezio.be" in client.get(URL + _query(keys)).content.decode()


def test_easy_read_dutch_and_the_toggle(client):
    case = data.case(WORKER_CASE)
    easy = client.get(URL + "?lang=nl_easy")
    assert case.intro["nl_easy"] in _text(easy) and case.intro["nl"] not in _text(easy)
    assert 'name="lang" value="nl_easy"' in easy.content.decode()  # the choice keeps the easy-read version
    feedback = client.get(URL + "?c=ask&lang=nl_easy")
    assert case.steps["employer-call"].choices[0].consequence["nl_easy"] in _text(feedback)
    assert "lang=nl_easy" in feedback.content.decode()  # "next step" stays easy-read
    # the toggle on a case without an easy-read version does not exist, and ?lang=nl_easy is ignored
    other = client.get("/werkwijzer/employer-service-vouchers/?lang=nl_easy")
    assert other.status_code == 200 and data.case("employer-service-vouchers").intro["nl"] in _text(other)
    assert "ww-toggle" not in other.content.decode()
    assert "ww-toggle" in easy.content.decode()


def test_the_case_follows_the_site_language(client):
    case = data.case("union-delegate-support")
    client.cookies["django_language"] = "fr"
    response = client.get("/werkwijzer/union-delegate-support/")
    assert case.intro["fr"] in _text(response)
    assert "Étape 1" in _text(response)
    client.cookies["django_language"] = "en"
    response = client.get("/werkwijzer/union-delegate-support/")
    # no English text in this case: Dutch, marked as Dutch for screen readers
    assert case.intro["nl"] in _text(response) and 'lang="nl"' in response.content.decode()


@pytest.mark.parametrize("query, message", [
    ("?c=jump-to-the-end", "Deze keuze bestaat niet"),
    ("?c=ask&c=go-prepared&c=wishes&c=accept&c=tell-employer&c=ask", "al afgelopen"),
    ("?" + "&".join(["c=ask"] * (MAX_TURNS + 1)), "langer"),
    ("?c=", "begrijpt"),
    ("?c=" + "x" * 500, "begrijpt"),
    ("?c=%00", None),
])
def test_a_path_that_does_not_fit_answers_a_clear_404(client, query, message):
    response = client.get(URL + query)
    assert response.status_code in ((404,) if message else (400, 404))
    if message:
        assert message in _text(response)
        assert "Begin opnieuw" in _text(response) or "opnieuw" in _text(response)


def test_an_unknown_case_is_404(client):
    assert client.get("/werkwijzer/no-such-case/").status_code == 404
    assert client.get("/werkwijzer/no-such-case/?c=ask").status_code == 404


def test_a_post_changes_nothing(client):
    response = client.post(URL, {"c": "ask"})
    assert response.status_code in (200, 403, 405)
