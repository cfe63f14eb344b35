"""Statistics on top of the scoring engine: confidence intervals, before/after comparison, risk
profiles and calibration of cut-offs.

Owns: the Wilson interval, the two-proportion comparison with its plain-language verdict (texts in
nl, en and fr live here, not in Django's gettext, because this package has no Django), the odds
ratios of the risk profile (logistic regression with statsmodels) and the ROC/Youden calibration.
The rules are described for analysts in docs/analysis-method.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from scipy import stats as sps

from .instrument import Instrument

Z95 = float(sps.norm.ppf(0.975))  # 1.959963984540054
DEFAULT_ALPHA = 0.05
DEFAULT_MIN_CELL = 5


# ------------------------------------------------------------------------------------------------
# Confidence intervals
# ------------------------------------------------------------------------------------------------


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float] | tuple[None, None]:
    """Wilson score interval for k successes out of n; (None, None) when n is 0."""
    if n <= 0:
        return None, None
    if not 0 <= k <= n:
        raise ValueError(f"k must be between 0 and n, got k={k}, n={n}")
    z = Z95 if confidence == 0.95 else float(sps.norm.ppf(0.5 + confidence / 2))
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def rate_interval(rate: float | None, n: int | None) -> tuple[float | None, float | None]:
    """Wilson interval for a published (rounded) rate over n; k is recovered as round(rate * n)."""
    if rate is None or not n:
        return None, None
    return wilson(round(rate * n), n)


def add_intervals(result: dict[str, Any]) -> dict[str, Any]:
    """A copy of a :func:`werkbaar.analysis.engine.score` result with Wilson 95% intervals.

    Every shown cell gets ``workability_rate_ci``, and every scale ``problem_rate_ci`` and
    ``acute_rate_ci``: ``[low, high]`` rounded to 4 decimals, or ``None`` without data.
    """
    import copy

    out = copy.deepcopy(result)

    def ci(rate: float | None, n: int | None) -> list[float] | None:
        low, high = rate_interval(rate, n)
        return None if low is None else [round(low, 4), round(high, 4)]

    cells = [out["overall"], *[c for cells in out.get("groups", {}).values() for c in cells]]
    for cell in cells:
        if cell.get("suppressed"):
            continue
        cell["workability_rate_ci"] = ci(cell.get("workability_rate"), cell.get("workability_n"))
        for figures in (cell.get("scales") or {}).values():
            figures["problem_rate_ci"] = ci(figures["problem_rate"], figures["n"])
            figures["acute_rate_ci"] = ci(figures["acute_rate"], figures["n"])
    return out


# ------------------------------------------------------------------------------------------------
# Comparison of two measurements
# ------------------------------------------------------------------------------------------------

VERDICTS: dict[str, dict[str, str]] = {
    "improved": {
        "nl": "Duidelijk beter dan bij de vorige meting ({points} procentpunten).",
        "en": "Clearly better than at the previous measurement ({points} percentage points).",
        "fr": "Nettement mieux que lors de la mesure précédente ({points} points de pourcentage).",
    },
    "worsened": {
        "nl": "Duidelijk slechter dan bij de vorige meting ({points} procentpunten).",
        "en": "Clearly worse than at the previous measurement ({points} percentage points).",
        "fr": "Nettement moins bien que lors de la mesure précédente ({points} points de pourcentage).",
    },
    "no_clear_change": {
        "nl": "Geen duidelijk verschil met de vorige meting ({points} procentpunten): dat verschil kan toeval zijn.",
        "en": "No clear difference from the previous measurement ({points} percentage points): it may be chance.",
        "fr": "Pas de différence nette avec la mesure précédente ({points} points de pourcentage) : l'écart peut être dû au hasard.",
    },
    "not_comparable": {
        "nl": "Niet te vergelijken: te weinig antwoorden in een van beide metingen.",
        "en": "Cannot be compared: too few answers in one of the two measurements.",
        "fr": "Comparaison impossible : trop peu de réponses dans l'une des deux mesures.",
    },
}


@dataclass(frozen=True)
class Comparison:
    """One rate compared between two measurements (rates are fractions, difference = after - before)."""

    figure: str  # "workability_rate" or "<scale>.problem_rate" / "<scale>.acute_rate"
    before: float | None
    after: float | None
    n_before: int | None
    n_after: int | None
    difference: float | None
    p_value: float | None
    test: str | None  # "z" (two-proportion z-test) or "fisher" (exact test, small expected counts)
    outcome: str  # improved | worsened | no_clear_change | not_comparable

    def verdict(self, language: str = "nl") -> str:
        texts = VERDICTS[self.outcome]
        text = texts.get(language) or texts.get(language.split("-")[0]) or texts["nl"]
        points = "" if self.difference is None else f"{100 * self.difference:+.1f}"
        if language.startswith(("nl", "fr")):
            points = points.replace(".", ",")
        return text.format(points=points)

    def as_dict(self, language: str = "nl") -> dict[str, Any]:
        return {
            "figure": self.figure,
            "before": self.before,
            "after": self.after,
            "n_before": self.n_before,
            "n_after": self.n_after,
            "difference": self.difference,
            "p_value": self.p_value,
            "test": self.test,
            "outcome": self.outcome,
            "verdict": self.verdict(language),
        }


def two_proportion_test(k1: int, n1: int, k2: int, n2: int) -> tuple[float, str]:
    """Two-sided p-value for H0: p1 == p2 and the test used.

    The pooled two-proportion z-test when every expected cell count is at least 5, otherwise
    Fisher's exact test.
    """
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both samples need at least one observation")
    pooled = (k1 + k2) / (n1 + n2)
    expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)]
    if min(expected) < 5:
        _, p = sps.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])
        return float(p), "fisher"
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (k2 / n2 - k1 / n1) / se
    return float(2 * sps.norm.sf(abs(z))), "z"


def compare_rates(
    figure: str,
    before: tuple[float | None, int | None],
    after: tuple[float | None, int | None],
    higher_is_better: bool,
    alpha: float = DEFAULT_ALPHA,
) -> Comparison:
    """Compare one published rate (rate, n) of two measurements."""
    (r1, n1), (r2, n2) = before, after
    if r1 is None or r2 is None or not n1 or not n2:
        return Comparison(figure, r1, r2, n1, n2, None, None, None, "not_comparable")
    k1, k2 = round(r1 * n1), round(r2 * n2)
    p, test = two_proportion_test(k1, n1, k2, n2)
    diff = round(k2 / n2 - k1 / n1, 4)
    if p < alpha and diff != 0:
        better = (diff > 0) == higher_is_better
        outcome = "improved" if better else "worsened"
    else:
        outcome = "no_clear_change"
    return Comparison(figure, r1, r2, n1, n2, diff, p, test, outcome)


def compare(before: dict[str, Any], after: dict[str, Any], alpha: float = DEFAULT_ALPHA) -> list[Comparison]:
    """Compare the overall figures of two results of :func:`werkbaar.analysis.engine.score`.

    Works on the published (rounded, suppressed) results: counts are recovered as round(rate * n),
    exact for n below 5,000 and within one respondent above. Scales missing from either result are
    left out; a suppressed result gives ``not_comparable`` everywhere.
    """
    b, a = before["overall"], after["overall"]
    out = [
        compare_rates(
            "workability_rate",
            (b.get("workability_rate"), b.get("workability_n")),
            (a.get("workability_rate"), a.get("workability_n")),
            higher_is_better=True,
            alpha=alpha,
        )
    ]
    scales_b, scales_a = b.get("scales") or {}, a.get("scales") or {}
    for scale_id in [s for s in scales_a if s in scales_b] if scales_a and scales_b else []:
        fb, fa = scales_b[scale_id], scales_a[scale_id]
        for rate in ("problem_rate", "acute_rate"):
            out.append(
                compare_rates(
                    f"{scale_id}.{rate}",
                    (fb[rate], fb["n"]),
                    (fa[rate], fa["n"]),
                    higher_is_better=False,
                    alpha=alpha,
                )
            )
    return out


# ------------------------------------------------------------------------------------------------
# Risk profiles
# ------------------------------------------------------------------------------------------------


def odds_ratio_logit(table: Sequence[Sequence[int]]) -> dict[str, float]:
    """Logistic regression of y on one binary x from a 2x2 table [[y0x0, y0x1], [y1x0, y1x1]].

    Fitted with statsmodels (binomial GLM with frequency weights on the four cells, identical to a
    logistic regression on the individual respondents). Returns the odds ratio, its 95% CI and p.
    """
    import statsmodels.api as sm

    (a, b), (c, d) = table
    y = np.array([0, 0, 1, 1], dtype=float)
    x = np.array([0, 1, 0, 1], dtype=float)
    weights = np.array([a, b, c, d], dtype=float)
    model = sm.GLM(y, sm.add_constant(x), family=sm.families.Binomial(), freq_weights=weights)
    fit = model.fit()
    beta = float(fit.params[1])
    low, high = (float(v) for v in fit.conf_int(alpha=0.05)[1])
    return {
        "odds_ratio": math.exp(beta),
        "ci_low": math.exp(low),
        "ci_high": math.exp(high),
        "p_value": float(fit.pvalues[1]),
    }


def times_as_often(odds_ratio: float, base_rate: float) -> float:
    """How many times as often the outcome occurs with the risk as without it (the relative risk),
    from a 2x2 table's odds ratio and the outcome's rate without the risk (``base_rate``, 0-1):
    RR = OR / (1 - p0 + p0 * OR), exact for the table the odds ratio was computed from.

    An odds ratio of 8 with a base rate of 0.2 gives 8 / 2.4 = 3.33: "3.3 times as often"."""
    return odds_ratio / (1 - base_rate + base_rate * odds_ratio)


def risk_profiles(
    scored: pl.DataFrame, instrument: Instrument, min_cell: int = DEFAULT_MIN_CELL
) -> list[dict[str, Any]]:
    """For each workability indicator and each risk indicator: the odds ratio of a workability
    problem for respondents with a problem on the risk indicator, against those without.

    ``scored`` is the output of :func:`werkbaar.analysis.engine.scale_scores`. A pair is shown only
    when each of the four cells (problem yes/no on both scales) holds at least ``min_cell``
    respondents; otherwise ``shown`` is False with a reason, and no figure is given. A shown pair
    also carries ``base_rate``: the share with the workability problem among those without the risk
    problem (for :func:`times_as_often`).
    """
    out = []
    kinds = instrument.scale_ids_by_kind
    for w in [s for s in kinds["workability"] if s in scored.columns]:
        for r in [s for s in kinds["risk"] if s in scored.columns]:
            both = scored.select(pl.col(f"{w}__problem").alias("y"), pl.col(f"{r}__problem").alias("x")).drop_nulls()
            cells = both.group_by("y", "x").len()
            counts = {(row["y"], row["x"]): row["len"] for row in cells.iter_rows(named=True)}
            table = [
                [counts.get((False, False), 0), counts.get((False, True), 0)],
                [counts.get((True, False), 0), counts.get((True, True), 0)],
            ]
            entry: dict[str, Any] = {"workability": w, "risk": r, "n": both.height}
            smallest = min(min(row) for row in table)
            if smallest < min_cell:
                entry.update(shown=False, reason=f"a cell holds fewer than {min_cell} respondents")
            else:
                (_a, _b), (c, _d) = table
                base = table[0][0] + c  # without a problem on the risk indicator
                entry.update(shown=True, base_rate=round(c / base, 4), **odds_ratio_logit(table))
            out.append(entry)
    return out


# ------------------------------------------------------------------------------------------------
# Calibration of cut-offs
# ------------------------------------------------------------------------------------------------


def roc(scores: Sequence[float], criterion: Sequence[bool], higher_is: str = "worse") -> dict[str, Any]:
    """ROC curve of a score against an external yes/no criterion (True = the condition is present).

    For ``higher_is: worse`` a respondent is flagged when score >= threshold, for ``better`` when
    score <= threshold. Returns thresholds with sensitivity and specificity, and the AUC.
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(criterion, dtype=bool)
    keep = ~np.isnan(s)
    s, y = s[keep], y[keep]
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        raise ValueError("the reference data need respondents with and without the criterion")
    oriented = s if higher_is == "worse" else -s
    thresholds = np.unique(oriented)[::-1]  # strictest first
    # flagged at threshold t: oriented >= t
    order = np.argsort(-oriented, kind="stable")
    sorted_scores, sorted_y = oriented[order], y[order]
    tp_cum = np.cumsum(sorted_y)
    fp_cum = np.cumsum(~sorted_y)
    last = np.searchsorted(-sorted_scores, -thresholds, side="right") - 1
    tp, fp = tp_cum[last], fp_cum[last]
    sens = tp / pos
    spec = 1 - fp / neg
    auc = float(sps.mannwhitneyu(oriented[y], oriented[~y]).statistic / (pos * neg))
    shown = thresholds if higher_is == "worse" else -thresholds
    return {
        "thresholds": shown.tolist(),
        "sensitivity": sens.tolist(),
        "specificity": spec.tolist(),
        "auc": auc,
        "positives": pos,
        "negatives": neg,
    }


def calibrate(
    scores: Sequence[float],
    criterion: Sequence[bool],
    higher_is: str = "worse",
    acute_specificity: float = 0.90,
    min_per_class: int = 10,
) -> dict[str, Any]:
    """Propose cut-offs for one scale from reference data with an external yes/no criterion.

    - ``problem``: the threshold with the largest Youden index J = sensitivity + specificity - 1
      (ties: the stricter threshold, i.e. the higher specificity);
    - ``acute``: the least strict threshold, beyond ``problem``, whose specificity is at least
      ``acute_specificity`` (None when there is none).
    Needs at least ``min_per_class`` respondents with and without the criterion.
    """
    curve = roc(scores, criterion, higher_is)
    if curve["positives"] < min_per_class or curve["negatives"] < min_per_class:
        raise ValueError(
            f"calibration needs at least {min_per_class} respondents with and without the criterion "
            f"(got {curve['positives']} and {curve['negatives']})"
        )
    th = np.asarray(curve["thresholds"])
    sens = np.asarray(curve["sensitivity"])
    spec = np.asarray(curve["specificity"])
    youden = sens + spec - 1
    best = int(np.flatnonzero(youden == youden.max())[0])  # thresholds run strictest first
    acute = None
    stricter = [i for i in range(best) if spec[i] >= acute_specificity]
    if stricter:
        i = max(stricter)  # the least strict of those, still stricter than the problem cut-off
        acute = {"threshold": float(th[i]), "sensitivity": float(sens[i]), "specificity": float(spec[i])}
    return {
        "higher_is": higher_is,
        "auc": curve["auc"],
        "positives": curve["positives"],
        "negatives": curve["negatives"],
        "problem": {
            "threshold": float(th[best]),
            "sensitivity": float(sens[best]),
            "specificity": float(spec[best]),
            "youden": float(youden[best]),
        },
        "acute": acute,
        "roc": curve,
    }
