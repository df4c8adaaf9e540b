"""Settings for the claim workbench, read from the environment.

Every variable is listed in `.env.example`. A bad value stops the process with
an `ImproperlyConfigured` that names the variable, rather than running half
configured on a newsroom's server.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def envfloat(name: str, default: float, low: float, high: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {raw!r}") from None
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}; got {value}")
    return value


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "simple_history",
    "csp",
    "axes",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a flagged failed login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workbench.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "workbench.wsgi.application"
ASGI_APPLICATION = "workbench.asgi.application"


def _database_from_env() -> dict:
    default_url = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    url = os.environ.get("DATABASE_URL", "").strip() or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=envint("CONN_MAX_AGE", 0))
    except (ValueError, dj_database_url.UnknownSchemeError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a usable database URL ({exc}); "
            "use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:port/name"
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at SQLite or PostgreSQL; got engine {engine!r}"
        )
    if engine == "django.db.backends.sqlite3":
        # Writers wait for the lock instead of failing at once: the demo runs
        # the dev server and management commands against one file.
        config.setdefault("OPTIONS", {})["timeout"] = 20
        # A write transaction takes the write lock when it begins. Deferred (the
        # default), two transactions that both read and then write deadlock and
        # one fails with "database is locked" instead of waiting its turn; this
        # way the second waits, then sees the first one's version and gets a
        # clean VersionConflict from the workflow.
        config["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
        # Tests get a file, not the shared in-memory database, whose table locks
        # fail at once instead of waiting: the concurrency tests write from
        # several threads at once.
        config["TEST"] = {
            "NAME": str(Path(tempfile.gettempdir()) / f"workbench-test-{os.getpid()}.sqlite3")
        }
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need `collectstatic`; development and the test
    # suite (which imports these settings with DEBUG=1) read the source folders.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Decided when settings load, not from the DEBUG the test runner switches off:
# in development WhiteNoise serves the source folders and needs no collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

SEEDS_DIR = BASE_DIR / "seeds"

# Claims below this check-worthiness stay out of the review queue; a reviewer
# can still promote the sentence by hand.
CLAIM_THRESHOLD = envfloat("CLAIM_THRESHOLD", 0.5, 0.0, 1.0)
# Import bounds: a file larger than this, or holding more articles, is refused
# whole (nothing stored). 20 MB is far above any article page; 500 articles is
# a large compilation or JSONL export.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 20_000_000)
IMPORT_MAX_ARTICLES = envint("IMPORT_MAX_ARTICLES", 500)

# Who publishes the fact-checks (ClaimReview `author`).
ORGANIZATION_NAME = os.environ.get("ORGANIZATION_NAME", "Claim Workbench Desk")
ORGANIZATION_URL = os.environ.get("ORGANIZATION_URL", "https://factcheck.example.org/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# --- Security, login throttling, connections ----------------------------------
# With DEBUG=0 the defaults below pass `manage.py check --deploy`: the site is
# served over HTTPS only, with secure cookies and HSTS.
HTTPS_ONLY = envbool("HTTPS_ONLY", "0" if DEBUG else "1")

# Behind a TLS-terminating proxy Django only sees plain HTTP from the proxy. The
# proxy must set X-Forwarded-Proto itself and drop the header a client sends;
# without this the HTTPS redirect would loop.
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", "0")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1" if HTTPS_ONLY else "0")
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS_ONLY else 0)
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured(f"SECURE_HSTS_SECONDS must be 0 or more; got {SECURE_HSTS_SECONDS}")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Claim pages link out to evidence; their addresses (claim ids, queue filters)
# must not travel to the outlets being checked.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS must list origins with their scheme, "
            f"e.g. https://desk.example.org; got {_origin!r}"
        )

# A session lasts one long newsroom shift from login, so a browser left open
# overnight is logged out by morning.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 10 * 3600)
if SESSION_COOKIE_AGE <= 0:
    raise ImproperlyConfigured(f"SESSION_COOKIE_AGE must be positive; got {SESSION_COOKIE_AGE}")

# Only the workbench's own static files (its CSS, htmx from django-htmx) may
# run or style a page; nothing inline, nothing from elsewhere, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Lower case: django-csp takes any upper-case CSP_* setting for its old format.
_csp_report_uri = os.environ.get("CSP_REPORT_URI", "").strip()
if _csp_report_uri:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [_csp_report_uri]

# Login throttling (django-axes): failures are counted per user name and client
# address together, so one person mistyping cannot lock out a newsroom behind a
# shared address, and a guesser gets only a few tries at each account per address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured(f"LOGIN_FAILURE_LIMIT must be 1 or more; got {AXES_FAILURE_LIMIT}")
LOGIN_COOLOFF_MINUTES = envint("LOGIN_COOLOFF_MINUTES", 15)
if LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured(
        f"LOGIN_COOLOFF_MINUTES must be 1 or more; got {LOGIN_COOLOFF_MINUTES}"
    )
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "workbench.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "workbench.security.client_ip"

# Connections kept open between requests (CONN_MAX_AGE) are checked before
# reuse, so a restarted or failed-over database costs a reconnect, not a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"].get("CONN_MAX_AGE", 0) > 0
# --- end of security, login throttling, connections -----------------------------
