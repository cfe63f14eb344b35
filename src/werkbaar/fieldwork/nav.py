"""Navigation entry of the field-work log: consultants and sector staff (their log), the department (counts)."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import is_department

from .permissions import can_log

NAV = [(35, _("Field work"), "fieldwork:mine", lambda user: getattr(user, "is_authenticated", False)
        and can_log(user)),
       (36, _("Field work by sector"), "fieldwork:overview", lambda user: getattr(user, "is_authenticated", False)
        and is_department(user) and not can_log(user))]
