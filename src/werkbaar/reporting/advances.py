"""A covenant's schedule of advances: ``Payment`` rows of kind ``advance``, approved and paid through
``ADVANCE_WORKFLOW`` (scheduled -> approved -> paid).

The department plans the schedule (one advance per year, say: due date and amount), approves an advance
and records it as paid. Only a scheduled advance can be edited or removed; an approved one can be sent
back to scheduled; a paid one is final. The financial account's "advances paid" is the sum of the paid
advances (``covenants.final_account.scheduled_advances_paid``), so the final balance payment made at the
evaluation is the final grant minus what was really paid.

Storing: ``save_advance`` writes a row and its audit entry in one transaction; the steps go through
``Workflow.apply``, which locks the payment's row, so a double click pays once (the second click finds
the advance paid and is refused with "not possible from the state Paid").
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core import audit
from werkbaar.core.permissions import is_department
from werkbaar.core.workflow import Transition, Workflow

from .models import Payment, PaymentKind, PaymentStatus

#: An amount above this is a typo, not an advance (the largest covenant is a few million).
MAX_ADVANCE = Decimal("100000000")


def _department(user, payment) -> bool:
    return is_department(user)


def _stamp_paid(payment) -> None:
    payment.payment_date = payment.payment_date or timezone.localdate()


ADVANCE_WORKFLOW = Workflow(
    name="advance",
    states=dict(PaymentStatus.choices),
    initial=PaymentStatus.SCHEDULED,
    final=frozenset({PaymentStatus.PAID}),
    transitions=[
        Transition("approve", (PaymentStatus.SCHEDULED,), PaymentStatus.APPROVED, gettext_lazy("Approve the advance"),
                   allowed=_department, confirm=gettext_lazy("Approve this advance for payment?")),
        Transition("unapprove", (PaymentStatus.APPROVED,), PaymentStatus.SCHEDULED,
                   gettext_lazy("Back to the schedule"), allowed=_department, needs_note=True),
        Transition("pay", (PaymentStatus.APPROVED,), PaymentStatus.PAID, gettext_lazy("Record as paid"),
                   allowed=_department,
                   confirm=gettext_lazy("Record this advance as paid? A paid advance cannot be changed.")),
    ],
)


def advances(covenant):
    return Payment.objects.filter(covenant=covenant, kind=PaymentKind.ADVANCE).order_by("due_date", "pk")


def schedule_totals(covenant) -> dict:
    """Scheduled, approved and paid amounts of the covenant's advances, and their total."""
    totals = {state: Decimal(0) for state in PaymentStatus.values}
    for p in advances(covenant):
        totals[p.status] += p.amount_eur
    totals["total"] = sum((totals[s] for s in PaymentStatus.values), Decimal(0))
    return totals


def advance_problems(covenant, due_date, amount) -> list[str]:
    """Why an advance cannot be scheduled (empty when it can)."""
    problems = []
    if amount is not None and amount <= 0:
        problems.append(_("An advance is a positive amount."))
    if amount is not None and amount > MAX_ADVANCE:
        problems.append(_("An advance of more than EUR 100,000,000 is not plausible."))
    if due_date is not None and covenant.end and due_date.year > covenant.end.year + 1:
        problems.append(_("The due date lies more than a year after the end of the term (%(end)s).")
                        % {"end": covenant.end.isoformat()})
    return problems


def save_advance(user, payment: Payment, before: dict | None) -> Payment:
    """Store a scheduled advance (new or changed) with its audit entry rooted at the covenant."""
    if payment.pk is not None and payment.status != PaymentStatus.SCHEDULED:
        raise ValueError(_("Only a scheduled advance can be changed."))
    with transaction.atomic():
        payment.kind, payment.status = PaymentKind.ADVANCE, PaymentStatus.SCHEDULED
        payment.save()
        audit.record(user, payment, "update" if before else "create", before,
                     {"due_date": payment.due_date, "amount_eur": payment.amount_eur}, root=payment.covenant)
    return payment


def take_step(payment: Payment, name: str, user, note: str = "") -> None:
    on_apply = (lambda obj, t: _stamp_paid(obj)) if name == "pay" else None
    ADVANCE_WORKFLOW.apply(payment, name, user, note=note, root=payment.covenant, on_apply=on_apply)


def schedule_context(covenant, user) -> dict:
    """The schedule of advances as the covenant page shows it (read by every user who sees the covenant)."""
    from werkbaar.core.permissions import can_manage_money

    rows = [(p, ADVANCE_WORKFLOW.available(p, user)) for p in advances(covenant)]
    return {"advances": rows, "advance_totals": schedule_totals(covenant),
            "can_manage_money": can_manage_money(user, covenant.sector)}
