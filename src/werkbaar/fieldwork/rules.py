"""Counting field work for covenant indicators and reports: pure functions over plain facts, no ORM.

A ``Fact`` is one contact as the counts need it (organisation id, date, kind, joint committee code,
whether the organisation is a company). ``fieldwork.services.facts`` reads them from the database;
``fieldwork.indicator_sources`` and the overview pages call the functions below.

The rules:

* **Only the covenant's term counts.** A period asked for is first clipped to the term
  (:func:`counting_window`); a contact before the term's start or after its end never counts, even
  when the period asked for is wider.
* **A company is reached once per period.** :func:`companies_reached` counts distinct organisations
  (companies only, not sector funds); two visits to one company in a period are one company reached.
  Asked per period (:func:`companies_reached_per_period`), a company visited in two periods counts
  once in each.
* **Visits are counted one by one** (:func:`visits`), and per joint committee of the organisation
  (:func:`visits_by_joint_committee`; :data:`NO_JOINT_COMMITTEE` for an organisation without one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

VISIT = "visit"
#: The key under which contacts with organisations without a joint committee are counted.
NO_JOINT_COMMITTEE = ""


@dataclass(frozen=True)
class Fact:
    organisation: int
    on: date
    kind: str = VISIT
    joint_committee: str = NO_JOINT_COMMITTEE
    company: bool = True


def counting_window(start: date, end: date, term_start: date, term_end: date) -> tuple[date, date] | None:
    """The part of [start, end] that lies within the term [term_start, term_end]; None when nothing does."""
    lo, hi = max(start, term_start), min(end, term_end)
    return (lo, hi) if lo <= hi else None


def counted(facts: Iterable[Fact], start: date, end: date, term_start: date, term_end: date) -> list[Fact]:
    """The contacts that count for [start, end] within the term."""
    window = counting_window(start, end, term_start, term_end)
    if window is None:
        return []
    lo, hi = window
    return [f for f in facts if lo <= f.on <= hi]


def companies_reached(facts: Iterable[Fact], start: date, end: date, term_start: date, term_end: date) -> int:
    """Distinct companies with at least one contact of any kind in the period (within the term)."""
    return len({f.organisation for f in counted(facts, start, end, term_start, term_end) if f.company})


def companies_visited(facts: Iterable[Fact], start: date, end: date, term_start: date, term_end: date) -> int:
    """Distinct companies with at least one visit in the period (within the term)."""
    return len({f.organisation for f in counted(facts, start, end, term_start, term_end)
                if f.company and f.kind == VISIT})


def visits(facts: Iterable[Fact], start: date, end: date, term_start: date, term_end: date) -> int:
    """Visits in the period (within the term), each one counted."""
    return sum(1 for f in counted(facts, start, end, term_start, term_end) if f.kind == VISIT)


def visits_by_joint_committee(facts: Iterable[Fact], start: date, end: date, term_start: date,
                              term_end: date) -> dict[str, int]:
    """{joint committee code: visits} in the period (within the term), codes in order."""
    tally = Counter(f.joint_committee for f in counted(facts, start, end, term_start, term_end) if f.kind == VISIT)
    return dict(sorted(tally.items()))


def companies_reached_per_period(facts: Iterable[Fact], periods: Iterable[tuple[str, date, date]],
                                 term_start: date, term_end: date) -> dict[str, int]:
    """{period label: distinct companies reached} for each (label, start, end): once per period each."""
    facts = list(facts)
    return {label: companies_reached(facts, start, end, term_start, term_end) for label, start, end in periods}


@dataclass(frozen=True)
class Tally:
    """Counts of one group of contacts (a joint committee, a sector): for overviews and exports."""

    contacts: int
    visits: int
    companies: int


def tally(facts: Iterable[Fact]) -> Tally:
    facts = list(facts)
    return Tally(
        contacts=len(facts),
        visits=sum(1 for f in facts if f.kind == VISIT),
        companies=len({f.organisation for f in facts if f.company}),
    )


def tally_by_joint_committee(facts: Iterable[Fact]) -> dict[str, Tally]:
    """{joint committee code: Tally}: each company counted once within its joint committee."""
    groups: dict[str, list[Fact]] = {}
    for f in facts:
        groups.setdefault(f.joint_committee, []).append(f)
    return {code: tally(group) for code, group in sorted(groups.items())}


def follow_up_due(follow_up_on: date | None, done: bool, today: date) -> bool:
    """A follow-up is due on its date and stays due until it is marked done."""
    return follow_up_on is not None and not done and follow_up_on <= today
