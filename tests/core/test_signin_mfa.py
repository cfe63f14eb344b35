"""Two-factor authentication: TOTP set-up and sign-in, and the second factor required for approvers."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Werkbaar-1"


@pytest.fixture
def required(settings):
    settings.WERKBAAR_MFA_REQUIRED = True


def sign_in(client, user, password=PASSWORD):
    return client.post("/login/", {"login": user.username, "password": password})


def activate_totp(client) -> str:
    """Set up TOTP through allauth's pages with a code computed from the secret it shows."""
    # Changing the second factor asks for the password again (allauth's reauthentication).
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()  # shown for manual entry next to the QR code
    response = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    return secret


def test_totp_set_up_then_sign_in_needs_the_code_and_refuses_a_wrong_one(make_user, sector_factory):
    user = make_user(Role.CONSULTANT, sector=sector_factory())  # optional for this role
    client = Client()
    assert sign_in(client, user).status_code == 302
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    client.post("/logout/")

    client = Client()
    response = sign_in(client, user)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone does not sign in
    assert client.get("/").context["user"].is_authenticated is False

    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    refused = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    accepted = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert accepted.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.parametrize("role", [Role.ACCOUNT_MANAGER, Role.SECTOR_STAFF])
def test_an_approver_without_a_second_factor_reaches_only_its_setup(required, role, make_user, sector_factory):
    user = make_user(role, sector=sector_factory() if role == Role.SECTOR_STAFF else None)
    client = Client()
    assert sign_in(client, user).status_code == 302
    for path in ["/", "/reporting/", "/covenants/", "/api/v1/docs"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/", path
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200
    assert "tweestapsverificatie" in page.content.decode().lower()  # the message saying why (nl-BE)

    activate_totp(client)
    assert client.get("/").status_code == 200


def test_staff_need_a_second_factor_for_the_admin_too(required, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    client = Client()
    sign_in(client, admin)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"


def test_optional_roles_and_the_development_default_are_not_redirected(settings, required, make_user, company_factory):
    company_admin = make_user(Role.COMPANY_ADMIN, organisation=company_factory())
    client = Client()
    sign_in(client, company_admin)
    assert client.get("/").status_code == 200

    settings.WERKBAAR_MFA_REQUIRED = False
    manager = make_user(Role.ACCOUNT_MANAGER)
    client = Client()
    sign_in(client, manager)
    assert client.get("/").status_code == 200


def test_the_admin_sign_in_cannot_skip_the_second_factor(make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session
