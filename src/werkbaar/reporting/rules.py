"""Pure business rules of the reporting cycle (no database): due dates from a covenant term, the
late flags, which reminder is due, indicator attainment, the comparison across sectors (same unit,
period and measure), reach per joint committee without double counting, and the diff between two
submitted versions.
"""

import difflib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

#: Days before the due date at which a reminder goes out, and the kind it is recorded as.
REMINDER_OFFSETS = ((30, "d30"), (7, "d7"), (1, "d1"))
VERY_LATE_AFTER = timedelta(days=14)
NOT_COMPARABLE_UNITS = frozenset({"other"})


def due_dates(start: date, end: date) -> dict[str, date]:
    """The reports of a term and their due dates.

    - progress report: 31 January of the second *calendar* year of the term (the calendar year after
      the one in which the term starts), provided that date still falls within the term. A term of
      1 July 2021 – 30 June 2023 thus has its progress report due on 31 January 2022.
    - final report: 31 January of the calendar year after the end of the term.

    A term that lies within one calendar year (or whose second year's 31 January lies after its
    end) has only a final report.
    """
    if end < start:
        raise ValueError("the end of the term lies before its start")
    out: dict[str, date] = {}
    progress = date(start.year + 1, 1, 31)
    if progress <= end:
        out["progress"] = progress
    out["final"] = date(end.year + 1, 1, 31)
    return out


def lateness(due: date, today: date, submitted: bool) -> str:
    """'' (on time), 'late' (past the due date, not submitted) or 'very_late' (two weeks past it)."""
    if submitted or today <= due:
        return ""
    if today > due + VERY_LATE_AFTER:
        return "very_late"
    return "late"


def reminder_due(due: date, today: date) -> str | None:
    """The reminder kind whose window ``today`` is in: d30 (30..8 days before), d7 (7..2 days),
    d1 (1..0 days) or overdue (after the due date). Only the latest window counts, so a command that
    did not run for a few days sends one reminder, not a backlog."""
    days = (due - today).days
    if days < 0:
        return "overdue"
    for offset, kind in reversed(REMINDER_OFFSETS):
        if days <= offset:
            return kind
    return None


def attained(value, target, direction: str, baseline=None) -> bool | None:
    """Whether a measured value reaches the target given the direction (None without a value)."""
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if direction == "decrease":
        return value <= target
    if direction == "maintain":
        reference = Decimal(baseline) if baseline is not None else target
        return value >= reference
    return value >= target


@dataclass(frozen=True)
class ComparisonItem:
    """One indicator in a comparison group: its sector, its label, its value (None: not measured)."""

    sector: str
    label: str
    value: Decimal | None
    target: Decimal | None


@dataclass(frozen=True)
class ComparisonGroup:
    """Indicators that measure the same thing in the same unit over the same kind of period.

    ``total_value`` and ``total_target`` sum only the indicators *with* a value, so the two totals
    compare like with like; the indicators without a value are counted apart (``missing`` and
    ``missing_target``), never as 0. A not comparable unit ('other') is never summed.
    """

    unit: str
    period: str
    measure: str
    comparable: bool
    items: tuple[ComparisonItem, ...]
    total_value: Decimal | None
    total_target: Decimal | None
    missing: int
    missing_target: Decimal | None

    @property
    def count(self) -> int:
        return len(self.items)


def compare_by_unit(rows) -> list[ComparisonGroup]:
    """rows = (sector, label, unit, period, measure, value, target), one per result indicator.

    Indicators are grouped by (unit, period, measure): a per-year target is never added to a per-term
    one, and two indicators that merely share a unit (the visitors of two different websites) stay
    apart unless they are the same measure (the caller gives them the same ``measure`` key, e.g. the
    same linked data source). Within a group, a missing value stays missing: it is not counted as 0,
    and its target is not added to the total target either but reported apart.
    """
    grouped: dict[tuple[str, str, str], list[ComparisonItem]] = defaultdict(list)
    for sector, label, unit, period, measure, value, target in rows:
        grouped[(unit, period, measure)].append(ComparisonItem(
            sector, label, None if value is None else Decimal(value), None if target is None else Decimal(target)))
    out = []
    for (unit, period, measure), items in sorted(grouped.items()):
        items = sorted(items, key=lambda i: (i.sector, i.label))
        if unit in NOT_COMPARABLE_UNITS:
            out.append(ComparisonGroup(unit, period, measure, False, tuple(items), None, None, 0, None))
            continue
        measured = [i for i in items if i.value is not None]
        unmeasured = [i for i in items if i.value is None]
        out.append(ComparisonGroup(
            unit, period, measure, True, tuple(items),
            sum((i.value for i in measured), Decimal(0)) if measured else None,
            sum((i.target or Decimal(0) for i in measured), Decimal(0)) if measured else None,
            len(unmeasured),
            sum((i.target or Decimal(0) for i in unmeasured), Decimal(0)) if unmeasured else None,
        ))
    return out


def reach_total(entries: dict[str, int], parents: dict[str, str | None]) -> int:
    """Employees covered by a set of joint committees: ``entries`` maps committee code to its latest
    figure, ``parents`` maps a code to its parent code. A committee whose ancestor also has a figure
    is already counted in it and is skipped."""
    total = 0
    for code, employees in entries.items():
        parent, counted = parents.get(code), False
        while parent:
            if parent in entries:
                counted = True
                break
            parent = parents.get(parent)
        if not counted:
            total += employees
    return total


def flatten_snapshot(snapshot: dict) -> dict[tuple[str, str], str]:
    """{(section title, field label): value} of a submitted version's snapshot."""
    flat = {}
    for section in snapshot.get("sections", []):
        for f in section.get("fields", []):
            flat[(section["title"], f["label"])] = "" if f.get("value") is None else str(f["value"])
    return flat


def diff_snapshots(old: dict, new: dict) -> list[dict]:
    """Changed, added and removed fields between two snapshots, in the order of the newer one."""
    a, b = flatten_snapshot(old), flatten_snapshot(new)
    out = []
    for key in list(b) + [k for k in a if k not in b]:
        before, after = a.get(key), b.get(key)
        if before == after:
            continue
        change = "added" if before is None else "removed" if after is None else "changed"
        out.append({"section": key[0], "field": key[1], "before": before or "", "after": after or "",
                    "change": change, "words": word_diff(before or "", after or "")})
    return out


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Word-level changes: [("equal" | "delete" | "insert", text)], for showing what changed inline."""
    a, b = before.split(), after.split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            out.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(("insert", " ".join(b[j1:j2])))
        if tag == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
    return out
