"""The covenant status workflow (DOMAIN.md), declared once as data with ``werkbaar.core.workflow``.

drafted -> board_approved -> negotiated -> signed -> active -> amended (after VESOC) / suspended
(after an infringement) -> ended (term expired, mutual agreement, 6 months' notice by registered
letter, or unilateral termination after a serious shortfall). A suspended covenant can resume.
``ended`` is final: there is no tacit renewal, a new generation is a new covenant.

Sector staff take the drafting steps; the department's account managers sign, activate, amend,
suspend and end.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import is_department, sector_ids_for
from werkbaar.core.roles import Role
from werkbaar.core.workflow import Transition, Workflow

from .models import Amendment, CovenantStatus

S = CovenantStatus
RUNNING = (S.ACTIVE, S.AMENDED)


class EndReason(models.TextChoices):
    TERM_EXPIRED = "term_expired", _("The term has expired")
    MUTUAL_AGREEMENT = "mutual_agreement", _("Mutual agreement")
    NOTICE = "notice", _("Six months' notice by registered letter")
    SERIOUS_SHORTFALL = "serious_shortfall", _("Unilateral termination after a serious shortfall in the evaluation")


def department(user, covenant) -> bool:
    return is_department(user)


def sector_staff(user, covenant) -> bool:
    return is_department(user) or covenant.sector_id in sector_ids_for(user, roles=(Role.SECTOR_STAFF,))


COVENANT_WORKFLOW = Workflow(
    name="covenant",
    states=dict(CovenantStatus.choices),
    initial=S.DRAFTED,
    final=frozenset({S.ENDED}),
    transitions=[
        Transition("approve_board", (S.DRAFTED,), S.BOARD_APPROVED, _("Record the sector board's approval"),
                   allowed=sector_staff, confirm=_("The sector board has approved the draft covenant.")),
        Transition("negotiate", (S.BOARD_APPROVED,), S.NEGOTIATED, _("Record the negotiated text"),
                   allowed=sector_staff, confirm=_("The government and the sector agree on the text.")),
        Transition("reopen_draft", (S.BOARD_APPROVED, S.NEGOTIATED), S.DRAFTED, _("Reopen the draft"),
                   allowed=sector_staff, needs_note=True),
        Transition("sign", (S.NEGOTIATED,), S.SIGNED, _("Record the signing"), allowed=department,
                   confirm=_("All parties have signed the covenant.")),
        Transition("activate", (S.SIGNED,), S.ACTIVE, _("Start the covenant"), allowed=department),
        Transition("amend", RUNNING, S.AMENDED, _("Record an amendment after VESOC"), allowed=department,
                   needs_note=True),
        Transition("suspend", RUNNING, S.SUSPENDED, _("Suspend after an infringement"), allowed=department,
                   needs_note=True),
        Transition("resume", (S.SUSPENDED,), S.ACTIVE, _("Resume the covenant"), allowed=department,
                   needs_note=True),
        Transition("end", (S.SIGNED, S.ACTIVE, S.AMENDED, S.SUSPENDED), S.ENDED, _("End the covenant"),
                   allowed=department, confirm=_("Ending is final: a covenant is never renewed tacitly.")),
    ],
)


def amend(covenant, user, vesoc_date, description: str):
    """Take the ``amend`` step and record the amendment (VESOC date and what changed)."""

    def on_apply(obj, transition):
        Amendment.objects.create(covenant=obj, vesoc_date=vesoc_date, description=description)

    return COVENANT_WORKFLOW.apply(covenant, "amend", user, note=description, on_apply=on_apply)


def end(covenant, user, reason: str, note: str = ""):
    """Take the ``end`` step with one of the ``EndReason`` values."""
    if reason not in EndReason.values:
        from werkbaar.core.workflow import TransitionNotAllowed

        raise TransitionNotAllowed(_("Choose a reason for ending the covenant."))

    def on_apply(obj, transition):
        obj.end_reason = reason

    label = str(EndReason(reason).label)
    return COVENANT_WORKFLOW.apply(covenant, "end", user, note=f"{label}. {note}".strip(), on_apply=on_apply)


def end_reason_label(covenant) -> str:
    try:
        return str(EndReason(covenant.end_reason).label)
    except ValueError:
        return covenant.end_reason
