"""Who may write and review knowledge items (object level, on top of ``werkbaar.core.permissions``).

* Editors are the department (account managers, superusers) and sector staff. The department edits
  every item; sector staff edit the items their own sector owns (``Item.owner_sector``), never the
  department's nor another sector's. Consultants, social partners, companies and union delegates are
  no editors.
* Four eyes: whoever submitted an item for review does not publish it (``may_publish``); an editor who
  changes an item while it is in review counts as its submitter from then on (``note_author``), so the
  last change is always read by someone else before it goes public.
* ``review_due_filter(now, days)``: the published items whose last review (or first publication) is at
  least ``days`` old: the same boundary as ``Item.review_due`` (exactly ``days`` days old is due).
"""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from werkbaar.core import permissions as perm
from werkbaar.core.models import Sector
from werkbaar.core.roles import Role

from .models import Item, Status

EDITOR_ROLES = (Role.SECTOR_STAFF,)
#: States in which the content may be changed (a published item is withdrawn to draft first).
EDITABLE_STATES = frozenset({Status.DRAFT, Status.IN_REVIEW})


def staff_sector_ids(user) -> set[int]:
    return perm.sector_ids_for(user, roles=EDITOR_ROLES)


def is_editor(user) -> bool:
    return perm.is_department(user) or bool(staff_sector_ids(user))


def editable_items(user) -> QuerySet:
    """The items the user may see and change in the editor (none for non-editors)."""
    if perm.is_department(user):
        return Item.objects.all()
    return Item.objects.filter(owner_sector_id__in=staff_sector_ids(user))


def can_edit_item(user, item) -> bool:
    if perm.is_department(user):
        return True
    return item.owner_sector_id is not None and item.owner_sector_id in staff_sector_ids(user)


def may_publish(user, item) -> bool:
    """An editor of the item who did not submit it for review."""
    return can_edit_item(user, item) and (item.submitted_by_id is None or item.submitted_by_id != user.pk)


#: Set only by the workflow (``workflow.take``), never by a form or a restore.
WORKFLOW_FIELDS = ("status", "submitted_by_id", "published_at", "reviewed_at", "reviewed_by_id")


def keep_workflow_fields(item, stored) -> None:
    """Copy the workflow fields of the stored (locked) row onto an item about to be saved from a form."""
    for name in WORKFLOW_FIELDS:
        setattr(item, name, getattr(stored, name))


def note_author(item, user) -> None:
    """Changing an item in review makes the editor its submitter: they no longer publish it themselves."""
    if item.status == Status.IN_REVIEW:
        item.submitted_by = user


def owner_sectors(user) -> QuerySet:
    """Sectors that may own an item the user writes: all (department; empty = the department), or their own."""
    if perm.is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=staff_sector_ids(user))


def possible_owners(user) -> QuerySet:
    """Editors who may own an item the user writes: the department's, and the staff of the user's sectors."""
    from django.db.models import Q

    from werkbaar.core.models import User

    department = Q(is_superuser=True) | Q(memberships__role=Role.ACCOUNT_MANAGER)
    staff = Q(memberships__role=Role.SECTOR_STAFF, memberships__sector__in=owner_sectors(user))
    return User.objects.filter(department | staff, is_active=True).distinct().order_by("username")


def review_cutoff(now: datetime, days: int) -> datetime:
    """A review at or before this moment is due again."""
    return now - timedelta(days=days)


def review_due_filter(now: datetime, days: int) -> Q:
    cutoff = review_cutoff(now, days)
    return Q(status=Status.PUBLISHED) & (
        Q(reviewed_at__lte=cutoff)
        | Q(reviewed_at=None, published_at__lte=cutoff)
        | Q(reviewed_at=None, published_at=None))


def missing_for_review(item) -> list[str]:
    """What an item still lacks before a colleague can review it (empty: ready). Drafts may be incomplete."""
    from django.utils.translation import gettext as _

    from .models import Kind

    problems = []
    if not (item.title_nl or "").strip() or not (item.summary_nl or "").strip():
        problems.append(_("Write the Dutch title and summary."))
    if item.kind == Kind.GOOD_PRACTICE and not ((item.problem_nl or "").strip() and (item.approach_nl or "").strip()):
        problems.append(_("Describe the problem and what they did (in Dutch)."))
    if item.kind == Kind.MEASURE and not item.audiences:
        problems.append(_("Say for whom the measure is."))
    if item.kind == Kind.MEASURE and not (item.how_to_apply_nl or "").strip():
        problems.append(_("Say how to apply (in Dutch)."))
    if item.kind == Kind.LEGISLATION and not item.link:
        problems.append(_("Link to the official text."))
    if item.kind in (Kind.RESEARCH, Kind.TOOL) and not (item.link or (item.body_nl or "").strip()):
        problems.append(_("Give a link or a text."))
    return problems
