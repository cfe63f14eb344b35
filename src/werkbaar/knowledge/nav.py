"""Navigation entries of the knowledge platform (order 55): the public platform, for everyone."""

from django.utils.translation import gettext_lazy as _

NAV = [
    (55, _("Knowledge platform"), "knowledge:index", lambda user: True),
]
