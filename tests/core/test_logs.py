"""Access codes never reach a log: Django's request log, exceptions, the request line, gunicorn."""

import io
import json
import logging
import logging.config
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.test import Client

from werkbaar.core import logs

pytestmark = pytest.mark.django_db
UNKNOWN = "ZZZZZ22222"


def _all_handlers():
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    return {h for lg in loggers for h in lg.handlers}


@pytest.fixture
def log_output(caplog):
    """Everything logged during the test: caplog plus every stream handler actually configured."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="werkbaar.request")
    swapped = []
    for handler in _all_handlers():
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            buffer = io.StringIO()
            swapped.append((handler, handler.setStream(buffer), buffer))
    yield lambda: caplog.text + "".join(buffer.getvalue() for _h, _old, buffer in swapped)
    for handler, old, _buffer in swapped:
        handler.setStream(old)


def _spellings(code):
    return {code, code.lower(), f"{code[:5]}-{code[5:]}"}


def _assert_no_code(text, codes):
    for code in codes:
        for spelling in _spellings(code):
            assert spelling not in text, f"{spelling} in the log:\n{text}"


def test_codes_never_reach_a_log(log_output, scan_codes, monkeypatch, settings):
    settings.DEBUG = False
    valid, second, third = scan_codes["open"]
    closed = scan_codes["closed"]
    client = Client(raise_request_exception=False)
    api = "/api/v1/scan/{}/submit"
    statuses = [
        client.get(f"/s/{valid}/").status_code,
        client.get(f"/s/{valid.lower()}/?page=1", HTTP_REFERER=f"http://testserver/s/{valid}/").status_code,
        client.get(f"/s/{UNKNOWN}/").status_code,
        client.get(f"/s/?code={UNKNOWN}").status_code,
        client.post("/s/", {"code": f"{UNKNOWN[:5]}-{UNKNOWN[5:]}"}).status_code,
        client.get(f"/s/{closed}/").status_code,
        client.post(api.format(UNKNOWN), "{}", content_type="application/json").status_code,
        client.post(api.format(second), json.dumps({"language": "xx"}), content_type="application/json").status_code,
        client.get(f"/actions/feedback/{UNKNOWN}/").status_code,
        client.get(f"/s/{UNKNOWN}/no/such/page/").status_code,
    ]
    assert statuses == [200, 200, 404, 400, 400, 410, 404, 400, 404, 404]

    def broken_lookup(code):
        raise RuntimeError(f"lookup of {code} failed")  # an exception message holding the bare code

    monkeypatch.setattr("werkbaar.scans.services.check_code", broken_lookup)
    assert client.get(f"/s/{third}/").status_code == 500

    text = log_output()
    _assert_no_code(text, [valid, second, third, closed, UNKNOWN])
    assert "Not Found: /s/[code]/" in text  # Django's request log ran, redacted
    assert "Gone: /s/[code]/" in text
    assert "Bad Request: /api/v1/scan/[code]/submit" in text
    assert "lookup of [code] failed" in text  # the traceback is there, without the code
    assert "GET /actions/feedback/[code]/ 404" in text  # the request line


def test_redact_covers_every_code_carrying_url():
    text = ("/s/ABCDE23456/save/ /api/v1/scan/ABCDE23456/submit /actions/feedback/ABCDE23456/ "
            "/s/?lang=nl&code=ABCDE23456 next=%2Fs%2FABCDE23456%2F")
    assert "ABCDE23456" not in logs.redact(text)
    assert logs.redact("/covenants/VIVO-1/ /s/") == "/covenants/VIVO-1/ /s/"


@pytest.fixture
def json_logging():
    stream = io.StringIO()
    config = logs.logging_config(log_format="json", level="WARNING", log_requests=True)
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def test_json_request_lines_with_request_id(json_logging, scan_codes):
    client = Client()
    response = client.get(f"/s/{UNKNOWN}/")
    assert response.status_code == 404
    rid = response["X-Request-ID"]
    proxied = client.get("/", HTTP_X_REQUEST_ID="0f0e0d0c-0b0a-4909-8807-060504030201")
    assert proxied["X-Request-ID"] == "0f0e0d0c-0b0a-4909-8807-060504030201"
    forged = client.get("/", HTTP_X_REQUEST_ID=f"{UNKNOWN}\nfake line")
    assert forged["X-Request-ID"] != f"{UNKNOWN}\nfake line" and len(forged["X-Request-ID"]) == 32

    lines = [json.loads(line) for line in json_logging.getvalue().splitlines()]
    assert len(lines) == 3  # one line per request; Django's own 404 warning is not repeated
    first = lines[0]
    assert first["request_id"] == rid and first["method"] == "GET" and first["status"] == 404
    assert first["path"] == "/s/[code]/" and first["duration_ms"] >= 0
    assert lines[1]["request_id"] == "0f0e0d0c-0b0a-4909-8807-060504030201"
    assert UNKNOWN not in json_logging.getvalue()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_access_and_error_log_without_codes(tmp_path):
    """`werkbaar serve --access-log` for real: a 404 (unknown URL) and 5xx (no tables) with a code."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "DEBUG": "0",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    out = tmp_path / "serve.log"
    with open(out, "wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "werkbaar", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "1", "--threads", "1", "--access-log"],
            env=env, stdout=sink, stderr=subprocess.STDOUT, cwd=tmp_path,
        )
        try:
            deadline = time.monotonic() + 60
            statuses = []
            for path in (f"/s/{UNKNOWN}/nope/", f"/s/{UNKNOWN}/", f"/s/?code={UNKNOWN}"):
                while True:
                    try:
                        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                                         headers={"Referer": f"http://x/s/{UNKNOWN}/"})
                        statuses.append(urllib.request.urlopen(request, timeout=10).status)
                        break
                    except urllib.error.HTTPError as exc:
                        statuses.append(exc.code)
                        break
                    except OSError:
                        assert time.monotonic() < deadline, out.read_text()
                        time.sleep(0.3)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = out.read_text()
    assert statuses[0] == 404 and all(status >= 500 for status in statuses[1:]), (statuses, text)
    assert '"GET /s/[code]/nope/ HTTP/1.1" 404' in text  # the access log ran
    assert '"GET /s/?code=[code] HTTP/1.1" 500' in text
    assert "Traceback" in text  # the error log ran, with the database errors
    _assert_no_code(text, [UNKNOWN])
