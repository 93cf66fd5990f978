"""Settings for the archive, all driven by environment variables.

Development needs none: with no DATABASE_URL an embedded PostgreSQL starts under
var/, and a random SECRET_KEY is kept in var/secret_key by `make run`. Production
sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and HTTPS=1.
"""

import hashlib
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DEBUG = envbool("DEBUG", False)
HTTPS = envbool("HTTPS", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    key_file = DATA_DIR / "secret_key"
    if not key and key_file.exists():
        key = key_file.read_text().strip()
    if key and not key.startswith("django-insecure") and len(key) >= 32:
        return key
    if DEBUG:
        return key or "django-insecure-development-only-key"
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or too weak (it must be 32+ random characters) and DEBUG is off. "
        "Set SECRET_KEY in the environment (or run `make setup`, which writes var/secret_key), "
        "or set DEBUG=1 for local development."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
SITE_NAME = os.environ.get("SITE_NAME", "Deep Learning Weekly Archive")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "issues",
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
    "csp.middleware.CSPMiddleware",
    "issues.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
                "issues.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. Never SQLite.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL:
    from archive.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(DATA_DIR)
STATEMENT_TIMEOUT_MS = envint("DB_STATEMENT_TIMEOUT_MS", 5000)
_db_options = {
    "connect_timeout": envint("DB_CONNECT_TIMEOUT", 3),
    "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
}
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
DATABASES["default"].setdefault("OPTIONS", {}).update(_db_options)
for _index, _url in enumerate(envlist("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica_{_index}"] = dj_database_url.parse(
        _url, conn_max_age=60, conn_health_checks=True
    )
    DATABASES[f"replica_{_index}"].setdefault("OPTIONS", {}).update(_db_options)
    DATABASES[f"replica_{_index}"]["TEST"] = {"MIRROR": "default"}
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["archive.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Anonymous pages, facet counts and suggestions are cached (issues.cache) in Redis
# when REDIS_URL is set, else in each process's memory.
CACHE_PAGES = envbool("CACHE_PAGES", True)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # One Redis may serve several archives (staging, tests): keys never mix.
            "KEY_PREFIX": "archive-" + hashlib.sha256(DATABASE_URL.encode()).hexdigest()[:12],
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 3600,
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "archive.storage.StaticFilesStorage"},
}

# Imports: the per-file limit of the format, and uploads a little above it.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 64 * 1024

# Security. HTTPS=1 turns on everything that needs TLS in front of the app.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", HTTPS)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# django-axes: lock an account+address out after repeated failed admin logins.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", True)

# Requests per client address for anonymous API use, e.g. 120/minute or 5000/day; "none" is off.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute").strip()
if API_ANON_RATE.lower() != "none" and not re.fullmatch(r"\d+/[smhd][a-z]*", API_ANON_RATE):
    raise ImproperlyConfigured(
        f"API_ANON_RATE must be like 120/minute or none, not {API_ANON_RATE!r}"
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Reads API_ANON_RATE on each request (DRF's own class fixes its rate at import).
    "DEFAULT_THROTTLE_CLASSES": ["issues.api.throttling.AnonThrottle"],
    # How many proxies put addresses in X-Forwarded-For; with none, the header is
    # ignored, so a client cannot dodge the throttle by sending one.
    "NUM_PROXIES": envint("NUM_PROXIES", 1 if HTTPS else 0),
    "EXCEPTION_HANDLER": "issues.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Deep Learning Weekly Archive API",
    "DESCRIPTION": "Read the archive's issues, items and tags; submit new issues with a token.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise send the schema's address to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {"SectionEnum": "issues.models.SectionName"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "issues.api.schema.allow_empty_query_values",
    ],
}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "WARNING"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The level is the handler's too: Django's loggers (django.request's 404
    # warnings) pass their records up to it whatever the root logger's level.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": LOG_LEVEL}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own handlers would write its records a second time when DEBUG is on.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
