"""Statistics against known values: Wilson interval, two-proportion test, odds ratio, ROC/Youden."""

import math

import numpy as np
import polars as pl
import pytest

from werkbaar.analysis.stats import (
    calibrate,
    compare,
    compare_rates,
    odds_ratio_logit,
    rate_interval,
    risk_profiles,
    roc,
    two_proportion_test,
    wilson,
)


def test_wilson_known_values():
    low, high = wilson(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    low, high = wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson(81, 263)  # a textbook example: 0.2553 - 0.3662
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson(0, 0) == (None, None)
    assert rate_interval(0.5, 10) == wilson(5, 10)
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_two_proportion_z_test_matches_statsmodels():
    from statsmodels.stats.proportion import proportions_ztest

    p, test = two_proportion_test(45, 100, 60, 100)
    _, expected = proportions_ztest([45, 60], [100, 100])
    assert test == "z" and p == pytest.approx(expected) and p == pytest.approx(0.0337, abs=1e-4)


def test_small_counts_use_fisher():
    from scipy.stats import fisher_exact

    p, test = two_proportion_test(1, 8, 6, 9)
    assert test == "fisher" and p == pytest.approx(fisher_exact([[1, 7], [6, 3]])[1])


def test_compare_rates_direction_and_verdicts():
    better = compare_rates("workability_rate", (0.40, 200), (0.55, 200), higher_is_better=True)
    assert better.outcome == "improved" and better.difference == 0.15
    assert better.verdict("nl") == "Duidelijk beter dan bij de vorige meting (+15,0 procentpunten)."
    assert "Clearly better" in better.verdict("en") and "Nettement mieux" in better.verdict("fr")
    worse = compare_rates("workload.problem_rate", (0.20, 200), (0.35, 200), higher_is_better=False)
    assert worse.outcome == "worsened"
    same = compare_rates("workload.problem_rate", (0.20, 50), (0.22, 50), higher_is_better=False)
    assert same.outcome == "no_clear_change" and "toeval" in same.verdict("nl")
    none = compare_rates("x", (None, None), (0.2, 50), higher_is_better=False)
    assert none.outcome == "not_comparable" and none.as_dict("en")["verdict"].startswith("Cannot")


def test_compare_results():
    def result(rate, problem):
        return {
            "overall": {
                "n": 300,
                "suppressed": False,
                "workability_rate": rate,
                "workability_n": 300,
                "scales": {"workload": {"n": 300, "mean": 50.0, "problem_rate": problem, "acute_rate": 0.1}},
            }
        }

    rows = compare(result(0.4, 0.3), result(0.5, 0.3))
    assert [c.figure for c in rows] == ["workability_rate", "workload.problem_rate", "workload.acute_rate"]
    assert rows[0].outcome == "improved" and rows[1].outcome == "no_clear_change"
    suppressed = {"overall": {"n": None, "suppressed": True}}
    assert [c.outcome for c in compare(suppressed, result(0.5, 0.3))] == ["not_comparable"]


def test_odds_ratio_logit_matches_hand_computation():
    # y=0: x=0 20, x=1 10; y=1: x=0 5, x=1 15 -> OR = (20 * 15) / (10 * 5) = 6
    r = odds_ratio_logit([[20, 10], [5, 15]])
    assert r["odds_ratio"] == pytest.approx(6.0)
    se = math.sqrt(1 / 20 + 1 / 10 + 1 / 5 + 1 / 15)  # Woolf
    assert r["ci_low"] == pytest.approx(6 * math.exp(-1.959964 * se), rel=1e-4)
    assert r["ci_high"] == pytest.approx(6 * math.exp(1.959964 * se), rel=1e-4)
    assert 0 < r["p_value"] < 0.01


def test_risk_profiles_only_where_cells_allow(mini):
    y = [False] * 20 + [False] * 10 + [True] * 5 + [True] * 15
    x = [False] * 20 + [True] * 10 + [False] * 5 + [True] * 15
    scored = pl.DataFrame(
        {
            "w1": [1.0] * 50,
            "w1__problem": y,
            "r1": [1.0] * 50,
            "r1__problem": x,
            "r2": [1.0] * 50,
            "r2__problem": [True] * 48 + [False] * 2,  # a cell below 5: not shown
        }
    )
    rows = {(r["workability"], r["risk"]): r for r in risk_profiles(scored, mini)}
    assert set(rows) == {("w1", "r1"), ("w1", "r2")}
    assert rows[("w1", "r1")]["shown"] and rows[("w1", "r1")]["odds_ratio"] == pytest.approx(6.0)
    assert rows[("w1", "r2")]["shown"] is False and "odds_ratio" not in rows[("w1", "r2")]


def test_roc_and_youden_on_separable_data():
    scores = list(range(0, 100, 5))  # 20 scores
    criterion = [s >= 60 for s in scores]
    curve = roc(scores, criterion)
    assert curve["auc"] == 1.0
    out = calibrate(scores, criterion, min_per_class=5)
    assert out["problem"]["threshold"] == 60.0
    assert out["problem"]["sensitivity"] == 1.0 and out["problem"]["specificity"] == 1.0


def test_calibration_better_direction_and_acute():
    rng = np.random.default_rng(3)
    ill = rng.random(2000) < 0.3
    scores = np.clip(np.where(ill, rng.normal(35, 12, 2000), rng.normal(65, 12, 2000)), 0, 100).round()
    out = calibrate(scores, ill, higher_is="better")
    assert 40 <= out["problem"]["threshold"] <= 60  # the two populations cross near 50
    assert out["auc"] > 0.9
    assert out["acute"] is not None and out["acute"]["threshold"] < out["problem"]["threshold"]
    assert out["acute"]["specificity"] >= 0.9


def test_calibration_needs_enough_reference_data():
    with pytest.raises(ValueError, match="at least 10"):
        calibrate([10, 20, 30, 40], [True, False, True, False])


def test_add_intervals_to_a_result(mini):
    import polars as pl

    from werkbaar.analysis.engine import score
    from werkbaar.analysis.stats import add_intervals

    df = pl.DataFrame({"c1": [1, 2, 3, 4, 5, 3, 3, 1, 2, 5], "team": ["A"] * 6 + ["B"] * 4})
    result = score(mini, df, by=["team"], min_group=3)
    out = add_intervals(result)
    r1 = out["overall"]["scales"]["r1"]
    assert r1["problem_rate"] == 0.6 and r1["problem_rate_ci"] == [round(v, 4) for v in wilson(6, 10)]
    assert out["overall"]["workability_rate_ci"] is None  # no workability scale in the file
    assert "problem_rate_ci" not in result["overall"]["scales"]["r1"]  # the input is not changed


# --- the verdict's language and the direction of every figure (issue 13, mutation run of stats.py) -----------


def _overall(work, problem, acute, n=200):
    return {"overall": {"workability_rate": work, "workability_n": n,
                        "scales": {"w1": {"n": n, "problem_rate": problem, "acute_rate": acute}}}}


def test_compare_reads_each_figure_in_its_own_direction():
    # 100/200 -> 140/200 workable; problems 100/200 -> 60/200; acute 20/200 -> 40/200: all with p < 0.05
    out = {c.figure: c for c in compare(_overall(0.5, 0.5, 0.1), _overall(0.7, 0.3, 0.2))}
    assert [(f, c.outcome, c.difference) for f, c in out.items()] == [
        ("workability_rate", "improved", 0.2),  # more workable is better
        ("w1.problem_rate", "improved", -0.2),  # fewer problems is better
        ("w1.acute_rate", "worsened", 0.1),  # more acute problems is worse
    ]


def test_compare_passes_its_alpha_to_every_figure():
    # 100/200 -> 112/200 and back: p = 0.23, a clear change only with alpha 0.5
    before, after = _overall(0.5, 0.56, 0.1), _overall(0.56, 0.5, 0.1)
    assert [c.outcome for c in compare(before, after)] == ["no_clear_change"] * 3
    assert [c.outcome for c in compare(before, after, alpha=0.5)] == ["improved", "improved", "no_clear_change"]


def test_the_verdict_falls_back_from_the_regional_language_to_dutch():
    c = compare_rates("workability_rate", (0.5, 200), (0.625, 200), higher_is_better=True)
    assert c.outcome == "improved" and c.difference == 0.125
    assert c.verdict() == "Duidelijk beter dan bij de vorige meting (+12,5 procentpunten)."
    assert c.verdict("en") == "Clearly better than at the previous measurement (+12.5 percentage points)."
    assert c.verdict("nl-easy") == c.verdict("nl")  # no own text: the language without its region
    assert c.verdict("fr-BE") == "Nettement mieux que lors de la mesure précédente (+12,5 points de pourcentage)."
    assert c.verdict("de") == "Duidelijk beter dan bij de vorige meting (+12.5 procentpunten)."  # Dutch text


def test_a_comparison_as_a_dict():
    c = compare_rates("w1.problem_rate", (0.5, 200), (0.3, 200), higher_is_better=False)
    out = c.as_dict()
    assert out == {
        "figure": "w1.problem_rate", "before": 0.5, "after": 0.3, "n_before": 200, "n_after": 200,
        "difference": -0.2, "p_value": c.p_value, "test": "z", "outcome": "improved",
        "verdict": "Duidelijk beter dan bij de vorige meting (-20,0 procentpunten).",
    }
    assert 0 < c.p_value < 0.001
    assert c.as_dict("en")["verdict"] == "Clearly better than at the previous measurement (-20.0 percentage points)."


@pytest.mark.parametrize("before, after", [
    ((None, 200), (0.5, 200)), ((0.5, 200), (None, 200)), ((0.5, 0), (0.5, 200)), ((0.5, 200), (0.5, 0)),
    ((0.5, None), (0.5, 200)),
])
def test_a_missing_rate_or_an_empty_measurement_is_not_comparable(before, after):
    c = compare_rates("workability_rate", before, after, higher_is_better=True)
    assert (c.figure, c.before, c.after, c.n_before, c.n_after) == ("workability_rate", before[0], after[0],
                                                                     before[1], after[1])
    assert (c.difference, c.p_value, c.test, c.outcome) == (None, None, None, "not_comparable")
    assert c.verdict("en") == "Cannot be compared: too few answers in one of the two measurements."
