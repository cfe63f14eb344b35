"""The campaign workflow, declared once: an active campaign can be closed early by its administrators.

A campaign's *phase* (upcoming, open, closed) follows from this status and its dates
(``Campaign.phase``); closing early is the only state change a person makes.
"""

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
    ],
    initial=CampaignStatus.ACTIVE,
    final=frozenset({CampaignStatus.CLOSED}),
)
