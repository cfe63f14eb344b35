"""Pure business rules of the reporting cycle (no database): due dates from a covenant term, the
late flags, which reminder is due, indicator attainment, comparison across sectors by unit, reach
per joint committee without double counting, and the diff between two submitted versions.
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
class UnitRow:
    unit: str
    comparable: bool
    by_sector: dict  # sector -> (value, target) sums; empty values for not comparable units
    count: int
    total_value: Decimal | None
    total_target: Decimal | None


def compare_by_unit(rows: list[tuple[str, str, object, object]]) -> list[UnitRow]:
    """rows = (sector, unit, value, target). Sums like with like per unit; a not comparable unit
    ('other') is listed with its count only and never summed."""
    grouped: dict[str, list] = defaultdict(list)
    for sector, unit, value, target in rows:
        grouped[unit].append((sector, value, target))
    out = []
    for unit in sorted(grouped):
        items = grouped[unit]
        if unit in NOT_COMPARABLE_UNITS:
            out.append(UnitRow(unit, False, {}, len(items), None, None))
            continue
        by_sector: dict = {}
        for sector, value, target in items:
            v, t = by_sector.get(sector, (Decimal(0), Decimal(0)))
            by_sector[sector] = (v + Decimal(value or 0), t + Decimal(target or 0))
        out.append(UnitRow(
            unit, True, by_sector, len(items),
            sum((v for v, _t in by_sector.values()), Decimal(0)),
            sum((t for _v, t in by_sector.values()), Decimal(0)),
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
