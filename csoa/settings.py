"""Django settings for the CSOA platform, read from the environment (12-factor)."""

import importlib.util
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from kit.inline import csp_hashes

from .env import env_bool, env_choice, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_choice("DJANGO_ENV", "development", ("development", "test", "production"))
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", DJANGO_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG cannot be true when DJANGO_ENV=production.")

SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=PRODUCTION) or (
    "development-only-key-never-used-in-production-0123456789abcdefghijklmnop"
)
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"], required=PRODUCTION
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many proxies in front of the web server append to X-Forwarded-For (0: none, the
# connection's address is the caller's). Rate limits by address read the caller from it.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT


def _embedded():
    """The embedded servers' addresses, for development and tests only: production requires
    DATABASE_URL and REDIS_URL, so it never imports the dev tooling."""
    from .dev import embedded

    return embedded


# Where the embedded servers keep their data when DATABASE_URL / REDIS_URL are not set.
STATE_DIR = Path(env_str("CSOA_STATE_DIR") or BASE_DIR / "var")

INSTALLED_APPS = [
    "csoa.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "kit",
    "members",
    "groups",
    "incidents",
    "feeds",
    "reports",
    "chatter",
]
if not PRODUCTION:
    INSTALLED_APPS.append("csoa.dev.apps.DevConfig")  # seed_demo, seed_incidents

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses pages (static files come compressed from WhiteNoise): see the BREACH notes
    # in docs/operations.md.
    "kit.middleware.CompressTextMiddleware",
    "csoa.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "members.middleware.ViewerMiddleware",
    "members.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "csoa.urls"
CSRF_FAILURE_VIEW = "kit.web.csrf_failure"
WSGI_APPLICATION = "csoa.wsgi.application"

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
                "members.context_processors.viewer",
                "members.context_processors.notifications",
                "chatter.context_processors.chatter",
            ],
        },
    },
]

# Databases: PostgreSQL only.
DATABASE_URL = env_str("DATABASE_URL", required=PRODUCTION) or _embedded().database_url(STATE_DIR)
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a postgresql:// URL: PostgreSQL only.")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# PostgreSQL's JIT compiles a query when its estimated cost is high, which costs a page's
# short queries hundreds of milliseconds (a Chatter search: 345 ms of compiling for 77 ms of
# work); the platform's queries are short, so it is off unless DATABASE_JIT=true.
if not env_bool("DATABASE_JIT", False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the cache and the Celery broker.
REDIS_URL = env_str("REDIS_URL", required=PRODUCTION) or _embedded().redis_url(STATE_DIR)
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must be a redis://, rediss:// or unix:// URL.")
# The cache degrades to each process's memory without Redis (kit/cache.py).
CACHES = {
    "default": {
        "BACKEND": "kit.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "csoa"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}


def _celery_broker(url: str) -> str:
    # kombu names a Redis Unix socket redis+socket://, redis-py names it unix://.
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://")
    return url


def _socket_database(url: str) -> str | None:
    """The database a Unix socket's URL names (``?db=2``): kombu takes a socket's database
    from the broker's virtual host, never from its URL."""
    from urllib.parse import parse_qs, urlsplit

    if not url.startswith("unix://"):
        return None
    return parse_qs(urlsplit(url).query).get("db", [None])[0]


CELERY_BROKER_URL = _celery_broker(REDIS_URL)
CELERY_BROKER_VHOST = _socket_database(REDIS_URL)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
# Kept in django-celery-beat's tables by its scheduler; staff can change them in the admin.
# A task the broker cannot take is kept in the database and sent again by the sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "sweep": {"task": "kit.tasks.sweep", "schedule": 60.0},
    "prune-exports": {"task": "incidents.tasks.prune_exports", "schedule": 3600.0},
    "poll-due-feeds": {"task": "feeds.tasks.poll_due_sources", "schedule": 60.0},
    "quiet-feeds": {"task": "feeds.tasks.tell_quiet_sources", "schedule": crontab(minute=30)},
    "publish-scheduled": {"task": "reports.tasks.publish_due", "schedule": 60.0},
    "notifications-daily-digest": {
        "task": "members.notifications.tasks.send_daily_digests",
        "schedule": crontab(minute=0, hour=env_int("NOTIFICATIONS_DIGEST_HOUR", 6, maximum=23)),
    },
    "notifications-weekly-digest": {
        "task": "members.notifications.tasks.send_weekly_digests",
        "schedule": crontab(
            minute=0, hour=env_int("NOTIFICATIONS_DIGEST_HOUR", 6, maximum=23), day_of_week=1
        ),
    },
    "vetting-reminders": {"task": "members.tasks.remind_vetters", "schedule": 3600.0},
}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"  # a member lands on their home, an applicant sees the notice

# django-allauth: email login, mandatory verification, MFA, rate limits (in the Redis cache).
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Applicants are told plainly that an address is already registered (docs/operations.md
# explains the trade-off); login and sign-up rate limits bound how fast anyone can probe.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"signup": "members.forms.JoinForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CSOA] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_ADAPTER = "members.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CSOA"
# Roles that may not use the platform before they have set up an authenticator app.
CSOA_MFA_REQUIRED_ROLES = env_list("CSOA_MFA_REQUIRED_ROLES", ["editor", "staff"])

# Mail.
SITE_URL = env_str("SITE_URL", required=PRODUCTION) or "http://127.0.0.1:8000"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CSOA <no-reply@csoa.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", required=PRODUCTION) or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "csoa.mail.OutboxBackend",
)
# The development outbox: every mail is printed and kept as a file, readable at /dev/outbox/.
OUTBOX_DIR = STATE_DIR / "outbox"

# The API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.authentication.PartnerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "kit.api.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "kit.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["kit.limits.AnonymousThrottle", "kit.limits.SignedInThrottle"],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/min"),
        "user": env_str("API_USER_RATE", "600/min"),
        # The map asks again on every pan and zoom, anonymous or signed in.
        "map": env_str("API_MAP_RATE", "1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CSOA platform API",
    "DESCRIPTION": "Maritime crime incidents, shared by TLP marking. "
    "Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kit.openapi.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MailRhythmEnum": "members.models.Rhythm",
        "GroupFileTlpEnum": "groups.models.FILE_TLP_CHOICES",
        "TlpEnum": "members.access.TLP",
        "PublicationKindEnum": "reports.models.PublicationKind",
        "JoinRequestStatusEnum": "groups.models.JoinRequest.Status",
        "AttachmentKindEnum": "incidents.models.Attachment.Kind",
        "IncidentStatusEnum": "incidents.models.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Contact form: how many messages one address may send an hour.
CONTACT_RATE = env_str("CONTACT_RATE", "5/h")
# The kinds of publication a second editor reviews before they are published.
PUBLICATION_REVIEW_KINDS = env_list("PUBLICATION_REVIEW_KINDS", [])
_UNKNOWN_KINDS = set(PUBLICATION_REVIEW_KINDS) - {"first_response", "bulletin", "news", "event"}
if _UNKNOWN_KINDS:
    raise ImproperlyConfigured(f"PUBLICATION_REVIEW_KINDS names unknown kinds: {_UNKNOWN_KINDS}")

# Rate limits on the expensive pages and their API (kit/limits.py): trends and summaries,
# searches and exports, per signed-in person or per address of the public; PDF reports and
# prepared exports per person. Counted in the cache; without Redis they are not applied.
RATE_LIMIT_MEMBER = env_rate("RATE_LIMIT_MEMBER", "60/m")
RATE_LIMIT_PUBLIC = env_rate("RATE_LIMIT_PUBLIC", "20/m")
RATE_LIMIT_REPORTS = env_rate("RATE_LIMIT_REPORTS", "20/h")
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "kit.limits.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "static")
# Leaflet itself comes from the django-leaflet package. It is not an installed app: its admin
# widgets need GDAL, which a platform without PostGIS does not have.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("leaflet", Path(importlib.util.find_spec("leaflet").origin).parent / "static" / "leaflet"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "kit.storage.MinifiedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or STATE_DIR / "media")
# The land mask, decompressed once (about 930 MB on disk) and memory-mapped by every process.
LAND_MASK_DIR = Path(env_str("LAND_MASK_DIR") or STATE_DIR / "landmask")
# The platform's own basemap tiles, drawn from the land mask and kept once drawn.
BASEMAP_DIR = Path(env_str("BASEMAP_DIR") or STATE_DIR / "basemap")
WHITENOISE_USE_FINDERS = not PRODUCTION

# Attachments: evidence files live under MEDIA_ROOT/private and are served only through
# views that apply the access policy.
ATTACHMENT_MAX_PHOTO_BYTES = env_int("ATTACHMENT_MAX_PHOTO_MB", 20, minimum=1) * 1024 * 1024
ATTACHMENT_MAX_VIDEO_BYTES = env_int("ATTACHMENT_MAX_VIDEO_MB", 200, minimum=1) * 1024 * 1024
ATTACHMENT_MAX_DOCUMENT_BYTES = env_int("ATTACHMENT_MAX_DOCUMENT_MB", 50, minimum=1) * 1024 * 1024
ATTACHMENT_MAX_PIXELS = env_int("ATTACHMENT_MAX_MEGAPIXELS", 50, minimum=1) * 1_000_000
ATTACHMENTS_PER_UPDATE = env_int("ATTACHMENTS_PER_UPDATE", 10, minimum=1, maximum=50)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = ATTACHMENTS_PER_UPDATE

# Exports of the incident list: up to EXPORTS_STREAM_MAX rows stream at once, larger ones
# are written by the worker into private storage and kept for EXPORTS_KEEP_DAYS.
EXPORTS_STREAM_MAX = env_int("EXPORTS_STREAM_MAX", 5000, minimum=1)
EXPORTS_ACTIVE_MAX = env_int("EXPORTS_ACTIVE_MAX", 3, minimum=1)
EXPORTS_KEEP_DAYS = env_int("EXPORTS_KEEP_DAYS", 7, minimum=1)
# A background job silent this long has lost its worker: the sweep fails it (exports) or
# sends it again (queued exports, photos waiting to be processed).
EXPORTS_STALE_SECONDS = env_int("EXPORTS_STALE_SECONDS", 300, minimum=30)
SAVED_SEARCHES_MAX = env_int("SAVED_SEARCHES_MAX", 50, minimum=1)

# The notification centre (docs/notifications.md).
NOTIFICATIONS_MAIL_DAILY_CAP = env_int("NOTIFICATIONS_MAIL_DAILY_CAP", 30, minimum=1)
NOTIFICATIONS_UNSUBSCRIBE_DAYS = env_int("NOTIFICATIONS_UNSUBSCRIBE_DAYS", 90, minimum=1)
NOTIFICATIONS_FAN_OUT_BATCH = env_int("NOTIFICATIONS_FAN_OUT_BATCH", 500, minimum=1)
VETTING_REMINDER_DAYS = env_int("VETTING_REMINDER_DAYS", 3, minimum=1)

# CSO Chatter's limits on writing (docs/chatter.md).
CHATTER_POST_INTERVAL_SECONDS = env_int("CHATTER_POST_INTERVAL_SECONDS", 5, minimum=1)
CHATTER_THREADS_PER_DAY = env_int("CHATTER_THREADS_PER_DAY", 20, minimum=1)
CHATTER_REPEAT_SECONDS = env_int("CHATTER_REPEAT_SECONDS", 300, minimum=1)
# Flags per person on one thread in an hour (members of three organisations hide a post).
CHATTER_FLAGS_PER_THREAD_HOUR = env_int("CHATTER_FLAGS_PER_THREAD_HOUR", 3, minimum=1)
CHATTER_FLAGS_PER_DAY = env_int("CHATTER_FLAGS_PER_DAY", 20, minimum=1)
GROUPS_PER_DAY = env_int("GROUPS_PER_DAY", 5, minimum=1)  # new groups per person
GROUP_INVITATIONS_PER_HOUR = env_int("GROUP_INVITATIONS_PER_HOUR", 20, minimum=1)
GROUP_REQUESTS_PER_HOUR = env_int("GROUP_REQUESTS_PER_HOUR", 10, minimum=1)

# Feeds: fetching external sources. Private and loopback addresses are refused unless
# FEEDS_ALLOW_PRIVATE_URLS is true (tests and development; `make run` sets it).
FEEDS_ALLOW_PRIVATE_URLS = env_bool("FEEDS_ALLOW_PRIVATE_URLS", False)
# The shipped live sources (feeds.live: NGA ASAM, UKMTO) are polled only when this is true:
# on in production unless turned off; off in development and tests, which have no internet.
FEEDS_LIVE_SOURCES = env_bool("FEEDS_LIVE_SOURCES", PRODUCTION)
FEEDS_MAX_BYTES = env_int("FEEDS_MAX_MB", 50, minimum=1) * 1024 * 1024
FEEDS_TIMEOUT_SECONDS = env_int("FEEDS_TIMEOUT_SECONDS", 30, minimum=1)
FEEDS_DEADLINE_SECONDS = env_int("FEEDS_DEADLINE_SECONDS", 300, minimum=1)
FEEDS_FETCH_ATTEMPTS = env_int("FEEDS_FETCH_ATTEMPTS", 3, minimum=1, maximum=10)
FEEDS_RETRY_SECONDS = env_int("FEEDS_RETRY_SECONDS", 30, minimum=0)
FEEDS_USER_AGENT = env_str("FEEDS_USER_AGENT") or f"CSOA-feeds/1.0 (+{SITE_URL})"

# Maps: Leaflet (django-leaflet) with a tile server that is a setting. Pages still work when
# the tile server cannot be reached: markers and forms do not depend on the tiles.
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env_str(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def _origin(url: str) -> str:
    """The CSP source for a tile URL: {s} subdomains become a wildcard."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


# Security headers. The content security policy allows no inline script and no third party
# but the map's tile server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *csp_hashes()],  # and the inline scripts of kit.inline
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_origin(MAP_TILES_URL)] if MAP_TILES_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every step of every PDF at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
