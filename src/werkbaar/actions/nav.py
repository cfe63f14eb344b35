"""Navigation entries of the actions app (order 50)."""

from django.utils.translation import gettext_lazy as _

from .rules import is_company_user, is_sector_staff

NAV = [
    (50, _("Inspiration menu"), "actions:menu", lambda user: True),
    (51, _("Action plans"), "actions:plans", lambda user: user.is_authenticated and is_company_user(user)),
    (52, _("Sector roll-up"), "actions:rollup", lambda user: user.is_authenticated and is_sector_staff(user)),
]
