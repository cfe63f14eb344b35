"""Navigation entries of the core app (see core.context_processors)."""

from django.utils.translation import gettext_lazy as _

NAV = [
    # (order, label, url name, predicate(user) -> bool)
    (0, _("Home"), "home", lambda user: True),
]
