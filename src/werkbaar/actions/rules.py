"""Who may do what in the actions app (object level), on top of ``werkbaar.core.permissions``.

Menu:
* everyone (also anonymous) browses the public actions;
* an action with visibility "sector" is seen only by that sector's staff and consultants, the
  sector's companies (admins and delegates) and the department;
* sector staff add and edit their own sector's actions; the department (account managers) and
  superusers curate the shared menu and every sector's actions.

Plans:
* company admins of the organisation, sector staff of its sector and the department edit;
* union delegates of the organisation (and sector consultants) read and comment, never edit;
* nobody else sees the plan (404).
"""

from django.db.models import Q

from werkbaar.core import permissions as perm
from werkbaar.core.models import Organisation
from werkbaar.core.roles import Role

from .models import Action


def visible_actions(user):
    """Active menu actions the user may see."""
    qs = Action.objects.filter(active=True)
    public = Q(visibility=Action.Visibility.PUBLIC)
    if perm.is_department(user):
        return qs
    sector_ids = perm.sector_ids_for(user)
    org_sector_ids = set(
        Organisation.objects.filter(pk__in=perm.organisation_ids_for(user)).values_list("sector_id", flat=True)
    )
    return qs.filter(public | Q(sector_id__in=sector_ids | org_sector_ids))


def can_view_action(user, action: Action) -> bool:
    return visible_actions(user).filter(pk=action.pk).exists() or can_edit_action(user, action)


def can_add_actions(user) -> bool:
    return perm.is_department(user) or bool(perm.sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def editable_sectors(user):
    """Sectors for which the user may add actions (all for the department)."""
    from werkbaar.core.models import Sector

    if perm.is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=perm.sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def can_edit_action(user, action: Action) -> bool:
    if perm.is_department(user):
        return True
    if action.sector_id is None:
        return False
    return action.sector_id in perm.sector_ids_for(user, roles=(Role.SECTOR_STAFF,))


# -- plans ------------------------------------------------------------------------------------------


def can_view_plan(user, plan) -> bool:
    return perm.can_view_organisation(user, plan.organisation)


def can_edit_plan(user, plan) -> bool:
    return perm.can_admin_organisation(user, plan.organisation)


def can_comment_plan(user, plan) -> bool:
    return can_view_plan(user, plan)


def can_create_plan(user, organisation) -> bool:
    return perm.can_admin_organisation(user, organisation)


def plan_organisations(user):
    """Companies whose plans the user may see."""
    return perm.organisations_for(user).filter(kind="company")


def is_company_user(user) -> bool:
    return perm.has_role(user, Role.COMPANY_ADMIN, Role.UNION_DELEGATE) or perm.is_department(user) or bool(
        perm.sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def is_sector_staff(user) -> bool:
    return perm.is_department(user) or bool(perm.sector_ids_for(user, roles=(Role.SECTOR_STAFF, Role.CONSULTANT)))
