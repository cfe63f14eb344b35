"""Production settings: the development defaults with the safety catches on.

Refuses to start with the development secret key or with DEBUG on, and turns on
secure cookies, HSTS and the HTTPS redirect (behind a TLS-terminating proxy).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from werkbaar.settings import *  # noqa: F401,F403
from werkbaar.settings import DEFAULT_SECRET_KEY, SECRET_KEY, env_bool

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
