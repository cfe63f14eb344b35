"""Sign-in through django-allauth: the login form, the account and single sign-on adapters.

* ``SignInForm``: allauth's login form (username or e-mail address and password). It keeps the
  input's old id ``id_username`` and accepts the old POST field ``username`` so that bookmarked
  scripts and the browser tests of every app keep working.
* ``AccountAdapter``: nobody signs up; staff invite users (``werkbaar.core.invitations``).
* ``SocialAccountAdapter``: a first sign-in through an OpenID Connect provider is matched to the
  existing (invited) active account with the same e-mail address, only when the provider says the
  address is verified. An unknown or unverified address gets a page saying so; no account is made.
* ``axes_username``: the account name django-axes counts failed sign-ins for.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .models import User


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        data = kwargs.get("data")
        if data is not None and "login" not in data and "username" in data:
            data = data.copy()
            data["login"] = data["username"]
            kwargs["data"] = data
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Username or e-mail address")
        field.widget.attrs.update({"id": "id_username", "autocomplete": "username", "placeholder": ""})
        self.fields["password"].widget.attrs["placeholder"] = ""


def axes_username(request, credentials=None) -> str | None:
    """allauth authenticates with ``username`` (and ``email``) credentials; its form posts ``login``."""
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        if credentials.get(key):
            return credentials[key]
    data = getattr(request, "POST", {}) or {}
    return data.get("login") or data.get("username")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


def invited_user_for(emails) -> User | None:
    """The one active account whose e-mail address is among the provider's verified ``emails``."""
    matches = {u.pk: u for email in emails for u in User.objects.filter(email__iexact=email, is_active=True)}
    return next(iter(matches.values())) if len(matches) == 1 else None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            return
        addresses = sociallogin.email_addresses
        verified = [a.email for a in addresses if a.verified]
        user = invited_user_for(verified)
        if user is None:
            context = {"email": ", ".join(a.email for a in addresses), "unverified": bool(addresses) and not verified}
            raise ImmediateHttpResponse(render(request, "core/sso_refused.html", context, status=403))
        sociallogin.connect(request, user)
