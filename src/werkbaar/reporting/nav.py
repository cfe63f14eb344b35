"""Navigation entries of the reporting app."""

from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import is_department, readable_sector_ids

NAV = [
    (20, _("Reports"), "reporting:report_list", lambda user: bool(readable_sector_ids(user))),
    (20, _("Portfolio"), "reporting:portfolio", is_department),
]
