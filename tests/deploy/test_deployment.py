"""The documented deployment, end to end: docs/operations.md's configuration and commands, run with the
production settings in subprocesses, then `werkbaar serve` as the systemd unit starts it, probed like
the reverse proxy and a load balancer would.

Runs against a SQLite file on the SQLite pass and a new database in the throwaway cluster on the
PostgreSQL pass (tests/deploy/conftest.py).
"""

from __future__ import annotations

import http.client
import json
import re
import shlex
import socket
import subprocess
import time
from http.cookies import SimpleCookie

from .conftest import doc_block, production_env, run_werkbaar, werkbaar_command

#: Environment values that are specific to the machine; every other variable takes the doc's value.
MACHINE_SPECIFIC = {"SECRET_KEY", "DATABASE_URL", "STATIC_ROOT", "MEDIA_ROOT"}
#: `check --deploy` warnings the documentation explains (HSTS preload is the domain owner's decision).
ACCEPTED_WARNINGS = {"security.W021"}
#: `werkbaar loaddemo --force`, then a new access code of an open campaign (one process instead of three).
DEMO_AND_CODE = (
    "import io; from django.core.management import call_command; "
    "call_command('loaddemo', force=True, stdout=io.StringIO()); "
    "from werkbaar.scans.models import Campaign; from werkbaar.scans.services import generate_codes; "
    "campaign = next(c for c in Campaign.objects.order_by('pk') if c.phase == 'open'); "
    "print(generate_codes(campaign, 1)[0].code)"
)


def documented_environment() -> dict[str, str]:
    lines = [line.strip() for line in doc_block("deployment-env").splitlines()]
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def documented_commands() -> list[list[str]]:
    return [shlex.split(line)[1:] for line in doc_block("deployment-steps").splitlines() if line.startswith("werkbaar ")]


def documented_serve(port: int) -> list[str]:
    exec_start = next(line for line in doc_block("deployment-unit").splitlines() if line.startswith("ExecStart="))
    argv = shlex.split(exec_start.removeprefix("ExecStart="))
    assert argv[0].endswith("/werkbaar") and argv[1] == "serve", exec_start
    args = argv[1:]
    args[args.index("--port") + 1] = str(port)
    args[args.index("--workers") + 1] = "2"  # a shared two-core test machine
    return args


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    """Talks to the app server like the documented reverse proxy: public Host, X-Forwarded-Proto and -For."""

    def __init__(self, port: int, host: str):
        self.port, self.host, self.cookies, self.seen = port, host, {}, []

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None,
                proxied: bool = True):
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"} if proxied else {}
        all_headers = {"Host": self.host, **forwarded, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.seen.append((method, path, response.status))
        return response, content

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)


def wait_until_serving(proxy: Proxy, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"werkbaar serve exited {server.returncode}:\n{log.read_text()[-4000:]}"
        try:
            response, _ = proxy.get("/healthz", proxied=False)
            if response.status == 200:
                proxy.seen.clear()
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"werkbaar serve did not answer /healthz within 60 s:\n{log.read_text()[-4000:]}")


def test_documented_deployment_serves_every_page(tmp_path, database_url):
    documented = documented_environment()
    assert MACHINE_SPECIFIC <= set(documented), "the configuration file must name " + ", ".join(sorted(MACHINE_SPECIFIC))
    env = production_env(**{k: v for k, v in documented.items() if k not in MACHINE_SPECIFIC})
    env.update(DATABASE_URL=database_url, STATIC_ROOT=str(tmp_path / "static"), MEDIA_ROOT=str(tmp_path / "media"))
    assert env["DJANGO_SETTINGS_MODULE"] == "werkbaar.settings_production"

    # 1. The commands of "On every deployment", exactly as documented.
    commands = documented_commands()
    assert [c[0] for c in commands] == ["migrate", "collectstatic", "load-catalogue", "load-reference", "check"]
    for args in commands:
        result = run_werkbaar(args, env, tmp_path)
        if args[0] == "check":
            warnings = set(re.findall(r"\((\w+\.[EW]\d+)\)", result.stdout + result.stderr))
            assert warnings <= ACCEPTED_WARNINGS, f"check --deploy: {result.stdout}{result.stderr}"
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]

    # 2. Test data only (never on a real installation): the demo, and one fresh access code of an open campaign.
    code = run_werkbaar(["shell", "-c", DEMO_AND_CODE], env, tmp_path).stdout.strip().splitlines()[-1]

    # 3. The app server as werkbaar.service starts it.
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([*werkbaar_command(), *documented_serve(port)], env=env, cwd=tmp_path,
                                  stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        proxy = Proxy(port, env["ALLOWED_HOSTS"].split(",")[0])
        wait_until_serving(proxy, server, log)
        check_the_site(proxy, manifest, code)
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    errors = [entry for entry in proxy.seen if entry[2] >= 500]
    assert not errors, f"5xx answers: {errors}\n{log.read_text()[-4000:]}"


def check_the_site(proxy: Proxy, manifest: dict, code: str) -> None:
    # The health probe: plain HTTP straight to the app server, no redirect.
    response, body = proxy.get("/healthz", proxied=False)
    assert (response.status, json.loads(body)) == (200, {"status": "ok"})
    # Pages without the proxy's X-Forwarded-Proto are sent to https.
    response, _ = proxy.get("/login/", proxied=False)
    assert response.status == 301 and response.getheader("Location") == f"https://{proxy.host}/login/"

    response, login_page = proxy.get("/login/")
    assert response.status == 200, login_page[:2000]
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security", "")
    # The admin signs in through /login/ too (no way around the second factor).
    response, _ = proxy.get("/admin/login/")
    assert response.status == 302 and response.getheader("Location").startswith("/login/")
    # Static files: hashed names from the manifest, served by the app, cached for ever, compressed.
    static_urls = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', login_page))
    static_urls.add(("/static/" + manifest["admin/css/base.css"]).encode())
    for url in sorted(static_urls):
        assert re.search(rb"\.[0-9a-f]{12}\.\w+$", url), f"{url} is not a hashed name"
        response, content = proxy.get(url.decode(), headers={"Accept-Encoding": "gzip, br"})
        assert response.status == 200 and content, url
        assert "immutable" in response.getheader("Cache-Control", ""), url
    css = next(url.decode() for url in sorted(static_urls) if url.endswith(b".css"))
    response, _ = proxy.get(css, headers={"Accept-Encoding": "gzip, br"})
    assert response.getheader("Content-Encoding") in ("br", "gzip")
    response, _ = proxy.get("/static/" + manifest["insights/vendor/vega-embed.min.js"])
    assert response.status == 200

    # The respondent's side: the code form and a questionnaire.
    response, body = proxy.get("/s/")
    assert response.status == 200, body[:2000]
    response, body = proxy.get(f"/s/{code}/")
    assert response.status == 200, body[:2000]
    assert b"<form" in body

    # The API's OpenAPI document.
    response, body = proxy.get("/api/v1/openapi.json")
    assert response.status == 200 and "openapi" in json.loads(body)

    # Signing in through the proxy: secure cookies, CSRF check on the https origin, sessions in the database.
    proxy.cookies.clear()
    _, login_page = proxy.get("/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1).decode()
    response, _ = proxy.request(
        "POST", "/login/", body=f"csrfmiddlewaretoken={token}&username=admin&password=werkbaar-demo",
        headers={"Origin": f"https://{proxy.host}", "Referer": f"https://{proxy.host}/login/"},
    )
    assert response.status == 302, "signing in through the proxy failed"
    assert "sessionid" in proxy.cookies
    # Production requires a second factor of the approving roles (the admin is one): set it up first.
    response, _ = proxy.get("/")
    setup = response.getheader("Location", "")
    assert response.status == 302 and setup.startswith("/accounts/2fa/"), (response.status, setup)
    response, body = proxy.get(setup)
    assert response.status == 200 and b'action="/logout/"' in body
