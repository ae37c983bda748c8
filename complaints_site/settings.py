"""Settings for the complaints site: everything that varies comes from the environment.

DATABASE_URL   postgres://user:password@host:port/name (unset: a private local cluster)
SECRET_KEY     required when DEBUG is off
DEBUG          "1"/"true" for local development (default on when SECRET_KEY is unset)
ALLOWED_HOSTS  comma-separated host names
MEDIA_ROOT     where uploaded originals are stored (default: ./media)
ADMIN_URL      where the admin is served (default: admin/)
TRUSTED_PROXY_COUNT  how many of the deployment's proxies append to X-Forwarded-For (default 0)
BEHIND_TLS_PROXY     "1" when a proxy terminates HTTPS and sets X-Forwarded-Proto
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, 0 or more (got {value!r}).")
    return int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", default=not SECRET_KEY)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "complaints_site.admin.ComplaintsAdminConfig",  # django.contrib.admin, 403 for non-staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",
    "django_tasks",
    "django_tasks_db",  # the queue's table (DBTaskResult) and `manage.py db_worker`
    "councils",
    "documents",
    "letters",
    "reports",
    "places",
    "opendata",  # the API (/api/v1/), the Atom feeds and the whole dataset (/data/)
    "search",  # what the letters say: their paragraphs, full-text search (/search/)
    "briefings",  # a council's committee briefing, on A4 and in Word
]

MIDDLEWARE = [
    # First: a body over the upload limit is refused before anything reads it (413).
    "complaints_site.limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who changed what from which page: attached to every history row PostgreSQL writes.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# History context (who, from which page) is attached on the requests that write; a GET
# never changes a tracked row, so public pages skip the query it costs.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttles failed logins
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins: five tries per username from one client address (both together, so one
# person's mistakes lock out no one else), then an hour's cool-off from the last counted
# failure; the lockout page says when (complaints_site/lockout.py). The client address
# comes from the deployment's own proxies only (complaints_site/proxy.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "complaints_site.proxy.client_ip"
AXES_LOCKOUT_CALLABLE = "complaints_site.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "complaints_site.lockout.axes_username"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True

# Request bodies (complaints_site/limits.py): an upload's files stop being read past the
# limit; everything else in a form (never more than a few kilobytes) is held to 1 MB.
FILE_UPLOAD_HANDLERS = [
    "complaints_site.limits.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Behind reverse proxies. TRUSTED_PROXY_COUNT: how many of the deployment's own proxies
# append to X-Forwarded-For (0: the header is ignored; 1: its last hop is the client).
# BEHIND_TLS_PROXY=1: the proxy terminates HTTPS and sets X-Forwarded-Proto (and strips a
# client's own); without it that header is not believed.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

ROOT_URLCONF = "complaints_site.urls"

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

WSGI_APPLICATION = "complaints_site.wsgi.application"

# PostgreSQL only: the product relies on its constraints, full-text search and triggers.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
else:
    from complaints_site import localdb

    DATABASES = {"default": localdb.database_settings()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Work done outside the web request (Django's tasks API through the django-tasks backport):
# queued in PostgreSQL, run by `manage.py db_worker` (started beside the web server by
# `make run`). The "uploads" queue reads uploaded letters and reports
# (documents.services.read_upload); a worker takes every queue with --queue-name='*'.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "uploads", "imports"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# static/build/app.css is GOV.UK Frontend compiled from frontend/app.scss by `make install`
# (npm's govuk-frontend and sass; see the Makefile).
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

# Rendered pages (keyed by versions PostgreSQL keeps: complaints_site/cache.py) and the open
# data's throttle counts live in Django's cache. CACHE_URL (or REDIS_URL), e.g.
# redis://cache.internal:6379/0, puts it in Redis, shared by every web process; without it
# each process keeps its own in memory. Either way a data change shows everywhere within
# PAGE_VERSIONS_MEMO_SECONDS: each process reads the data's versions at most that often
# (0: on every request), so a page from the cache or a 304 costs no query at all.
CACHE_URL = (os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "").strip()
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CACHE_URL must be a Redis URL (redis://, rediss:// or unix://), "
            f"not {CACHE_URL.split(':', 1)[0]!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "complaints"),
            # A cache that does not answer is skipped (pages are rendered), not waited for.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "complaints-site",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
PAGE_VERSIONS_MEMO_SECONDS = float(os.environ.get("PAGE_VERSIONS_MEMO_SECONDS", "1"))

# The admin at a path of the deployment's choosing (e.g. ADMIN_URL=manage-7f3a/).
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip().strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must not be empty: the admin cannot be the home page.")

# Content Security Policy (django-csp): everything from this site only; no inline script
# except one carrying the per-response nonce (request.csp_nonce); no inline styles; no
# framing. The pages and the admin work under it with no console errors (tests/site/test_security).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# mySociety's register of UK councils; `import_councils` reads it from here by default.
COUNCIL_REGISTER_URL = os.environ.get(
    "COUNCIL_REGISTER_URL",
    "https://pages.mysociety.org/uk_local_authority_names_and_codes/data/"
    "uk_la_past_current/latest/uk_local_authorities.csv",
)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
