"""The roles a user can hold, and what scope each role is tied to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", _("Department account manager")
    SECTOR_STAFF = "sector_staff", _("Sector staff")
    CONSULTANT = "consultant", _("Sector consultant")
    COMPANY_ADMIN = "company_admin", _("Company administrator")
    UNION_DELEGATE = "union_delegate", _("Union delegate")


#: Roles whose scope is a sector (and every organisation of that sector).
SECTOR_ROLES = frozenset({Role.SECTOR_STAFF, Role.CONSULTANT})
#: Roles whose scope is one organisation.
ORGANISATION_ROLES = frozenset({Role.COMPANY_ADMIN, Role.UNION_DELEGATE})
