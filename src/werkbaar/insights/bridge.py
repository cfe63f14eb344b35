"""The one place where the insights app calls the analysis package's statistics (``werkbaar.analysis.stats``).

:func:`add_intervals` puts Wilson 95% intervals on every unsuppressed cell of an engine result,
:func:`compare` returns the engine's before/after comparison with its plain-language verdicts, and
:func:`risk_profiles` the odds ratios. No statistic is computed here.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from werkbaar.analysis import engine, stats


def interval(rate: float | None, n: int | None) -> list[float] | None:
    """Wilson 95% interval of a published rate over n (``stats.rate_interval``), rounded to 4 decimals."""
    low, high = stats.rate_interval(rate, n)
    if low is None:
        return None
    return [round(float(low), 4), round(float(high), 4)]


def _cell_intervals(cell: dict) -> None:
    cell["workability_ci"] = interval(cell.get("workability_rate"), cell.get("workability_n"))
    for fig in (cell.get("scales") or {}).values():
        fig["problem_ci"] = interval(fig.get("problem_rate"), fig.get("n"))
        fig["acute_ci"] = interval(fig.get("acute_rate"), fig.get("n"))


def add_intervals(result: dict) -> None:
    """Add ``workability_ci`` and per scale ``problem_ci``/``acute_ci`` to every unsuppressed cell (in place)."""
    overall = result.get("overall") or {}
    if not overall.get("suppressed"):
        _cell_intervals(overall)
    for cells in (result.get("groups") or {}).values():
        for cell in cells:
            if not cell.get("suppressed"):
                _cell_intervals(cell)


def compare(before: dict, after: dict, language: str = "nl") -> list[dict[str, Any]]:
    """The engine's comparison of two engine results: one dict per rate with ``verdict`` in ``language``."""
    return [c.as_dict(language) for c in stats.compare(before, after)]


def risk_profiles(instrument, frame: pl.DataFrame, min_cell: int) -> list[dict[str, Any]]:
    """Odds ratios of a workability problem given a risk problem (only pairs with enough respondents)."""
    scored = engine.scale_scores(instrument, frame)
    return stats.risk_profiles(scored, instrument, min_cell=min_cell)
