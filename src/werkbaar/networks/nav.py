"""Navigation entry of the networks app: sector roles, the department, company admins and delegates."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import has_role, is_department
from werkbaar.core.roles import Role


def _sees_networks(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        is_department(user)
        or has_role(user, Role.SECTOR_STAFF, Role.CONSULTANT, Role.COMPANY_ADMIN, Role.UNION_DELEGATE)
    )


NAV = [(60, _("Learning networks"), "networks:list", _sees_networks)]
