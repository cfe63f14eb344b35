"""Content-Security-Policy: a strict header on every response, and no inline script in the pages."""

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_kind_of_response_carries_the_strict_policy(make_user):
    client = Client()
    responses = [
        client.get("/"), client.get("/login/"), client.get("/s/"), client.get("/no-such-page/"),
        client.post("/api/v1/scan/ZZZZZ22222/submit", "{}", content_type="application/json"),
        client.get("/api/v1/openapi.json"),
    ]
    for response in responses:
        policy = directives(response)
        assert policy["script-src"] == "script-src 'self'"
        assert policy["style-src"] == "style-src 'self'"
        assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\s(?:hx-)?on[a-z:-]*\s*=", re.I)  # hx-on needs eval too


def test_pages_have_no_inline_script_or_event_handler(make_user):
    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    for url in ["/", "/login/", "/s/", "/insights/", "/scans/", "/covenants/"]:
        html = client.get(url, follow=True).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), url
    assert "'self'" in settings.CONTENT_SECURITY_POLICY


#: Rendered to PDF on the server (WeasyPrint), never served to a browser: these may hold <style>.
PDF_TEMPLATES = re.compile(r"pdf|code_sheet")


def test_no_template_has_inline_script_style_or_event_handler():
    """The policy blocks all of these; a template that used one would silently lose it in the browser."""
    root = settings.BASE_DIR
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        html = template.read_text()
        inline_style = re.search(r"\sstyle\s*=", html) or (
            "<style" in html and not PDF_TEMPLATES.search(str(template.relative_to(root))))
        if INLINE_SCRIPT.search(html) or EVENT_HANDLER.search(html) or inline_style:
            offenders.append(str(template.relative_to(root)))
    assert offenders == []
