"""Navigation entry of the fund app: everyone who applies, comments, reviews or manages calls."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import has_role, is_department
from werkbaar.core.roles import Role


def _sees_fund(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        is_department(user) or has_role(user, Role.SECTOR_STAFF, Role.COMPANY_ADMIN, Role.UNION_DELEGATE)
    )


NAV = [(70, _("Workability fund"), "fund:index", _sees_fund)]
