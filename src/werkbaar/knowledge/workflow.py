"""The editor workflow of knowledge items, declared once with ``werkbaar.core.workflow``.

draft → in review → published → archived. An item in review goes back to draft with a note saying
why; a published item can be withdrawn to draft for changes (it is offline until a colleague publishes
it again); an archived item is reopened as a draft, never published straight from the archive. The
owner confirms that a published item is still correct with "mark as reviewed" (a step that keeps the
state and the content). Four eyes: whoever submitted an item for review does not publish it.

``take(item, name, user, note)`` applies a step with its side effects (who submitted, first
publication, last review).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.core.workflow import Transition, Workflow

from .models import Status
from .rules import can_edit_item, may_publish, missing_for_review

ITEM_WORKFLOW = Workflow(
    name="knowledge_item",
    states=dict(Status.choices),
    initial=Status.DRAFT,
    transitions=[
        Transition("submit", (Status.DRAFT,), Status.IN_REVIEW, _("Submit for review"),
                   allowed=lambda user, item: can_edit_item(user, item), check=missing_for_review),
        Transition("return", (Status.IN_REVIEW,), Status.DRAFT, _("Return to draft"),
                   allowed=lambda user, item: can_edit_item(user, item), needs_note=True),
        Transition("publish", (Status.IN_REVIEW,), Status.PUBLISHED, _("Publish"),
                   allowed=may_publish, check=missing_for_review),
        Transition("confirm_review", (Status.PUBLISHED,), Status.PUBLISHED,
                   _("Mark as reviewed (content still correct)"),
                   allowed=lambda user, item: can_edit_item(user, item)),
        Transition("withdraw", (Status.PUBLISHED,), Status.DRAFT, _("Withdraw to draft for changes"),
                   allowed=lambda user, item: can_edit_item(user, item), needs_note=True,
                   confirm=_("The item disappears from the public platform until a colleague publishes it again.")),
        Transition("archive", (Status.PUBLISHED,), Status.ARCHIVED, _("Archive"),
                   allowed=lambda user, item: can_edit_item(user, item),
                   confirm=_("The item disappears from the public platform. You can reopen it as a draft later.")),
        Transition("reopen", (Status.ARCHIVED,), Status.DRAFT, _("Reopen as draft"),
                   allowed=lambda user, item: can_edit_item(user, item)),
    ],
)


def _stamp(user):
    def on_apply(item, t):
        now = timezone.now()
        if t.name == "submit":
            item.submitted_by = user
        if t.name in ("publish", "confirm_review"):
            item.reviewed_at, item.reviewed_by = now, user
        if t.name == "publish" and item.published_at is None:
            item.published_at = now
    return on_apply


def take(item, name: str, user, note: str = ""):
    """Take step ``name`` for ``user`` (checked, locked, audited by ``Workflow.apply``); returns the Transition."""
    return ITEM_WORKFLOW.apply(item, name, user, note=note, on_apply=_stamp(user))
