"""Invitations with a one-time link (staff invite from the admin), and password reset by e-mail."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from werkbaar.core.models import Membership, User
from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db
NEW = "Een-nieuw-Wachtwoord-42"


def link_in(message) -> str:
    return re.search(r"http://[^\s]+", message.body).group(0).removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def staff_client(make_user):
    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def invite_through_the_admin(staff_client, sector) -> User:
    response = staff_client.post("/admin/core/user/add/", {
        "username": "an.peeters", "email": "an.peeters@example.org", "first_name": "An", "last_name": "Peeters",
        "preferred_language": "", "usable_password": "false", "password1": "", "password2": "",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-role": Role.SECTOR_STAFF, "memberships-0-sector": sector.pk, "memberships-0-organisation": "",
    })
    assert response.status_code == 302, response.content.decode()[-3000:]
    return User.objects.get(username="an.peeters")


def test_staff_invite_and_the_link_sets_the_password_once(staff_client, sector_factory):
    user = invite_through_the_admin(staff_client, sector_factory())
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.SECTOR_STAFF
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an.peeters@example.org"]
    assert "an.peeters" in mail.outbox[0].body
    link = link_in(mail.outbox[0])

    invitee = Client()
    assert invitee.get(link).status_code == 200
    mismatch = invitee.post(link, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert mismatch.status_code == 200 and not User.objects.get(pk=user.pk).has_usable_password()
    assert invitee.post(link, {"new_password1": NEW, "new_password2": NEW})["Location"] == "/login/"
    assert User.objects.get(pk=user.pk).check_password(NEW)
    assert user.emailaddress_set.get().verified  # the link proved the address

    # Used once: the same link no longer works, and cannot reset the password a second time.
    assert Client().get(link).status_code == 410
    assert Client().post(link, {"new_password1": "Other-Pass-99", "new_password2": "Other-Pass-99"}).status_code == 410
    assert User.objects.get(pk=user.pk).check_password(NEW)
    assert Client().post("/login/", {"login": "an.peeters@example.org", "password": NEW}).status_code == 302


def test_the_invitation_link_expires(settings, staff_client, sector_factory):
    settings.WERKBAAR_INVITATION_DAYS = 7
    invite_through_the_admin(staff_client, sector_factory())
    link = link_in(mail.outbox[0])
    with _later(days=6):
        assert Client().get(link).status_code == 200
    with _later(days=8):
        assert Client().get(link).status_code == 410
    assert Client().get(link.replace(link.split("/")[-2], "forged-token")).status_code == 410


def _later(days: int):
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days), tick=False)


def test_the_admin_action_invites_the_selected_users_with_an_address(staff_client, make_user):
    with_email, without = make_user(email="x@example.org"), make_user(email="")
    staff_client.post("/admin/core/user/", {"action": "send_invitation", "_selected_action": [with_email.pk, without.pk]})
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


def _mail_server_down(monkeypatch):
    from smtplib import SMTPServerDisconnected

    def down(*args, **kwargs):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("werkbaar.core.invitations.send_mail", down)


def test_an_unreachable_mail_server_is_reported_and_the_new_account_stays(staff_client, sector_factory,
                                                                         monkeypatch, caplog):
    _mail_server_down(monkeypatch)
    user = invite_through_the_admin(staff_client, sector_factory())  # 302, not a server error
    assert Membership.objects.get(user=user).role == Role.SECTOR_STAFF and mail.outbox == []
    shown = [str(m) for m in staff_client.get("/admin/core/user/").context["messages"]]  # made in nl-be
    assert ("De uitnodiging aan an.peeters@example.org kon niet gemaild worden. Probeer het later opnieuw met de "
            "actie “Uitnodiging e-mailen”.") in shown
    assert not any("uitnodiging verstuurd" in m for m in shown)
    assert "invitation e-mail could not be sent" in caplog.text


def test_the_admin_action_reports_each_invitation_that_could_not_be_sent(staff_client, make_user, monkeypatch):
    _mail_server_down(monkeypatch)
    with_email = make_user(email="x@example.org")
    response = staff_client.post("/admin/core/user/", {"action": "send_invitation", "_selected_action": [with_email.pk]},
                                 follow=True, HTTP_ACCEPT_LANGUAGE="fr")
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["L'invitation à x@example.org n'a pas pu être envoyée par e-mail. Réessayez plus tard avec "
                     "l'action « Envoyer une invitation par e-mail »."]


def test_password_reset_by_email(make_user):
    user = make_user(email="reset.me@example.org")
    client = Client()
    assert client.get("/login/").content.decode().count("/accounts/password/reset/") >= 1
    assert client.post("/accounts/password/reset/", {"email": "reset.me@example.org"}).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reset.me@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": NEW, "password2": NEW})
    assert done.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW)
    # The link worked once.
    assert Client().get(link, follow=True).context["token_fail"] is True
    assert User.objects.get(pk=user.pk).check_password(NEW)


def test_password_reset_for_an_unknown_address_sends_nothing_and_tells_nothing(make_user):
    make_user(email="known@example.org")
    response = Client().post("/accounts/password/reset/", {"email": "unknown@example.org"})
    assert response.status_code == 302  # the same answer as for a known address
    assert all("password/reset/key" not in m.body for m in mail.outbox)
