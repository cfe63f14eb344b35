"""Who must use two-factor authentication, and the middleware that holds them to it.

``mfa_required(user) -> bool``: the roles that approve (the department's account managers approve
reports, evaluations and payments; sector staff submit reports and record covenant approvals) and
staff/superusers (the admin creates users and roles) must have a second factor when
``settings.WERKBAAR_MFA_REQUIRED`` is on. Consultants, company admins and union delegates may add
one. ``RequireMFAMiddleware`` sends such a user without a TOTP app or passkey to the two-factor page
(allauth's ``mfa_index``, with a message saying why) on every request, except the pages needed to set it up or to sign out.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import has_role, is_department
from .roles import Role

#: Roles for which a second factor is required (besides staff and superusers).
APPROVING_ROLES = frozenset({Role.ACCOUNT_MANAGER, Role.SECTOR_STAFF})


def mfa_required(user) -> bool:
    if not getattr(settings, "WERKBAAR_MFA_REQUIRED", False) or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or is_department(user) or has_role(user, *APPROVING_ROLES))


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    ).exists()


def _open_paths() -> tuple[str, ...]:
    """Paths a user without the required second factor may still reach."""
    return (
        reverse("mfa_index"),  # /accounts/2fa/: set up TOTP or a passkey, recovery codes
        reverse("account_reauthenticate"),
        reverse("account_logout"),
        reverse("logout"),
        "/i18n/",
        settings.STATIC_URL,
    )


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and mfa_required(user) and not request.path.startswith(_open_paths())
                and not has_second_factor(user)):
            messages.warning(request, _(
                "Your role requires two-factor authentication. Set up an authenticator app or a passkey "
                "before you continue."))
            return redirect("mfa_index")
        return self.get_response(request)
