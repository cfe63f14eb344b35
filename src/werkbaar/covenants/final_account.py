"""Money beyond the base grant: the addenda's payable amounts and the final account (issue 14).

Pure rules over plain data, like ``covenants.settlement`` (which settles the base grant and is not
changed here): ``AddendumTerms`` and an optional ``FinancialAccount`` in, ``FinalAccount`` out. No
database access; ``werkbaar settle FILE.yaml`` and (later) the pages call the same functions.

Rules:

- addendum payable = budget x (1 - result share) + budget x result share x met / number of
  commitments, rounded half-up to the cent. A commitment that is not met or still pending
  (``met`` None) counts as not met; an addendum without commitments is paid in full.
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
from decimal import Decimal

from .settlement import ZERO, Settlement, money, money_str

#: The keys ``FinalAccount.as_json`` adds after the base settlement's keys, in order.
FINAL_ACCOUNT_KEYS = (
    "addenda_max_eur", "addenda_payable_eur", "total_payable_eur", "eligible_costs_eur", "advances_paid_eur",
    "final_grant_eur", "balance_eur",
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


@dataclass(frozen=True)
class FinancialAccount:
    """The final report's account: the eligible costs proven and the advances already paid."""

    eligible_costs_eur: Decimal
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

    @property
    def result_share_withheld_eur(self) -> Decimal:
        return self.result_share_eur - self.result_share_paid_eur


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
        }


def settle_addendum(terms: AddendumTerms) -> AddendumSettlement:
    """An addendum's payable amount (see the module docstring); rounded to the cent."""
    budget = Decimal(terms.budget_eur or 0)
    share = budget * Decimal(terms.result_share or 0)
    total = len(terms.commitments)
    met = sum(1 for c in terms.commitments if c.met is True)
    pending = sum(1 for c in terms.commitments if c.met is None)
    paid = share * met / total if total else share
    return AddendumSettlement(
        kind=terms.kind, title=terms.title, budget_eur=budget, result_share_eur=share, commitments_total=total,
        commitments_met=met, commitments_pending=pending, result_share_paid_eur=paid,
        payable_eur=money(budget - share + paid),
    )


def final_account(base: Settlement, addenda=(), account: FinancialAccount | None = None) -> FinalAccount:
    """Combine the base settlement, the addenda and the financial account into the final grant."""
    settled = tuple(settle_addendum(a) for a in addenda)
    addenda_payable = sum((a.payable_eur for a in settled), ZERO)
    total = money(base.payable_eur) + addenda_payable
    eligible = None if account is None else Decimal(account.eligible_costs_eur)
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
    """Plain terms of a stored ``Addendum`` (a missing budget counts as 0)."""
    return AddendumTerms(
        kind=addendum.kind, title=str(addendum), budget_eur=Decimal(addendum.budget_eur or 0),
        result_share=Decimal(addendum.result_share or 0),
        commitments=tuple(
            Commitment(c["description"], c["code"], c["met"]) for c in map(commitment_dict, addendum.commitments or [])
        ),
    )


def account_of_covenant(covenant) -> FinancialAccount | None:
    """The covenant's financial account: eligible salaries + running costs, advances received; None if unset."""
    salaries, running = covenant.account_salaries_eur, covenant.account_running_costs_eur
    if salaries is None and running is None:
        return None
    return FinancialAccount(Decimal(salaries or 0) + Decimal(running or 0), Decimal(covenant.account_advances_eur or 0))


def final_account_of_covenant(covenant) -> FinalAccount:
    """The whole settlement of a stored covenant: base grant, addenda and financial account."""
    from .settlement import settle_covenant

    return final_account(
        settle_covenant(covenant), tuple(addendum_terms(a) for a in covenant.addenda.all()),
        account_of_covenant(covenant),
    )
