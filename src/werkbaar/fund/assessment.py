"""The assessment of a fund application: the pure rules of issue 15 (DOMAIN.md "workability fund").

Plain dataclasses and ``Decimal`` in, an ``Assessment`` out; no database access. The web form (the
expected contribution while typing), the API, the decision and ``werkbaar fund-assess FILE.yaml`` all
call ``assess``.

Public:

- ``CallTerms``, ``Applicant``, ``Aid``, ``CostLine``, ``ApplicationTerms``: the input.
- ``assess(call, applicant, application) -> Assessment``; ``Assessment.as_json()`` is the CLI output.
- ``de_minimis_window_start(day)``: the day three years before (28 February for 29 February); aid
  granted strictly after it and on or before ``day`` counts.
- ``months_before(day, n)``: the same day n months earlier (the last day of that month if the day
  does not exist).
- ``money(value)``: half-up to the cent.

Rules (amounts in euro, rounded half up to the cent):

- eligible cost = the costs whose category is eligible; ineligible cost = the rest.
- rate amount = rate x eligible cost.
- de minimis (EU Regulation 2023/2831): used = aid in the window; room = max(0, 300,000 - used).
- grant = the smallest of rate amount, ceiling, remaining call budget (max(0, budget - committed))
  and de-minimis room; ``capped_by`` names it (rate, ceiling, budget, de_minimis: the first on a tie).
- refusals: outside_call_period, no_recent_scan, no_eligible_cost, budget_exhausted,
  de_minimis_exhausted, and below_minimum only when no other refusal applies. Refused: grant 0.00,
  capped_by None.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
#: EU Regulation 2023/2831, article 3(2): EUR 300,000 per single undertaking over three years.
DE_MINIMIS_CEILING_EUR = Decimal("300000")
DE_MINIMIS_YEARS = 3

#: Order of the bounds; on a tie the first one is named.
BOUNDS = ("rate", "ceiling", "budget", "de_minimis")
#: Every refusal code, in the order they are listed.
REFUSALS = (
    "outside_call_period", "no_recent_scan", "no_eligible_cost", "budget_exhausted", "de_minimis_exhausted",
    "below_minimum",
)


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    return f"{money(value):.2f}"


def years_before(day: date, years: int) -> date:
    """The same date ``years`` earlier; 29 February becomes 28 February in a common year."""
    year = day.year - years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def de_minimis_window_start(day: date) -> date:
    return years_before(day, DE_MINIMIS_YEARS)


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


@dataclass(frozen=True)
class CallTerms:
    opens: date
    closes: date
    budget_eur: Decimal
    rate: Decimal
    ceiling_eur: Decimal
    eligible_categories: tuple[str, ...]
    committed_eur: Decimal = ZERO
    minimum_eur: Decimal = ZERO
    requires_scan: bool = False
    scan_max_age_months: int = 24
    code: str = ""
    title: str = ""

    @property
    def remaining_eur(self) -> Decimal:
        return max(ZERO, self.budget_eur - self.committed_eur)


@dataclass(frozen=True)
class Aid:
    granted_on: date
    amount_eur: Decimal


@dataclass(frozen=True)
class Applicant:
    de_minimis: tuple[Aid, ...] = ()
    scan_closed_on: date | None = None
    enterprise_number: str = ""
    name: str = ""


@dataclass(frozen=True)
class CostLine:
    category: str
    amount_eur: Decimal
    description: str = ""


@dataclass(frozen=True)
class ApplicationTerms:
    submitted_on: date
    costs: tuple[CostLine, ...] = ()


@dataclass(frozen=True)
class Assessment:
    eligible_cost_eur: Decimal
    ineligible_cost_eur: Decimal
    rate_amount_eur: Decimal
    de_minimis_used_eur: Decimal
    de_minimis_room_eur: Decimal
    grant_eur: Decimal
    capped_by: str | None
    refusals: tuple[str, ...] = field(default=())
    #: The bounds the grant was compared with (for explanations and property tests).
    bounds: dict = field(default_factory=dict, compare=False)

    @property
    def eligible(self) -> bool:
        return not self.refusals

    def as_json(self) -> dict:
        return {
            "eligible_cost_eur": money_str(self.eligible_cost_eur),
            "ineligible_cost_eur": money_str(self.ineligible_cost_eur),
            "rate_amount_eur": money_str(self.rate_amount_eur),
            "de_minimis_used_eur": money_str(self.de_minimis_used_eur),
            "de_minimis_room_eur": money_str(self.de_minimis_room_eur),
            "grant_eur": money_str(self.grant_eur),
            "capped_by": self.capped_by,
            "eligible": self.eligible,
            "refusals": list(self.refusals),
        }


def de_minimis_used(aid: tuple[Aid, ...], day: date) -> Decimal:
    start = de_minimis_window_start(day)
    return sum((a.amount_eur for a in aid if start < a.granted_on <= day), ZERO)


def has_recent_scan(call: CallTerms, scan_closed_on: date | None, day: date) -> bool:
    if scan_closed_on is None:
        return False
    return months_before(day, call.scan_max_age_months) <= scan_closed_on <= day


def assess(call: CallTerms, applicant: Applicant, application: ApplicationTerms) -> Assessment:
    categories = set(call.eligible_categories)
    eligible_cost = sum((c.amount_eur for c in application.costs if c.category in categories), ZERO)
    ineligible_cost = sum((c.amount_eur for c in application.costs if c.category not in categories), ZERO)
    rate_amount = money(call.rate * eligible_cost)
    day = application.submitted_on
    used = money(de_minimis_used(applicant.de_minimis, day))
    room = max(ZERO, DE_MINIMIS_CEILING_EUR - used)
    remaining = money(call.remaining_eur)
    bounds = {"rate": rate_amount, "ceiling": money(call.ceiling_eur), "budget": remaining, "de_minimis": room}
    capped_by = min(BOUNDS, key=lambda name: (bounds[name], BOUNDS.index(name)))
    grant = bounds[capped_by]

    refusals = []
    if not call.opens <= day <= call.closes:
        refusals.append("outside_call_period")
    if call.requires_scan and not has_recent_scan(call, applicant.scan_closed_on, day):
        refusals.append("no_recent_scan")
    if eligible_cost <= 0:
        refusals.append("no_eligible_cost")
    if remaining <= 0:
        refusals.append("budget_exhausted")
    if room <= 0:
        refusals.append("de_minimis_exhausted")
    if not refusals and grant < call.minimum_eur:
        refusals.append("below_minimum")
    if refusals:
        grant, capped_by = ZERO, None
    return Assessment(
        eligible_cost_eur=eligible_cost, ineligible_cost_eur=ineligible_cost, rate_amount_eur=rate_amount,
        de_minimis_used_eur=used, de_minimis_room_eur=room, grant_eur=grant, capped_by=capped_by,
        refusals=tuple(refusals), bounds=bounds,
    )


def balance(approved_eur: Decimal, rate: Decimal, proven_eligible_eur: Decimal, advance_eur: Decimal) -> Decimal:
    """The balance paid after the final report: min(approved, rate x proven eligible costs) - advance.

    A negative balance is a recovery of part of the advance."""
    return money(min(approved_eur, money(rate * proven_eligible_eur)) - advance_eur)
