"""Settings for the portal, read from the environment.

Development defaults need no server at all: SQLite, tasks run in-process, e-mail printed
to the console. Production differs only by environment values (see `.env.example`).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 32)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Red de Ciudades")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "config.admin.PortalAdminConfig",  # django.contrib.admin with a lighter site (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_countries",
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "network",
    "programs",
    "campus",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.two_factor.StaffTwoFactorMiddleware",
    "network.preferences.PreferencesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network.context_processors.portal",
            ],
        },
    },
]
# Django's form renderer, with its plain inputs, selects and textareas written in Python: the same
# markup without a template include per widget and per option (network/widgets.py).
FORM_RENDERER = "network.widgets.PortalFormRenderer"

# --- Database -------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Prepared statements: a query a connection has run a few times (every page runs the same few)
    # is planned once, not on every request; parameters are sent apart from the SQL, as psycopg
    # does by default (network/database.py: a statement with more than the protocol's 65,535 is
    # written out whole instead). Off (DATABASE_PREPARED_STATEMENTS=false) behind a pooler that
    # cannot keep them, such as PgBouncer older than 1.21 in transaction mode.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        from network.database import PreparingCursor

        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5, "cursor_factory": PreparingCursor})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a browser's autosaves and a submit at once: readers do not block
    # the writer (WAL), a writer waits for another instead of failing with "database is locked"
    # (busy timeout), and a transaction takes the write lock when it starts, not half-way (IMMEDIATE).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache; without it tasks run in-process ---------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
    # Redis down is a degraded portal, not a broken one (network/cache.py): the default cache
    # (sign-in rate limits, one-time codes) falls back to this process's memory, the public page
    # cache to misses. Sessions live in the database only.
    CACHES = {
        alias: {
            "BACKEND": "network.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal") + suffix,
            "OPTIONS": {"WHEN_DOWN": when_down},
        }
        for alias, suffix, when_down in (("default", "", "memory"), ("pages", ":pages", "miss"))
    }
    # A task is handed to the broker or left to the catch-up jobs (network/queue.py) at once: no
    # request waits on a broker that is down.
    CELERY_BROKER_CONNECTION_TIMEOUT = 2
    CELERY_TASK_PUBLISH_RETRY = False
    CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
    # A task taken by a worker that died is given to another after this long (not kombu's hour);
    # the outbox's own catch-up job (every minute) usually gets there first.
    # A web process trying to send a task to a broker that is down gives up after one quick retry.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600, "socket_connect_timeout": 2, "max_retries": 1,
                                       "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 2,
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
    }
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
              "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TASK_EAGER_PROPAGATES = True
# What a task did is in the database (the outbox row, the report run, the certificate): no caller
# waits for a task's result, so sending one never touches the result store (a web process would
# otherwise subscribe to it on every call, and stop sending after a Redis outage).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# Outbox delivery (network.services.outbox_deliver): how long a worker's claim on a message it is
# sending holds (a killed worker's message is sent again after it), and how long a queued message
# may wait for its task before the catch-up job sends it.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
OUTBOX_QUEUED_GRACE_SECONDS = env.int("OUTBOX_QUEUED_GRACE_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "outbox-catch-up": {
        # What a lost task or a killed worker left unsent (network.services.outbox_catch_up).
        "task": "network.tasks.outbox_catch_up",
        "schedule": env.int("OUTBOX_CATCH_UP_SECONDS", default=60),
    },
    "sweeps": {
        # Every app's periodic jobs (network.sweeps): deadline and session reminders, survey links,
        # escalations; each exactly once. Call states follow from their dates and need no job.
        "task": "network.tasks.run_sweeps",
        "schedule": env.int("CALLS_SWEEP_SECONDS", default=300),
    },
    "refresh-dues-standing": {
        "task": "network.tasks.refresh_dues_standing",
        "schedule": crontab(hour=5, minute=15),
    },
}

# --- Users and accounts (django-allauth) ----------------------------------------------
AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Staff without a TOTP authenticator are sent to set one up before they reach the admin.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=False)

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("pt-br", "Português (Brasil)"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # English dates day-first with a 24-hour clock
# Translated content (calls, events, courses, webinars, good practices; each app's translation.py):
# a field shows the active language, else the first of these that has text (the original).
MODELTRANSLATION_DEFAULT_LANGUAGE = "es"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("es", "pt-br", "en")
MODELTRANSLATION_AUTO_POPULATE = False
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Madrid")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
COUNTRIES_FIRST = []

# --- Static and media files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail ----------------------------------------------------------------------------
# EMAIL_URL (smtp://user:pass@host:25, smtp+tls://…, consolemail://, filemail:///path) becomes
# Django 6.1's MAILERS setting.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_mail_options: dict = {}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": _email.get("EMAIL_PORT") or None,
        "username": _email.get("EMAIL_HOST_USER") or "",
        "password": _email.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": env.int("EMAIL_TIMEOUT", default=20),
    }
elif _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": _email.get("EMAIL_FILE_PATH")}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <secretaria@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------
# No inline scripts or styles anywhere, so the built-in CSP can forbid them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
# Sign-in rate limits per address key on the client's real address: the address the last
# TRUSTED_PROXY_COUNT proxies saw (X-Forwarded-For), not one a client can write itself. The limits are
# kept in the shared cache (Redis), so they hold across workers; while Redis is down, per process.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if env.bool("BEHIND_PROXY", default=False)
                                      else 0)
# Per address: 20 failed sign-ins a minute; per account: 5 in 5 minutes pause password sign-in for
# that account (its owner can still sign in with a code by e-mail, limited too).
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/300s/key", "request_login_code": "20/m/ip,3/m/key"}

# Application documents: what is accepted and how large (content is checked, not just the name).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Portal rules ----------------------------------------------------------------------
# Month and day after which unpaid dues of the current year put an active member in arrears.
DUES_GRACE_DATE = env.str("DUES_GRACE_DATE", default="03-31")
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-portal-2026")

# The public page cache (network.page_cache): anonymous visitors' public pages, dropped when what
# they show changes, and expired after a while because pages show time. Signed-in pages are never
# cached. A cache that cannot be reached is a miss, never an error.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Without these, django-import-export lets any staff account export and import every registry
# (members, people, dues): exporting asks the model's view permission, importing its change one.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# --- Read API (/api/v1/, config/api.py, network/api/) -------------------------------------------
# Anyone may read public data; a partner key issued in the admin raises the limit to its own rate.
API_ANONYMOUS_RATE = env.str("API_ANONYMOUS_RATE", default="60/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # each endpoint names its own (network.api.framework)
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Limits per address key on the address the last trusted proxy saw, as sign-in limits do; without
    # this, DRF would believe any X-Forwarded-For a client writes itself.
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "OAS_VERSION": "3.1.0",
    "TITLE": f"{SITE_NAME} — API",
    "DESCRIPTION": (
        "The network's public data, read only: member cities, territorial networks, themes, calls, events, "
        "webinars, good practices with their transfers, courses with their editions, published annual "
        "reports and aggregate figures per year. Translated fields follow `Accept-Language` (es, pt-br, en) "
        "or `?lang=`. Every answer has an ETag; send it back in `If-None-Match` for a 304. Without a key, "
        "requests are limited per address; a partner key from the secretariat (`Authorization: Bearer …`) "
        "raises the limit."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "network.api.framework.add_error_responses"],
}

# `make bench` (bench/run.py) turns this on for its gunicorn: it mounts the reference page
# /bench/reference/ (base layout, no queries) that every measured page is compared with.
BENCH = env.bool("BENCH", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
