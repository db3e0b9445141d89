"""Omzien settings: one module, configured from the environment.

Development is the default. `DJANGO_ENV=production` turns on the secure
settings and refuses to start without a real SECRET_KEY.
"""

import ipaddress
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; the real environment wins

PRODUCTION = env("DJANGO_ENV", default="development") == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
    SECRET_KEY = env("SECRET_KEY")  # no default: a missing key stops the start
    weak = len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
    if weak or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be a random string of at least 50 characters in "
            "production (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
else:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "omzien.apps.OmzienAdminConfig",  # the admin, as the moderators' desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "omzien.db",
    "areas",
    "initiatives",
    "maps",
    "gatherings",
    "api",
    "outbox",
    "idempotency",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "omzien.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.api_version",  # around CORS: preflights carry it too
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "omzien.middleware.request_size_limit",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "omzien.middleware.DatabaseUnavailableMiddleware",
    "omzien.db.replicas.ReadRoutingMiddleware",  # inside the 503: retries
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Admin log-in attempts are limited per user name and address (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "initiatives.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "omzien.lockout.login_locked"

ROOT_URLCONF = "omzien.urls"
WSGI_APPLICATION = "omzien.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "omzien" / "templates"],
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

# Database: SpatiaLite in a file by default (no server needed); PostGIS when
# DATABASE_URL=postgis://user@host/name is set, as in production.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"spatialite:///{DATA_DIR / 'omzien.sqlite3'}"
    )
}
# A database that hangs must give a 503, not a hung request: connecting
# gives up after DATABASE_CONNECT_TIMEOUT seconds, PostgreSQL cancels a query
# after DATABASE_STATEMENT_TIMEOUT, the client gives up on a silent server 2 s
# later, and SQLite waits DATABASE_BUSY_TIMEOUT for a lock.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Connections persist only where the server reuses its threads: gunicorn
# (deploy/gunicorn.conf.py sets CONN_MAX_AGE); runserver starts a thread per
# connection, and each would keep its own database connection open.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Optional PostgreSQL streaming replicas (comma-separated postgis:// URLs):
# reads of anonymous GET requests go there (omzien/db/replicas.py), all else
# to the primary. In tests a replica reads the primary's test database.
REPLICA_ALIASES = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), 1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = {
        **env.db_url_config(_url),
        "CONN_HEALTH_CHECKS": True,
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "TEST": {"MIRROR": "default"},
    }
    REPLICA_ALIASES.append(_alias)
    if not DATABASES[_alias]["ENGINE"].endswith("postgis"):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS must be PostGIS streaming replicas "
            "(postgis://user:password@host:5432/name)."
        )
if REPLICA_ALIASES:
    DATABASE_ROUTERS = ["omzien.db.replicas.ReplicaRouter"]
# A replica more than this many seconds behind is skipped; each process
# checks a replica's lag at most every REPLICA_CHECK_SECONDS.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=10)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5)
# After a write (any POST, PUT, PATCH, DELETE) a visitor reads from the
# primary for this long, so nobody misses their own change.
READ_YOUR_WRITES_SECONDS = env.int("READ_YOUR_WRITES_SECONDS", default=30)
statement_seconds = env.int("DATABASE_STATEMENT_TIMEOUT", default=15)
for _db in DATABASES.values():
    if _db["ENGINE"].endswith("postgis"):
        _db["OPTIONS"] = {
            "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=3),
            # No JIT: PostGIS functions cost so much to the planner that any
            # query over a few thousand rows was compiled first, which took
            # longer (about a second) than running it.
            "options": f"-c statement_timeout={statement_seconds * 1000} -c jit=off",
            **_db.get("OPTIONS", {}),
        }
        # statement_timeout needs a server that answers; a silent one is cut
        # off by the client a little later (omzien/db/deadline.py).
        _db["ENGINE"] = "omzien.db.postgis"
        DATABASE_CALL_DEADLINE = statement_seconds + 2
    else:
        # The web server and the queue's worker write to the one file: a
        # write transaction takes its lock at BEGIN, so a busy file makes it
        # wait instead of failing with "database is locked" halfway.
        _db.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE",
            timeout=env.int("DATABASE_BUSY_TIMEOUT", default=5),
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Debian 12 ships GDAL 3.6. The warning is about spatial reference strings that
# name files or URLs; Omzien builds its references only from fixed EPSG codes
# and numbers, never from user input.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://omzien")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "omzien.cache.RedisCache"  # one client per pool
# The public API's answers are kept in that cache until the data changes
# (api/response_cache.py); 0 turns it off (bench/api_bench.py's cold rows).
API_RESPONSE_CACHE = env.bool("API_RESPONSE_CACHE", default=True)

# Production runs several processes on PostGIS with a shared cache, and mails
# real people: no silent fallback to a development default.
if PRODUCTION:
    missing = [
        name
        for name in ("DATABASE_URL", "CACHE_URL", "SITE_URL", "EMAIL_URL")
        if not env.str(name, default="")
    ]
    if missing:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} must be set in production (see the README, "
            "Configuration)."
        )
    if not DATABASES["default"]["ENGINE"].endswith("postgis"):
        raise ImproperlyConfigured(
            "DATABASE_URL must be a PostGIS database in production "
            "(postgis://user:password@host:5432/name)."
        )
    if CACHES["default"]["BACKEND"].rsplit(".", 2)[-2] in ("locmem", "dummy"):
        raise ImproperlyConfigured(
            "CACHE_URL must be a cache all processes share in production "
            "(e.g. redis://127.0.0.1:6379/1), not a local-memory or dummy cache."
        )

# The task queue (huey) that sends mail outside the requests, kept in the
# database the app already has: a SQLite file beside SpatiaLite, or tables
# in PostgreSQL (created by the outbox migrations). Its worker is
# `manage.py run_huey`, which `make run` starts beside the server.
_db = DATABASES["default"]
if _db["ENGINE"].endswith("postgis"):
    HUEY = {
        "huey_class": "huey.PostgresHuey",
        "create_tables": False,
        "dbname": _db["NAME"],
        "user": _db.get("USER") or None,
        "password": _db.get("PASSWORD") or None,
        "host": _db.get("HOST") or None,
        "port": _db.get("PORT") or None,
        # A database that hangs fails the hand-over (the mail stays queued
        # for requeue_overdue) instead of holding the request.
        "connect_timeout": 5,
        "options": "-c statement_timeout=5000",
    }
else:
    TASK_QUEUE_FILE = Path(
        env("TASK_QUEUE_FILE", default=str(DATA_DIR / "queue.sqlite3"))
    )
    # huey opens its file as soon as the settings load, also for commands
    # (compilemessages, check) run in a fresh clone before any migration.
    TASK_QUEUE_FILE.parent.mkdir(parents=True, exist_ok=True)
    HUEY = {"huey_class": "huey.SqliteHuey", "filename": str(TASK_QUEUE_FILE)}
HUEY.update(
    name="omzien",
    immediate=False,  # never in the request, also with DEBUG
    results=False,
    # One process: its timeouts (SIGALRM) work, and mail is light work.
    consumer={"workers": 1, "worker_type": "process"},
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Numbers in the pages in the language's format (10.004 in Dutch), by
# Django's localisation everywhere: the one rule for numbers people read.
# A number in a URL or an attribute needs |unlocalize.
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "omzien" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Leaflet and MarkerCluster for the maps, from the xstatic packages.
    "maps.finders.XStaticFinder",
]

# E-mail: printed to the console in development; EMAIL_URL (e.g.
# smtp+tls://user:password@host:587) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Omzien <noreply@omzien.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MODERATOR_EMAILS = env.list("MODERATOR_EMAILS", default=[])
# Every mail goes out from DEFAULT_FROM_EMAIL (no replies) with this Reply-To:
# the moderators' shared address, so that "reply to this e-mail" works.
REPLY_TO_EMAIL = env("REPLY_TO_EMAIL", default="Omzien <moderatie@omzien.nl>")
# Each step of an SMTP exchange waits at most this many seconds: a mail
# server that accepts and never answers fails an attempt quickly.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Seconds before each new attempt of a failed mail; after the last one the
# mail is marked failed (admin: Outgoing mail) and logged as an error.
MAIL_RETRY_DELAYS = env.list(
    "MAIL_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200]
)
# At most this many mails per address in 24 hours (moderators' digests
# aside); more are dropped with a log line, never an error to the sender.
MAIL_RECIPIENT_DAILY_LIMIT = env.int("MAIL_RECIPIENT_DAILY_LIMIT", default=10)
# Moderators get at most one digest per this many minutes.
MODERATOR_DIGEST_MINUTES = env.int("MODERATOR_DIGEST_MINUTES", default=60)
# Absolute links in e-mails (update links, the admin) start with this. In
# development it follows the port `make run` serves on.
SITE_URL = env(
    "SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
).rstrip("/")
# Production mails real people, with links they follow.
if PRODUCTION and not EMAIL_BACKEND.endswith(".smtp.EmailBackend"):  # noqa: F821
    raise ImproperlyConfigured(
        "EMAIL_URL must name an SMTP server in production "
        "(smtp+tls://user:password@host:587): the console, file, memory and "
        "dummy backends send nothing."
    )
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must start with https:// in production (https://omzien.nl)."
    )
# How long an initiator's personal update link stays valid, in seconds.
INITIATOR_LINK_MAX_AGE = env.int("INITIATOR_LINK_DAYS", default=60) * 24 * 3600
# Submissions per IP address per hour, counted in the default cache.
SUBMISSION_RATE_LIMIT = env.int("SUBMISSION_RATE_LIMIT", default=10)
# Posts through initiators' personal links (edit, revoke, still current,
# archive) per IP address per hour, counted together.
INITIATOR_LINK_RATE_LIMIT = env.int("INITIATOR_LINK_RATE_LIMIT", default=20)
# Requests for a new personal link ("stuur me een nieuwe link") per IP
# address per hour.
NEW_LINK_RATE_LIMIT = env.int("NEW_LINK_RATE_LIMIT", default=5)
# Who a request comes from (initiatives.ratelimit.client_address, used by
# every limiter): REMOTE_ADDR, unless the peer is one of TRUSTED_PROXIES and
# TRUSTED_PROXY_COUNT proxies each append their peer to X-Forwarded-For
# (nginx: $proxy_add_x_forwarded_for); then the address the outermost saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.0/8", "::1/128"])
if env.bool("USE_X_FORWARDED_FOR", default=False):  # the old, unsafe switch
    raise ImproperlyConfigured(
        "USE_X_FORWARDED_FOR is gone: set TRUSTED_PROXY_COUNT=1 behind one proxy."
    )
try:
    [ipaddress.ip_network(network) for network in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None

# Map tiles are the only thing a page loads from another host.
TILE_LAYERS = {
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": (
            '&copy; <a href="https://www.openstreetmap.org/copyright">'
            "OpenStreetMap</a>-bijdragers"
        ),
        "max_zoom": 19,
    },
    "pdok": {
        "url": (
            "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/"
            "standaard/EPSG:3857/{z}/{x}/{y}.png"
        ),
        "attribution": (
            'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> '
            "(BRT-Achtergrondkaart, PDOK)"
        ),
        "max_zoom": 19,
    },
}
MAP_TILES = TILE_LAYERS[env("MAP_TILES", default="osm")]
# Rendered maps stay cached until their data changes, at most this long.
MAP_CACHE_SECONDS = env.int("MAP_CACHE_SECONDS", default=24 * 3600)
LEAFLET_CONFIG = {
    "TILES": [
        ("", MAP_TILES["url"], {"attribution": MAP_TILES["attribution"], "maxZoom": 19})
    ],
    "DEFAULT_CENTER": (52.2, 5.4),
    "DEFAULT_ZOOM": 7,
    "RESET_VIEW": False,
}

# Content Security Policy (django-csp): scripts only from our own files or
# with the per-request nonce; the map tiles are the only outside host.
TILE_HOSTS = sorted(
    {"https://" + layer["url"].split("/")[2] for layer in TILE_LAYERS.values()}
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Leaflet positions map panes and markers with style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *TILE_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Served behind a proxy that terminates HTTPS and sets X-Forwarded-Proto.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "omzien.storage.MinifiedStaticFilesStorage"},
    }
# The partner API (api/). Rates per anonymous IP and per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.CountingTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonReadThrottle",
        "api.throttles.PartnerReadThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", default="120/minute"),
        "partner": env("API_PARTNER_RATE", default="1200/minute"),
        "anon-submit": env("API_ANON_SUBMIT_RATE", default="5/hour"),
        "partner-submit": env("API_PARTNER_SUBMIT_RATE", default="200/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Omzien API",
    "DESCRIPTION": (
        "Published initiatives and gatherings of the Land van Omzien as GeoJSON, "
        "JSON and CSV. De gepubliceerde initiatieven en bijeenkomsten van het "
        "Land van Omzien als GeoJSON, JSON en CSV. OGC API - Features: /ogc/."
    ),
    "VERSION": "1.1.1",  # changes: api/CHANGELOG.md
    "CONTACT": {
        "name": "Omzien",
        "email": env("API_CONTACT_EMAIL", default="api@omzien.nl"),
        "url": env("API_CONTACT_URL", default="https://omzien.nl"),
    },
    # Paths are relative to the server, which carries the major version.
    "SERVERS": [{"url": "/api/v1", "description": "Omzien API, version 1"}],
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.contract.postprocess",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name across components need a name.
    "ENUM_NAME_OVERRIDES": {
        "FeatureTypeEnum": ["Feature"],
        "PointTypeEnum": ["Point"],
        "FeatureCollectionTypeEnum": ["FeatureCollection"],
        "StatusEnum": "api.collections.INITIATIVE_STATUSES",
        "GatheringStatusEnum": "api.collections.GATHERING_STATUSES",
    },
}
API_VERSION = SPECTACULAR_SETTINGS["VERSION"]
# Any origin may read; writes stay same-origin (see api/cors.py).
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"(?!)"  # matches nothing: api/cors.py decides per request
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "API-Version",
    "ETag",
    "Last-Modified",
    "Link",
    "Retry-After",
    "Location",
    "Content-Crs",
]
# Conditional requests from partners' web apps (ETag, Last-Modified).
CORS_ALLOW_HEADERS = (
    *default_cors_headers,
    "if-none-match",
    "if-modified-since",
    "accept-language",
    "accept-crs",
)

# The largest request body, in bytes: a submission needs some 30 kB; the
# admin's largest forms stay far below. Larger bodies get a 413 unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1_048_576)
# The initiator's forms (/meld-aan/, /wijzigen/…) may carry an image of up to
# 5 MB (initiatives/images.py) besides the text: those multipart bodies may
# be this large (nginx: the same in deploy/nginx/omzien.conf).
FORM_UPLOAD_MAX_SIZE = 6 * 1_048_576
# Uploaded images, in the sizes initiatives/images.py makes. Served by
# runserver in development and by nginx in production (deploy/nginx).
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
