"""Navigation entry of the covenants app: the department and the sector roles (social partners included)."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import is_department, readable_sector_ids

NAV = [
    (10, _("Covenants"), "covenants:list", lambda user: is_department(user) or bool(readable_sector_ids(user))),
    (12, _("Non-discrimination addenda"), "covenants:nondiscrimination", is_department),
]
