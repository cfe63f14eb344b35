"""GET /healthz: 200 {"status": "ok"} when the database answers, 503 when it does not; open to probes."""

import json
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from werkbaar.core import views

PRODUCTION_VALUES = (
    "import json, werkbaar.settings_production as s; print(json.dumps({n: getattr(s, n) for n in ("
    "'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'SECURE_REDIRECT_EXEMPT', 'SECURE_HSTS_SECONDS')}))"
)


def test_healthz_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_is_503_when_the_database_does_not_answer(client, db):
    broken = mock.Mock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch.object(views, "connection", broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable"}  # no error text, no data
    assert broken.cursor.called


def test_healthz_needs_no_login_and_is_not_rate_limited(client, db):
    statuses = {client.get("/healthz").status_code for _ in range(120)}
    assert statuses == {200}
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.fixture(scope="module")
def production_https_settings():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(SECRET_KEY="healthz-" + "k" * 40, ALLOWED_HOSTS="testserver")
    result = subprocess.run([sys.executable, "-c", PRODUCTION_VALUES], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_redirects_pages_to_https_but_not_the_probe(client, db, production_https_settings):
    """A probe talks plain HTTP to the app server; a 301 to https would test the proxy, or fail the probe."""
    assert production_https_settings["SECURE_SSL_REDIRECT"] is True
    with override_settings(**production_https_settings):
        assert client.get("/login/").status_code == 301
        assert client.get("/healthz/").status_code in (301, 404)  # only the exact path is exempt
        response = client.get("/healthz")
        assert response.status_code == 200 and json.loads(response.content) == {"status": "ok"}
        assert client.get("/login/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
