"""The roles a user can hold, and what scope each role is tied to.

The department's account managers and the SERV/intersectoral advisers have no scope: the first see
every sector, the second only the cross-sector views and aggregates (``core.permissions.reads_cross_sector``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", _("Department account manager")
    SECTOR_STAFF = "sector_staff", _("Sector staff")
    CONSULTANT = "consultant", _("Sector consultant")
    COMPANY_ADMIN = "company_admin", _("Company administrator")
    UNION_DELEGATE = "union_delegate", _("Union delegate")
    SOCIAL_PARTNER = "social_partner", _("Social partner of the sector")
    SERV_ADVISER = "serv_adviser", _("SERV or intersectoral adviser")


#: Roles whose scope is a sector. Staff and consultants work on the sector's data (and its organisations');
#: social partners read the covenant, its reports and the sector's figures, and get the same notifications.
SECTOR_ROLES = frozenset({Role.SECTOR_STAFF, Role.CONSULTANT, Role.SOCIAL_PARTNER})
#: Sector roles that only read (``core.permissions.can_view_sector``, never ``can_edit_sector``).
SECTOR_READER_ROLES = frozenset({Role.SOCIAL_PARTNER})
#: Roles whose scope is one organisation.
ORGANISATION_ROLES = frozenset({Role.COMPANY_ADMIN, Role.UNION_DELEGATE})
