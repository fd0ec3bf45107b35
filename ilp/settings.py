"""Settings for ILP. Every value that differs between machines comes from the
environment here, through django-environ, and nowhere else."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless a developer asks (DEBUG=1): Django's debug pages list every URL and
# show settings and tracebacks, and are in English. The demo (scripts/start)
# runs with it off, as production does.
DEBUG = env.bool("DEBUG", default=False)
# Production says so: DEBUG=False, or the host names it serves. It must bring
# its own keys and is served over HTTPS. A machine that says neither (a
# developer's, the test suite, the demo of scripts/start) runs without debug
# pages too, on development keys, over plain HTTP on this machine.
PRODUCTION = not DEBUG and bool(os.environ.get("DEBUG") or os.environ.get("ALLOWED_HOSTS"))
DEV_DEFAULTS = not PRODUCTION

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
_DEV_PII_SECRET = "dev-only-pii-secret-never-use-in-production"
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET_KEY if DEV_DEFAULTS else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production (DEBUG=False or ALLOWED_HOSTS given).")

# Personal data (NIK) is stored as a keyed blind index beside an encrypted
# value; both keys are derived from this secret (patients/pii.py). Losing it
# makes stored NIKs unreadable, so production keeps it apart from backups.
PII_SECRET = env("PII_SECRET", default=_DEV_PII_SECRET if DEV_DEFAULTS else None)
if not PII_SECRET:
    raise ImproperlyConfigured("PII_SECRET must be set in production (DEBUG=False or ALLOWED_HOSTS given).")

# The local addresses are always allowed: the demo serves on 127.0.0.1.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEV_DEFAULTS
                         else ["127.0.0.1", "localhost"])
# Off only where the app is served over plain HTTP on the machine itself (the
# demo): otherwise every request is redirected to HTTPS and cookies are secure.
HTTPS = env.bool("HTTPS", default=not DEV_DEFAULTS)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "simple_history",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "ilp",
    "facilities",
    "patients",
    "clusters",
    "quality",
    "followup",
    "reports",
    "stock",
    "lab",
    "klaster1",
    "inpatient",
    "igd",
    "satusehat",
    "audit",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages and API answers travel compressed to browsers that accept it (a
    # district's PWS table, a session's roster: a tenth of their size) over
    # a Puskesmas's or kader's poor link; outermost but for WhiteNoise,
    # which compresses the static files itself (decision 36).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ilp.middleware.IndonesianByDefault",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ilp.middleware.SessionTimeouts",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost: a view that loses the database answers 503, not a traceback.
    "ilp.errors.DatabaseUnavailable",
    # Last, as django-axes requires: turns a lockout into the login page's message.
    "axes.middleware.AxesMiddleware",
]

# The app serves its static files itself (collected ones in production, from
# the source folders elsewhere), so a Puskesmas behind a poor link needs no web
# server or CDN, and the demo needs no collectstatic.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEV_DEFAULTS

ROOT_URLCONF = "ilp.urls"

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
                "ilp.navigation.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "ilp.wsgi.application"

# The embedded default is a SQLite file in the project, so a newcomer needs
# nothing but Python; PostgreSQL is the database of record (DATABASE_URL).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the writer instead of failing at once when two requests write
    # (or a request and the refresh that follows saves): a transaction takes
    # the write lock when it begins, so none fails upgrading a read lock, and
    # with WAL readers are not stopped by the writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;")
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "facilities.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A session ends after SESSION_IDLE_TIMEOUT seconds without a request, and in
# any case SESSION_COOKIE_AGE seconds after logging in (a shared Puskesmas
# laptop is the usual risk), or when the browser closes (ilp/middleware.py).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (django-axes, docs/decisions/0009):
# an account is locked for AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT
# failures in a row, from any address. Attempts live in the database, so
# this works on SQLite and every test starts with none.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the IP address among the lockout parameters, against
# attackers who rotate user agents or cookies; a lock on the username cannot be
# dodged that way, and a lock on the address would shut out a whole Puskesmas
# behind one NAT address after five typos by anyone there.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ilp.auth.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "ilp.auth.client_ip"
# Lockouts are logged; its banner and per-login lines would flood command output.
AXES_VERBOSE = False
# How many reverse proxies in front of gunicorn append to X-Forwarded-For; the
# client address for lockouts and the audit log is the one the first of them saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV_DEFAULTS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Upload limits: imports are CSV/XLSX sheets of a district, not media.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Redis, cache and Celery -------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ilp",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=55 * 60)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Every district's change log, and runs whose worker died: the backstop of
    # the refreshes queued after saves (COVERAGE_REFRESH_AFTER_SAVE).
    "refresh-coverage": {"task": "reports.refresh_coverage",
                         "schedule": env.int("COVERAGE_REFRESH_SECONDS", default=300)},
    # Due lists: households a write marked and whose queued recompute was lost.
    "drain-due": {"task": "followup.drain_due", "schedule": env.int("DUE_DRAIN_SECONDS", default=60)},
    # SATUSEHAT: the backstop of the sends queued after saves, and retries due.
    "satusehat-send": {"task": "satusehat.send", "schedule": env.int("SATUSEHAT_SEND_SECONDS", default=60)},
}
# With no broker configured (the embedded default) tasks run in-process, so the
# app works with nothing installed but Python.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True

# --- Freshness: a saved visit on its district's dashboard within a minute ------
# After each commit that logs coverage changes, a refresh of the district
# follows (reports/runs/trigger.py): with a broker, a task queued with this
# countdown, one per district at a time; embedded, a timer thread in-process
# that the saves of this many seconds join. Off under pytest: the tests that
# prove it switch it on, and no other test gets threads or tasks of its own.
# Due lists recomputed by a task after the commit (a worker is running), or in
# the writer's transaction (embedded, and the test suite unless a test asks).
DUE_UPKEEP_AFTER_COMMIT = env.bool("DUE_UPKEEP_AFTER_COMMIT",
                                   default=not CELERY_TASK_ALWAYS_EAGER and "pytest" not in sys.modules)
DUE_DRAIN_COUNTDOWN_SECONDS = env.int("DUE_DRAIN_COUNTDOWN_SECONDS", default=2)
COVERAGE_REFRESH_AFTER_SAVE = env.bool("COVERAGE_REFRESH_AFTER_SAVE", default="pytest" not in sys.modules)
COVERAGE_REFRESH_COUNTDOWN_SECONDS = env.int("COVERAGE_REFRESH_COUNTDOWN_SECONDS", default=10)
COVERAGE_REFRESH_DEBOUNCE_SECONDS = env.float("COVERAGE_REFRESH_DEBOUNCE_SECONDS", default=3)
# How long an embedded refresh that met a busy district or a locked SQLite
# database waits before it tries again.
COVERAGE_REFRESH_RETRY_SECONDS = env.float("COVERAGE_REFRESH_RETRY_SECONDS", default=5)
# How long moving a Posyandu to another Puskesmas or desa waits for a run of
# its district in progress (its roll-ups are summed again in the same write):
# well within gunicorn's request timeout, and SQLite's busy timeout.
COVERAGE_MOVE_WAIT_SECONDS = env.float("COVERAGE_MOVE_WAIT_SECONDS", default=15)

# The LPLPO's request (docs/decisions/0026): stok optimum = stok kerja + stok
# pengaman = the month's use x (lead time + buffer) in months of use;
# permintaan = stok optimum - sisa stok (usable at the month's end).
STOCK_LEAD_TIME_MONTHS = env.float("STOCK_LEAD_TIME_MONTHS", default=1.0)
STOCK_BUFFER_MONTHS = env.float("STOCK_BUFFER_MONTHS", default=0.2)

# --- SATUSEHAT (satusehat/, docs/decisions/0027-satusehat-outbox.md) ---------
# The national FHIR R4 platform. Off (nothing queued) unless all of these are
# set: the token endpoint's base ({auth}/accesstoken), the FHIR base
# (.../fhir-r4/v1), the Dinkes's client credentials and its Organization id,
# the default for a Puskesmas without its own (admin: SATUSEHAT links).
SATUSEHAT_AUTH_URL = env("SATUSEHAT_AUTH_URL", default="").rstrip("/")
SATUSEHAT_BASE_URL = env("SATUSEHAT_BASE_URL", default="").rstrip("/")
SATUSEHAT_CLIENT_ID = env("SATUSEHAT_CLIENT_ID", default="")
SATUSEHAT_CLIENT_SECRET = env("SATUSEHAT_CLIENT_SECRET", default="")
SATUSEHAT_ORGANIZATION_ID = env("SATUSEHAT_ORGANIZATION_ID", default="")
# Seconds one HTTP call to the platform may take.
SATUSEHAT_TIMEOUT_SECONDS = env.float("SATUSEHAT_TIMEOUT_SECONDS", default=20)
# A send queued after each commit that queued operations (a task with a
# broker, a thread in-process embedded); off under pytest, as the refresh.
SATUSEHAT_SEND_AFTER_SAVE = env.bool("SATUSEHAT_SEND_AFTER_SAVE", default="pytest" not in sys.modules)
# Retries: exponential backoff from BASE seconds up to MAX, with jitter.
SATUSEHAT_BACKOFF_BASE_SECONDS = env.float("SATUSEHAT_BACKOFF_BASE_SECONDS", default=30)
SATUSEHAT_BACKOFF_MAX_SECONDS = env.float("SATUSEHAT_BACKOFF_MAX_SECONDS", default=3600)

# --- Production hardening ------------------------------------------------------
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# The REST API (api/, docs/decisions/0023-rest-api.md): the browser's session
# for the app itself, tokens (revocable in the admin) for other clients.
REST_FRAMEWORK = {
    # Token first: DRF answers a missing or revoked credential with the first
    # class's challenge, a 401 with "WWW-Authenticate: Token" (session
    # authentication has none, and would turn it into a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ILP API",
    "DESCRIPTION": "Posyandu sessions, rosters and offline sync, and PWS facts, scoped to the user's area.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
# Most items one outbox request may carry.
API_OUTBOX_MAX_ITEMS = 500
