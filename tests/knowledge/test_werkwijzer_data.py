"""WerkWijzer's data files: the trajectory cites its sources (or says a rule is unconfirmed), names only
known actors and has positive time limits; the shipped cases cover the four viewpoints in nl and fr."""

import copy

import pytest

from werkbaar.knowledge.werkwijzer import data
from werkbaar.knowledge.werkwijzer.data import DataError, parse_case

ACTORS = {"worker", "employer", "occupational_physician", "advising_physician", "treating_physician", "vdab",
          "consultant", "rtw_coordinator", "union_delegate"}


def test_the_trajectory_file_is_sound():
    assert data.check_trajectory(data.trajectory()) == []


def test_every_actor_of_the_issue_is_there_with_role_and_obligations_in_dutch_and_french():
    assert ACTORS <= data.actor_keys()
    for key in ACTORS:
        actor = data.actor(key)
        assert actor["role"]["nl"] and actor["role"]["fr"]
        assert actor["obligations"] and all(o["nl"] and o["fr"] for o in actor["obligations"])


def test_every_rule_cites_a_source_or_says_it_is_unconfirmed():
    steps = data.trajectory()["steps"]
    known = {s["key"] for s in data.trajectory()["sources"]}
    for step in steps:
        if step["confirmed"]:
            assert step["sources"] and set(step["sources"]) <= known, step["key"]
        else:
            assert step["note"]["nl"] and step["note"]["fr"], step["key"]
    # the rules this file rests on, as they stand after 1 October 2022
    limits = {s["key"]: [(x["value"], x["unit"], x["kind"]) for x in s["time_limits"]] for s in steps}
    assert limits["request_by_employer"] == [(3, "months", "not_before")]
    assert limits["plan_temporary"] == [(63, "calendar_days", "within")]
    assert limits["plan_permanent"] == [(6, "months", "within")]
    assert limits["plan_answer"] == [(14, "calendar_days", "within")]
    assert limits["appeal"] == [(21, "calendar_days", "within")]
    assert limits["force_majeure_start"] == [(9, "months", "not_before")]
    assert data.rule("assessment")["confirmed"] is False  # the 49 days could not be confirmed


def _trajectory():
    return copy.deepcopy(data.trajectory())


@pytest.mark.parametrize("break_it, problem", [
    (lambda t: t["steps"][0].update(sources=[], confirmed=True), "a confirmed rule cites at least one source"),
    (lambda t: t["steps"][0].update(confirmed=False, note=None), "needs a note"),
    (lambda t: t["steps"][0].pop("confirmed"), "say whether the rule is confirmed"),
    (lambda t: t["steps"][0].update(sources=["nowhere"]), "unknown source 'nowhere'"),
    (lambda t: t["steps"][0].update(who=["ghost"]), "unknown actor 'ghost'"),
    (lambda t: t["steps"][0]["time_limits"][0].update(value=0), "positive whole number"),
    (lambda t: t["steps"][0]["time_limits"][0].update(value=-14), "positive whole number"),
    (lambda t: t["steps"][0]["time_limits"][0].update(value="14"), "positive whole number"),
    (lambda t: t["steps"][0]["time_limits"][0].update(unit="fortnights"), "unknown unit 'fortnights'"),
    (lambda t: t["sources"][0].update(url="www.example.org"), "needs a title and a URL"),
    (lambda t: t.pop("consulted"), "say when the sources were consulted"),
    (lambda t: t["actors"][0]["role"].pop("fr"), "the fr name or role is missing"),
])
def test_the_checks_catch_a_broken_trajectory(break_it, problem):
    trajectory = _trajectory()
    break_it(trajectory)
    assert any(problem in p for p in data.check_trajectory(trajectory)), data.check_trajectory(trajectory)


def test_the_shipped_cases_cover_four_viewpoints_in_dutch_and_french():
    cases = data.cases()
    assert {c.viewpoint for c in cases.values()} == {"worker", "employer", "consultant", "union_delegate"}
    assert "sample" not in cases
    for case in cases.values():
        assert {"nl", "fr"} <= set(case.languages), case.key
        assert 5 <= len(case.steps) <= 8 and 5 <= case.path_length() <= 8, case.key
        for step in case.steps.values():
            assert 2 <= len(step.choices) <= 4, (case.key, step.key)
            assert sum(c.best for c in step.choices) == 1, (case.key, step.key)
            assert step.actor in data.actor_keys() and data.rule(step.rule), (case.key, step.key)
            for choice in step.choices:
                assert choice.consequence["fr"] and choice.consequence["fr"] != choice.consequence["nl"]


def test_the_workers_case_has_easy_read_dutch_with_short_sentences():
    worker = next(c for c in data.cases().values() if c.viewpoint == "worker")
    assert "domestic" in worker.key and "nl_easy" in worker.languages
    texts = [worker.intro, worker.end] + [t for s in worker.steps.values() for t in (s.situation, s.question)] + [
        t for s in worker.steps.values() for c in s.choices for t in (c.label, c.consequence)]
    for t in texts:
        easy = t["nl_easy"]
        assert easy, t["nl"]
        sentences = [s for s in easy.replace("?", ".").replace("!", ".").split(".") if s.strip()]
        assert max(len(s.split()) for s in sentences) <= 12, easy
        assert ";" not in easy, easy


def test_a_case_naming_an_unknown_actor_or_rule_is_refused():
    raw = {"key": "x", "viewpoint": "worker", "title": {"nl": "t", "fr": "t"}, "intro": {"nl": "i", "fr": "i"},
           "end": {"nl": "e", "fr": "e"}, "steps": [{
               "key": "s", "actor": "worker", "rule": "appeal", "situation": {"nl": "s", "fr": "s"},
               "question": {"nl": "q", "fr": "q"}, "choices": [
                   {"key": "a", "label": {"nl": "a", "fr": "a"}, "consequence": {"nl": "c", "fr": "c"}, "next": None},
                   {"key": "b", "label": {"nl": "b", "fr": "b"}, "consequence": {"nl": "c", "fr": "c"}, "next": None}]}]}
    assert parse_case(raw, actors=data.actor_keys(), rules=data.rule_keys()).key == "x"
    bad = copy.deepcopy(raw)
    bad["steps"][0]["rule"] = "made_up"
    with pytest.raises(DataError, match="unknown rule 'made_up'"):
        parse_case(bad, actors=data.actor_keys(), rules=data.rule_keys())
    bad = copy.deepcopy(raw)
    bad["steps"][0]["actor"] = "neighbour"
    with pytest.raises(DataError, match="unknown actor 'neighbour'"):
        parse_case(bad, actors=data.actor_keys(), rules=data.rule_keys())


def test_the_facilitators_card_reads_the_rule_and_its_time_limit_from_the_shipped_trajectory():
    from django.utils import translation

    from werkbaar.knowledge.werkwijzer.facilitator_rules import actor_card

    with translation.override("nl-be"):
        card = actor_card(data.trajectory(), "employer", "plan_temporary", "nl")
    assert card.name == "Werkgever" and card.duties
    assert "re-integratieplan" in card.rule and "Binnen 63 kalenderdagen" in card.rule
