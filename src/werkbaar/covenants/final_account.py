"""Money beyond the base grant: the addenda's payable amounts and the final account (issue 14).

Pure rules over plain data, like ``covenants.settlement`` (which settles the base grant and is not
changed here): ``AddendumTerms`` and an optional ``FinancialAccount`` in, ``FinalAccount`` out. No
database access; ``werkbaar settle FILE.yaml`` and (later) the pages call the same functions.

Rules:

- addendum payable = max(0, budget - deduction - budget x result share x (1 - met / number of
  commitments)), rounded half-up to the cent. A commitment that is not met or still pending
  (``met`` None) counts as not met; an addendum without commitments is paid in full.
- an addendum with FTE (the kilometre charge's 2 extra consultants, seed 003 l.368-378) is settled by
  day rate like the base grant, over its own consultants only: day rate = budget / (addendum FTE x term
  days), shortfall = sum over the term's days of max(0, addendum FTE - deployed addendum FTE),
  deduction = budget x shortfall / (addendum FTE x term days). Without FTE the deduction is 0 (and
  the payable is the rule above). Without a budget, the budget of an addendum with FTE is FTE x the
  covenant's rate per FTE-year x whole years (``addendum_budget``). The base settlement never sees
  the addendum's consultants.
- ``addenda_max_eur`` = sum of the budgets; ``addenda_payable_eur`` = sum of the rounded payables.
- ``total_payable_eur`` = the base settlement's payable (rounded to the cent) + addenda payable.
- ``final_grant_eur`` = min(total payable, eligible costs), or the total payable without an account.
- ``balance_eur`` = final grant - advances paid (default 0): positive is still to pay, negative is
  to recover.

Public: ``settle_addendum(AddendumTerms) -> AddendumSettlement``,
``final_account(Settlement, addenda, account) -> FinalAccount`` and ``FinalAccount.as_json()``
(the base settlement's keys followed by ``FINAL_ACCOUNT_KEYS``); ``final_account_of_covenant`` reads a
stored covenant (its addenda and financial account) the way ``settle_covenant`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .settlement import (
    ZERO,
    ConsultantLine,
    ConsultantPeriod,
    CovenantTerms,
    Settlement,
    SettlementError,
    fte_days_str,
    money,
    money_str,
    settle,
    whole_years,
)

#: The keys ``FinalAccount.as_json`` adds after the base settlement's keys, in order.
FINAL_ACCOUNT_KEYS = (
    "addenda_max_eur", "addenda_payable_eur", "total_payable_eur", "eligible_costs_eur", "advances_paid_eur",
    "final_grant_eur", "balance_eur",
)
#: The keys added after ``FINAL_ACCOUNT_KEYS`` (issue 14, second part), in order: the effort share of the
#: base grant (2021 rule), the addenda's FTE deduction in total, and a line per addendum.
MONEY_KEYS = (
    "effort_share_eur", "effort_paid_eur", "efforts_total", "efforts_fulfilled", "efforts_partly", "efforts_pending",
    "addenda_shortfall_fte_days", "addenda_deduction_eur", "addenda",
)


@dataclass(frozen=True)
class Commitment:
    """One commitment of an addendum; ``met`` None means pending."""

    description: str
    code: str = ""
    met: bool | None = None


@dataclass(frozen=True)
class AddendumTerms:
    kind: str
    budget_eur: Decimal = ZERO
    result_share: Decimal = ZERO
    commitments: tuple[Commitment, ...] = ()
    title: str = ""
    fte: Decimal = ZERO
    consultants: tuple[ConsultantPeriod, ...] = ()
    start: date | None = None  # the covenant's term (needed only with FTE)
    end: date | None = None


@dataclass(frozen=True)
class FinancialAccount:
    """The final report's account: the eligible costs proven and the advances already paid."""

    eligible_costs_eur: Decimal | None  # None: the advances are known, the eligible costs not yet
    advances_paid_eur: Decimal = ZERO


@dataclass(frozen=True)
class AddendumSettlement:
    kind: str
    title: str
    budget_eur: Decimal
    result_share_eur: Decimal
    commitments_total: int
    commitments_met: int
    commitments_pending: int
    result_share_paid_eur: Decimal
    payable_eur: Decimal  # already rounded to the cent
    fte: Decimal = ZERO
    day_rate_eur: Decimal = ZERO
    shortfall_fte_days: Decimal = ZERO
    deduction_eur: Decimal = ZERO
    lines: tuple[ConsultantLine, ...] = ()

    @property
    def result_share_withheld_eur(self) -> Decimal:
        return self.result_share_eur - self.result_share_paid_eur

    def as_json(self) -> dict:
        return {
            "kind": self.kind, "title": self.title, "budget_eur": money_str(self.budget_eur), "fte": str(self.fte),
            "day_rate_eur": money_str(self.day_rate_eur), "shortfall_fte_days": fte_days_str(self.shortfall_fte_days),
            "deduction_eur": money_str(self.deduction_eur), "result_share_eur": money_str(self.result_share_eur),
            "commitments_total": self.commitments_total, "commitments_met": self.commitments_met,
            "result_share_paid_eur": money_str(self.result_share_paid_eur), "payable_eur": money_str(self.payable_eur),
            "consultants": [line.as_json() for line in self.lines],
        }


@dataclass(frozen=True)
class FinalAccount:
    base: Settlement
    addenda: tuple[AddendumSettlement, ...]
    addenda_max_eur: Decimal
    addenda_payable_eur: Decimal
    total_payable_eur: Decimal
    eligible_costs_eur: Decimal | None
    advances_paid_eur: Decimal
    final_grant_eur: Decimal
    balance_eur: Decimal

    def as_json(self) -> dict:
        """The base settlement's object followed by the ``FINAL_ACCOUNT_KEYS`` (money as 2-decimal strings)."""
        return {
            **self.base.as_json(),
            "addenda_max_eur": money_str(self.addenda_max_eur),
            "addenda_payable_eur": money_str(self.addenda_payable_eur),
            "total_payable_eur": money_str(self.total_payable_eur),
            "eligible_costs_eur": None if self.eligible_costs_eur is None else money_str(self.eligible_costs_eur),
            "advances_paid_eur": money_str(self.advances_paid_eur),
            "final_grant_eur": money_str(self.final_grant_eur),
            "balance_eur": money_str(self.balance_eur),
            "effort_share_eur": money_str(self.base.effort_share_eur),
            "effort_paid_eur": money_str(self.base.effort_paid_eur),
            "efforts_total": self.base.efforts_total,
            "efforts_fulfilled": self.base.efforts_fulfilled,
            "efforts_partly": self.base.efforts_partly,
            "efforts_pending": list(self.base.efforts_pending),
            "addenda_shortfall_fte_days": fte_days_str(sum((a.shortfall_fte_days for a in self.addenda), ZERO)),
            "addenda_deduction_eur": money_str(sum((a.deduction_eur for a in self.addenda), ZERO)),
            "addenda": [a.as_json() for a in self.addenda],
        }


def settle_addendum(terms: AddendumTerms) -> AddendumSettlement:
    """An addendum's payable amount (see the module docstring); rounded to the cent."""
    budget = Decimal(terms.budget_eur or 0)
    share = budget * Decimal(terms.result_share or 0)
    total = len(terms.commitments)
    met = sum(1 for c in terms.commitments if c.met is True)
    pending = sum(1 for c in terms.commitments if c.met is None)
    paid = share * met / total if total else share
    fte = Decimal(terms.fte or 0)
    day_rate = shortfall = deduction = ZERO
    lines: tuple[ConsultantLine, ...] = ()
    if fte > 0:
        if terms.start is None or terms.end is None:
            raise SettlementError("an addendum with FTE needs the covenant's term")
        by_day = settle(CovenantTerms(start=terms.start, end=terms.end, funded_fte=fte, result_share=ZERO,
                                      max_grant_eur=budget, consultants=tuple(terms.consultants)))
        day_rate, shortfall, deduction, lines = (by_day.day_rate_eur, by_day.shortfall_fte_days,
                                                 by_day.deduction_eur, by_day.lines)
    return AddendumSettlement(
        kind=terms.kind, title=terms.title, budget_eur=budget, result_share_eur=share, commitments_total=total,
        commitments_met=met, commitments_pending=pending, result_share_paid_eur=paid,
        payable_eur=money(max(ZERO, budget - deduction - (share - paid))), fte=fte, day_rate_eur=day_rate,
        shortfall_fte_days=shortfall, deduction_eur=deduction, lines=lines,
    )


def addendum_budget(budget, fte, rate_per_fte_year, start: date, end: date) -> Decimal:
    """The addendum's budget: as given, or (with FTE and no budget) FTE x the covenant's rate x whole years."""
    if budget is not None:
        return Decimal(budget)
    if not fte or rate_per_fte_year is None:
        return ZERO
    years = whole_years(start, end)
    if years is None:
        raise SettlementError("the term is not a whole number of years: give the addendum's budget")
    return Decimal(fte) * Decimal(rate_per_fte_year) * years


def final_account(base: Settlement, addenda=(), account: FinancialAccount | None = None) -> FinalAccount:
    """Combine the base settlement, the addenda and the financial account into the final grant."""
    settled = tuple(settle_addendum(a) for a in addenda)
    addenda_payable = sum((a.payable_eur for a in settled), ZERO)
    total = money(base.payable_eur) + addenda_payable
    eligible = None if account is None or account.eligible_costs_eur is None else Decimal(account.eligible_costs_eur)
    advances = ZERO if account is None else Decimal(account.advances_paid_eur or 0)
    final = total if eligible is None else min(total, eligible)
    return FinalAccount(
        base=base, addenda=settled, addenda_max_eur=sum((a.budget_eur for a in settled), ZERO),
        addenda_payable_eur=addenda_payable, total_payable_eur=total, eligible_costs_eur=eligible,
        advances_paid_eur=advances, final_grant_eur=final, balance_eur=final - advances,
    )


# --- stored covenants -------------------------------------------------------------------------


def commitment_dict(item) -> dict:
    """A stored commitment as {code, description, met}; a plain string is a pending commitment."""
    if isinstance(item, dict):
        return {"code": str(item.get("code") or ""), "description": str(item.get("description") or ""),
                "met": item.get("met") if item.get("met") in (True, False) else None}
    return {"code": "", "description": str(item), "met": None}


def addendum_terms(addendum) -> AddendumTerms:
    """Plain terms of a stored ``Addendum`` (see ``addendum_budget`` for a missing budget)."""
    from .settlement import consultant_periods

    covenant = addendum.covenant
    return AddendumTerms(
        kind=addendum.kind, title=str(addendum),
        budget_eur=addendum_budget(addendum.budget_eur, addendum.fte, covenant.rate_per_fte_year_eur,
                                   covenant.start, covenant.end),
        result_share=Decimal(addendum.result_share or 0),
        commitments=tuple(
            Commitment(c["description"], c["code"], c["met"]) for c in map(commitment_dict, addendum.commitments or [])
        ),
        fte=Decimal(addendum.fte or 0), start=covenant.start, end=covenant.end,
        consultants=consultant_periods(addendum.consultants.all().prefetch_related("absences")),
    )


def scheduled_advances_paid(covenant) -> Decimal | None:
    """The sum of the covenant's paid advance payments, or None when it has no schedule of advances.

    Reads the reverse relation ``covenant.payments`` (``reporting.Payment``) without importing it."""
    payments = getattr(covenant, "payments", None)
    if payments is None:
        return None
    advances = [p for p in payments.all() if p.kind == "advance"]
    if not advances:
        return None
    return sum((Decimal(p.amount_eur) for p in advances if p.status == "paid"), ZERO)


def account_of_covenant(covenant) -> FinancialAccount | None:
    """The covenant's financial account: eligible salaries + running costs and the advances paid; None if unset.

    The advances paid are the paid advance payments of the covenant's schedule; a covenant without a
    schedule keeps the recorded ``account_advances_eur`` (a covenant file's ``advances_paid_eur``)."""
    salaries, running = covenant.account_salaries_eur, covenant.account_running_costs_eur
    scheduled = scheduled_advances_paid(covenant)
    if salaries is None and running is None:
        return None if scheduled is None else FinancialAccount(None, scheduled)
    eligible = Decimal(salaries or 0) + Decimal(running or 0)
    return FinancialAccount(eligible, Decimal(covenant.account_advances_eur or 0) if scheduled is None else scheduled)


def final_account_of_covenant(covenant) -> FinalAccount:
    """The whole settlement of a stored covenant: base grant, addenda and financial account."""
    from .settlement import settle_covenant

    return final_account(
        settle_covenant(covenant), tuple(addendum_terms(a) for a in covenant.addenda.all()),
        account_of_covenant(covenant),
    )
