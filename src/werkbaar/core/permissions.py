"""Object-level permissions: who may see and change which sector's and organisation's data.

The department's account managers see every sector. Sector staff and consultants see their own
sector(s) and the organisations in them. Social partners of a sector read its covenant, reports and
figures (``can_view_sector``, ``readable_sectors``) but change nothing and see no organisation's own
data. SERV/intersectoral advisers read the cross-sector views and aggregates only
(``reads_cross_sector``). Company admins and union delegates see only their own organisation.
Superusers see everything.
"""

from django.db.models import QuerySet

from .models import Membership, Organisation, Sector
from .roles import SECTOR_READER_ROLES, Role


def _memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_werkbaar_memberships", None)
    if cached is None:
        cached = list(user.memberships.all())
        user._werkbaar_memberships = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return any(m.role in roles for m in _memberships(user))


def is_department(user) -> bool:
    """Account managers of the department (and superusers) see all sectors."""
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ACCOUNT_MANAGER)


def sector_ids_for(user, roles=(Role.SECTOR_STAFF, Role.CONSULTANT)) -> set[int]:
    return {m.sector_id for m in _memberships(user) if m.role in roles and m.sector_id}


def sectors_for(user) -> QuerySet:
    """Sectors whose data the user may see (as department or as sector staff/consultant)."""
    if is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=sector_ids_for(user))


def readable_sector_ids(user) -> set[int]:
    """Sectors whose covenant, reports and figures the user reads: staff, consultants and social partners."""
    return sector_ids_for(user, roles=(Role.SECTOR_STAFF, Role.CONSULTANT, *SECTOR_READER_ROLES))


def readable_sectors(user) -> QuerySet:
    """Sectors whose covenant and reports the user may read (all for the department)."""
    if is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=readable_sector_ids(user))


def can_view_sector(user, sector) -> bool:
    """Read the sector's covenant, reports and figures (social partners included; see ``can_edit_sector``)."""
    return sector is not None and (is_department(user) or sector.pk in readable_sector_ids(user))


def is_social_partner_of(user, sector) -> bool:
    return sector is not None and sector.pk in sector_ids_for(user, roles=tuple(SECTOR_READER_ROLES))


def reads_cross_sector(user) -> bool:
    """The cross-sector views and aggregates: the department and the SERV/intersectoral advisers."""
    return is_department(user) or has_role(user, Role.SERV_ADVISER)


def can_edit_sector(user, sector) -> bool:
    """Sector staff and consultants edit their sector's covenant data; the department edits all."""
    return sector is not None and (is_department(user) or sector.pk in sector_ids_for(user))


def organisation_ids_for(user, roles=(Role.COMPANY_ADMIN, Role.UNION_DELEGATE)) -> set[int]:
    return {m.organisation_id for m in _memberships(user) if m.role in roles and m.organisation_id}


def organisations_for(user) -> QuerySet:
    """Organisations the user may see: all (department), the sector's (sector roles), or their own."""
    if is_department(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=organisation_ids_for(user)) | Organisation.objects.filter(
        sector_id__in=sector_ids_for(user)
    )


def can_view_organisation(user, organisation) -> bool:
    if organisation is None:
        return False
    return (
        is_department(user)
        or organisation.pk in organisation_ids_for(user)
        or organisation.sector_id in sector_ids_for(user)
    )


def can_admin_organisation(user, organisation) -> bool:
    """Company admins of the organisation, sector staff of its sector, and the department."""
    if organisation is None:
        return False
    return (
        is_department(user)
        or organisation.pk in organisation_ids_for(user, roles=(Role.COMPANY_ADMIN,))
        or organisation.sector_id in sector_ids_for(user, roles=(Role.SECTOR_STAFF,))
    )


def is_delegate_of(user, organisation) -> bool:
    return organisation is not None and organisation.pk in organisation_ids_for(user, roles=(Role.UNION_DELEGATE,))


def is_company_member(user, organisation) -> bool:
    """Company admin or union delegate of this very organisation."""
    return organisation is not None and organisation.pk in organisation_ids_for(user)


def can_export_organisation(user, organisation) -> bool:
    """The export of all an organisation's data: its company admins and the department."""
    return organisation is not None and (
        is_department(user) or organisation.pk in organisation_ids_for(user, roles=(Role.COMPANY_ADMIN,))
    )


def can_erase_organisation(user, organisation) -> bool:
    """Erasing an organisation's data after its retention period: the department only."""
    return organisation is not None and is_department(user)


def can_manage_money(user, sector) -> bool:
    """The grant's money and a covenant's termination (advances, effort assessments, shortfalls, notice):
    the department only. Sector staff and consultants read them on their own covenant."""
    return sector is not None and is_department(user)


def can_manage_bank_account(user, organisation) -> bool:
    """See and change an organisation's bank account: its own company admins (for a sector fund: the
    sector's staff) and the department. Nobody else, not even the sector staff of a company's sector."""
    if organisation is None:
        return False
    if is_department(user) or organisation.pk in organisation_ids_for(user, roles=(Role.COMPANY_ADMIN,)):
        return True
    return organisation.kind == Organisation.Kind.SECTOR_FUND and organisation.sector_id in sector_ids_for(
        user, roles=(Role.SECTOR_STAFF,))


def sectors_for_new_organisations(user) -> QuerySet:
    """Sectors in which the user may add an organisation: all (department), their own (sector staff)."""
    if is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))
