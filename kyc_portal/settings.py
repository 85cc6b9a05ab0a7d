"""Django settings, all read from environment variables (see README "Configuration").

Two modes: ``KYC_ENV=production`` (the default: no DEBUG, secure cookies, HSTS, SSL redirect,
SECRET_KEY required) and ``KYC_ENV=development`` (what ``make run`` and ``make test`` use).
With no DATABASE_URL / CELERY_BROKER_URL the product runs on embedded defaults: SQLite and a
filesystem broker, so that ``make run`` needs no server.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KYC_VAR_DIR", BASE_DIR / "var"))

KYC_ENV = os.environ.get("KYC_ENV", "production").strip().lower()
if KYC_ENV not in {"production", "development"}:
    raise ImproperlyConfigured("KYC_ENV must be 'production' or 'development'")
PRODUCTION = KYC_ENV == "production"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when KYC_ENV=production")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production-0123456789"

# Personal fields and stored images are encrypted with these (kyc_portal/core/crypto.py):
# the first encrypts, all decrypt (rotation). Development derives one from SECRET_KEY.
DATA_ENCRYPTION_KEYS = env_list("DATA_ENCRYPTION_KEYS")
if not DATA_ENCRYPTION_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("DATA_ENCRYPTION_KEYS must be set when KYC_ENV=production")
    import base64
    import hashlib

    DATA_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(b"data-key:" + SECRET_KEY.encode()).digest()
        ).decode()
    ]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "kyc_portal.core",
    "kyc_portal.audit",
    "kyc_portal.onboarding",
    "kyc_portal.review",
    "ocr",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kyc_portal.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kyc_portal.urls"
WSGI_APPLICATION = "kyc_portal.wsgi.application"
ASGI_APPLICATION = "kyc_portal.asgi.application"

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

# --- Database: PostgreSQL via DATABASE_URL, else embedded SQLite --------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # The web server and the worker share the file: WAL and immediate transactions
            # avoid "database is locked" under concurrent writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Celery: one app module (kyc_portal/celery.py) -----------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    # The embedded transport needs its folders before the first message.
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "kyc")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The OCR models grow a process's memory over many images: recycle pool processes.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 100)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 120)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 90)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 30)

# --- Files: private storage, never served at a public URL ---------------------------------
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "kyc_portal.core.storage.EncryptedFileSystemStorage"
        ),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
if STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    STORAGES["default"]["OPTIONS"] = {"location": str(MEDIA_ROOT), "base_url": None}
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 15 * 1024 * 1024)

# --- OCR ----------------------------------------------------------------------------------
# "engine": the in-process engine; "api": ocr/client.py against OCR_API_URL.
OCR_BACKEND = os.environ.get("OCR_BACKEND", "api" if os.environ.get("OCR_API_URL") else "engine")
OCR_API_URL = os.environ.get("OCR_API_URL", "")
OCR_API_KEY = os.environ.get("OCR_API_KEY", "")
OCR_API_SECRET = os.environ.get("OCR_API_SECRET", "")
OCR_MAX_UPLOAD_BYTES = env_int("OCR_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
OCR_MAX_PIXELS = env_int("OCR_MAX_PIXELS", 40_000_000)
OCR_MAX_PDF_PAGES = env_int("OCR_MAX_PDF_PAGES", 20)
OCR_MAX_REDIRECTS = env_int("OCR_MAX_REDIRECTS", 3)
OCR_URL_ALLOWLIST = env_list("OCR_URL_ALLOWLIST")
OCR_URL_CONNECT_TIMEOUT = float(os.environ.get("OCR_URL_CONNECT_TIMEOUT", "3"))
OCR_URL_TOTAL_TIMEOUT = float(os.environ.get("OCR_URL_TOTAL_TIMEOUT", "10"))
OCR_API_WORKERS = env_int("OCR_API_WORKERS", 2)
OCR_API_QUEUE = env_int("OCR_API_QUEUE", 16)
# Seconds a request waits for a free OCR worker, then for its job (errorCode 7 after).
OCR_API_QUEUE_TIMEOUT = float(os.environ.get("OCR_API_QUEUE_TIMEOUT", "30"))
OCR_API_JOB_TIMEOUT = float(os.environ.get("OCR_API_JOB_TIMEOUT", "50"))

# --- Auth, sessions, security -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every sign-in form is throttled (kyc_portal/onboarding/auth.py).
AUTHENTICATION_BACKENDS = ["kyc_portal.onboarding.auth.ThrottledModelBackend"]
LOGIN_URL = "/accounts/signin/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Email --------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ekyc@localhost")

# --- i18n: Vietnamese first, English switchable ------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Logging: never log request bodies, images or personal fields ------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs the full request line (with query strings) on 4xx/5xx: keep it quiet.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# --- Review, notifications, retention (kyc_portal/review) ----------------------------------
# Four-eyes: an approval needs a second, different senior reviewer.
REVIEW_FOUR_EYES = env_bool("REVIEW_FOUR_EYES", False)
# Optional integrator webhook, called on every decision; body signed with HMAC-SHA256.
REVIEW_WEBHOOK_URL = os.environ.get("REVIEW_WEBHOOK_URL", "")
REVIEW_WEBHOOK_SECRET = os.environ.get("REVIEW_WEBHOOK_SECRET", "")
REVIEW_WEBHOOK_TIMEOUT = float(os.environ.get("REVIEW_WEBHOOK_TIMEOUT", "5"))
# Email/webhook retries wait this many seconds, doubling each time (6 retries).
REVIEW_NOTIFY_RETRY_SECONDS = env_int("REVIEW_NOTIFY_RETRY_SECONDS", 30)
# Images and personal fields are removed this many days after the final decision.
RETENTION_DAYS = env_int("RETENTION_DAYS", 365)

# --- Periodic work (celery beat); each app adds its own entries here ----------------------
CELERY_BEAT_SCHEDULE = {
    # re-queues OCR and application checks lost by a killed worker or a lost message
    "onboarding-sweep": {
        "task": "kyc_portal.onboarding.tasks.onboarding_sweep",
        "schedule": 60,
    },
    "worker-heartbeat": {
        "task": "kyc_portal.core.tasks.worker_heartbeat_record",
        "schedule": WORKER_HEARTBEAT_SECONDS,
    },
    "retention-enforce": {
        "task": "kyc_portal.review.tasks.retention_enforce",
        "schedule": 3600,
    },
    # re-sends decision notices whose task was never sent (broker down) or was lost
    "notifications-sweep": {
        "task": "kyc_portal.review.tasks.notifications_sweep",
        "schedule": 600,
    },
}
