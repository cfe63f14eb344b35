"""Single sign-on with OpenID Connect against a small identity provider mocked in the test.

The provider's discovery document, token, JWKS and userinfo endpoints are answered by `responses`;
the id_token is a JWT signed with an RSA key generated here. A first sign-in is matched to the invited
account by its verified e-mail address; an unknown or unverified address is refused without an account.
"""

import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from werkbaar.core.models import User
from werkbaar.core.oidc import providers_from_env

pytestmark = pytest.mark.django_db
ISSUER = "https://idp.example.test/realms/vlaanderen"
ENV = {"OIDC_VLAANDEREN_ISSUER": ISSUER, "OIDC_VLAANDEREN_CLIENT_ID": "werkbaar",
       "OIDC_VLAANDEREN_CLIENT_SECRET": "s3cret", "OIDC_VLAANDEREN_LABEL": "Vlaamse overheid"}


@pytest.fixture
def provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": providers_from_env(ENV)}}
    return "vlaanderen"


class IdentityProvider:
    """Answers discovery, token, JWKS and userinfo for one sign-in of ``claims``."""

    def __init__(self, mock: responses.RequestsMock):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.mock, self.claims, self.nonce = mock, {}, None
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        mock.get(f"{ISSUER}/.well-known/openid-configuration", json={
            "issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/auth", "token_endpoint": f"{ISSUER}/token",
            "userinfo_endpoint": f"{ISSUER}/userinfo", "jwks_uri": f"{ISSUER}/certs",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        })
        mock.get(f"{ISSUER}/certs", json={"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
        mock.add_callback(responses.POST, f"{ISSUER}/token", callback=self._token)
        mock.add_callback(responses.GET, f"{ISSUER}/userinfo", callback=lambda r: (200, {}, json.dumps(self.claims)))

    def _token(self, request):
        now = int(time.time())
        nonce = {"nonce": self.nonce} if self.nonce else {}
        id_token = jwt.encode({**self.claims, "iss": ISSUER, "aud": "werkbaar", "iat": now, "exp": now + 300,
                               **nonce}, self.key, algorithm="RS256", headers={"kid": "k1"})
        return 200, {}, json.dumps({"access_token": "at", "token_type": "Bearer", "id_token": id_token})

    def sign_in(self, client, provider_id, **claims):
        """Press the provider's button, 'sign in' at the provider, follow the callback."""
        self.claims = {"sub": "subject-" + claims.get("email", "x").lower(), **claims}
        start = client.post(f"/accounts/oidc/{provider_id}/login/")
        assert start.status_code == 302 and start["Location"].startswith(f"{ISSUER}/auth")
        query = parse_qs(urlparse(start["Location"]).query)
        assert query["code_challenge_method"] == ["S256"]  # PKCE
        self.nonce = query.get("nonce", [None])[0]  # allauth relies on state and PKCE; no nonce
        return client.get(f"/accounts/oidc/{provider_id}/login/callback/", {"code": "c0de", "state": query["state"][0]})


@pytest.fixture
def idp():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield IdentityProvider(mock)


def test_the_sign_in_page_shows_the_configured_provider(provider):
    page = Client().get("/login/").content.decode()
    assert "Vlaamse overheid" in page and f"/accounts/oidc/{provider}/login/" in page


def test_first_sign_in_is_matched_to_the_invited_account_by_verified_email(provider, idp, make_user):
    invited = make_user(email="An.Peeters@vlaanderen.be")
    client = Client()
    response = idp.sign_in(client, provider, email="an.peeters@vlaanderen.be", email_verified=True)
    assert response.status_code == 302, response.content.decode()[:500]
    assert int(client.session["_auth_user_id"]) == invited.pk
    assert SocialAccount.objects.get(provider=provider).user == invited
    # The next time the subject alone is enough (a changed e-mail at the provider does not matter).
    again = Client()
    idp.sign_in(again, provider, sub="subject-an.peeters@vlaanderen.be", email="a.peeters@vlaanderen.be",
                email_verified=False)
    assert int(again.session["_auth_user_id"]) == invited.pk
    assert User.objects.count() == 1


def test_an_unknown_email_is_refused_with_a_clear_message_and_no_account(provider, idp, make_user):
    make_user(email="someone@vlaanderen.be")
    client = Client()
    response = idp.sign_in(client, provider, email="stranger@vlaanderen.be", email_verified=True)
    assert response.status_code == 403
    assert "stranger@vlaanderen.be" in response.content.decode()
    assert "uit te nodigen" in response.content.decode()  # ask to be invited (nl-BE)
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 1 and not SocialAccount.objects.exists()


def test_an_unverified_email_is_not_matched(provider, idp, make_user):
    make_user(email="an.peeters@vlaanderen.be")
    client = Client()
    response = idp.sign_in(client, provider, email="an.peeters@vlaanderen.be", email_verified=False)
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_providers_from_the_environment():
    apps = providers_from_env({"OIDC_PROVIDERS": json.dumps([{"id": "sector-x", "name": "Sector X",
                                                              "issuer": "https://sso.x.be/", "client_id": "c",
                                                              "client_secret": "s"}]), **ENV})
    assert [(a["provider_id"], a["name"], a["settings"]["server_url"]) for a in apps] == [
        ("sector-x", "Sector X", "https://sso.x.be"), ("vlaanderen", "Vlaamse overheid", ISSUER)]
    with pytest.raises(ImproperlyConfigured):
        providers_from_env({"OIDC_X_ISSUER": "https://sso.x.be"})  # no client id
    with pytest.raises(ImproperlyConfigured):
        providers_from_env({"OIDC_PROVIDERS": "{not json"})
