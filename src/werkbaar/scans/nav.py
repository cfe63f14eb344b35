"""Navigation entry of the scans app (company admins, union delegates, sector staff, consultants, department)."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import has_role, is_department
from werkbaar.core.roles import Role

NAV = [
    (30, _("Scans"), "scans:campaign_list",
     lambda user: user.is_authenticated and (is_department(user) or has_role(
         user, Role.COMPANY_ADMIN, Role.UNION_DELEGATE, Role.SECTOR_STAFF, Role.CONSULTANT))),
]
