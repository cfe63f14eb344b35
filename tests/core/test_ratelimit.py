"""Guessing access codes: unknown codes per client are limited (429 + Retry-After), shared via the cache."""

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from werkbaar.core import ratelimit

pytestmark = pytest.mark.django_db
API = "/api/v1/scan/{}/submit"


def guess(n):
    return f"ZZ{n:08d}".replace("0", "Z").replace("1", "Y")[:10]


@pytest.fixture
def limit(settings):
    settings.WERKBAAR_CODE_GUESS_LIMIT = 5
    settings.WERKBAAR_CODE_GUESS_WINDOW = 600
    return 5


def test_guessing_on_the_questionnaire_url_is_stopped(limit, scan_codes):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(limit):
        assert attacker.get(f"/s/{guess(n)}/").status_code == 404
    blocked = attacker.get(f"/s/{guess(99)}/")
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 600
    assert "Te veel onbekende codes" in blocked.content.decode()  # translated page (nl-BE default)
    # Blocked for every code, a valid one too: otherwise the different answer still reveals it.
    assert attacker.get(f"/s/{scan_codes['open'][0]}/").status_code == 429
    assert attacker.get(f"/s/?code={guess(100)}").status_code == 429
    # Another client (another respondent's phone) is not affected.
    assert Client(REMOTE_ADDR="198.51.100.4").get(f"/s/{scan_codes['open'][0]}/").status_code == 200


def test_code_form_and_api_count_together_and_the_api_answers_json(limit):
    attacker = Client(REMOTE_ADDR="203.0.113.8")
    for n in range(limit - 1):
        assert attacker.post("/s/", {"code": guess(n)}).status_code == 400
    assert attacker.post(API.format(guess(50)), "{}", content_type="application/json").status_code == 404
    refused = attacker.post(API.format(guess(51)), "{}", content_type="application/json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["status"] == "rate_limited" and refused.json()["message"]
    assert attacker.get(f"/actions/feedback/{guess(52)}/").status_code == 429
    assert attacker.get("/s/").status_code == 200  # the empty code form tries no code


def test_known_codes_and_typos_below_the_limit_are_never_blocked(limit, scan_codes):
    office = Client(REMOTE_ADDR="192.0.2.10")  # respondents behind one company address
    for n in range(limit - 1):
        assert office.get(f"/s/{guess(n)}/").status_code == 404
    for code in scan_codes["open"]:
        assert office.get(f"/s/{code}/").status_code == 200
        body = {"language": "nl", "answers": {}, "groups": {}}
        assert office.post(API.format(code), json.dumps(body), content_type="application/json").status_code == 201
        assert office.post(API.format(code), json.dumps(body), content_type="application/json").status_code == 409
    assert office.get(f"/s/{guess(60)}/").status_code == 404  # used and valid codes did not count


def test_the_counter_lives_in_the_shared_cache_keyed_by_a_hash_of_the_ip(limit, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(limit):
        attacker.get(f"/s/{guess(n)}/")
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {table}")  # noqa: S608 - fixed table name
        rows = cursor.fetchall()
    assert any("code-guesses" in key for key, _value in rows)  # in the database, seen by every server
    assert not any("203.0.113.9" in key or "203.0.113.9" in str(value) for key, value in rows)
    assert attacker.get(f"/s/{guess(9)}/").status_code == 429
    cache.clear()  # the state is nowhere else: with the cache emptied the client may try again
    assert attacker.get(f"/s/{guess(9)}/").status_code == 404


def test_trusted_proxy_header_only_when_configured(limit, settings):
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.20"}
    request = type("R", (), {"META": forged})()
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.WERKBAAR_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert ratelimit.client_ip(request) == "203.0.113.20"  # the address the proxy itself added


def settings_in_subprocess(module: str, expression: str, **env) -> str:
    """Print ``expression`` of a fresh import of the settings ``module`` under the environment ``env``."""
    environ = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "CLIENT_IP_HEADER")}
    environ.update(PYTHONPATH=os.pathsep.join(sys.path), **env)
    script = f"import {module} as s; print({expression})"
    return subprocess.run([sys.executable, "-c", script], env=environ, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_cache_url_switches_to_redis_and_the_default_is_the_database():
    """Settings only (no Redis server here): CACHE_URL selects Django's built-in Redis backend."""
    expression = "(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'))"
    assert settings_in_subprocess("werkbaar.settings", expression) == \
        "('django.core.cache.backends.db.DatabaseCache', 'werkbaar_cache')"
    assert settings_in_subprocess("werkbaar.settings", expression, CACHE_URL="redis://cache.internal:6379/0") == \
        "('django.core.cache.backends.redis.RedisCache', 'redis://cache.internal:6379/0')"


def test_production_reads_the_client_address_from_the_proxy_header():
    """Behind the documented loopback proxy REMOTE_ADDR is the proxy: all clients would share one limit."""
    value = settings_in_subprocess("werkbaar.settings_production", "repr(s.WERKBAAR_CLIENT_IP_HEADER)",
                                   SECRET_KEY="p" * 40, DEBUG="0")
    assert value == "'HTTP_X_FORWARDED_FOR'"


def test_an_unreachable_cache_does_not_stop_respondents(limit, scan_codes, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "add", "incr"):
        monkeypatch.setattr(cache, method, down)
    client = Client(REMOTE_ADDR="203.0.113.40")
    assert client.get(f"/s/{guess(1)}/").status_code == 404
    assert client.get(f"/s/{scan_codes['open'][0]}/").status_code == 200
    assert "Rate-limit cache unavailable" in caplog.text



def test_the_submit_operation_documents_its_429(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/scan/{code}/submit"]["post"]
    assert "429" in operation["responses"] and "Retry-After" in operation["description"]
