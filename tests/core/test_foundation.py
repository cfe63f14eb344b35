import subprocess
import sys

import pytest
from django.core.management import call_command

from werkbaar.core.models import JointCommittee, Membership, Organisation, User

pytestmark = pytest.mark.django_db


def test_joint_committee_hierarchy_is_seeded():
    sub = JointCommittee.objects.get(code="330.01.10")
    assert [jc.code for jc in sub.ancestors()] == ["330.01", "330"]
    assert {"322.01", "124", "318.02", "330.04"} <= set(JointCommittee.objects.values_list("code", flat=True))
    assert {jc.code for jc in JointCommittee.objects.get(code="330").descendants()} >= {"330.01.53", "330.04"}


def test_loaddemo_is_safe_to_run_twice(capsys):
    call_command("loaddemo")
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("loaddemo")
    assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts
    out = capsys.readouterr().out
    for username in ["department", "sector.vivo", "consultant.vormdc", "company.poetsplus", "delegate.poetsplus"]:
        assert username in out


def test_home_page_in_three_languages(client):
    assert "Welkom" in client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Bienvenue" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Welcome" in client.get("/").content.decode()


def test_unknown_page_is_a_friendly_404(client, settings):
    settings.DEBUG = False
    response = client.get("/does-not-exist/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Werkbaar API"


@pytest.mark.parametrize(
    "env,ok",
    [
        ({}, False),
        ({"SECRET_KEY": "dev-only-insecure-secret-key-do-not-use-in-production"}, False),
        ({"SECRET_KEY": "x" * 50, "DEBUG": "1"}, False),
        ({"SECRET_KEY": "x" * 50}, True),
    ],
)
def test_production_settings_refuse_unsafe_configuration(env, ok):
    code = "import werkbaar.settings_production as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    clean_env = {"PATH": "/usr/bin:/bin", **env}
    result = subprocess.run([sys.executable, "-c", code], env=clean_env, capture_output=True, text=True)
    if ok:
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "True True"
    else:
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize("url", ["/covenants/?q=a%00b", "/actions/?q=%00", "/api/v1/covenants/?q=x%00"])
def test_nul_bytes_in_the_query_are_refused_with_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_nul_bytes_in_form_data_are_refused_with_400(client):
    response = client.post("/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400


def test_multipart_post_to_the_json_api_is_a_400_not_a_500(client):
    """The NUL check must not consume a multipart body that a JSON API endpoint then reads."""
    response = client.post("/api/v1/scan/UNKNOWN/submit", {"language": "nl", "note": "x"})
    assert response.status_code in (400, 422)


def test_loaddemo_refuses_production_settings(settings):
    from django.core.management.base import CommandError

    settings.WERKBAAR_PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("loaddemo")
    assert not User.objects.filter(username="admin").exists()
