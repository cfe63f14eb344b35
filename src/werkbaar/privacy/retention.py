"""Retention rules: for each data class, when its data is due for deletion. Pure: dates in, dates or
booleans out, no ORM (the purge service and the erasure page call them; docs/privacy.md lists them).

* :func:`responses_due` – raw scan responses (and the campaign's access codes), ``years`` after the
  campaign closed.
* :func:`drafts_due`, :func:`used_codes_due` – drafts and used codes of a closed campaign: at once.
* :func:`evidence_archive_ends` / :func:`evidence_due` – uploaded evidence files, ``years`` after the
  end of the covenant's term (the archive period).
* :func:`organisation_retention_ends` / :func:`organisation_erasable` – an organisation's data, ``years``
  after its last activity.
* :func:`werkwijzer_votes_due` / :func:`werkwijzer_votes_cutoff` – the votes of a WerkWijzer group session,
  ``days`` after the session started (its summary keeps the counts).

Audit entries have no rule: they are kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """The retention periods in whole years (from the ``RETENTION_*`` settings)."""

    responses_years: int
    evidence_years: int
    organisation_years: int


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def responses_due(closed_on: datetime.date | None, today: datetime.date, years: int) -> bool:
    """A campaign's raw responses are due on the anniversary of its closing date, ``years`` later.
    ``closed_on`` None: the campaign is not closed, nothing is due."""
    return closed_on is not None and today >= add_years(closed_on, years)


def drafts_due(closed_early: bool, closes_on: datetime.date, today: datetime.date) -> bool:
    """Drafts serve only while a campaign is open: due as soon as it was closed early or its closing
    date has passed (even when the nightly close has not run yet)."""
    return closed_early or closes_on < today


def used_codes_due(closed_early: bool) -> bool:
    """Used codes are deleted by the close itself (``scans.closing``); any left after a close are due.
    Not before the close: until then they refuse a second answer with the same code."""
    return closed_early


def evidence_archive_ends(covenant_end: datetime.date, years: int) -> datetime.date:
    """The first day the evidence of a covenant may be deleted."""
    return add_years(covenant_end, years)


def evidence_due(covenant_end: datetime.date, purged_on: datetime.date | None, today: datetime.date,
                 years: int) -> bool:
    """An evidence file is due once the archive period has ended, unless it was purged already."""
    return purged_on is None and today >= evidence_archive_ends(covenant_end, years)


def organisation_retention_ends(activity: Iterable[datetime.date | None], years: int,
                                ) -> datetime.date | None:
    """The first day an organisation's data may be erased: ``years`` after its latest activity.
    None when it has no recorded activity at all (nothing to keep)."""
    dates = [d for d in activity if d is not None]
    return add_years(max(dates), years) if dates else None


def organisation_erasable(activity: Iterable[datetime.date | None], today: datetime.date, years: int) -> bool:
    ends = organisation_retention_ends(activity, years)
    return ends is None or today >= ends


def werkwijzer_votes_due(started_on: datetime.date, today: datetime.date, days: int) -> bool:
    """The phones' votes of a WerkWijzer group session are due ``days`` after the day it started."""
    return today >= started_on + datetime.timedelta(days=days)


def werkwijzer_votes_cutoff(today: datetime.date, days: int) -> datetime.date:
    """The last start day whose sessions' votes are due today (for one query over all sessions)."""
    return today - datetime.timedelta(days=days)
