"""Settings for the KKR portal, read from the environment (see ``.env.example``).

``KKR_ENV`` picks the profile. ``production`` is the default, so a server started without
configuration refuses to run rather than running insecurely: it needs ``KKR_SECRET_KEY``,
``KKR_ALLOWED_HOSTS``, ``KKR_DATABASE_URL`` and ``KKR_REDIS_URL``. ``development`` (what
``make run`` uses) runs on SQLite with Celery eager and e-mail printed to the console.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kkr_portal.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

KKR_ENV = env.choice("ENV", ("production", "development"), default="production")
PRODUCTION = KKR_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("KKR_DEBUG must not be true when KKR_ENV is production.")

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "The environment variable KKR_SECRET_KEY must be at least 50 characters long."
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-" + "x" * 50)

ALLOWED_HOSTS = (
    env.list("ALLOWED_HOSTS")
    if PRODUCTION
    else env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.humanize",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "kkr_portal",
    "core",
    "accounts",
    "councils",
    "quotas",
    "meetings",
    "consultations",
    "agreements",
    "notifications",
    "search",
    "extraction",
    "oparl",
    "integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: PostgreSQL text cannot hold NUL (a 400, not a 500).
    "kkr_portal.input_guard.RefuseNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kkr_portal.middleware.ChosenLanguageMiddleware",
    "kkr_portal.middleware.DatabaseBusyMiddleware",
    # /api/ and /oparl/: a bad token is a 401, too many requests a 429 (decision 0031).
    "integrations.middleware.ApiGateMiddleware",
    # The public's pages kept whole until the next write (decision 0035); inside the gate,
    # so OParl's rate limit still counts, and outside what makes the page.
    "core.page_cache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it reads the outcome of the authentication above it.
    "axes.middleware.AxesMiddleware",
    # The portal's own 404 page also in development (DEBUG shows Django's otherwise).
    "kkr_portal.not_found.NotFoundPageMiddleware",
]

ROOT_URLCONF = "kkr_portal.urls"
WSGI_APPLICATION = "kkr_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]


SQLITE_ENGINE = "django.db.backends.sqlite3"


def database_settings(url: str | None, *, jit_off: bool = True) -> dict[str, Any]:
    """``DATABASES["default"]`` from ``KKR_DATABASE_URL`` (``jit_off``: from
    ``KKR_DATABASE_JIT_OFF``)."""
    if url is None:
        raise ImproperlyConfigured("The environment variable KKR_DATABASE_URL is required.")
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except Exception as error:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(
            f"The environment variable KKR_DATABASE_URL could not be read: {error}"
        ) from error
    if config["ENGINE"] != SQLITE_ENGINE and jit_off:
        # No JIT compilation: it pays off for long reports, not for a web page's queries.
        # A search over the national index was estimated costly enough to be compiled, and
        # compiling took 48 ms of its 81 (docs/search.md). Added to any options the URL
        # gives. PgBouncer refuses this start-up option: behind it, KKR_DATABASE_JIT_OFF=false
        # and the setting on the database instead (docs/configuration.md).
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    if config["ENGINE"] == SQLITE_ENGINE:
        # SQLite cannot keep connections across threads of the dev server.
        config["CONN_MAX_AGE"] = 0
        # Two saves at once: a transaction takes the write lock when it begins and waits up
        # to the timeout for it, instead of reading first and failing at once ("database is
        # locked") when it then writes. A wait that runs out is a 503 "try again"
        # (kkr_portal.middleware.DatabaseBusyMiddleware); the transaction wrote nothing.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 10}
    return config


_DB_SCHEMES = ("postgres", "postgresql", "sqlite")
if PRODUCTION:
    DATABASE_URL = env.url("DATABASE_URL", _DB_SCHEMES)
else:
    DATABASE_URL = env.url(
        "DATABASE_URL", _DB_SCHEMES, default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
DATABASES = {
    "default": database_settings(DATABASE_URL, jit_off=env.bool("DATABASE_JIT_OFF", default=True))
}
if PRODUCTION and DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
    raise ImproperlyConfigured(
        "The environment variable KKR_DATABASE_URL must point to PostgreSQL "
        "(postgres://...) when KKR_ENV is production, not to SQLite: SQLite is for "
        "development and the demo only (one writer at a time, no Danish full-text search)."
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and result store -----------------------------------------
REDIS_URL = (
    env.url("REDIS_URL", ("redis", "rediss"))
    if PRODUCTION
    else env.url("REDIS_URL", ("redis", "rediss"), default=None)
)


def cache_settings(redis_url: str | None, cache_url: str | None = None) -> dict:
    """``CACHES`` for ``KKR_REDIS_URL``: Redis, degrading to no cache while Redis is down
    (``core/cache.py``: the pages work without it), or the local memory without Redis.
    ``KKR_CACHE_REDIS_URL`` puts the cache on a Redis of its own (one with ``maxmemory`` and
    an eviction policy: kept pages must never push out queued tasks).
    """
    if not redis_url and not cache_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from urllib.parse import urlsplit, urlunsplit

    if cache_url:
        location = cache_url
    else:
        # The cache lives in the next Redis database after the broker's, so clearing the
        # cache can never drop queued tasks.
        redis = urlsplit(str(redis_url))
        broker_db = int(redis.path.strip("/") or 0)
        location = urlunsplit(redis._replace(path=f"/{broker_db + 1}"))
    return {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "kkr",
        }
    }


CACHE_REDIS_URL = env.url("CACHE_REDIS_URL", ("redis", "rediss"), default=None)
CACHES = cache_settings(REDIS_URL, CACHE_REDIS_URL)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "kkr"
# PDFs take seconds each: their own queue (and worker), so a burst of them never holds up
# e-mails and reminders.
CELERY_TASK_ROUTES = {"meetings.tasks.render_meeting_pdf": {"queue": "pdf"}}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Copenhagen"

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day: long enough to find the mail the next morning
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock-out after repeated failed log-ins (docs/security.md, accounts/lockout.py). Failures
# lock a user name from one address (so nobody can lock the administrators out from their
# own address), and many failures from one address, whatever the user names, lock the address.
AXES_HANDLER = "accounts.lockout.UserAndAddressHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5, minimum=1)
KKR_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=25, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Requests a minute to /api/ and /oparl/ per client address without a token, and per token
# (decision 0031); 0 switches the limit off.
API_RATE_LIMIT_PER_CLIENT = env.int("API_RATE_LIMIT_PER_CLIENT", default=120, minimum=0)
# How long a kept public page may be served at most: what changes with the clock alone (the
# next meeting becoming the last) shows within this; writes show at once (core.page_cache).
# Only with Redis: the generation must be shared by every process that writes (0 = off).
# The release (a git SHA, an image tag): part of every kept page's key besides the code's
# own hash (core.page_cache.build), so two releases never serve each other's pages.
RELEASE = env.str("RELEASE", default="")
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS", default=300 if REDIS_URL or CACHE_REDIS_URL else 0, minimum=0
)
API_RATE_LIMIT_PER_TOKEN = env.int("API_RATE_LIMIT_PER_TOKEN", default=1200, minimum=0)
# How long the REST change feeds keep deletions (tombstones), in days (decision 0033).
TOMBSTONE_DAYS = env.int("TOMBSTONE_DAYS", default=365, minimum=1)
# Webhooks (decision 0032): targets on private, loopback or link-local addresses are refused
# unless allowed (tests, a closed network); http:// only outside production or when allowed.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=not PRODUCTION)
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=not PRODUCTION)
# Seconds to wait before each retry of a failed delivery (Standard Webhooks' schedule, ~1.5
# days in all), and how long a subscription may fail before it is switched off.
_retries = env.list("WEBHOOK_RETRY_SECONDS", default="5,300,1800,7200,18000,36000,36000")
if not all(n.isdigit() for n in _retries):
    raise ImproperlyConfigured("KKR_WEBHOOK_RETRY_SECONDS: whole seconds, separated by commas")
WEBHOOK_RETRY_SECONDS = [int(n) for n in _retries]
WEBHOOK_DISABLE_AFTER_HOURS = env.int("WEBHOOK_DISABLE_AFTER_HOURS", default=72, minimum=1)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10, minimum=1)
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0, minimum=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

OTP_TOTP_ISSUER = env.str("OTP_ISSUER", default="KKR-portalen")

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers each language's own way ("10. september 2019", "4.000" in Danish);
# templates use the format names (DATE_FORMAT) and |intcomma for figures. Numbers are not
# grouped everywhere (USE_THOUSAND_SEPARATOR stays off): years and ids must stay "2015".
FORMAT_MODULE_PATH = ["kkr_portal.formats"]
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Uploaded and generated files (attachments, PDFs, dumps) go through Django's storage API:
# the filesystem by default (one host, or a shared volume), or S3-compatible object storage
# when web servers and workers run on several hosts (docs/scaling.md, decision 0034).
FILE_STORAGE = env.choice("FILE_STORAGE", ("filesystem", "s3"), default="filesystem")
if FILE_STORAGE == "s3":
    DEFAULT_FILE_STORAGE_CONFIG: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # Files are private: the portal serves each through a view that asks the access
            # module first; the bucket is never public and its URLs are never handed out.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_FILE_STORAGE_CONFIG = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_CONFIG,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}[
    env.choice(
        "EMAIL_BACKEND",
        ("smtp", "console", "file", "memory"),
        default="smtp" if PRODUCTION else "console",
    )
]
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="KKR-portalen <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, for links in e-mails, PDFs and feeds made outside a request.
# In development it follows the address the server listens on (`make run HOST=… PORT=…`
# passes KKR_HOST and KKR_PORT); a wildcard address is reached as localhost.
if PRODUCTION:
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
else:
    _run_host = env.str("HOST", default="127.0.0.1").strip("[]")
    _run_host = "localhost" if _run_host in ("0.0.0.0", "::", "") else _run_host  # noqa: S104
    _run_host = f"[{_run_host}]" if ":" in _run_host else _run_host
    _run_port = env.int("PORT", default=8000, minimum=1)
    SITE_URL = env.str("SITE_URL", default=f"http://{_run_host}:{_run_port}").rstrip("/")

# --- Documents ----------------------------------------------------------------------------
# A PDF claimed by a worker longer ago than this is taken as abandoned (the worker died)
# and may be produced by another worker.
PDF_LEASE_SECONDS = env.int("PDF_LEASE_SECONDS", default=600, minimum=1)

# --- Security -----------------------------------------------------------------------------
# Sessions are read from the cache (Redis) and written to both, so a signed-in page does
# not ask the database for its session (decision 0029); without Redis, and when Redis is
# down (core/cache.py), they are read from the database as before.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# Preloading is a promise about every subdomain too; KKR_HSTS_PRELOAD=false opts out.
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
if env.bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts or styles anywhere: every script is a file under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Strict parameters (a malformed value is a 400 naming it) and documented error answers.
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "core.api.StrictPageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["core.api.StrictFilterBackend"],
    # The browser session only (with its second factor, enforced by accounts.middleware).
    # DRF's default would also accept HTTP Basic: a password alone, without the second
    # factor or the lock-out. See core/api_auth.py.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api_auth.RefuseBasicAuthentication",
        # A system's token (decision 0031): the public's view, or its body's members'.
        "integrations.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KKR-portalen API",
    "DESCRIPTION": "Read access to regions, municipalities, bodies and their records.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names the one way in (the session); RefuseBasicAuthentication only says no.
    "AUTHENTICATION_WHITELIST": [
        "rest_framework.authentication.SessionAuthentication",
        "integrations.auth.TokenAuthentication",
    ],
    # Meetings and requests for input both have a "status": one named enum each.
    "ENUM_NAME_OVERRIDES": {
        "MeetingStatusEnum": "meetings.models.MeetingStatus",
        "RequestForInputStatusEnum": "consultations.models.RequestStatus",
        # Agreements: the agreement's, an activity's and a goal's (and indicator's) status.
        "AgreementStatusEnum": "agreements.models.AgreementStatus",
        "ActivityStatusEnum": "agreements.models.ActivityStatus",
        "GoalStatusEnum": "agreements.selectors.GoalStatus",
    },
}

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
