"""Suppression per figure: a figure needs the minimum number of respondents BEHIND IT, not in its group.

The attack (issue 10, point 1): a company admin pads a one-person team with rows that skip a scale,
so the team reaches the minimum head count while that scale's figure rests on one real person.
"""

import os
from itertools import combinations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from werkbaar.analysis.engine import COMPLEMENTARY, SMALL, score, suppression

FAKE = {"a1": 1, "a2": 1, "a3": 4, "b1": 4, "b2": 4, "c1": None, "d1": 5}  # skips scale r1 (item c1)
REAL = {"a1": 2, "a2": 2, "a3": 3, "b1": 3, "b2": 3, "c1": 5, "d1": 5}  # r1 = 25 * (5 - 1) = 100
OTHER = {"a1": 1, "a2": 2, "a3": 4, "b1": 4, "b2": 3, "c1": 2, "d1": 4}  # r1 = 25

# mutmut sets MUTANT_UNDER_TEST in its workers. There the two slow properties below draw fewer examples, so
# that every mutant of engine.py can be checked; fewer examples can only let more mutants live, never fewer.
MUTATING = bool(os.environ.get("MUTANT_UNDER_TEST"))


def padded_frame():
    """Team A: 4 padding rows without r1 and 1 real respondent; teams B (6) and C (7) answer everything."""
    rows = [{**FAKE, "team": "A"}] * 4 + [{**REAL, "team": "A"}]
    rows += [{**OTHER, "team": "B"}] * 6 + [{**OTHER, "c1": 3, "team": "C"}] * 7
    return pl.DataFrame(rows, schema={**dict.fromkeys(REAL, pl.Int64), "team": pl.String})


def test_padding_a_group_does_not_reveal_the_one_real_answer(mini):
    result = score(mini, padded_frame(), by=["team"], min_group=5)
    teams = {c["value"]: c for c in result["groups"]["team"]}
    a = teams["A"]
    assert a["suppressed"] is False and a["n"] == 5  # the head count reaches the minimum ...
    # ... but only one person is behind r1: the figure is hidden, not "mean 100.0 over n=1"
    assert a["scales"]["r1"] == {"n": None, "mean": None, "problem_rate": None, "acute_rate": None,
                                 "suppressed": True, "suppressed_reason": SMALL}
    # figures with five people behind them stay: w1 over 5 = (4 x 0 + 33.33) / 5
    assert a["scales"]["w1"]["n"] == 5 and a["scales"]["w1"]["mean"] == 6.67
    # overall r1 (14 people: 1 x 100, 6 x 25, 7 x 50) minus team C (7 x 50) would give A+B = 8 people;
    # minus B as well would give A's one person: so B's r1 is hidden too, to protect A's
    assert result["overall"]["scales"]["r1"] == {"n": 14, "mean": 42.86, "problem_rate": 0.5714, "acute_rate": 0.0714}
    assert teams["B"]["scales"]["r1"]["suppressed_reason"] == COMPLEMENTARY
    assert teams["B"]["scales"]["r1"]["mean"] is None
    assert teams["C"]["scales"]["r1"] == {"n": 7, "mean": 50.0, "problem_rate": 1.0, "acute_rate": 0.0}


def test_workability_rate_needs_enough_people_behind_it(mini):
    # 5 people in a team, but only 2 answered enough items for every workability scale
    rows = [{**OTHER, "b1": None, "team": "A"}] * 3 + [{**OTHER, "team": "A"}] * 2 + [{**OTHER, "team": "B"}] * 9
    df = pl.DataFrame(rows, schema={**dict.fromkeys(REAL, pl.Int64), "team": pl.String})
    result = score(mini, df, by=["team"], min_group=5)
    a, b = result["groups"]["team"]
    assert a["n"] == 5 and a["workability_rate"] is None and a["workability_n"] is None
    assert a["workability_suppressed"] is True and a["workability_suppressed_reason"] == SMALL
    assert a["scales"]["w2"]["suppressed_reason"] == SMALL  # w2 needs b1 and b2
    # B's rate (9 people) would give A's 2 away from the overall rate over 11: hidden as well
    assert b["workability_suppressed_reason"] == COMPLEMENTARY
    assert result["overall"]["workability_n"] == 11


def test_hidden_cells_say_why(mini):
    rows = [{**OTHER, "team": "A"}] * 3 + [{**OTHER, "team": "B"}] * 57 + [{**OTHER, "team": "C"}] * 60
    df = pl.DataFrame(rows, schema={**dict.fromkeys(REAL, pl.Int64), "team": pl.String})
    teams = score(mini, df, by=["team"], min_group=5)["groups"]["team"]
    assert teams[0] == {"value": "A", "n": None, "suppressed": True, "suppressed_reason": SMALL}
    # 57 respondents: not small, hidden so that A cannot be worked out as total - C
    assert teams[1] == {"value": "B", "n": None, "suppressed": True, "suppressed_reason": COMPLEMENTARY}
    assert teams[2]["n"] == 60


def test_groups_follow_the_given_order(mini):
    rows = [{**OTHER, "age": a} for a in ["50+"] * 5 + ["< 35"] * 6 + ["35-49"] * 7 + [None] * 5]
    df = pl.DataFrame(rows, schema={**dict.fromkeys(REAL, pl.Int64), "age": pl.String})
    plain = score(mini, df, by=["age"])["groups"]["age"]
    assert [c["value"] for c in plain] == ["35-49", "50+", "< 35", None]  # alphabetical: not the bands' order
    ordered = score(mini, df, by=["age"], order={"age": ["< 35", "35-49", "50+"]})["groups"]["age"]
    assert [(c["value"], c["n"]) for c in ordered] == [("< 35", 6), ("35-49", 7), ("50+", 5), (None, 5)]


def test_every_figure_needs_enough_clusters(mini):
    # organisations o1-o4; o4 alone answered r1 in band "big": r1 rests on one organisation there
    rows = [{**OTHER, "band": "small", "org": o} for o in ["o1", "o2", "o3"] for _ in range(5)]
    rows += [{**OTHER, "c1": None, "band": "big", "org": o} for o in ["o5", "o6"] for _ in range(5)]
    rows += [{**REAL, "band": "big", "org": "o4"}] * 5
    df = pl.DataFrame(rows, schema={**dict.fromkeys(REAL, pl.Int64), "band": pl.String, "org": pl.String})
    result = score(mini, df, by=["band"], min_group=5, cluster="org", min_clusters=3)
    big, small = result["groups"]["band"]
    assert big["value"] == "big" and big["n"] == 15 and big["scales"]["w1"]["n"] == 15
    assert big["scales"]["r1"]["suppressed_reason"] == SMALL  # 5 people, but one organisation
    assert small["scales"]["r1"]["suppressed_reason"] == COMPLEMENTARY  # else total - small = o4
    assert result["overall"]["scales"]["r1"]["n"] == 20  # 4 organisations behind it
    # a band of two organisations is hidden as a whole, and the other one with it
    two = score(mini, df.filter(pl.col("org") != "o4"), by=["band"], cluster="org", min_clusters=3)
    assert [c.get("suppressed_reason") for c in two["groups"]["band"]] == [SMALL, COMPLEMENTARY]


def test_suppression_counts_cells_hidden_before():
    # cell 0 hidden as a group; for one figure it held 2 people, so another figure cell must go
    assert suppression([([2, 0, 6, 7], 5)], already={0: COMPLEMENTARY}, hide_empty=False) == {
        0: COMPLEMENTARY, 2: COMPLEMENTARY}
    assert suppression([([0, 6], 5)], hide_empty=False) == {}
    assert suppression([([0, 6], 5)]) == {0: SMALL}


# ------------------------------------------------------------------------------------------------
# Property: no shown figure rests on fewer than the minimum, and none can be worked out
# ------------------------------------------------------------------------------------------------

answer = st.one_of(st.none(), st.integers(1, 4))
answer5 = st.one_of(st.none(), st.integers(1, 5))
team = st.one_of(st.none(), st.sampled_from(["A", "B", "C", "D"]))


@settings(max_examples=25 if MUTATING else 150, deadline=None)
@given(
    rows=st.lists(st.tuples(answer, answer, answer, answer, answer, answer5, answer5, team), max_size=50),
    minimum=st.integers(3, 6),
)
def test_no_shown_figure_rests_on_fewer_than_the_minimum(mini, rows, minimum):
    names = ["a1", "a2", "a3", "b1", "b2", "c1", "d1", "team"]
    df = pl.DataFrame(rows, schema={**dict.fromkeys(names[:-1], pl.Int64), "team": pl.String}, orient="row")
    result = score(mini, df, by=["team"], min_group=minimum)
    scored_n = _behind_each_figure(df)
    overall = result["overall"]
    cells = result["groups"]["team"]
    for figure, behind in scored_n.items():
        total = sum(behind.values())
        shown_overall = not overall["suppressed"] and _value(overall, figure) is not None
        if shown_overall:
            assert total >= minimum
        hidden = 0
        shown_sizes = []
        for cell in cells:
            people = behind.get(cell["value"], 0)
            if cell["suppressed"] or _hidden(cell, figure):
                hidden += people
                continue
            if _value(cell, figure) is not None:
                assert people >= minimum, (figure, cell)  # every shown figure rests on >= minimum people
            shown_sizes.append(people)
        if shown_overall:
            # the overall figure minus any set of shown group figures covers nobody or >= minimum
            assert hidden == 0 or hidden >= minimum
            for k in range(len(shown_sizes) + 1):
                for subset in combinations(shown_sizes, k):
                    rest = total - sum(subset)
                    assert rest == 0 or rest >= minimum


def _behind_each_figure(df: pl.DataFrame) -> dict[str, dict]:
    """Per figure and team: the people who answered enough items for it (counted by hand)."""
    answered = {
        "w1": pl.sum_horizontal(pl.col("a1", "a2", "a3").is_not_null().cast(pl.Int8)) >= 2,
        "w2": pl.col("b1").is_not_null() & pl.col("b2").is_not_null(),
        "r1": pl.col("c1").is_not_null(),
        "r2": pl.col("d1").is_not_null(),
    }
    answered["workability"] = answered["w1"] & answered["w2"]
    cleaned = df.with_columns(pl.when(pl.col("team").str.strip_chars() == "").then(None).otherwise(pl.col("team")))
    out = {}
    for figure, expr in answered.items():
        counts = cleaned.filter(expr).group_by("team").len()
        out[figure] = dict(counts.iter_rows())
    return out


def _value(cell: dict, figure: str):
    if figure == "workability":
        return cell["workability_rate"] if cell["workability_n"] else None
    return cell["scales"][figure]["mean"]


def _hidden(cell: dict, figure: str) -> bool:
    if figure == "workability":
        return bool(cell.get("workability_suppressed"))
    return bool(cell["scales"][figure].get("suppressed"))


ORG_BAND = {"o1": "small", "o2": "small", "o3": "small", "o4": "big", "o5": "big", "o6": "big", "o7": "big"}


@settings(max_examples=20 if MUTATING else 100, deadline=None)
@given(
    rows=st.lists(st.tuples(answer, answer, answer, answer, answer, answer5, answer5, st.sampled_from(list(ORG_BAND))),
                  max_size=60),
)
def test_no_shown_figure_rests_on_fewer_than_three_organisations(mini, rows):
    names = ["a1", "a2", "a3", "b1", "b2", "c1", "d1", "org"]
    df = pl.DataFrame(rows, schema={**dict.fromkeys(names[:-1], pl.Int64), "org": pl.String}, orient="row")
    df = df.with_columns(pl.col("org").replace_strict(ORG_BAND).alias("band"))
    result = score(mini, df, by=["band"], min_group=3, cluster="org", min_clusters=3)
    answered = {
        "w1": pl.sum_horizontal(pl.col("a1", "a2", "a3").is_not_null().cast(pl.Int8)) >= 2,
        "w2": pl.col("b1").is_not_null() & pl.col("b2").is_not_null(),
        "r1": pl.col("c1").is_not_null(), "r2": pl.col("d1").is_not_null(),
    }
    answered["workability"] = answered["w1"] & answered["w2"]
    for figure, expr in answered.items():
        behind = df.filter(expr)
        orgs = {band: set(behind.filter(pl.col("band") == band)["org"]) for band in ("small", "big")}
        overall = result["overall"]
        if not overall["suppressed"] and _value(overall, figure) is not None:
            assert behind.height >= 3 and len(set(behind["org"])) >= 3
            hidden_orgs = set()
            for cell in result["groups"]["band"]:
                if cell["suppressed"] or _hidden(cell, figure):
                    hidden_orgs |= orgs[cell["value"]]
                elif _value(cell, figure) is not None:
                    assert len(orgs[cell["value"]]) >= 3, (figure, cell)  # every shown figure: >= 3 orgs
            # the overall figure minus the shown bands covers no organisation or at least three
            assert len(hidden_orgs) == 0 or len(hidden_orgs) >= 3
