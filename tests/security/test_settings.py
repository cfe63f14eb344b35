"""Production settings, uploaded files never under a public URL, no secrets in the repository."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LONG_KEY = "k3y-" + "x7Q" * 20

PRINT = (
    "import json, werkbaar.settings_production as s; print(json.dumps({n: getattr(s, n, None) for n in ("
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'LANGUAGE_COOKIE_SECURE', "
    "'MIDDLEWARE', 'ALLOWED_HOSTS', 'FILE_UPLOAD_MAX_MEMORY_SIZE', 'DATA_UPLOAD_MAX_MEMORY_SIZE')}))"
)


def _production(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    base.update(env)
    return subprocess.run([sys.executable, "-c", PRINT], env=base, capture_output=True, text=True, cwd=ROOT)


def test_production_settings_are_safe():
    result = _production(SECRET_KEY=LONG_KEY, ALLOWED_HOSTS="werkbaar.example.be")
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout)
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"]
    assert s["LANGUAGE_COOKIE_SECURE"] and s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] and s["X_FRAME_OPTIONS"] == "DENY"
    for middleware in ("django.middleware.csrf.CsrfViewMiddleware", "django.middleware.security.SecurityMiddleware",
                       "django.middleware.clickjacking.XFrameOptionsMiddleware"):
        assert middleware in s["MIDDLEWARE"]
    assert "*" not in s["ALLOWED_HOSTS"]
    assert s["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 1024 * 1024


@pytest.mark.parametrize("env", [{}, {"SECRET_KEY": "short"},
                                 {"SECRET_KEY": "dev-only-insecure-secret-key-do-not-use-in-production"},
                                 {"SECRET_KEY": LONG_KEY, "DEBUG": "1"}])
def test_production_refuses_unsafe_settings(env):
    result = _production(**env)
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


def test_media_is_not_served_by_django_in_production():
    """Uploaded files (evidence, minutes, letters, report PDFs) only through permission-checked views."""
    code = ("import django; django.setup(); from django.urls import resolve, Resolver404\n"
            "try:\n    resolve('/media/reporting/evidence/x.pdf'); print('SERVED')\n"
            "except Resolver404:\n    print('NOT SERVED')")
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG",)}
    base.update(SECRET_KEY=LONG_KEY, DJANGO_SETTINGS_MODULE="werkbaar.settings_production")
    result = subprocess.run([sys.executable, "-c", code], env=base, capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "NOT SERVED", result.stderr


def test_file_fields_are_downloaded_through_views_not_urls():
    """No template links a stored file by its storage URL (``.url``), which would bypass permissions."""
    pattern = re.compile(r"\.(file|minutes|letter|pdf)\.url")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "src" / "werkbaar").rglob("*.html")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders


SECRET_PATTERNS = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{30,}|xox[bpa]-[A-Za-z0-9-]{10,}"
    # a database URL with a real-looking password (placeholders like PASSWORD, $PW or <pw> are fine)
    r"|postgres(?:ql)?://[^:\s/]+:(?![A-Z_]+@|\$|<)[^@\s]{6,}@(?!localhost|127\.0\.0\.1)"
)


def test_no_secrets_committed():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert not [f for f in files if re.search(r"(^|/)(\.env|id_rsa|.*\.pem|.*\.key)$", f)]
    hits = []
    for name in files:
        path = ROOT / name
        if path.suffix in (".mo", ".png", ".jpg", ".pdf", ".xlsx", ".parquet", ".woff2") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        hits += [f"{name}: {m.group(0)[:30]}" for m in SECRET_PATTERNS.finditer(text)]
    assert not hits
