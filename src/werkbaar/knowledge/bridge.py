"""The one place where the knowledge app calls the analysis engine's statistics (intervals, comparison).

Keeps the web layer independent of the engine's internal layout: :func:`add_intervals` puts Wilson 95%
intervals (computed by ``werkbaar.analysis``) on every unsuppressed cell of an engine result, and
:func:`compare` returns the engine's before/after comparison. No statistic is computed here.
"""

from __future__ import annotations

try:  # the statistics module of the analysis package
    from werkbaar.analysis import stats as _stats  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - only while the analysis package is being written
    _stats = None


def wilson(k: int, n: int) -> list[float] | None:
    """Wilson 95% interval of k out of n, rounded to 4 decimals, or None (n = 0 or no engine function)."""
    if not n or _stats is None:
        return None
    low, high = _stats.wilson_interval(int(k), int(n))
    return [round(float(low), 4), round(float(high), 4)]


def _count(rate: float | None, n: int) -> int:
    """The count behind a published rate (rates have 4 decimals: exact for n < 10,000, off by < 0.5 per
    10,000 above, which moves an interval by less than its own rounding)."""
    return int(round((rate or 0) * n))


def _cell_intervals(cell: dict) -> None:
    wn = int(cell.get("workability_n") or 0)
    cell["workability_ci"] = wilson(_count(cell.get("workability_rate"), wn), wn)
    for fig in (cell.get("scales") or {}).values():
        n = int(fig.get("n") or 0)
        fig["problem_ci"] = wilson(_count(fig.get("problem_rate"), n), n)
        fig["acute_ci"] = wilson(_count(fig.get("acute_rate"), n), n)


def add_intervals(result: dict) -> None:
    """Add ``workability_ci`` and per scale ``problem_ci``/``acute_ci`` to every unsuppressed cell (in place)."""
    overall = result.get("overall") or {}
    if not overall.get("suppressed"):
        _cell_intervals(overall)
    for cells in (result.get("groups") or {}).values():
        for cell in cells:
            if not cell.get("suppressed"):
                _cell_intervals(cell)


def compare(before: dict, after: dict) -> dict | None:
    """The engine's comparison of two campaign results (``campaign_result`` dicts), or None."""
    if _stats is None or not hasattr(_stats, "compare_results"):
        return None
    return _stats.compare_results(before["result"], after["result"])
