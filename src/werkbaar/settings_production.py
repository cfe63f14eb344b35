"""Production settings: the development defaults with the safety catches on.

Refuses to start with the development secret key or with DEBUG on, and turns on
secure cookies, HSTS and the HTTPS redirect (behind a TLS-terminating proxy).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from werkbaar.settings import *  # noqa: F401,F403
from werkbaar.settings import DEFAULT_SECRET_KEY, MIDDLEWARE, SECRET_KEY, env_bool

if not os.environ.get("SECRET_KEY") or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production (at least 32 characters), "
        "never the development default."
    )

WERKBAAR_PRODUCTION = True
DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
LANGUAGE_COOKIE_SECURE = True

# --- Static files, health probe, analysis worker (deployment; docs/operations.md, docs/decisions/0008-static-files.md) ---
# The app serves /static/ itself with WhiteNoise: hashed names from the manifest, cached for a year,
# pre-compressed (gzip, brotli) at collectstatic time. The proxy in front only terminates TLS.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_after_security], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_after_security:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # templates link hashed names ({% static %}); half the files to compress
# Load balancers and monitors probe the app server directly over plain HTTP (no X-Forwarded-Proto):
# /healthz answers them instead of redirecting to https. It carries no data and sets no cookie.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Large analyses are tasks that `werkbaar worker` (werkbaar-worker.service) runs; `worker`: every analysis is.
WERKBAAR_ANALYSIS_MODE = os.environ.get("WERKBAAR_ANALYSIS_MODE", "auto")
if WERKBAAR_ANALYSIS_MODE not in {"auto", "inline", "worker"}:
    raise ImproperlyConfigured("WERKBAAR_ANALYSIS_MODE must be auto, inline or worker.")
# --- end static files, health probe, analysis worker ---

# --- Client address behind the proxy (edge) -----------------------------------------------------
# Production runs behind a TLS-terminating proxy on loopback (docs/operations.md), so REMOTE_ADDR is
# the proxy for every request: the code-guess limit and the sign-in lockout per client would then
# treat all users as one. The proxy appends the client's address to X-Forwarded-For; its last entry
# is used. Set CLIENT_IP_HEADER="" if the app servers are reachable without the proxy.
WERKBAAR_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR").strip()

# --- Sign-in (signin) ---------------------------------------------------------------------------
# Two-factor authentication for the approving roles is on unless MFA_REQUIRED=0 (docs/operations.md).
WERKBAAR_MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
