"""Django settings, read from the environment.

DATABASE_URL (default: SQLite file ``werkbaar.sqlite3`` in the working directory),
SECRET_KEY, DEBUG and ALLOWED_HOSTS. Production deployments use
``werkbaar.settings_production``, which refuses the development secret.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

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
    "werkbaar.core",
    "werkbaar.covenants",
    "werkbaar.reporting",
    "werkbaar.scans",
    "werkbaar.actions",
    "werkbaar.networks",
    "werkbaar.fund",
    "werkbaar.knowledge",
    "werkbaar.privacy",
    "werkbaar.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "werkbaar.core.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Where the reference figures (Werkbaarheidsmonitor) and their sources live; shipped inside the knowledge app.
WERKBAAR_REFERENCE_DIR = Path(
    os.environ.get("WERKBAAR_REFERENCE_DIR", BASE_DIR / "knowledge" / "reference")
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
