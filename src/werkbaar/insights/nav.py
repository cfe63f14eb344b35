"""Navigation entries of the insights app: company reports and the sector view."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import is_department, organisation_ids_for, sector_ids_for
from werkbaar.core.roles import Role


def _company_member(user) -> bool:
    return bool(organisation_ids_for(user))


def _sector_viewer(user) -> bool:
    return is_department(user) or bool(sector_ids_for(user, roles=(Role.SECTOR_STAFF, Role.SOCIAL_PARTNER)))


NAV = [
    (40, _("Reports"), "insights:reports", _company_member),
    (41, _("Sector view"), "insights:sectors", _sector_viewer),
]
