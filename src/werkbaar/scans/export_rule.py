"""The rule for every row-level export of responses: k-anonymity over the grouping columns.

Pure: plain tuples in, :class:`ColumnPlan` out, no Django. Used by ``services.export_rows`` (the web
CSV download and ``werkbaar export-responses``) and by the campaign page that previews the export.

The rule: every combination of the grouping values a file contains – a blank counts as a value –
occurs in at least ``k`` rows, with ``k`` the campaign's minimum group size. Blanking single small
bands (the old rule) is not enough: the blank cells point at exactly the small team, and a
combination such as team × age band × contract is often unique even when each band alone is large.

:func:`plan_columns` keeps as many of the wanted columns as it can and drops the others, greedily and
deterministically: while some combination is smaller than ``k``, it drops the column whose removal
leaves the fewest rows in too small combinations; on a tie it drops the column that comes last in the
given order (so the earlier columns – team first – are kept longest). Answers are never changed and
rows are never removed; when even no grouping column at all leaves ``k`` rows, ``ok`` is False and the
caller refuses the export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnPlan:
    k: int
    kept: tuple[str, ...]  # wanted columns that stay, in the given order
    dropped: tuple[str, ...]  # wanted columns removed by the rule, in the order they were dropped
    ok: bool  # False when there are fewer than k rows: nothing may be exported


def plan_columns(columns: Sequence[str], rows: Sequence[Sequence], k: int) -> ColumnPlan:
    """Which of ``columns`` an export may keep. ``rows`` holds one tuple of values per response, in the
    order of ``columns`` (None or "" = blank)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    kept = list(columns)
    dropped: list[str] = []
    table = [tuple(_blank(v) for v in row) for row in rows]
    if len(table) < k:
        return ColumnPlan(k, (), tuple(columns), ok=False)
    while kept and rows_at_risk(columns, table, kept, k):
        scores = []
        for position, column in enumerate(kept):
            rest = [c for c in kept if c != column]
            scores.append((rows_at_risk(columns, table, rest, k), -position, column))
        _risk, _position, worst = min(scores)
        kept.remove(worst)
        dropped.append(worst)
    return ColumnPlan(k, tuple(kept), tuple(dropped), ok=True)


def rows_at_risk(columns: Sequence[str], table: Sequence[tuple], subset: Sequence[str], k: int) -> int:
    """How many rows sit in a combination of ``subset``'s values that occurs fewer than ``k`` times."""
    if not subset:
        return len(table) if len(table) < k else 0
    index = [columns.index(c) for c in subset]
    counts = Counter(tuple(row[i] for i in index) for row in table)
    return sum(n for n in counts.values() if n < k)


def _blank(value):
    return None if value in (None, "") else value
