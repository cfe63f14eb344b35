"""When a terminated covenant ends: the pure rules of seed 002 l.5716-5742 ("Beëindiging"). No database.

- A covenant ends when its term expires, by mutual agreement, or by notice. Any party may give notice
  at any time, by registered letter, with a notice period of 6 months. The period starts on the
  **first working day after the notification** (the date of the registered letter).
- Working days are Monday to Friday except the ten Belgian public holidays (1 January, Easter Monday,
  1 May, Ascension Day, Whit Monday, 21 July, 15 August, 1 November, 11 November, 25 December).
- A period of *n* months that starts on day S ends on the day before the same date *n* months later
  (S = 4 January: 3 July). When that date does not exist (31 August + 6 months) the period runs to
  the last day of the month before (28 or 29 February), like a term of whole years in ``settlement``.
- The notice never extends the covenant: when the term expires first, the covenant ends at the end
  of its term.
- The Flemish Government may end the covenant without notice period and without compensation when
  the general interest requires it in exceptional circumstances, or when the department's
  evaluation found that the social partners fall seriously short of the intended objectives. It then
  ends on the date of the decision.

Public: ``belgian_holidays(year)``, ``is_working_day(d)``, ``first_working_day_after(d)``,
``add_months(d, n)``, ``notice_end(notice_date, months=6)`` -> ``NoticePeriod``, ``termination_end``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: The notice period of seed 002 l.5721-5723, in months.
NOTICE_MONTHS = 6
ONE_DAY = timedelta(days=1)


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar; the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def belgian_holidays(year: int) -> frozenset[date]:
    """The ten Belgian public holidays of a year."""
    e = easter(year)
    return frozenset({
        date(year, 1, 1), e + ONE_DAY, date(year, 5, 1), e + timedelta(days=39), e + timedelta(days=50),
        date(year, 7, 21), date(year, 8, 15), date(year, 11, 1), date(year, 11, 11), date(year, 12, 25),
    })


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in belgian_holidays(d.year)


def first_working_day_after(d: date) -> date:
    day = d + ONE_DAY
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_months(d: date, months: int) -> date:
    """The same date ``months`` later; a date that does not exist becomes the 1st of the next month.

    (Only the 29th-31st of a month can be missing, never in December, so the next month is in the same year.)
    """
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    try:
        return d.replace(year=year, month=month)
    except ValueError:
        return date(year, month + 1, 1)


@dataclass(frozen=True)
class NoticePeriod:
    notice_date: date  # the registered letter
    starts: date  # first working day after the notice
    ends: date  # last day of the notice period
    covenant_ends: date  # the earlier of the period's end and the term's end
    cut_short_by_term: bool  # the term expires before the notice period does


def notice_end(notice_date: date, term_end: date, months: int = NOTICE_MONTHS) -> NoticePeriod:
    """The notice period that starts the first working day after ``notice_date`` (see the module docstring)."""
    starts = first_working_day_after(notice_date)
    ends = add_months(starts, months) - ONE_DAY
    return NoticePeriod(notice_date, starts, ends, min(ends, term_end), term_end < ends)


def termination_end(decision_date: date, term_end: date) -> date:
    """Termination without notice period (general interest, serious shortfall): the decision's date."""
    return min(decision_date, term_end)
