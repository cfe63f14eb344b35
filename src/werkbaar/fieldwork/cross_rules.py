"""Cross-sector views (issue 17.3): pure functions over plain data, no ORM.

* :func:`workability_row` – one sector's line in the side-by-side workability table, from the insights
  app's sector aggregate of one instrument. **A suppressed aggregate shows nothing**: no rate, no
  indicator, not even the number of scans or respondents (a sector below the minimum number of
  organisations could otherwise be traced back to its few companies). A suppressed indicator inside a
  shown aggregate stays empty.
* :func:`theme_matrix` / :func:`uncovered` – sectors × workable-work themes: the covenant actions behind
  each cell, and the themes no covenant works on.
* :func:`share` / :func:`per_fte` – reach as a share of the companies in the sector's joint committees
  (where known) and employees per consultant FTE; None when the denominator is unknown or zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

#: The five workable-work themes of the learning networks' recommendation matrix (seed 000; DOMAIN.md),
#: as values of ``actions.taxonomy.Theme``.
WORKABLE_WORK_THEMES = ("appreciation", "support", "training", "psychosocial", "physical")
#: The four workability indicators and six risk indicators of the Werkbaarheidsmonitor (scale ids).
WORKABILITY_INDICATORS = ("work_stress", "wellbeing", "learning", "work_life")
RISK_INDICATORS = ("workload", "emotional_load", "task_variation", "autonomy", "supervisor_support",
                   "physical_conditions")
TEN_INDICATORS = WORKABILITY_INDICATORS + RISK_INDICATORS


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


@dataclass(frozen=True)
class WorkabilityRow:
    sector: str
    instrument: str
    shown: bool
    rate: float | None = None  # percentage, one decimal
    indicators: dict[str, float | None] = field(default_factory=dict)  # problem rate per indicator (%)
    scans: int | None = None
    respondents: int | None = None


def workability_row(sector: str, entry: dict) -> WorkabilityRow:
    """One sector's figures from one instrument's entry of ``insights.services.sector_aggregate``."""
    result = entry.get("result") or {}
    overall = result.get("overall") or {}
    if entry.get("suppressed") or not result or overall.get("suppressed"):
        return WorkabilityRow(sector, entry.get("instrument", ""), shown=False)
    scales = overall.get("scales") or {}
    indicators = {}
    for scale_id in TEN_INDICATORS:
        cell = scales.get(scale_id)
        indicators[scale_id] = None if not cell or cell.get("suppressed") else _pct(cell.get("problem_rate"))
    return WorkabilityRow(sector, entry.get("instrument", ""), shown=True, rate=_pct(overall.get("workability_rate")),
                          indicators=indicators, scans=entry.get("campaigns"), respondents=entry.get("respondents"))


@dataclass(frozen=True)
class TaggedAction:
    sector: str
    label: str
    themes: tuple[str, ...]
    indicators: tuple[str, ...] = ()


def theme_matrix(sectors: Sequence[str], actions: Iterable[TaggedAction],
                 themes: Sequence[str] = WORKABLE_WORK_THEMES, by: str = "themes") -> dict[str, dict[str, list[str]]]:
    """{sector: {theme: [action labels]}} for every sector and theme (empty lists included). ``by`` is
    ``"themes"`` or ``"indicators"`` (the same matrix over the risk indicators)."""
    matrix = {s: {t: [] for t in themes} for s in sectors}
    for action in actions:
        row = matrix.get(action.sector)
        if row is None:
            continue
        for tag in getattr(action, by):
            if tag in row:
                row[tag].append(action.label)
    return matrix


def uncovered(matrix: dict[str, dict[str, list[str]]], themes: Sequence[str] = WORKABLE_WORK_THEMES) -> list[str]:
    """The themes no sector's covenant works on (in the given order)."""
    return [t for t in themes if not any(row.get(t) for row in matrix.values())]


def share(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when either is unknown or the whole is 0."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def per_fte(employees: int | None, fte: Decimal | None) -> Decimal | None:
    """Employees per consultant FTE, whole numbers; None when unknown or no FTE."""
    if employees is None or not fte:
        return None
    return (Decimal(employees) / Decimal(fte)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
