"""Passkeys (WebAuthn) in Debian chromium with a virtual authenticator (DevTools protocol).

A user adds a passkey through allauth's page (its JavaScript under the site's CSP), signs out and
signs in again with "Sign in with a passkey" alone.
"""

import pytest
from allauth.mfa.models import Authenticator

from werkbaar.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-Werkbaar-1"


def test_add_a_passkey_then_sign_in_with_it(settings, browser_page, live_server, login, make_user, csp_violations,
                                            axe):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server runs on http://localhost
    user = make_user(Role.CONSULTANT, sector=None)
    page = browser_page
    violations = csp_violations(page)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }})

    login(page, user)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.fill("input[name=password]", PASSWORD)  # allauth asks for the password again first
    page.click("main button[type=submit]")
    page.wait_for_url("**/webauthn/add/")
    assert axe(page) == []
    page.screenshot(path="/tmp/signin-webauthn-add.png", full_page=True)
    page.fill("input[name=name]", "Laptop")
    page.check("input[name=passwordless]")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).count() == 1

    page.context.clear_cookies()  # signed out; the authenticator keeps the passkey
    page.goto(f"{live_server.url}/login/")
    assert axe(page) == []
    page.screenshot(path="/tmp/signin-login.png", full_page=True)
    page.click("#passkey_login")
    page.wait_for_url(f"{live_server.url}/")
    assert f"({user.username})" in page.text_content("header")  # "Sign out (user)"
    assert violations == []
