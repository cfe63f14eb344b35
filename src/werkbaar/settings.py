"""Django settings, read from the environment.

DATABASE_URL (default: SQLite file ``werkbaar.sqlite3`` in the working directory),
SECRET_KEY, DEBUG and ALLOWED_HOSTS. Production deployments use
``werkbaar.settings_production``, which refuses the development secret.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from werkbaar.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
#: True only in ``settings_production``; guards commands such as ``loaddemo``.
WERKBAAR_PRODUCTION = False
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # /sitemap.xml of the public pages (knowledge/sitemaps.py)
    "werkbaar.core",
    "werkbaar.covenants",
    "werkbaar.reporting",
    "werkbaar.scans",
    "werkbaar.actions",
    "werkbaar.networks",
    "werkbaar.fund",
    "werkbaar.fieldwork",
    "werkbaar.insights",
    "werkbaar.knowledge",
    "werkbaar.privacy",
    "werkbaar.api",
    "axes",  # login throttling (edge: see the "Login throttling" block below)
]

MIDDLEWARE = [
    "werkbaar.core.middleware.RequestLogMiddleware",  # edge: request id + one redacted line per request
    "werkbaar.core.middleware.ContentSecurityPolicyMiddleware",  # edge: CSP header on every response
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "werkbaar.core.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "werkbaar.core.ratelimit.CodeGuessLimitMiddleware",  # edge: 429 for clients guessing access codes
    "axes.middleware.AxesMiddleware",  # edge: lockout response after too many failed sign-ins
]

ROOT_URLCONF = "werkbaar.urls"
WSGI_APPLICATION = "werkbaar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "werkbaar.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / 'werkbaar.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL journal so readers never block the writer; wait instead of failing on a busy file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl-be"
LANGUAGES = [
    ("nl-be", _("Dutch")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", Path.cwd() / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", Path.cwd() / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

#: The public address of this installation, used for links in e-mails and calendar files.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "werkbaar@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Cache (edge) -------------------------------------------------------------------------------
# Shared by all app servers: the database cache (its table is created by core's migration 0003),
# or Redis when CACHE_URL is set (redis://host:6379/0; needs the `redis` package).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "werkbaar_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# --- Logging (edge) -----------------------------------------------------------------------------
# Access codes are redacted from every record (werkbaar.core.logs); LOG_FORMAT=json writes one JSON
# object per line and one line per request (LOG_REQUESTS, on by default with JSON).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = logging_config(
    log_format=LOG_FORMAT,
    level=os.environ.get("LOG_LEVEL", "WARNING"),
    log_requests=env_bool("LOG_REQUESTS", LOG_FORMAT == "json"),
)

# --- Client address and access-code guessing (edge) ---------------------------------------------
#: META key of the header with the client address set by a trusted proxy (e.g. HTTP_X_FORWARDED_FOR,
#: whose last entry is used); empty: REMOTE_ADDR. Set it only behind a proxy that sets the header.
WERKBAAR_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
#: Unknown access codes a client may try per window before it gets 429 (werkbaar.core.ratelimit).
WERKBAAR_CODE_GUESS_LIMIT = int(os.environ.get("CODE_GUESS_LIMIT", "20"))
WERKBAAR_CODE_GUESS_WINDOW = int(os.environ.get("CODE_GUESS_WINDOW", "600"))

# --- Payment files (issue 19) ---------------------------------------------------------------------
#: The department's own account, the debtor of the credit transfer files (reporting.payment_export).
WERKBAAR_PAYMENT_DEBTOR = {
    "name": os.environ.get("PAYMENT_DEBTOR_NAME", "").strip(),
    "IBAN": os.environ.get("PAYMENT_DEBTOR_IBAN", "").strip(),
    "BIC": os.environ.get("PAYMENT_DEBTOR_BIC", "").strip(),
}

# --- Login throttling (edge, django-axes) -------------------------------------------------------
# The axes backend comes first: a locked-out account or client is refused before any password hash.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account and per client
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no log of successful sign-ins with IP addresses
AXES_CLIENT_IP_CALLABLE = "werkbaar.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "werkbaar.core.views.locked_out"

# --- Content-Security-Policy (edge) -------------------------------------------------------------
# No inline script, no eval (charts use vega's expression interpreter), no inline style.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Where the reference figures (Werkbaarheidsmonitor) and their sources live; shipped inside the insights app.
WERKBAAR_REFERENCE_DIR = Path(
    os.environ.get("WERKBAAR_REFERENCE_DIR", BASE_DIR / "insights" / "reference")
)

# ------------------------------------------------------------------------------------------------
# Retention (werkbaar.privacy; docs/privacy.md). Whole years; `werkbaar purge` applies them daily.
# ------------------------------------------------------------------------------------------------
#: Raw scan responses (and the campaign's access codes) are deleted this many years after the
#: campaign closed; the cached analysis result the report shows is kept (frozen).
RETENTION_SCAN_RESPONSES_YEARS = int(os.environ.get("RETENTION_SCAN_RESPONSES_YEARS", "3"))
#: The archive period of uploaded evidence: files are deleted this many years after the end of the
#: covenant's term (the evidence row stays, marked as purged with the date).
RETENTION_EVIDENCE_YEARS = int(os.environ.get("RETENTION_EVIDENCE_YEARS", "7"))
#: An organisation's data may be erased (by the department) this many years after its last
#: activity (latest campaign close, action plan change or network participation).
RETENTION_ORGANISATION_YEARS = int(os.environ.get("RETENTION_ORGANISATION_YEARS", "3"))
#: The phones' votes of a WerkWijzer group session are deleted this many DAYS after the session started
#: (the session's summary keeps the counts per answer; a vote holds only a keyed hash of a random token).
RETENTION_WERKWIJZER_VOTES_DAYS = int(os.environ.get("RETENTION_WERKWIJZER_VOTES_DAYS", "30"))

# --- Sign-in (signin, django-allauth: docs/decisions/0005-sign-in.md) ---------------------------
# Accounts (login by username or e-mail, password reset by e-mail, no sign-up: staff invite users,
# werkbaar.core.invitations), single sign-on with OpenID Connect providers from the environment
# (werkbaar.core.oidc) and two-factor authentication (TOTP, passkeys/WebAuthn, recovery codes),
# required for the roles that approve (werkbaar.core.mfa_policy). django-axes keeps throttling
# the password sign-in: allauth authenticates through the backends above, the axes one first.
from werkbaar.core.oidc import providers_from_env  # noqa: E402

INSTALLED_APPS += [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
]
MIDDLEWARE += [
    "allauth.account.middleware.AccountMiddleware",
    "werkbaar.core.mfa_policy.RequireMFAMiddleware",  # approvers without 2FA go to its setup first
]
AUTHENTICATION_BACKENDS += ["allauth.account.auth_backends.AuthenticationBackend"]
AXES_USERNAME_CALLABLE = "werkbaar.core.accounts.axes_username"  # allauth's field is "login"
ACCOUNT_ADAPTER = "werkbaar.core.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "werkbaar.core.accounts.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]  # sign-up itself is closed
ACCOUNT_EMAIL_VERIFICATION = "none"  # addresses are entered by staff and proven by the invitation link
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Werkbaar: "
ACCOUNT_RATE_LIMITS = {"login_failed": None}  # failed sign-ins are axes' job (one lockout, one unlock)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https:") else "http"
SOCIALACCOUNT_ADAPTER = "werkbaar.core.accounts.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": providers_from_env(os.environ)}}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Werkbaar"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # passkeys on http://127.0.0.1 during development only
#: Two-factor authentication is required for the approving roles (department, sector staff, staff).
#: Off by default in development so the demo logins work with the password alone; on in production.
WERKBAAR_MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
# SMTP for invitations and password resets (EMAIL_BACKEND and DEFAULT_FROM_EMAIL are above).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
#: Days an invitation link stays valid (it also stops working once the password is set).
WERKBAAR_INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
# Knowledge platform (issue 18): a published item whose last review is older than this comes back to its owner.
KNOWLEDGE_REVIEW_AFTER_DAYS = int(os.environ.get("KNOWLEDGE_REVIEW_AFTER_DAYS", "365"))

# ------------------------------------------------------------------------------------------------
# Background work (issue 11, owner: background tasks). Django's Tasks framework (the django-tasks
# backport) with its database backend: the queue lives in the same database (SQLite or PostgreSQL),
# `werkbaar worker` runs it and the periodic schedule (werkbaar/background/schedule.py).
# docs/decisions/0006-background-tasks.md tells why.
# ------------------------------------------------------------------------------------------------
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "werkbaar.background"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: How an analysis is run: "auto" (in the request when small, else a task), "inline" or "worker" (always a task).
WERKBAAR_ANALYSIS_MODE = os.environ.get("WERKBAAR_ANALYSIS_MODE", "auto")
#: Seconds between a worker's heartbeats; a worker silent for three of them is dead and its task is run again.
WERKBAAR_WORKER_HEARTBEAT = float(os.environ.get("WERKBAAR_WORKER_HEARTBEAT", "10"))

# ------------------------------------------------------------------------------------------------
# Webhooks (werkbaar/api/webhooks.py, docs/decisions/0011-api-tokens-webhooks.md): deliveries go to
# https addresses on public networks only. The two switches are for development and tests with a
# local receiver; never set them in production.
# ------------------------------------------------------------------------------------------------
WERKBAAR_WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", False)
WERKBAAR_WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
