"""Navigation entries of the privacy app: everyone's own account; organisation data for company admins
and the department."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import has_role, is_department
from werkbaar.core.roles import Role

NAV = [
    (90, _("Organisation data"), "privacy:organisations",
     lambda user: user.is_authenticated and (is_department(user) or has_role(user, Role.COMPANY_ADMIN))),
    (95, _("My account"), "privacy:account", lambda user: user.is_authenticated),
]
