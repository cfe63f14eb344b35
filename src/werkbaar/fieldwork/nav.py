"""Navigation entry of the field-work log: consultants and sector staff (their log), the department (counts)."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import reads_cross_sector

from .people import invitable_roles
from .permissions import can_log

NAV = [(35, _("Field work"), "fieldwork:mine", lambda user: getattr(user, "is_authenticated", False)
        and can_log(user)),
       (36, _("Field work by sector"), "fieldwork:overview", lambda user: getattr(user, "is_authenticated", False)
        and reads_cross_sector(user) and not can_log(user)),
       (37, _("Cross-sector views"), "fieldwork:cross_workability", reads_cross_sector),
       (85, _("Social partners"), "fieldwork:members", lambda user: getattr(user, "is_authenticated", False)
        and bool(invitable_roles(user)))]
