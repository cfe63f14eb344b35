"""Who may log, read and change field work, and who sees which counts (built on ``core.permissions``).

* Consultants and sector staff log contacts for the organisations of their sector(s), read every
  contact of their sector with its note, and change their own contacts (sector staff: all of their
  sector's).
* Notes stay within the sector's working team: :func:`sees_notes` is true for the sector's staff and
  consultants only. The department (account managers, superusers) and the SERV/intersectoral advisers see
  the counts of every sector, the sector's social partners those of their sector; never a note and never
  a contact row.
"""

from django.http import Http404

from werkbaar.core.models import Sector
from werkbaar.core.permissions import readable_sector_ids, reads_cross_sector, sector_ids_for
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


def count_sectors(user):
    """Sectors whose field-work counts the user sees: all for the department and the SERV/intersectoral
    advisers, the own sector(s) for staff, consultants and social partners."""
    if reads_cross_sector(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=readable_sector_ids(user))


def sees_counts(user, sector) -> bool:
    return sector is not None and (reads_cross_sector(user) or sector.pk in readable_sector_ids(user))
