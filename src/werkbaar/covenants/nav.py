"""Navigation entry of the covenants app: the department and the sector roles."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import is_department, sector_ids_for

NAV = [
    (10, _("Covenants"), "covenants:list", lambda user: is_department(user) or bool(sector_ids_for(user))),
    (12, _("Non-discrimination addenda"), "covenants:nondiscrimination", is_department),
]
