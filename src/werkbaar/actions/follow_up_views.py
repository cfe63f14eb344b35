"""The follow-up scan of an action plan: what the plan page offers, and creating one from it.

"Evaluate with the follow-up scan" is offered only once a follow-up campaign is linked. Until then
the plan page offers to link a later campaign of the company (the plan's edit form) or to create
one shaped like the plan's first scan (``scans.follow_up.create_follow_up``), for those who may run
campaigns for the company.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkbaar.core import audit
from werkbaar.core import permissions as perm

from . import rules
from .models import ActionPlan


def follow_up_candidates(plan):
    """Campaigns of the plan's organisation that could be its follow-up (later than its first scan)."""
    from werkbaar.scans.models import Campaign

    qs = Campaign.objects.filter(organisation=plan.organisation)
    if plan.campaign_id:
        qs = qs.exclude(pk=plan.campaign_id).filter(opens_on__gt=plan.campaign.opens_on)
    return qs


def follow_up_offer(user, plan, transitions) -> dict:
    """The plan page's next steps: ``transitions`` without "evaluate" while no follow-up is linked,
    and what to offer instead (``needs_follow_up``, ``follow_up_candidates``, ``can_create_follow_up``)."""
    needs = plan.follow_up_campaign_id is None and any(t.name == "evaluate" for t in transitions)
    return {
        "transitions": [t for t in transitions if not (needs and t.name == "evaluate")],
        "needs_follow_up": needs,
        "follow_up_candidates": needs and follow_up_candidates(plan).exists(),
        "can_create_follow_up": needs and perm.can_admin_organisation(user, plan.organisation),
    }


@login_required
@require_POST
def plan_follow_up_create(request, pk):
    """Create the follow-up scan like the plan's first scan, link it, and open it for its dates and codes.

    The plan row is locked while linking, so a double click or two colleagues make one campaign.
    """
    from werkbaar.scans.follow_up import create_follow_up

    plan = get_object_or_404(ActionPlan.objects.select_related("organisation", "campaign"), pk=pk)
    if not rules.can_view_plan(request.user, plan):
        raise Http404
    if not rules.can_edit_plan(request.user, plan) or not perm.can_admin_organisation(request.user, plan.organisation):
        raise PermissionDenied
    with transaction.atomic():
        locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.follow_up_campaign_id:
            messages.error(request, _("This plan already has a follow-up campaign."))
            return redirect(plan)
        before = audit.snapshot(locked)
        try:
            campaign = create_follow_up(plan.organisation, request.user, like=plan.campaign)
        except ValidationError as exc:  # e.g. the first scan's instrument no longer loads
            messages.error(request, " ".join(exc.messages))
            return redirect(plan)
        locked.follow_up_campaign = campaign
        locked.save(update_fields=["follow_up_campaign"])
        audit.record(request.user, locked, "update", before, audit.snapshot(locked))
    messages.success(request, _("The follow-up campaign was created and linked to the plan. Check its dates, "
                                "then make access codes."))
    return redirect("scans:campaign_edit", pk=campaign.pk)
