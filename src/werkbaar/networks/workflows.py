"""Workflows of the networks app, declared once as data (see ``werkbaar.core.workflow``).

- ``NETWORK``: preparing (intake) -> running -> closed (reopen back to running).
- ``IDEA``: open -> commitment | menu_proposal | policy | set_aside; set_aside -> open.
  The outcome records (Commitment, MenuProposal, PolicyRecommendation) are created in the same
  transaction by ``services``.
- ``MENU_PROPOSAL``: proposed -> accepted | declined, taken by the curators (the department).
"""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import is_department
from werkbaar.core.workflow import Transition, Workflow

from .models import Idea, MenuProposal, Network
from .permissions import can_manage


def _manager(user, obj) -> bool:
    network = obj if isinstance(obj, Network) else obj.network
    return can_manage(user, network)


NETWORK = Workflow(
    name="network",
    states=dict(Network.Status.choices),
    initial=Network.Status.PREPARING,
    final=frozenset({Network.Status.CLOSED}),
    transitions=[
        Transition("start", (Network.Status.PREPARING,), Network.Status.RUNNING, _("Start the network"), _manager),
        Transition(
            "close", (Network.Status.RUNNING,), Network.Status.CLOSED, _("Close the network"), _manager,
            confirm=_("Closing ends the network; participants can still fill in the evaluation."),
        ),
        Transition("reopen", (Network.Status.CLOSED,), Network.Status.RUNNING, _("Reopen"), _manager),
    ],
)

IDEA = Workflow(
    name="idea",
    states=dict(Idea.Status.choices),
    initial=Idea.Status.OPEN,
    transitions=[
        Transition("commit", (Idea.Status.OPEN,), Idea.Status.COMMITMENT, _("Turn into a commitment"), _manager),
        Transition(
            "propose_for_menu", (Idea.Status.OPEN,), Idea.Status.MENU_PROPOSAL,
            _("Propose for the inspiration menu"), _manager,
        ),
        Transition(
            "recommend_policy", (Idea.Status.OPEN,), Idea.Status.POLICY, _("Make a policy recommendation"), _manager
        ),
        Transition("set_aside", (Idea.Status.OPEN,), Idea.Status.SET_ASIDE, _("Set aside"), _manager),
        Transition("reopen", (Idea.Status.SET_ASIDE,), Idea.Status.OPEN, _("Put back on the board"), _manager),
    ],
)

#: Which outcome form belongs to which idea transition.
OUTCOME_TRANSITIONS = {"commitment": "commit", "menu": "propose_for_menu", "policy": "recommend_policy"}

MENU_PROPOSAL = Workflow(
    name="menu_proposal",
    states=dict(MenuProposal.Status.choices),
    initial=MenuProposal.Status.PROPOSED,
    transitions=[
        Transition(
            "accept", (MenuProposal.Status.PROPOSED,), MenuProposal.Status.ACCEPTED, _("Accept into the menu"),
            lambda user, obj: is_department(user),
        ),
        Transition(
            "decline", (MenuProposal.Status.PROPOSED,), MenuProposal.Status.DECLINED, _("Decline"),
            lambda user, obj: is_department(user), needs_note=True,
        ),
    ],
)
