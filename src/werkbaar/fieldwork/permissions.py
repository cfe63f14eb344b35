"""Who may log, read and change field work, and who sees which counts (built on ``core.permissions``).

* Consultants and sector staff log contacts for the organisations of their sector(s), read every
  contact of their sector with its note, and change their own contacts (sector staff: all of their
  sector's).
* Notes stay within the sector: :func:`sees_notes` is true for the sector's staff and consultants only.
  The department (account managers, superusers) sees the counts of every sector, never a note and never
  a contact row.
"""

from django.http import Http404

from werkbaar.core.permissions import is_department, sector_ids_for
from werkbaar.core.roles import Role

from .models import Contact


def can_log(user) -> bool:
    return bool(sector_ids_for(user))


def sees_notes(user, sector_id: int | None) -> bool:
    """The contact rows and notes of a sector: its own staff and consultants only (not the department)."""
    return sector_id is not None and sector_id in sector_ids_for(user)


def contacts_for(user):
    """Contacts the user may read row by row (with their notes): those of the user's own sectors."""
    return Contact.objects.filter(sector_id__in=sector_ids_for(user))


def can_edit(user, contact: Contact) -> bool:
    if contact.sector_id in sector_ids_for(user, roles=(Role.SECTOR_STAFF,)):
        return True
    return contact.recorded_by_id == getattr(user, "pk", None) and contact.sector_id in sector_ids_for(user)


def get_contact_for(user, pk, edit: bool = False) -> Contact:
    """The contact, or 404 when the user may not read it (or, with ``edit``, change it)."""
    contact = contacts_for(user).select_related("organisation", "sector").filter(pk=pk).first()
    if contact is None or (edit and not can_edit(user, contact)):
        raise Http404
    return contact


def sees_counts(user, sector) -> bool:
    """The counts of a sector's field work: its own staff and consultants, and the department."""
    return sector is not None and (is_department(user) or sector.pk in sector_ids_for(user))
