"""Presentation of analysis results: rows for the report tables, exports and charts, and traffic lights.

Pure functions over the dicts of :mod:`werkbaar.insights.services` (no queries): they pick labels in
the user's language, order the indicators, and mark suppressed cells and figures. They never compute a
figure for a suppressed cell: such a row carries ``suppressed=True``, the engine's ``suppressed_reason``
(``small`` or ``complementary``, worded by :func:`hidden_text`) and nothing else.

Traffic lights are presentation only (provisional bands in ``reference/sources.yaml``):
the workability rate is green at or above 55%, orange at or above 45%, red below; an indicator is green
when fewer than 25% of respondents have a problem on it, orange below 40%, red from 40%.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .reference import reference_config

KIND_ORDER = ("workability", "risk", "module")
DEFAULT_RATE_LIGHTS = {"green": 55, "orange": 45}
DEFAULT_PROBLEM_LIGHTS = {"orange": 25, "red": 40}
COMPLEMENTARY = "complementary"


def hidden_text(reason: str | None, min_group, min_organisations=None) -> str:
    """Why a cell or figure is hidden, in the user's language (the engine's ``suppressed_reason``)."""
    if reason == COMPLEMENTARY:
        return _("hidden so that a smaller group cannot be worked out")
    if min_organisations:
        return _("fewer than %(orgs)s organisations or %(n)s respondents") % {"orgs": min_organisations,
                                                                              "n": min_group}
    return _("fewer than %(n)s") % {"n": min_group}


def too_few_text(min_group) -> str:
    """Why a campaign with too few answers has no figures, exports or action plan: the number needed,
    never the number received (a count below the minimum would itself say something about people)."""
    return _("This scan has too few answers for results: at least %(n)s are needed to protect the anonymity of "
             "the people who answered. So there is no PDF, no Excel file and no action plan for this scan.") % {
        "n": min_group}


def not_answered_label() -> str:
    """The label of the people who skipped a grouping question (the engine's null group)."""
    return _("not answered")


def rate_light(rate: float | None) -> str | None:
    """Traffic light of a workability rate (fraction 0-1)."""
    if rate is None:
        return None
    bands = reference_config().get("workability_rate_lights") or DEFAULT_RATE_LIGHTS
    pct = rate * 100
    if pct >= bands["green"]:
        return "green"
    if pct >= bands["orange"]:
        return "orange"
    return "red"


def problem_light(problem_rate: float | None) -> str | None:
    """Traffic light of an indicator from the share of respondents with a problem on it."""
    if problem_rate is None:
        return None
    bands = reference_config().get("problem_rate_lights") or DEFAULT_PROBLEM_LIGHTS
    pct = problem_rate * 100
    if pct >= bands["red"]:
        return "red"
    if pct >= bands["orange"]:
        return "orange"
    return "green"


@dataclass
class IndicatorRow:
    id: str
    title: str
    kind: str
    higher_is: str
    n: int | None
    mean: float | None
    problem_rate: float | None
    acute_rate: float | None
    problem_ci: list | None = None
    acute_ci: list | None = None
    module: str | None = None
    suppressed_reason: str | None = None

    @property
    def suppressed(self) -> bool:
        return self.suppressed_reason is not None

    @property
    def light(self) -> str | None:
        return problem_light(self.problem_rate)


def indicator_rows(instrument, cell: dict, language: str) -> dict[str, list[IndicatorRow]]:
    """Per kind (workability, risk, module), the rows of the scales present in a result cell."""
    out: dict[str, list[IndicatorRow]] = {kind: [] for kind in KIND_ORDER}
    scales = cell.get("scales") or {}
    for scale in instrument.scales:
        fig = scales.get(scale.id)
        if fig is None:
            continue
        out[scale.kind].append(IndicatorRow(
            id=scale.id, title=instrument.scale_title(scale.id, language), kind=scale.kind,
            higher_is=scale.higher_is, n=fig.get("n"), mean=fig.get("mean"), problem_rate=fig.get("problem_rate"),
            acute_rate=fig.get("acute_rate"), problem_ci=fig.get("problem_ci"), acute_ci=fig.get("acute_ci"),
            module=scale.module, suppressed_reason=fig.get("suppressed_reason") if fig.get("suppressed") else None,
        ))
    return out


@dataclass
class GroupRow:
    value: str | None
    label: str
    suppressed: bool
    n: int | None = None
    workability_rate: float | None = None
    workability_ci: list | None = None
    problem_rates: dict[str, float | None] = field(default_factory=dict)
    suppressed_reason: str | None = None  # why the whole group is hidden
    workability_reason: str | None = None  # why only its workability rate is hidden
    hidden_scales: dict[str, str] = field(default_factory=dict)  # scale id -> why its figure is hidden

    @property
    def light(self) -> str | None:
        return None if self.suppressed else rate_light(self.workability_rate)


@dataclass
class Breakdown:
    key: str
    label: str
    rows: list[GroupRow]

    @property
    def shown(self) -> list[GroupRow]:
        return [r for r in self.rows if not r.suppressed]


def breakdowns(result: dict, labels: dict[str, str], value_label=None) -> list[Breakdown]:
    """One Breakdown per grouping column; a suppressed cell becomes a row with its label and reason.

    The groups keep the engine's order (the bands as asked, "not answered" last)."""
    out = []
    for key, cells in (result.get("groups") or {}).items():
        rows = []
        for cell in cells:
            value = cell.get("value")
            label = value_label(key, value) if value_label else (value if value is not None else not_answered_label())
            if cell.get("suppressed"):
                rows.append(GroupRow(value=value, label=label, suppressed=True,
                                     suppressed_reason=cell.get("suppressed_reason")))
                continue
            scales = cell.get("scales") or {}
            rows.append(GroupRow(
                value=value, label=label, suppressed=False, n=cell.get("n"),
                workability_rate=cell.get("workability_rate"), workability_ci=cell.get("workability_ci"),
                problem_rates={sid: fig.get("problem_rate") for sid, fig in scales.items() if not fig.get("suppressed")},
                workability_reason=cell.get("workability_suppressed_reason") if cell.get("workability_suppressed")
                else None,
                hidden_scales={sid: fig.get("suppressed_reason") for sid, fig in scales.items() if fig.get("suppressed")},
            ))
        out.append(Breakdown(key=key, label=labels.get(key, key), rows=rows))
    return out


def headline(result: dict) -> dict[str, Any]:
    overall = result.get("overall") or {}
    if overall.get("suppressed"):
        return {"suppressed": True, "min_group": result.get("min_group")}
    rate = overall.get("workability_rate")
    return {
        "suppressed": False, "n": overall.get("n"), "workability_n": overall.get("workability_n"),
        "rate": rate, "ci": overall.get("workability_ci"), "light": rate_light(rate),
        "min_group": result.get("min_group"),
        "rate_reason": overall.get("workability_suppressed_reason") if overall.get("workability_suppressed") else None,
    }


def sector_entry_for(aggregate: dict | None, instrument_id: str) -> dict | None:
    """The sector aggregate's entry for an instrument (None when absent)."""
    for entry in (aggregate or {}).get("instruments", []):
        if entry["instrument"] == instrument_id:
            return entry
    return None


def sector_comparison_rows(instrument, own: dict, sector_entry: dict | None, language: str) -> list[dict]:
    """Own vs sector figures: workability rate then the problem rate of every scale in both."""
    if not sector_entry or sector_entry.get("suppressed") or own.get("suppressed"):
        return []
    sector = sector_entry["result"]["overall"]
    rows = [{"id": "workability_rate", "title": _("Workability rate"), "own": own.get("workability_rate"),
             "sector": sector.get("workability_rate")}]
    for scale in instrument.scales:
        mine = (own.get("scales") or {}).get(scale.id)
        theirs = (sector.get("scales") or {}).get(scale.id)
        if mine is None or theirs is None:
            continue
        rows.append({"id": scale.id, "title": instrument.scale_title(scale.id, language),
                     "own": mine.get("problem_rate"), "sector": theirs.get("problem_rate")})
    return rows


# ------------------------------------------------------------------------------------------------
# Summary (issue 16): the rate against the reference, the three biggest risks and strengths
# ------------------------------------------------------------------------------------------------

SUMMARY_ITEMS = 3


def compare_with_reference(rate: float | None, ci: list | None, reference_pct: float) -> str | None:
    """``higher``, ``lower`` or ``similar``: where a reference (percentage) lies against the rate's
    95% interval. Inside the interval the difference says little, so it is ``similar``."""
    if rate is None or not ci:
        return None
    low, high = ci[0] * 100, ci[1] * 100
    if low > reference_pct:
        return "higher"
    if high < reference_pct:
        return "lower"
    return "similar"


def reference_points(reference: dict) -> list[dict]:
    """The latest workability-rate reference of every group (the Flemish labour market first)."""
    latest: dict[str, dict] = {}
    for row in reference.get("rows") or []:
        if row["measure"] == "workability_rate" and (row["group"] not in latest
                                                      or row["year"] > latest[row["group"]]["year"]):
            latest[row["group"]] = row
    return list(latest.values())


def top_risks(rows: list[IndicatorRow], count: int = SUMMARY_ITEMS) -> list[IndicatorRow]:
    """The indicators with the largest share of respondents with a problem, among those that are not
    green (orange or red); hidden figures and figures over nobody never count. Ties: instrument order."""
    found = [r for r in rows if not r.suppressed and r.problem_rate is not None and r.light in ("orange", "red")]
    return sorted(found, key=lambda r: -r.problem_rate)[:count]


def top_strengths(rows: list[IndicatorRow], count: int = SUMMARY_ITEMS) -> list[IndicatorRow]:
    """The green indicators with the smallest share of respondents with a problem (ties: instrument order)."""
    found = [r for r in rows if not r.suppressed and r.problem_rate is not None and r.light == "green"]
    return sorted(found, key=lambda r: r.problem_rate)[:count]


# ------------------------------------------------------------------------------------------------
# Heatmap: groups × indicators
# ------------------------------------------------------------------------------------------------

SYMBOLS = {"green": "●", "orange": "▲", "red": "■", "none": "–", "hidden": "✕"}
WORKABILITY_COLUMN = "workability_rate"


@dataclass
class HeatCell:
    """One cell of the heatmap. A hidden cell (signal ``hidden``) has no rate, only the reason."""

    group: str
    indicator: str
    signal: str  # green, orange, red, none (a figure over nobody) or hidden
    rate: float | None = None
    note: str = ""  # the figure or why it is hidden, in words (the tooltip)

    @property
    def text(self) -> str:
        """What the cell shows: its symbol and, when shown, the rounded percentage."""
        if self.rate is None:
            return SYMBOLS[self.signal]
        from .templatetags.insights_tags import pct

        return f"{SYMBOLS[self.signal]} {pct(self.rate, 0)}"


def heatmap_cells(breakdown: Breakdown, columns: list[tuple[str, str]], min_group,
                  min_organisations=None) -> list[HeatCell]:
    """The cells of one breakdown: its groups × ``columns`` ((id, title) pairs, the workability rate
    as :data:`WORKABILITY_COLUMN`). A hidden group or figure becomes a ``hidden`` cell that carries
    no figure at all, only why it is hidden."""
    from .templatetags.insights_tags import pct

    cells = []
    for row in breakdown.rows:
        for col, title in columns:
            if row.suppressed:
                reason = row.suppressed_reason
            elif col == WORKABILITY_COLUMN:
                reason = row.workability_reason
            else:
                reason = row.hidden_scales.get(col)
            if row.suppressed or reason:
                cells.append(HeatCell(row.label, title, "hidden", note=hidden_text(reason, min_group,
                                                                                   min_organisations)))
                continue
            if col == WORKABILITY_COLUMN:
                rate, light = row.workability_rate, rate_light(row.workability_rate)
                label = _("Workability rate")
            else:
                rate = row.problem_rates.get(col)
                light, label = problem_light(rate), _("Problem (incl. acute)")
            if rate is None:
                cells.append(HeatCell(row.label, title, "none", note=_("no one to compute it from")))
            else:
                cells.append(HeatCell(row.label, title, light, rate=rate, note=f"{label}: {pct(rate)}"))
    return cells


def signal_names() -> dict[str, str]:
    """The heatmap legend: symbol and words per signal."""
    return {
        "green": "● " + _("Good"), "orange": "▲ " + _("Attention"), "red": "■ " + _("Act now"),
        "none": "– " + _("no one to compute it from"), "hidden": "✕ " + _("hidden (see the table)"),
    }


# ------------------------------------------------------------------------------------------------
# Risk profile in plain words
# ------------------------------------------------------------------------------------------------


def _in_sentence(title: str) -> str:
    """An indicator's title inside a sentence: 'Werkdruk' -> 'werkdruk'."""
    return title[:1].lower() + title[1:]


def risk_sentence(row: dict) -> str:
    """'People with a problem on workload have a problem on well-being 3.3 times as often as the
    others', from the engine's odds ratio and base rate (numbers in the reader's language). A cached
    result without a base rate (frozen before issue 16) says it with the odds instead."""
    from django.utils import formats

    from werkbaar.analysis.stats import times_as_often

    values = {"risk": _in_sentence(row["risk_title"]), "workability": _in_sentence(row["workability_title"])}
    if row.get("base_rate") is not None:
        values["times"] = formats.number_format(round(times_as_often(row["odds_ratio"], row["base_rate"]), 1), 1)
        return _("People with a problem on %(risk)s have a problem on %(workability)s %(times)s times as often "
                 "as the others.") % values
    values["times"] = formats.number_format(round(row["odds_ratio"], 1), 1)
    return _("For people with a problem on %(risk)s, the odds of a problem on %(workability)s are %(times)s "
             "times as high as for the others.") % values
