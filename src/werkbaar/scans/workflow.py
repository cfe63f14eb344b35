"""The campaign workflow, declared once: an active campaign is closed early by its administrators, or
by the system once its closing date has passed.

A campaign's *phase* (upcoming, open, closed) follows from this status and its dates
(``Campaign.phase``); closing early is the only state change a person makes. ``close_due`` has no
user (``werkbaar campaigns --close-due``); both are taken through ``scans.closing``, which also
unlinks the responses from the used codes.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import can_admin_organisation
from werkbaar.core.workflow import Transition, Workflow

from .models import CampaignStatus

CAMPAIGN_WORKFLOW = Workflow(
    name="scan campaign",
    states=dict(CampaignStatus.choices),
    transitions=[
        Transition(
            "close", (CampaignStatus.ACTIVE,), CampaignStatus.CLOSED, _("Close early"),
            allowed=lambda user, campaign: can_admin_organisation(user, campaign.organisation),
            confirm=_("Workers who have not answered yet can no longer answer."),
        ),
        Transition(
            "close_due", (CampaignStatus.ACTIVE,), CampaignStatus.CLOSED, _("Close after the closing date"),
            allowed=lambda user, campaign: user is None,
            check=lambda campaign: [] if campaign.closes_on < timezone.localdate()
            else [_("The closing date has not passed yet.")],
        ),
    ],
    initial=CampaignStatus.ACTIVE,
    final=frozenset({CampaignStatus.CLOSED}),
)
