"""Invitations: staff create an account without a password and send a one-time link to set it.

``invite(user)`` sends the e-mail (Django's ``send_mail``, synchronously; it may become a
background task once django-tasks lands). The link carries a token from ``InvitationTokenGenerator``:
it is signed with the secret key, expires after ``WERKBAAR_INVITATION_DAYS`` days, and works once,
because it is bound to the password hash (which changes when the invitee sets a password) and to
the last sign-in. ``accept(user, password)`` sets the password and records the e-mail address as
verified (the invitee has just proven it); the view in ``core.views`` checks the token first.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token with its own salt and lifetime (the reset link's is shorter)."""

    key_salt = "werkbaar.core.invitations.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except (ValueError, AttributeError):
            return False
        signed = any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        age = self._num_seconds(self._now()) - timestamp
        return signed and 0 <= age <= settings.WERKBAAR_INVITATION_DAYS * 24 * 3600


def invitation_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accept_invitation", args=[uid, InvitationTokenGenerator().make_token(user)])


def user_for_link(uidb64: str, token: str) -> User | None:
    """The invited user if the link is valid, unused and not expired; otherwise None."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if InvitationTokenGenerator().check_token(user, token) else None


def invite(user: User, invited_by: User | None = None) -> None:
    """Send the invitation e-mail in the invitee's language (or the site's default)."""
    if not user.email:
        raise ValueError("An invitation needs an e-mail address.")
    context = {
        "user": user, "invited_by": invited_by, "url": settings.SITE_URL + invitation_path(user),
        "days": settings.WERKBAAR_INVITATION_DAYS,
    }
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("core/email/invitation_subject.txt", context).strip()
        body = render_to_string("core/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def accept(user: User, password: str) -> None:
    from allauth.account.models import EmailAddress

    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
    )
