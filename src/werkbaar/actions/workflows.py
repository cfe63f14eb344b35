"""The action-plan workflow, declared once with ``werkbaar.core.workflow``.

draft → discussed → approved (in social dialogue) → in progress → evaluated; a discussed plan can
go back to draft for changes. Only users who may edit the plan take steps (never union delegates).
"""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.workflow import Transition, Workflow

from .models import DialogueMeeting, PlanStatus
from .rules import can_edit_plan


def _needs_meeting(plan) -> list[str]:
    if not plan.meetings.exists():
        return [_("Record the meeting of the social dialogue first.")]
    if not plan.items.exists():
        return [_("Add at least one action first.")]
    return []


def _needs_approval(plan) -> list[str]:
    if not plan.meetings.filter(decision=DialogueMeeting.Decision.APPROVED).exists():
        return [_("Record a meeting of the social dialogue that approved the plan first.")]
    return []


def _needs_follow_up(plan) -> list[str]:
    campaign = plan.follow_up_campaign
    if campaign is None:
        return [_("Link a follow-up campaign first.")]
    if not campaign.is_closed:
        return [_("The follow-up campaign is not closed yet.")]
    return []


PLAN_WORKFLOW = Workflow(
    name="action_plan",
    states=dict(PlanStatus.choices),
    initial=PlanStatus.DRAFT,
    final=frozenset({PlanStatus.EVALUATED}),
    transitions=[
        Transition("discuss", (PlanStatus.DRAFT,), PlanStatus.DISCUSSED, _("Mark as discussed in social dialogue"),
                   allowed=lambda user, plan: can_edit_plan(user, plan), check=_needs_meeting),
        Transition("revise", (PlanStatus.DISCUSSED,), PlanStatus.DRAFT, _("Back to draft for changes"),
                   allowed=lambda user, plan: can_edit_plan(user, plan)),
        Transition("approve", (PlanStatus.DISCUSSED,), PlanStatus.APPROVED, _("Approved in social dialogue"),
                   allowed=lambda user, plan: can_edit_plan(user, plan), check=_needs_approval),
        Transition("start", (PlanStatus.APPROVED,), PlanStatus.IN_PROGRESS, _("Start the plan"),
                   allowed=lambda user, plan: can_edit_plan(user, plan)),
        Transition("evaluate", (PlanStatus.IN_PROGRESS,), PlanStatus.EVALUATED, _("Evaluate with the follow-up scan"),
                   allowed=lambda user, plan: can_edit_plan(user, plan), check=_needs_follow_up),
    ],
)
