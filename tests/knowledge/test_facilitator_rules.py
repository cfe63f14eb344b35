"""The pure rules of WerkWijzer's facilitator mode: codes, tallies, the majority and ties, the summary, the
information card, and the session's workflow table."""

import datetime
from pathlib import Path

import pytest
import yaml

from werkbaar.knowledge.werkwijzer import facilitator_rules as rules
from werkbaar.knowledge.werkwijzer.data import parse_case

CASE = parse_case(yaml.safe_load((Path(__file__).parent / "facilitator_case.yaml").read_text("utf-8")), "test")


# --- codes ---------------------------------------------------------------------------------------


def test_a_code_is_six_characters_of_the_unambiguous_alphabet():
    for _ in range(200):
        code = rules.new_code()
        assert len(code) == 6 and rules.looks_like_code(code)
    assert not set("0O1IL5S2Z8B") & set(rules.ALPHABET)


def test_a_new_code_avoids_the_codes_of_open_sessions(monkeypatch):
    drawn = iter("AAAAAA" + "CCCCCC")
    monkeypatch.setattr(rules.secrets, "choice", lambda alphabet: next(drawn))
    assert rules.new_code({"AAAAAA"}) == "CCCCCC"


def test_no_free_code_is_an_error_not_an_endless_loop(monkeypatch):
    monkeypatch.setattr(rules.secrets, "choice", lambda alphabet: "A")
    with pytest.raises(RuntimeError):
        rules.new_code({"AAAAAA"}, attempts=3)


def test_a_new_code_gives_up_after_fifty_clashes_and_says_why(monkeypatch):
    drawn = []
    monkeypatch.setattr(rules.secrets, "choice", lambda alphabet: drawn.append(alphabet) or "A")
    with pytest.raises(RuntimeError, match="^no free session code found$"):
        rules.new_code({"AAAAAA"})
    assert len(drawn) == 50 * 6 and set(drawn) == {rules.ALPHABET}


@pytest.mark.parametrize("raw, code", [("acd-efg", "ACDEFG"), (" ac de fg ", "ACDEFG"), ("ac.de_fg", "ACDEFG"),
                                       (None, ""), ("x" * 100, "X" * 32)])
def test_what_people_type_is_normalised(raw, code):
    assert rules.normalise_code(raw) == code


@pytest.mark.parametrize("code", ["ACDEF", "ACDEFGH", "ACDEF0", "acdefg", "ACDEF/", ""])
def test_only_well_formed_codes_are_looked_up(code):
    assert not rules.looks_like_code(code)


def test_voter_tokens_have_the_shape_of_token_urlsafe_16():
    import secrets

    assert rules.valid_voter_token(secrets.token_urlsafe(16))
    for bad in (None, "", "short", "a" * 21, "a" * 23, "a" * 21 + "!", "a" * 21 + "\n"):
        assert not rules.valid_voter_token(bad)


# --- tallies, majority and ties -------------------------------------------------------------------


def test_tally_counts_per_choice_in_the_steps_order_with_zeros():
    assert rules.tally(["a", "b", "c"], ["c", "a", "c", "x"]) == {"a": 1, "b": 0, "c": 2}
    assert list(rules.tally(["b", "a"], [])) == ["b", "a"]


def test_the_majority_is_followed_by_default():
    assert rules.default_follow({"a": 1, "b": 3, "c": 2}) == "b"
    assert rules.leaders({"a": 1, "b": 3, "c": 2}) == ["b"]


def test_a_tie_leaves_the_choice_to_the_facilitator():
    assert rules.leaders({"a": 2, "b": 2, "c": 1}) == ["a", "b"]
    assert rules.default_follow({"a": 2, "b": 2, "c": 1}) is None


def test_without_votes_everything_ties():
    assert rules.leaders({"a": 0, "b": 0}) == ["a", "b"]
    assert rules.default_follow({"a": 0, "b": 0}) is None
    assert rules.default_follow({}) is None


def test_one_vote_is_a_majority():
    assert rules.default_follow({"a": 0, "b": 1}) == "b"


def test_bars_give_whole_percentages_rounded_half_up():
    assert [(b.key, b.count, b.percent) for b in rules.bars({"a": 1, "b": 1, "c": 1})] == [
        ("a", 1, 33), ("b", 1, 33), ("c", 1, 33)]
    assert [b.percent for b in rules.bars({"a": 1, "b": 7})] == [13, 88]  # 12.5 -> 13, 87.5 -> 88
    assert [b.percent for b in rules.bars({"a": 2, "b": 1})] == [67, 33]
    assert [b.percent for b in rules.bars({"a": 0, "b": 0})] == [0, 0]


# --- age, the end of the case, the summary ----------------------------------------------------------


def test_a_session_is_stale_after_one_day_exactly():
    start = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)
    assert not rules.is_stale(start, start + datetime.timedelta(hours=23, minutes=59, seconds=59))
    assert rules.is_stale(start, start + datetime.timedelta(days=1))


def test_a_choice_without_next_step_finishes_the_case():
    assert rules.transition_after(None) == "finish"
    assert rules.transition_after("doctor") == "next"


def test_the_end_is_reached_only_by_following_an_answer_that_ends_the_case():
    assert rules.reached_the_end(CASE, [{"step": "talk", "followed": "fire"}])
    assert not rules.reached_the_end(CASE, [{"step": "talk", "followed": "call"}])
    assert not rules.reached_the_end(CASE, [{"step": "talk", "followed": None}])
    assert not rules.reached_the_end(CASE, [])


HISTORY = [
    {"step": "talk", "counts": {"call": 2, "letter": 5, "fire": 1}, "followed": "letter"},
    {"step": "doctor", "counts": {"adapt": 3, "nothing": 3}, "followed": "adapt"},
    {"step": "plan", "counts": {"sign": 0, "refuse": 0}, "followed": None},
]


def test_the_summary_compares_the_rooms_path_with_the_recommended_answers():
    rows = rules.summary(CASE, HISTORY, "nl")
    assert [(r.number, r.key, r.votes) for r in rows] == [(1, "talk", 8), (2, "doctor", 6), (3, "plan", 0)]
    first = rows[0]
    assert first.question == "Wat doet de werkgever?"
    assert [(c.key, c.count, c.percent, c.followed, c.best) for c in first.choices] == [
        ("call", 2, 25, False, True), ("letter", 5, 63, True, False), ("fire", 1, 13, False, False)]
    assert (first.followed, first.best, first.followed_best) == ("Hij stuurt een brief.", "Hij belt haar voor een gesprek.",
                                                                 False)
    assert (rows[1].followed, rows[1].followed_best) == ("Aangepast werk.", True)
    assert (rows[2].followed, rows[2].best, rows[2].followed_best) == (None, "Ja.", False)


def test_the_summary_is_in_the_sessions_language_and_skips_steps_the_case_lost():
    rows = rules.summary(CASE, [{"step": "gone", "counts": {}}, *HISTORY[:1]], "fr")
    assert [r.number for r in rows] == [1]
    assert rows[0].question == "Que fait l'employeur ?"
    assert rows[0].choices[0].label == "Il l'appelle pour un entretien."


def test_the_summary_of_a_step_without_a_recommended_answer_has_no_best():
    raw = yaml.safe_load((Path(__file__).parent / "facilitator_case.yaml").read_text("utf-8"))
    for choice in raw["steps"][0]["choices"]:
        choice.pop("best", None)
    case = parse_case(raw, "test")
    rows = rules.summary(case, HISTORY[:1], "nl")
    assert (rows[0].followed, rows[0].best, rows[0].followed_best) == ("Hij stuurt een brief.", None, False)


def test_an_entry_without_a_step_or_a_followed_choice_counts_for_nothing():
    assert rules.summary(CASE, [{"counts": {"call": 3}}], "nl") == []
    assert not rules.reached_the_end(CASE, [{"followed": "fire"}])
    assert not rules.reached_the_end(CASE, [{"step": "talk"}])


def test_the_end_is_not_reached_on_a_step_the_case_lost():
    assert not rules.reached_the_end(CASE, [{"step": "gone", "followed": "fire"}])


def test_the_summary_ignores_counts_of_unknown_choices():
    rows = rules.summary(CASE, [{"step": "doctor", "counts": {"adapt": 1, "bogus": 9}, "followed": "bogus"}], "nl")
    assert rows[0].votes == 1 and rows[0].followed is None


# --- the information card ------------------------------------------------------------------------

TRAJECTORY = {
    "actors": [
        {"key": "employer", "name": {"nl": "Werkgever", "fr": "Employeur"},
         "role": {"nl": "Biedt aangepast werk aan.", "fr": "Propose un travail adapté."},
         "obligations": [{"nl": "Een plan maken.", "fr": "Établir un plan."}, {"nl": "Overleggen."}]},
        {"key": "gp", "title": "Huisarts", "summary": "Verwijst door.", "duties": "Volgt op."},
    ],
    "steps": [{"key": "contact", "name": {"nl": "Eerste contact"}, "time_limit": {"nl": "binnen 10 weken"}}],
}


def test_the_card_shows_the_actor_its_duties_and_the_steps_time_limit():
    card = rules.actor_card(TRAJECTORY, "employer", "contact", "fr")
    assert card == rules.ActorCard(name="Employeur", role="Propose un travail adapté.",
                                   duties=("Établir un plan.", "Overleggen."), rule="Eerste contact – binnen 10 weken")


def test_the_card_reads_plain_strings_and_other_field_names():
    card = rules.actor_card(TRAJECTORY, "gp", None, "nl")
    assert (card.name, card.role, card.duties, card.rule) == ("Huisarts", "Verwijst door.", ("Volgt op.",), "")


def test_no_card_for_an_actor_the_trajectory_does_not_describe():
    assert rules.actor_card(TRAJECTORY, "union", None, "nl") is None
    assert rules.actor_card({}, "employer", None, "nl") is None
    assert rules.actor_card({"actors": ["nonsense", None]}, "employer", None, "nl") is None


def test_the_card_reads_per_language_lists_of_duties_and_falls_back_to_dutch():
    trajectory = {"actors": [{"key": "a", "name": "A", "obligations": {"nl": ["Een.", "", "Twee."], "fr": ["Un."]}}]}
    assert rules.actor_card(trajectory, "a", None, "fr").duties == ("Un.",)
    assert rules.actor_card(trajectory, "a", None, "nl").duties == ("Een.", "Twee.")
    assert rules.actor_card(trajectory, "a", None, "en").duties == ("Een.", "Twee.")  # no English list: Dutch


def test_the_card_reads_one_duty_per_language_and_leaves_out_what_is_not_text():
    trajectory = {"actors": [
        {"key": "a", "name": "A", "duties": {"nl": "Opvolgen.", "fr": "Suivre."}},
        {"key": "b", "name": ["B"], "role": 42, "obligations": [7, "Melden."]},
        {"key": "c"},
    ]}
    assert rules.actor_card(trajectory, "a", None, "fr").duties == ("Suivre.",)
    assert rules.actor_card(trajectory, "b", None, "nl") == rules.ActorCard(name="b", role="", duties=("Melden.",),
                                                                            rule="")
    assert rules.actor_card(trajectory, "c", None, "nl") == rules.ActorCard(name="c", role="", duties=(), rule="")


def test_the_card_reads_a_role_from_its_description():
    trajectory = {"actors": [{"key": "a", "name": "A", "description": {"nl": "Beschrijving.", "fr": "Description."}}]}
    assert rules.actor_card(trajectory, "a", None, "fr").role == "Description."


STEPS = {"actors": [{"key": "a", "name": "A"}], "steps": [
    "nonsense", {"name": "A step without a key"},
    {"key": "titled", "title": {"nl": "Met titel", "fr": "Avec titre"}, "what": "Wat", "deadline": {"nl": "binnen 7 dagen", "fr": "dans les 7 jours"}},
    {"key": "what", "what": {"nl": "Alleen wat", "fr": "Seulement quoi"}},
    {"key": "limit", "name": {"nl": "Stap", "fr": "Étape"}, "time_limit": {"nl": "binnen 2 weken", "fr": "dans les 2 semaines"}},
]}


def test_the_cards_step_is_read_in_the_language_of_the_session_under_each_name():
    def rule(key):
        return rules.actor_card(STEPS, "a", key, "fr").rule

    assert rule("titled") == "Avec titre – dans les 7 jours"
    assert rule("what") == "Seulement quoi"
    assert rule("limit") == "Étape – dans les 2 semaines"
    assert rule(None) == "" and rule("missing") == ""


SHIPPED = {"actors": [{"key": "occupational_physician", "name": {"nl": "Arbeidsarts", "fr": "Médecin du travail"}}],
           "steps": [
               {"key": "assessment", "what": {"nl": "De arbeidsarts beslist.", "fr": "Le médecin du travail décide."},
                "time_limits": [
                    {"value": 49, "unit": "calendar_days", "kind": "within",
                     "from": {"nl": "de ontvangst van de aanvraag", "fr": "la réception de la demande"}},
                    {"value": 1, "unit": "weeks", "kind": "not_before", "from": {"nl": "het onderzoek"}}],
                "confirmed": False,
                "note": {"nl": "De termijn is niet bevestigd.", "fr": "Le délai n'est pas confirmé."}},
               {"key": "invitation", "what": "Uitnodiging", "time_limits": [], "confirmed": True},
           ]}


def test_the_card_of_the_shipped_trajectory_shows_every_time_limit_and_the_not_confirmed_mark():
    from django.utils import translation

    with translation.override("fr"):
        card = rules.actor_card(SHIPPED, "occupational_physician", "assessment", "fr")
    assert card == rules.ActorCard(
        name="Médecin du travail", role="", duties=(),
        rule="Le médecin du travail décide. – Dans les 49 jours calendrier, à compter de la réception de la demande."
             " – Au plus tôt 1 semaine après het onderzoek.",
        confirmed=False, note="Le délai n'est pas confirmé.")


def test_a_confirmed_step_and_a_card_without_a_step_carry_no_mark():
    card = rules.actor_card(SHIPPED, "occupational_physician", "invitation", "nl")
    assert (card.rule, card.confirmed, card.note) == ("Uitnodiging", True, "")
    card = rules.actor_card(SHIPPED, "occupational_physician", None, "nl")
    assert (card.rule, card.confirmed, card.note) == ("", True, "")


# --- retention of the votes (privacy.retention) ----------------------------------------------------


def test_votes_are_due_the_given_number_of_days_after_the_session_started():
    from werkbaar.privacy import retention

    started = datetime.date(2026, 11, 30)
    assert not retention.werkwijzer_votes_due(started, datetime.date(2026, 12, 29), 30)
    assert retention.werkwijzer_votes_due(started, datetime.date(2026, 12, 30), 30)
    assert retention.werkwijzer_votes_cutoff(datetime.date(2026, 12, 30), 30) == started
    assert retention.werkwijzer_votes_due(started, started, 0)
