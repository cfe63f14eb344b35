"""Navigation entries of the knowledge platform (order 80-83, before the account menu): the public platform and WerkWijzer for
everyone, the group sessions of WerkWijzer for those who may lead one (grouped in core.nav.GROUPS)."""

from django.utils.translation import gettext_lazy as _


def _is_editor(user) -> bool:
    from .rules import is_editor

    return is_editor(user)


def _may_facilitate(user) -> bool:
    from .werkwijzer.facilitator_sessions import may_facilitate

    return may_facilitate(user)


NAV = [
    (80, _("Knowledge platform"), "knowledge:index", lambda user: True),
    (81, _("Knowledge editor"), "knowledge:editor", _is_editor),
    (82, _("WerkWijzer: re-integration"), "werkwijzer:cases", lambda user: True),
    (83, _("WerkWijzer in a group"), "werkwijzer:sessions", _may_facilitate),
]
