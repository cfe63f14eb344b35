"""The fixed periods of the sector view: calendar years and covenant terms, never overlapping.

A sector aggregate is published per period only, never for a free date window: two windows that
differ by one organisation would give that organisation's figures away by subtraction (issue 10).
The periods of a sector are

* the term of each of its covenants (``covenant:<code>``), drafts left out; when two terms overlap,
  the earlier one is kept and the later one is not offered;
* every calendar year (``2026``) that overlaps none of those terms.

So no two periods overlap and none contains another. :func:`partition` is the pure rule;
:func:`sector_periods`, :func:`parse_period` and :func:`period_of` read the sector's covenants.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

COVENANT_PREFIX = "covenant:"
YEAR = re.compile(r"^\d{4}$")
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Period:
    key: str  # "2026" or "covenant:<code>"
    start: datetime.date
    end: datetime.date

    @property
    def is_covenant(self) -> bool:
        return self.key.startswith(COVENANT_PREFIX)

    @property
    def label(self) -> str:
        if self.is_covenant:
            return _("Covenant %(code)s (%(start)s to %(end)s)") % {
                "code": self.key.removeprefix(COVENANT_PREFIX), "start": self.start.isoformat(),
                "end": self.end.isoformat()}
        return self.key

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict:
        return {"period": self.key, "start": self.start.isoformat(), "end": self.end.isoformat()}


class PeriodError(ValueError):
    """A period that is not one of the sector's fixed periods (the message is translated)."""


def year_period(year: int) -> Period:
    return Period(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _overlap(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def partition(terms: list[tuple[str, datetime.date, datetime.date]], years: range) -> list[Period]:
    """The periods: covenant terms (earliest first; one overlapping a kept term is dropped), then the
    calendar years of ``years`` that overlap no kept term; sorted by start."""
    kept: list[Period] = []
    for code, start, end in sorted(terms, key=lambda t: (t[1], t[2], t[0])):
        period = Period(f"{COVENANT_PREFIX}{code}", start, end)
        if not any(_overlap(period, other) for other in kept):
            kept.append(period)
    free_years = [year_period(y) for y in years if not any(_overlap(year_period(y), t) for t in kept)]
    return sorted(kept + free_years, key=lambda p: p.start)


def _terms(sector) -> list[tuple[str, datetime.date, datetime.date]]:
    from werkbaar.covenants.models import Covenant, CovenantStatus

    return list(
        Covenant.objects.filter(sector=sector).exclude(status=CovenantStatus.DRAFTED).values_list("code", "start", "end")
    )


def sector_periods(sector, first_year: int | None = None) -> list[Period]:
    """The periods offered for a sector, from ``first_year`` (default: the current year) to this year."""
    this_year = timezone.localdate().year
    return partition(_terms(sector), range(min(first_year or this_year, this_year), this_year + 1))


def parse_period(sector, text: str | None) -> Period:
    """The period named by ``text`` (``2026`` or ``covenant:<code>``); :class:`PeriodError` otherwise."""
    text = (text or "").strip()
    terms = _terms(sector)
    if text.startswith(COVENANT_PREFIX):
        code = text.removeprefix(COVENANT_PREFIX)
        for period in partition(terms, range(0)):
            if period.key == text:
                return period
        if any(c == code for c, _s, _e in terms):
            raise PeriodError(_("The term of covenant %(code)s overlaps an earlier covenant's term of this sector; "
                                "choose that covenant or a calendar year.") % {"code": code})
        raise PeriodError(_("This sector has no covenant %(code)s.") % {"code": code})
    if YEAR.match(text) and FIRST_YEAR <= int(text) <= timezone.localdate().year:
        year = year_period(int(text))
        for period in partition(terms, range(int(text), int(text) + 1)):
            if period.key == year.key:
                return year
            if _overlap(period, year):
                raise PeriodError(_("The year %(year)s overlaps the term of covenant %(code)s: use the period "
                                    "%(period)s instead.") % {"year": text, "code": period.key.removeprefix(
                                        COVENANT_PREFIX), "period": period.key})
    raise PeriodError(_("Choose a period: a calendar year from %(first)s to %(last)s (e.g. %(last)s) or a covenant "
                        "term (covenant:<code>). Free start and end dates are not offered.")
                      % {"first": FIRST_YEAR, "last": timezone.localdate().year})


def period_of(sector, day: datetime.date) -> Period | None:
    """The period a day falls in: the covenant term that holds it, else its calendar year. None for a
    day in a year that overlaps a term without being in it (such a day belongs to no period)."""
    for period in partition(_terms(sector), range(day.year, day.year + 1)):
        if period.contains(day):
            return period
    return None


def current_period(sector) -> Period:
    """The period of today, else the latest period that has started (shown when none is chosen)."""
    today = timezone.localdate()
    found = period_of(sector, today)
    if found is not None:
        return found
    periods = sector_periods(sector, FIRST_YEAR)
    started = [p for p in periods if p.start <= today]
    return started[-1] if started else periods[0]
