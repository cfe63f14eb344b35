"""The fund application workflow, declared once with ``werkbaar.core.workflow``.

draft → submitted → under review → approved / partially approved / refused → final report → paid →
closed; a refused application is closed; draft, submitted and under review can be withdrawn by the
applicant. The decision and the payment steps are taken by ``fund.services`` only (they also write
the decision, the commitment and the payments in the same transaction).
"""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.workflow import Transition, Workflow

from .models import ApplicationStatus as S
from .rules import can_decide, can_edit_application


def _has_costs(application) -> list[str]:
    if not application.costs.exists():
        return [_("Add at least one cost line first.")]
    return []


def _enough_reviews(application) -> list[str]:
    needed = application.call.reviews_required
    if application.reviews.count() < needed:
        return [_("This application needs %(n)d reviews before a decision.") % {"n": needed}]
    return []


def _has_final_report(application) -> list[str]:
    if not hasattr(application, "final_report"):
        return [_("Submit the final report first.")]
    return []


def _manager(user, application):
    return can_decide(user, application)


def _applicant(user, application):
    return can_edit_application(user, application)


APPLICATION_WORKFLOW = Workflow(
    name="fund_application",
    states=dict(S.choices),
    initial=S.DRAFT,
    final=frozenset({S.CLOSED, S.WITHDRAWN}),
    transitions=[
        Transition("submit", (S.DRAFT,), S.SUBMITTED, _("Submit the application"), allowed=_applicant,
                   check=_has_costs),
        Transition("start_review", (S.SUBMITTED,), S.UNDER_REVIEW, _("Start the review"), allowed=_manager),
        Transition("approve", (S.UNDER_REVIEW,), S.APPROVED, _("Approve"), allowed=_manager, check=_enough_reviews),
        Transition("approve_partially", (S.UNDER_REVIEW,), S.PARTIALLY_APPROVED, _("Approve partially"),
                   allowed=_manager, check=_enough_reviews, needs_note=True),
        Transition("refuse", (S.UNDER_REVIEW,), S.REFUSED, _("Refuse"), allowed=_manager, check=_enough_reviews,
                   needs_note=True),
        Transition("report", (S.APPROVED, S.PARTIALLY_APPROVED), S.FINAL_REPORT, _("Submit the final report"),
                   allowed=_applicant, check=_has_final_report),
        Transition("pay", (S.FINAL_REPORT,), S.PAID, _("Pay the balance"), allowed=_manager),
        Transition("close", (S.PAID, S.REFUSED), S.CLOSED, _("Close"), allowed=_manager),
        Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW), S.WITHDRAWN, _("Withdraw the application"),
                   allowed=_applicant),
    ],
)

DECISION_STEPS = {"approved": "approve", "partially_approved": "approve_partially", "refused": "refuse"}
