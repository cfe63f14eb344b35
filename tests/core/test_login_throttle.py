"""Password guessing: accounts and clients are locked out (django-axes) before any hash is computed."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db
RIGHT = "pw-Werkbaar-1"


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return 5


def sign_in(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


@pytest.fixture
def hashes(monkeypatch):
    """Counts password hashes computed (verify and the dummy hash for unknown users)."""
    calls = []
    for name in ("verify", "encode"):
        original = getattr(MD5PasswordHasher, name)
        monkeypatch.setattr(MD5PasswordHasher, name,
                            lambda self, *a, _o=original, **k: calls.append(1) or _o(self, *a, **k))
    return calls


def test_wrong_passwords_then_the_right_one_is_refused_without_hashing(limit, make_user, hashes):
    user = make_user()
    attacker = Client(REMOTE_ADDR="203.0.113.30")
    for _ in range(limit - 1):
        assert sign_in(attacker, user.username, "guess").status_code == 200  # the form again
    assert sign_in(attacker, user.username, "guess").status_code == 429  # the limit is reached
    hashes.clear()
    locked = sign_in(attacker, user.username, RIGHT)
    assert locked.status_code == 429
    assert "Te veel mislukte aanmeldpogingen" in locked.content.decode()
    assert hashes == []  # refused before the password hash was computed
    assert "_auth_user_id" not in attacker.session
    # Per account: the right password from another address is refused as well (for the cool-off).
    assert sign_in(Client(REMOTE_ADDR="198.51.100.30"), user.username, RIGHT).status_code == 429


def test_one_client_guessing_many_accounts_is_throttled_per_client(limit, make_user):
    users = [make_user() for _ in range(limit + 1)]
    attacker = Client(REMOTE_ADDR="203.0.113.31")
    for user in users[:limit]:
        sign_in(attacker, user.username, "guess")  # one wrong password per account
    assert sign_in(attacker, users[limit].username, RIGHT).status_code == 429
    colleague = Client(REMOTE_ADDR="198.51.100.31")
    assert sign_in(colleague, users[limit].username, RIGHT).status_code == 302


def test_staff_unlock_with_the_admin_action_and_the_command(limit, make_user):
    user = make_user()
    for _ in range(limit):
        sign_in(Client(REMOTE_ADDR="203.0.113.32"), user.username, "guess")
    assert sign_in(Client(REMOTE_ADDR="198.51.100.32"), user.username, RIGHT).status_code == 429

    admin = make_user(is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(admin)
    response = staff.post("/admin/core/user/", {"action": "unlock_sign_in", "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert sign_in(Client(REMOTE_ADDR="198.51.100.32"), user.username, RIGHT).status_code == 302

    for _ in range(limit):
        sign_in(Client(REMOTE_ADDR="203.0.113.33"), user.username, "guess")
    assert sign_in(Client(REMOTE_ADDR="198.51.100.33"), user.username, RIGHT).status_code == 429
    call_command("axes_reset_username", user.username)
    assert sign_in(Client(REMOTE_ADDR="198.51.100.33"), user.username, RIGHT).status_code == 302
