"""Navigation entries of the core app (see core.context_processors)."""

from django.utils.translation import gettext_lazy as _

NAV = [
    # (order, label, url name, predicate(user) -> bool)
    (0, _("Home"), "home", lambda user: True),
    # Two-factor authentication (TOTP, passkeys, recovery codes) and the password: allauth's pages.
    (90, _("Sign-in security"), "mfa_index", lambda user: user.is_authenticated),
]
