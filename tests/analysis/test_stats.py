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
    times_as_often,
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


# --- the full mutation run of stats.py (issue 13, 2026-11-30): every boundary and key pinned by hand -----


def test_wilson_at_the_edges_of_its_domain():
    # n = 1, k = 1: p = 1, so half = (z * z / 2) / (1 + z * z) and centre = (1 + z * z / 2) / (1 + z * z)
    z2 = 1.959963984540054**2
    low, high = wilson(1, 1)
    assert low == pytest.approx(1 / (1 + z2)) and high == 1.0
    assert wilson(10, 10)[0] == pytest.approx(0.72247, abs=1e-5)  # k == n is allowed
    assert wilson(16, 16)[1] == 1.0  # centre + half is 1.0000000000000002 in floating point: clamped
    with pytest.raises(ValueError, match="k must be between 0 and n, got k=11, n=10"):
        wilson(11, 10)


def test_wilson_at_another_confidence_uses_its_own_z():
    z = 1.6448536269514722  # the 95th percentile of the normal distribution: a 90% interval
    p, n = 0.5, 10
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low, high = wilson(5, 10, confidence=0.90)
    assert low == pytest.approx(0.5 - half, abs=1e-9) and high == pytest.approx(0.5 + half, abs=1e-9)
    assert low == pytest.approx(0.26927, abs=1e-5)


def test_a_rate_without_a_value_has_no_interval_whatever_its_n():
    assert rate_interval(None, 10) == (None, None)
    assert rate_interval(0.5, 0) == (None, None)
    assert rate_interval(0.5, None) == (None, None)


def test_add_intervals_covers_every_shown_group_and_skips_suppressed_ones():
    from werkbaar.analysis.stats import add_intervals

    def cell(rate, n, problem, acute, suppressed=False):
        if suppressed:
            return {"suppressed": True, "n": None}
        return {"suppressed": False, "n": n, "workability_rate": rate, "workability_n": n,
                "scales": {"r1": {"n": n, "problem_rate": problem, "acute_rate": acute}}}

    result = {"overall": cell(0.5, 20, 0.25, 0.1),
              "groups": {"team": [cell(None, None, None, None, suppressed=True), cell(0.6, 10, 0.3, 0.2)]}}
    out = add_intervals(result)
    overall, hidden, shown = out["overall"], *out["groups"]["team"]
    assert overall["workability_rate_ci"] == [round(v, 4) for v in wilson(10, 20)]
    assert overall["scales"]["r1"]["acute_rate_ci"] == [round(v, 4) for v in wilson(2, 20)]
    assert overall["scales"]["r1"]["problem_rate_ci"] == [round(v, 4) for v in wilson(5, 20)]
    assert hidden == {"suppressed": True, "n": None}  # nothing added to a suppressed cell
    assert shown["workability_rate_ci"] == [round(v, 4) for v in wilson(6, 10)]  # after a suppressed one
    assert shown["scales"]["r1"]["acute_rate_ci"] == [round(v, 4) for v in wilson(2, 10)]


@pytest.mark.parametrize(("n1", "n2"), [(0, 5), (5, 0), (0, 0)])
def test_the_two_proportion_test_needs_an_observation_in_each_sample(n1, n2):
    with pytest.raises(ValueError, match="^both samples need at least one observation$"):
        two_proportion_test(0, n1, 0, n2)


def test_the_two_proportion_test_accepts_a_single_observation():
    assert two_proportion_test(1, 1, 0, 1)[1] == "fisher"


@pytest.mark.parametrize(("k1", "n1", "k2", "n2"), [
    (1, 10, 9, 100),      # pooled 0.0909: only n1 * pooled (0.91) is below 5
    (9, 100, 1, 10),      # only n2 * pooled (0.91) is below 5
    (9, 10, 900, 1000),   # pooled 0.9: only n1 * (1 - pooled) (1.0) is below 5
    (900, 1000, 9, 10),   # only n2 * (1 - pooled) (1.0) is below 5
])
def test_one_expected_cell_below_five_is_enough_for_fisher(k1, n1, k2, n2):
    assert two_proportion_test(k1, n1, k2, n2)[1] == "fisher"


def test_every_expected_cell_at_exactly_five_keeps_the_z_test():
    assert two_proportion_test(5, 10, 5, 10)[1] == "z"  # pooled 0.5: all four expected cells are 5.0
    assert two_proportion_test(11, 20, 11, 20)[1] == "z"  # the smallest expected cell is 9.0


def test_compare_rates_rounds_the_difference_to_four_decimals():
    # 1 of 3 after, 1 of 7 before: 1/3 - 1/7 = 0.190476...
    out = compare_rates("x", (0.1429, 7), (0.3333, 3), higher_is_better=True)
    assert out.difference == 0.1905


def test_compare_rates_needs_p_strictly_below_alpha():
    p, _ = two_proportion_test(40, 100, 55, 100)
    at = compare_rates("workability_rate", (0.40, 100), (0.55, 100), higher_is_better=True, alpha=p)
    assert at.outcome == "no_clear_change"
    assert compare_rates("workability_rate", (0.40, 100), (0.55, 100), True, alpha=p * 1.01).outcome == "improved"


def test_a_full_swing_of_one_hundred_points_is_a_clear_change():
    out = compare_rates("workability_rate", (0.0, 20), (1.0, 20), higher_is_better=True)
    assert out.difference == 1.0 and out.outcome == "improved"


def test_times_as_often_from_the_odds_ratio_and_the_base_rate():
    assert times_as_often(8, 0.2) == pytest.approx(8 / 2.4)  # 3.33: the docstring's example
    assert times_as_often(6, 0.2) == pytest.approx(6 / (0.8 + 1.2))  # 3.0
    assert times_as_often(1, 0.7) == pytest.approx(1.0)


def _profile_frame(y, x):
    n = len(y)
    return pl.DataFrame({"w1": [1.0] * n, "w1__problem": y, "r1": [1.0] * n, "r1__problem": x})


def test_a_shown_risk_profile_carries_its_n_and_its_base_rate(mini):
    # y=0: x=0 20, x=1 10; y=1: x=0 7, x=1 15 -> base rate 7 / (20 + 7) = 0.259259..., OR = 300 / 70
    y = [False] * 30 + [True] * 22
    x = [False] * 20 + [True] * 10 + [False] * 7 + [True] * 15
    (row,) = risk_profiles(_profile_frame(y, x), mini)
    assert row["n"] == 52 and row["shown"] is True
    assert row["base_rate"] == 0.2593
    assert row["odds_ratio"] == pytest.approx(300 / 70)


@pytest.mark.parametrize("empty", [(False, False), (False, True), (True, False), (True, True)])
def test_a_risk_profile_with_an_empty_cell_is_never_shown(mini, empty):
    cells = {(False, False): 6, (False, True): 6, (True, False): 6, (True, True): 6, empty: 0}
    y = [yy for (yy, _xx), count in cells.items() for _ in range(count)]
    x = [xx for (_yy, xx), count in cells.items() for _ in range(count)]
    for min_cell in (1, 5):
        (row,) = risk_profiles(_profile_frame(y, x), mini, min_cell=min_cell)
        assert row["shown"] is False and row["n"] == 18
        assert row["reason"] == f"a cell holds fewer than {min_cell} respondents"
        assert "odds_ratio" not in row and "base_rate" not in row


def test_roc_leaves_missing_scores_out():
    curve = roc([None, float("nan"), 10, 20, 30, 40], [True, False, False, False, True, True])
    assert (curve["positives"], curve["negatives"]) == (2, 2)
    assert curve["auc"] == 1.0


def test_roc_reads_a_criterion_of_ones_and_zeros_as_yes_and_no():
    curve = roc([10, 20, 30, 40], [0, 0, 1, 1])
    assert (curve["positives"], curve["negatives"]) == (2, 2)
    assert curve["sensitivity"] == [0.5, 1.0, 1.0, 1.0] and curve["specificity"] == [1.0, 1.0, 0.5, 0.0]


@pytest.mark.parametrize("criterion", [[False, False, False], [True, True, True]])
def test_roc_needs_both_kinds_of_respondent(criterion):
    with pytest.raises(ValueError, match="^the reference data need respondents with and without the criterion$"):
        roc([1, 2, 3], criterion)


def test_roc_works_with_a_single_respondent_of_a_kind():
    assert roc([1, 2, 3], [True, False, False])["positives"] == 1
    assert roc([1, 2, 3], [True, True, False])["negatives"] == 1


def _calibration_data():
    """10 with the criterion (scores 30-39) and 10 without (7 at 0, one each at 35.5, 37.5 and 50).

    Thresholds (flag when score >= t): 50 -> sens 0.0, spec 0.9; 39 -> 0.1, 0.9; 38 -> 0.2, 0.9;
    37.5 -> 0.2, 0.8; ...; 30 -> sens 1.0, spec 0.7, J = 0.7 (the best); 0 -> 1.0, 0.0.
    """
    scores = list(range(30, 40)) + [0] * 7 + [35.5, 37.5, 50]
    return scores, [True] * 10 + [False] * 10


def test_calibration_reports_every_figure_under_its_name():
    scores, criterion = _calibration_data()
    out = calibrate(scores, criterion)  # exactly min_per_class (10) of each kind is enough
    assert out["higher_is"] == "worse" and (out["positives"], out["negatives"]) == (10, 10)
    assert out["problem"] == {"threshold": 30.0, "sensitivity": 1.0, "specificity": pytest.approx(0.7),
                              "youden": pytest.approx(0.7)}
    # the acute cut-off: the least strict threshold stricter than 30 whose specificity reaches 0.9 exactly
    assert out["acute"] == {"threshold": 38.0, "sensitivity": 0.2, "specificity": 0.9}
    assert out["roc"]["thresholds"][:3] == [50.0, 39.0, 38.0]
    assert out["auc"] == pytest.approx(out["roc"]["auc"])


def test_calibration_without_a_strict_enough_threshold_has_no_acute_cut_off():
    scores, criterion = _calibration_data()
    assert calibrate(scores, criterion, acute_specificity=0.95)["acute"] is None


def test_calibration_needs_enough_of_each_kind():
    scores, criterion = _calibration_data()
    with pytest.raises(ValueError, match=r"got 9 and 10\)"):
        calibrate(scores[1:], criterion[1:])
    with pytest.raises(ValueError, match=r"got 10 and 9\)"):
        calibrate(scores[:-1], criterion[:-1])


def test_add_intervals_to_a_result_without_groups():
    from werkbaar.analysis.stats import add_intervals

    overall = {"suppressed": False, "n": 10, "workability_rate": 0.5, "workability_n": 10, "scales": {}}
    out = add_intervals({"overall": overall})  # a result scored without a breakdown has no "groups"
    assert out["overall"]["workability_rate_ci"] == [round(v, 4) for v in wilson(5, 10)]
    assert "groups" not in out
