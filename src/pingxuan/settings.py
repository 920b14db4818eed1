"""Settings for pingxuan. Everything that differs between machines comes from environment variables."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PINGXUAN_VAR", PROJECT_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("PINGXUAN_PRODUCTION", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "" if PRODUCTION else "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "pingxuan.web.errors.csrf_failure"  # a Chinese page in the layout, not Django's bare one
# The public address printed in QR codes and links. Required in production; in development, unset, it follows the
# request's host (core.siteurl).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "pingxuan.core",
    "pingxuan.audit",
    "pingxuan.orgs",
    "pingxuan.campaigns",
    "pingxuan.nominations",
    "pingxuan.judging",
    "pingxuan.voting",
    "pingxuan.results",
    "pingxuan.publicity",
    "pingxuan.awards",
    "pingxuan.stars",
    "pingxuan.jobs",
    "pingxuan.documents",
    "pingxuan.api",
    "pingxuan.web",
]

MIDDLEWARE = [
    "pingxuan.core.middleware.ClientAddressMiddleware",
    "pingxuan.core.siteurl.SiteUrlMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pingxuan.voting.ingest.VoteIngestMiddleware",  # POST /api/vote/ answered here: token header, no session/CSRF
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pingxuan.core.middleware.PublicReadMiddleware",
    "pingxuan.core.middleware.SecurityHeadersMiddleware",
    "pingxuan.core.middleware.IdleSessionMiddleware",
    "pingxuan.orgs.middleware.StaffTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "pingxuan.core.middleware.ServiceUnavailableMiddleware",  # database or Redis down: 503 with a Chinese message
    "pingxuan.core.middleware.UserFilesOriginMiddleware",  # USER_FILES_ORIGIN: user files served from another origin
]

ROOT_URLCONF = "pingxuan.urls"
WSGI_APPLICATION = "pingxuan.wsgi.application"
ASGI_APPLICATION = "pingxuan.asgi.application"
AUTH_USER_MODEL = "orgs.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pingxuan.web.context.navigation",
            ],
        },
    },
]

# Database: embedded SQLite by default, PostgreSQL (or anything dj-database-url reads) via DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pingxuan.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A read replica (DATABASE_REPLICA_URL) serves the public read-only pages (core.replica); everything else uses default.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["pingxuan.core.replica.PublicReadRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Votes waiting in one process at the same moment are committed to PostgreSQL as one statement (voting/groupcommit.py).
VOTE_GROUP_COMMIT = env_bool("VOTE_GROUP_COMMIT", True)
# Seconds between two runs of the continuous fraud analysis during voting (voting/watch.py, docs/voting.md). An alert
# comes at worst this long, plus the scheduler's check interval, plus the analysis, after a burst begins.
# An alert comes at worst interval + the scheduler's 30-second check + the analysis after a burst begins: 240 keeps it
# within 5 minutes (docs/voting.md, bench/bench_alert.py).
VOTE_WATCH_SECONDS = int(os.environ.get("VOTE_WATCH_SECONDS", "240"))

# Background tasks: one API (django-tasks), stored in the database; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "pingxuan.orgs.passwords.ProductWordsValidator"},
]
# Words a password may not contain (case and separators ignored): the product's and the site's own names.
PASSWORD_PRODUCT_WORDS = env_list("PASSWORD_PRODUCT_WORDS", "pingxuan,评选,评先评优,pingxian,pxpy")
SITE_NAME = os.environ.get("SITE_NAME", "评选")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# With this on (the production default) the roles in TWO_FACTOR_ROLES must pass a TOTP second factor; anyone else may
# enrol an authenticator and is then asked for it too. (REQUIRE_ORGANISER_2FA is the setting's former name.)
REQUIRE_STAFF_2FA = env_bool("REQUIRE_STAFF_2FA", env_bool("REQUIRE_ORGANISER_2FA", PRODUCTION))
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", "admin,organiser,leader")
# A signed-in session ends after this many seconds without a request (0: never).
SESSION_IDLE_SECONDS = int(float(os.environ.get("SESSION_IDLE_HOURS", "2")) * 3600)
# API tokens expire this many days after they were issued.
API_TOKEN_DAYS = float(os.environ.get("API_TOKEN_DAYS", "30"))
OTP_TOTP_ISSUER = "评选 pingxuan"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FONT_DIR = Path(os.environ.get("PINGXUAN_FONT_DIR", VAR_DIR / "fonts"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "pingxuan.core.storage.ContentAddressedStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pingxuan@localhost")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "pingxuan.core.sms.ConsoleSmsBackend")
SMS_LOG_FILE = Path(os.environ.get("SMS_LOG_FILE", VAR_DIR / "sms.log"))
# Gateways (core/sms.py, docs/deploy.md): SMS_BACKEND=pingxuan.core.sms.AliyunSmsBackend or …TencentSmsBackend.
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "")
SMS_TEMPLATES = {
    key: os.environ.get(f"SMS_TEMPLATE_{key.upper()}", "") for key in ("vote_code", "objection_code", "rating_code", "notice")
}
SMS_ENDPOINT = os.environ.get("SMS_ENDPOINT", "")  # the vendor's public endpoint when empty
SMS_TIMEOUT_MS = int(os.environ.get("SMS_TIMEOUT_MS", "5000"))
SMS_ACCESS_KEY_ID = os.environ.get("SMS_ACCESS_KEY_ID", "")  # Alibaba Cloud
SMS_ACCESS_KEY_SECRET = os.environ.get("SMS_ACCESS_KEY_SECRET", "")
SMS_SECRET_ID = os.environ.get("SMS_SECRET_ID", "")  # Tencent Cloud
SMS_SECRET_KEY = os.environ.get("SMS_SECRET_KEY", "")
SMS_SDK_APP_ID = os.environ.get("SMS_SDK_APP_ID", "")
SMS_REGION = os.environ.get("SMS_REGION", "ap-guangzhou")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "pingxuan.api.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "pingxuan.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "评选 pingxuan API",
    "DESCRIPTION": "评先评优活动管理平台的 REST 接口。Every action of the web interface is available here.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "pingxuan.api.schema.declare_errors"],
    "ENUM_NAME_OVERRIDES": {
        "OrgKindEnum": "pingxuan.orgs.models.OrgKind",
        "RoleEnum": "pingxuan.orgs.models.Role",
        "PhaseKindEnum": "pingxuan.campaigns.models.PhaseKind",
        "CategoryKindEnum": "pingxuan.campaigns.models.CategoryKind",
        "JobStatusEnum": "pingxuan.jobs.models.Job.Status",
        "NominationStatusEnum": "pingxuan.nominations.models.Status",
        "DecisionEnum": "pingxuan.nominations.models.Decision",
        "ReviewDecisionEnum": "pingxuan.api.judging.serializers.REVIEW_DECISIONS",
    },
}

# Audit events are linked into the hash chain right after commit; a worker task also seals stragglers.
AUDIT_SEAL_ON_COMMIT = env_bool("AUDIT_SEAL_ON_COMMIT", True)

# Security. Production settings make `manage.py check --deploy` clean.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Scripts only from the product's own files: no inline script or event-handler attribute runs. 'unsafe-eval' stays
# because Alpine's standard build evaluates its x-* attribute expressions (no user text ever reaches one).
CSP = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Cookies are sent over TLS only. `make run-prod` on one machine without TLS turns this off (SECURE_COOKIES=false).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Excel imports: a workbook may hold at most this many cells per sheet (declared, held, or filled out by a reader);
# above IMPORT_FOREGROUND_CELLS an import from a page runs as a background job with a progress bar.
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "2000000"))
IMPORT_FOREGROUND_CELLS = int(os.environ.get("IMPORT_FOREGROUND_CELLS", "20000"))
# User files (uploads) from a separate origin, e.g. https://files.example.org (also list its host in ALLOWED_HOSTS):
# the product redirects each permitted download there with a signed ticket valid USER_FILES_TICKET_SECONDS.
USER_FILES_ORIGIN = os.environ.get("USER_FILES_ORIGIN", "")
USER_FILES_TICKET_SECONDS = int(os.environ.get("USER_FILES_TICKET_SECONDS", "300"))
# Behind load balancers: their addresses; the client's address is then read from X-Forwarded-For (core.middleware).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
