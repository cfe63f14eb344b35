"""The covenant status workflow (DOMAIN.md), declared once as data with ``werkbaar.core.workflow``.

drafted -> board_approved -> negotiated -> signed -> active -> amended (after VESOC) / suspended
(after an infringement) -> ended (term expired, mutual agreement, 6 months' notice by registered
letter, or unilateral termination after a serious shortfall). A suspended covenant can resume.
``ended`` is final: there is no tacit renewal, a new generation is a new covenant.

Termination (seed 002 l.5716-5742, ``covenants.termination``): ``give_notice`` records the registered
letter and puts a running covenant under notice for 6 months from the first working day after it
(``termination_rules.notice_end``); ``end`` with reason "notice" is possible once that period is over.
``terminate`` ends it at once, without notice period, for the general interest or after a documented
serious shortfall (a ``ShortfallFinding`` of the same covenant). Only the department takes them.

Sector staff take the drafting steps; the department's account managers sign, activate, amend,
suspend, give notice, terminate and end.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.core import formats
from werkbaar.core.permissions import is_department, sector_ids_for
from werkbaar.core.roles import Role
from werkbaar.core.workflow import Transition, TransitionNotAllowed, Workflow

from .models import Amendment, CovenantStatus
from .termination import ShortfallFinding, Termination, TerminationReason
from .termination_rules import notice_end, termination_end

S = CovenantStatus
RUNNING = (S.ACTIVE, S.AMENDED)


class EndReason(models.TextChoices):
    TERM_EXPIRED = "term_expired", _("The term has expired")
    MUTUAL_AGREEMENT = "mutual_agreement", _("Mutual agreement")
    NOTICE = "notice", _("Six months' notice by registered letter")
    SERIOUS_SHORTFALL = "serious_shortfall", _("Unilateral termination after a serious shortfall in the evaluation")
    GENERAL_INTEREST = "general_interest", _("Termination in the general interest")


#: Reasons only the ``terminate`` step records (with its documentation), never the plain ``end``.
TERMINATION_REASONS = frozenset({EndReason.SERIOUS_SHORTFALL, EndReason.GENERAL_INTEREST})
#: The reasons the ``end`` step offers.
END_STEP_REASONS = [(k, v) for k, v in EndReason.choices if k not in TERMINATION_REASONS]


def department(user, covenant) -> bool:
    return is_department(user)


def _notice_period_over(covenant) -> list[str]:
    """``end`` for notice: only once the notice period is over."""
    if covenant.status != S.NOTICE_GIVEN:
        return []
    termination = Termination.objects.filter(covenant=covenant).first()
    if termination is not None and timezone.localdate() <= termination.ends_on:
        return [_("The notice period runs until %(date)s; the covenant can be ended after that.")
                % {"date": formats.long_date(termination.ends_on)}]
    return []


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
        Transition("give_notice", (S.SIGNED, *RUNNING, S.SUSPENDED), S.NOTICE_GIVEN,
                   _("Give notice (registered letter)"), allowed=department,
                   confirm=_("The covenant stays in force during the notice period of 6 months.")),
        Transition("terminate", (S.SIGNED, *RUNNING, S.SUSPENDED, S.NOTICE_GIVEN), S.ENDED,
                   _("Terminate without notice period"), allowed=department,
                   confirm=_("The Flemish Government ends the covenant at once, without notice period and "
                             "without compensation. This is final.")),
        Transition("end", (S.SIGNED, S.ACTIVE, S.AMENDED, S.SUSPENDED, S.NOTICE_GIVEN), S.ENDED,
                   _("End the covenant"), allowed=department,
                   confirm=_("Ending is final: a covenant is never renewed tacitly.")),
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
        raise TransitionNotAllowed(_("Choose a reason for ending the covenant."))
    if reason in TERMINATION_REASONS:
        raise TransitionNotAllowed(_("A termination without notice period goes through the step “%(step)s”.")
                                   % {"step": COVENANT_WORKFLOW.transition("terminate").label})
    if reason == EndReason.NOTICE and covenant.status != S.NOTICE_GIVEN:
        raise TransitionNotAllowed(_("Give notice first (step “%(step)s”): the covenant ends after the notice "
                                     "period.") % {"step": COVENANT_WORKFLOW.transition("give_notice").label})
    if reason == EndReason.NOTICE:  # by mutual agreement it may end during the notice period
        problems = _notice_period_over(covenant)
        if problems:
            raise TransitionNotAllowed(problems[0])

    def on_apply(obj, transition):
        obj.end_reason = reason

    label = str(EndReason(reason).label)
    return COVENANT_WORKFLOW.apply(covenant, "end", user, note=f"{label}. {note}".strip(), on_apply=on_apply)


def end_reason_label(covenant) -> str:
    try:
        return str(EndReason(covenant.end_reason).label)
    except ValueError:
        return covenant.end_reason


class TerminationError(TransitionNotAllowed):
    """The termination's data do not allow the step (translated message)."""


def give_notice(covenant, user, letter_date, party: str, remark: str = "") -> Termination:
    """Take ``give_notice``: record the registered letter and the computed notice period."""
    if letter_date is None:
        raise TerminationError(_("Give the date of the registered letter."))
    if letter_date < covenant.start or letter_date > covenant.end:
        raise TerminationError(_("The registered letter (%(date)s) must fall within the term of the covenant.")
                               % {"date": formats.long_date(letter_date)})
    period = notice_end(letter_date, covenant.end)
    created = {}

    def on_apply(obj, transition):
        created["t"] = Termination.objects.create(
            covenant=obj, reason=TerminationReason.NOTICE, party=party, letter_date=letter_date,
            notice_starts=period.starts, notice_ends=period.ends, ends_on=period.covenant_ends, remark=remark,
            recorded_by=user,
        )
        obj.end_reason = EndReason.NOTICE

    note = _("Registered letter of %(date)s; notice period %(start)s – %(end)s.") % {
        "date": formats.long_date(letter_date), "start": formats.long_date(period.starts),
        "end": formats.long_date(period.ends)}
    COVENANT_WORKFLOW.apply(covenant, "give_notice", user, note=f"{note} {remark}".strip(), on_apply=on_apply)
    return created["t"]


def terminate(covenant, user, reason: str, decision_date, shortfall=None, remark: str = "") -> Termination:
    """Take ``terminate``: the general interest, or a documented serious shortfall of this covenant."""
    if reason not in (TerminationReason.GENERAL_INTEREST, TerminationReason.SERIOUS_SHORTFALL):
        raise TerminationError(_("Choose the general interest or a serious shortfall as the reason."))
    if decision_date is None:
        raise TerminationError(_("Give the date of the decision."))
    if decision_date < covenant.start:
        raise TerminationError(_("The decision (%(date)s) lies before the start of the term.")
                               % {"date": formats.long_date(decision_date)})
    if reason == TerminationReason.SERIOUS_SHORTFALL:
        if shortfall is None or shortfall.covenant_id != covenant.pk:
            raise TerminationError(_("A termination for a serious shortfall needs the shortfall found in the "
                                     "department's evaluation of this covenant."))
    elif not remark.strip():
        raise TerminationError(_("Describe the exceptional circumstances that make the general interest require it."))
    created = {}

    def on_apply(obj, transition):
        Termination.objects.filter(covenant=obj).delete()  # a notice given before is overtaken
        created["t"] = Termination.objects.create(
            covenant=obj, reason=reason, letter_date=decision_date, ends_on=termination_end(decision_date, obj.end),
            shortfall=shortfall if reason == TerminationReason.SERIOUS_SHORTFALL else None, remark=remark,
            recorded_by=user,
        )
        obj.end_reason = EndReason.SERIOUS_SHORTFALL if shortfall else EndReason.GENERAL_INTEREST

    label = str(TerminationReason(reason).label)
    COVENANT_WORKFLOW.apply(covenant, "terminate", user, note=f"{label}. {remark}".strip(), on_apply=on_apply)
    return created["t"]


def record_shortfall(covenant, user, found_on, description: str, evaluation=None) -> ShortfallFinding:
    """Document a serious shortfall found in the department's evaluation (audited)."""
    from werkbaar.core import audit

    if not description.strip():
        raise TerminationError(_("Describe what falls seriously short."))
    if evaluation is not None and evaluation.report.covenant_id != covenant.pk:
        raise TerminationError(_("That evaluation belongs to another covenant."))
    finding = ShortfallFinding.objects.create(covenant=covenant, evaluation=evaluation, found_on=found_on,
                                              description=description, recorded_by=user)
    audit.record(user, finding, "create", None, {"found_on": found_on, "description": description}, root=covenant)
    return finding
