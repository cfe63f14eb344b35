"""Settlement of a covenant's grant: the pure rules of issue 2 / DOMAIN.md "Grant rules".

Everything here works on plain dataclasses and ``Decimal``; rounding (half-up) happens only when a
result is written out (``Settlement.as_json`` and the ``*_display`` helpers). No database access:
``settle_covenant`` only reads attributes and related managers of an already loaded covenant, so
the same rules serve the page, the API, the reports and ``werkbaar settle FILE.yaml``.

Rules:

- ``term_days``: calendar days from start to end, both included.
- maximum: the explicit ``max_grant_eur``, or funded FTE x rate per FTE-year x whole years of the
  term (a term that is not a whole number of years needs an explicit maximum).
- ``day_rate`` = maximum / (funded FTE x term_days).
- deployed FTE on a day = sum of the FTE of the consultants employed that day who are not on an
  unreplaced absence; ``shortfall_fte_days`` = sum over the term's days of max(0, funded - deployed).
- ``deduction`` = day_rate x shortfall.
- ``result_share_eur`` = result share x maximum; ``result_share_paid_eur`` = result_share_eur x met /
  number of priorities (a priority without a result is not met and is listed as pending; with no
  priorities at all nothing of the result share is paid).
- ``payable`` = max(0, maximum - deduction - (result_share_eur - result_share_paid_eur) - effort withheld).
- effort share (2021 rule, ``covenants.effort_rules``): ``effort_share_eur`` = effort share x maximum, paid
  by the assessment of the effort commitments; 0 (and nothing withheld) for a covenant without one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .effort_rules import EffortAssessment, weigh

CENT = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
ZERO = Decimal("0")
ONE_DAY = timedelta(days=1)


class SettlementError(ValueError):
    """The terms cannot be settled (for example no maximum can be derived)."""


def money(value: Decimal) -> Decimal:
    """Round half-up to cents (only for output)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    return f"{money(value):.2f}"


def fte_days_str(value: Decimal) -> str:
    return f"{Decimal(value).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP):.4f}"


@dataclass(frozen=True)
class AbsencePeriod:
    start: date
    end: date
    kind: str = "other"
    replaced: bool = False


@dataclass(frozen=True)
class ConsultantPeriod:
    name: str
    fte: Decimal
    start: date | None = None  # None: the start of the term
    end: date | None = None  # None: the end of the term
    absences: tuple[AbsencePeriod, ...] = ()


@dataclass(frozen=True)
class IndicatorResult:
    """The evaluated result of one priority's indicator; ``met`` None means pending."""

    priority_code: str
    met: bool | None = None
    value: Decimal | None = None


@dataclass(frozen=True)
class CovenantTerms:
    start: date
    end: date
    funded_fte: Decimal
    result_share: Decimal
    max_grant_eur: Decimal | None = None
    rate_per_fte_year_eur: Decimal | None = None
    consultants: tuple[ConsultantPeriod, ...] = ()
    priority_codes: tuple[str, ...] = ()
    results: tuple[IndicatorResult, ...] = ()
    code: str = ""
    effort_share: Decimal = Decimal(0)
    efforts: tuple[EffortAssessment, ...] = ()


@dataclass(frozen=True)
class ConsultantLine:
    """One consultant's contribution to the settlement (days within the term)."""

    name: str
    fte: Decimal
    start: date | None  # employment clipped to the term; None when not employed during the term
    end: date | None
    days_employed: int
    absence_days_unreplaced: int
    absence_days_replaced: int
    fte_days_deployed: Decimal

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "fte": str(self.fte),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "days_employed": self.days_employed,
            "absence_days_unreplaced": self.absence_days_unreplaced,
            "absence_days_replaced": self.absence_days_replaced,
            "fte_days_deployed": fte_days_str(self.fte_days_deployed),
        }


@dataclass(frozen=True)
class Settlement:
    max_grant_eur: Decimal
    term_days: int
    day_rate_eur: Decimal
    shortfall_fte_days: Decimal
    deduction_eur: Decimal
    result_share_eur: Decimal
    priorities_total: int
    priorities_met: int
    priorities_pending: tuple[str, ...]
    result_share_paid_eur: Decimal
    payable_eur: Decimal
    funded_fte: Decimal = ZERO
    funded_fte_days: Decimal = ZERO
    lines: tuple[ConsultantLine, ...] = field(default_factory=tuple)
    effort_share_eur: Decimal = ZERO
    effort_paid_eur: Decimal = ZERO
    efforts_total: int = 0
    efforts_fulfilled: int = 0
    efforts_partly: int = 0
    efforts_pending: tuple[str, ...] = ()

    #: The keys of ``as_json``, in order (the contract of ``werkbaar settle --json``).
    JSON_KEYS = (
        "max_grant_eur", "term_days", "day_rate_eur", "shortfall_fte_days", "deduction_eur", "result_share_eur",
        "priorities_total", "priorities_met", "priorities_pending", "result_share_paid_eur", "payable_eur",
    )

    @property
    def result_share_withheld_eur(self) -> Decimal:
        return self.result_share_eur - self.result_share_paid_eur

    def as_json(self) -> dict:
        """Exactly the object of issue 2: money as strings with 2 decimals, shortfall with 4."""
        return {
            "max_grant_eur": money_str(self.max_grant_eur),
            "term_days": self.term_days,
            "day_rate_eur": money_str(self.day_rate_eur),
            "shortfall_fte_days": fte_days_str(self.shortfall_fte_days),
            "deduction_eur": money_str(self.deduction_eur),
            "result_share_eur": money_str(self.result_share_eur),
            "priorities_total": self.priorities_total,
            "priorities_met": self.priorities_met,
            "priorities_pending": list(self.priorities_pending),
            "result_share_paid_eur": money_str(self.result_share_paid_eur),
            "payable_eur": money_str(self.payable_eur),
        }

    def lines_as_json(self) -> list[dict]:
        return [line.as_json() for line in self.lines]


# --- date arithmetic -------------------------------------------------------------------------


def days_inclusive(start: date, end: date) -> int:
    """Calendar days from start to end, both included (0 when end < start)."""
    return max(0, (end - start).days + 1)


def _add_years(d: date, years: int) -> date:
    """The anniversary of ``d``; the anniversary of 29 February in a common year is 1 March."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a common year
        return date(d.year + years, 3, 1)


def whole_years(start: date, end: date) -> int | None:
    """The term's length in whole years (2 for 2016-01-01 .. 2017-12-31), or None if not whole.

    A term of n whole years ends the day before the n-th anniversary of its start (docs/settlement.md,
    "Whole years"): from 2016-02-29 that is 2017-02-28 for one year and 2020-02-28 for four.
    """
    if end < start:
        return None
    years = end.year - start.year + 1
    for n in (years - 1, years):
        if n >= 1 and _add_years(start, n) - ONE_DAY == end:
            return n
    return None


def maximum_grant(terms: CovenantTerms) -> Decimal:
    """The explicit maximum, or funded FTE x rate x whole years."""
    if terms.max_grant_eur is not None:
        return Decimal(terms.max_grant_eur)
    if terms.rate_per_fte_year_eur is None:
        raise SettlementError("no maximum grant and no rate per FTE-year")
    years = whole_years(terms.start, terms.end)
    if years is None:
        raise SettlementError("the term is not a whole number of years: give an explicit maximum grant")
    return Decimal(terms.funded_fte) * Decimal(terms.rate_per_fte_year_eur) * years


def _clip(start: date, end: date, lo: date, hi: date) -> tuple[date, date] | None:
    s, e = max(start, lo), min(end, hi)
    return (s, e) if s <= e else None


def _merge(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _subtract(span: tuple[date, date], holes: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Parts of ``span`` not covered by the (merged, sorted) ``holes``."""
    parts, cursor = [], span[0]
    for s, e in holes:
        if s > cursor:
            parts.append((cursor, min(span[1], s - ONE_DAY)))
        cursor = max(cursor, e + ONE_DAY)
        if cursor > span[1]:
            break
    if cursor <= span[1]:
        parts.append((cursor, span[1]))
    return [p for p in parts if p[0] <= p[1]]


def _total_days(intervals: Iterable[tuple[date, date]]) -> int:
    return sum(days_inclusive(s, e) for s, e in intervals)


@dataclass(frozen=True)
class _Deployment:
    line: ConsultantLine
    working: tuple[tuple[date, date], ...]  # days the consultant counts as deployed


def _deployment(c: ConsultantPeriod, term_start: date, term_end: date) -> _Deployment:
    fte = Decimal(c.fte)
    employed = _clip(c.start or term_start, c.end or term_end, term_start, term_end)
    if employed is None:
        line = ConsultantLine(c.name, fte, None, None, 0, 0, 0, ZERO)
        return _Deployment(line, ())

    def absent(replaced: bool) -> list[tuple[date, date]]:
        return _merge(
            clipped
            for a in c.absences
            if bool(a.replaced) == replaced and (clipped := _clip(a.start, a.end, *employed)) is not None
        )

    unreplaced, replaced = absent(False), absent(True)
    working = _subtract(employed, unreplaced)
    working_days = _total_days(working)
    line = ConsultantLine(
        name=c.name, fte=fte, start=employed[0], end=employed[1], days_employed=days_inclusive(*employed),
        absence_days_unreplaced=_total_days(unreplaced),
        absence_days_replaced=_total_days(replaced),
        fte_days_deployed=fte * working_days,
    )
    return _Deployment(line, tuple(working))


def shortfall_fte_days(funded_fte: Decimal, start: date, end: date, working: list[tuple[Decimal, tuple]]) -> Decimal:
    """Sum over the term's days of max(0, funded - deployed), by intervals of constant deployment.

    ``working`` holds (fte, intervals during which that FTE is deployed) per consultant.
    """
    funded = Decimal(funded_fte)
    bounds = {start, end + ONE_DAY}
    for _fte, intervals in working:
        for s, e in intervals:
            bounds.update((s, e + ONE_DAY))
    points = sorted(b for b in bounds if start <= b <= end + ONE_DAY)
    total = ZERO
    for seg_start, seg_next in zip(points, points[1:], strict=False):
        deployed = sum(
            (fte for fte, intervals in working if any(s <= seg_start <= e for s, e in intervals)), ZERO
        )
        gap = funded - deployed
        if gap > 0:
            total += gap * (seg_next - seg_start).days
    return total


def settle(terms: CovenantTerms) -> Settlement:
    """Settle a covenant's grant from its terms (see the module docstring for the rules)."""
    if terms.end < terms.start:
        raise SettlementError("the end of the term lies before its start")
    funded = Decimal(terms.funded_fte)
    if funded <= 0:
        raise SettlementError("funded FTE must be greater than 0")
    maximum = maximum_grant(terms)
    term_days = days_inclusive(terms.start, terms.end)
    day_rate = maximum / (funded * term_days)

    deployments = [_deployment(c, terms.start, terms.end) for c in terms.consultants]
    shortfall = shortfall_fte_days(
        funded, terms.start, terms.end, [(d.line.fte, d.working) for d in deployments]
    )
    # day_rate x shortfall, computed as one division so a full shortfall deducts exactly the maximum
    deduction = maximum * shortfall / (funded * term_days)

    results: Mapping[str, bool | None] = {r.priority_code: r.met for r in terms.results}
    codes = list(terms.priority_codes)
    met = sum(1 for code in codes if results.get(code) is True)
    pending = tuple(code for code in codes if results.get(code) is None)
    result_share_eur = Decimal(terms.result_share) * maximum
    paid = result_share_eur * met / len(codes) if codes else ZERO
    effort_share_eur = Decimal(terms.effort_share or 0) * maximum
    effort = weigh(effort_share_eur, terms.efforts)
    payable = max(ZERO, maximum - deduction - (result_share_eur - paid) - (effort_share_eur - effort.paid_eur))
    return Settlement(
        max_grant_eur=maximum, term_days=term_days, day_rate_eur=day_rate, shortfall_fte_days=shortfall,
        deduction_eur=deduction, result_share_eur=result_share_eur, priorities_total=len(codes),
        priorities_met=met, priorities_pending=pending, result_share_paid_eur=paid, payable_eur=payable,
        funded_fte=funded, funded_fte_days=funded * term_days, lines=tuple(d.line for d in deployments),
        effort_share_eur=effort_share_eur, effort_paid_eur=effort.paid_eur, efforts_total=effort.total,
        efforts_fulfilled=effort.fulfilled, efforts_partly=effort.partly, efforts_pending=effort.pending,
    )


def terms_from_covenant(covenant) -> CovenantTerms:
    """Build the plain terms from a stored covenant (reads its related consultants and priorities)."""
    consultants = consultant_periods(
        c for c in covenant.consultants.all().prefetch_related("absences") if c.addendum_id is None
    )
    codes, results = [], []
    for p in covenant.priorities.all().select_related("indicator"):
        codes.append(p.code)
        indicator = getattr(p, "indicator", None) if _has_indicator(p) else None
        if indicator is not None:
            results.append(IndicatorResult(p.code, indicator.result_met, indicator.result_value))
    return CovenantTerms(
        code=covenant.code, start=covenant.start, end=covenant.end, funded_fte=covenant.funded_fte,
        result_share=covenant.result_share, max_grant_eur=covenant.max_grant_eur,
        rate_per_fte_year_eur=covenant.rate_per_fte_year_eur, consultants=consultants,
        priority_codes=tuple(codes), results=tuple(results),
        effort_share=getattr(covenant, "effort_share", None) or ZERO,
        efforts=tuple(EffortAssessment(e.code, e.assessment) for e in covenant.effort_commitments.all()),
    )


def consultant_periods(consultants) -> tuple[ConsultantPeriod, ...]:
    """Stored consultants (with their absences) as plain periods."""
    return tuple(
        ConsultantPeriod(
            name=c.name, fte=c.fte, start=c.start, end=c.end,
            absences=tuple(AbsencePeriod(a.start, a.end, a.kind, a.replaced) for a in c.absences.all()),
        )
        for c in consultants
    )


def _has_indicator(priority) -> bool:
    try:
        priority.indicator  # noqa: B018 - a reverse one-to-one raises when missing
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist without importing Django here
        return False
    return True


def settle_covenant(covenant) -> Settlement:
    """The settlement of a stored covenant (ResultIndicator.result_met None = pending)."""
    return settle(terms_from_covenant(covenant))
