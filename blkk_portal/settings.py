"""Settings, all from the environment (``.env`` supported).

With nothing set the portal runs on an embedded default (SQLite, Celery eager) so a fresh
machine can try it. ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` switch it to the production
shape: PostgreSQL, a Redis broker, and separate Celery worker and beat processes.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

# --- Core -----------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-only-for-local-trials-0123456789")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")  # fails loudly when missing in production
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Under pytest, login lockout is off and API throttles are wide open unless a test turns them on
# (tests/trust/); DJANGO_TESTING=0/1 overrides the guess.
TESTING = env.bool("DJANGO_TESTING", default="pytest" in sys.modules)
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # pytest-xdist's gw0, gw1, …

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files (no CDN)
    "axes",  # login lockout (page, admin, API token)
]
LOCAL_APPS = [
    "apps.core",
    "apps.regions",
    "apps.taxonomy",
    "apps.accounts",
    "apps.registry",
    "apps.training",
    "apps.trainees",
    "apps.employers",
    "apps.vacancies",
    "apps.matching",
    "apps.dashboards",
    "apps.notifications",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into a 429 with a readable message
]

ROOT_URLCONF = "blkk_portal.urls"
WSGI_APPLICATION = "blkk_portal.wsgi.application"

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

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # No parallel workers for the short queries of a request: starting them cost more than they
    # saved (one list query 19.7 ms with them, 4 ms without) and they take the cores the web needs.
    _workers = env.int("DJANGO_PG_PARALLEL_WORKERS_PER_GATHER", default=0)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c max_parallel_workers_per_gather={_workers}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Argon2id first (memory-hard, the Password Hashing Competition's winner) at OWASP's parameters:
# ~25 ms a login here, against ~0.16 s at Django's Argon2 defaults and ~0.43 s for PBKDF2's 1M
# rounds, which matters when a shift of staff signs in at once. Older hashes (Django's Argon2
# parameters, PBKDF2) still verify and are re-hashed at the next login.
PASSWORD_HASHERS = [
    "apps.accounts.hashers.Argon2idHasher",  # OWASP parameters (see the module)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username+IP
    "django.contrib.auth.backends.ModelBackend",
]
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# htmx sends the token from the page (hx-headers in base.html), no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True

# Login lockout (django-axes): 5 failures of one username from one address lock that pair for
# 15 minutes; a success resets the count. Covers /masuk/, /admin/login/ and POST /api/v1/auth/token/.
AXES_ENABLED = env.bool("DJANGO_AXES_ENABLED", default=not TESTING)
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# Behind N trusted reverse proxies the client address is the N-th from the right of
# X-Forwarded-For (the same number drives DRF's throttles); 0 = use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "apps.core.auth_api.client_ip"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["blkk_portal.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Cache, Celery --------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis costs a request at most this long per call; every user of the
            # cache (sessions aside) falls back to the database or lets the request through.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            # Parallel test workers share one Redis database: each keeps to its own keys, and so do
            # the Celery workers a test starts (they inherit the variable).
            "KEY_PREFIX": f"test-{TEST_WORKER}" if TEST_WORKER else "",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE = {
    "nightly-rematch": {
        "task": "apps.matching.tasks.nightly_rematch",
        "schedule": crontab(hour=2, minute=0),  # 02:00 Asia/Jakarta
    },
    "sweep-queued-runs": {"task": "apps.matching.tasks.sweep_queued_runs", "schedule": 60.0},
    # Dashboard summaries are refreshed after each commit that changes them; these are safety nets.
    "refresh-stale-summaries": {"task": "apps.dashboards.tasks.refresh_stale_summaries", "schedule": 300.0},
    "rebuild-summaries": {
        "task": "apps.dashboards.tasks.rebuild_summaries",
        "schedule": crontab(hour=3, minute=30),
    },
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died unacknowledged is redelivered after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous request is answered 401 with WWW-Authenticate: Token.
        "apps.core.drf.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["apps.core.drf.SafeFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "apps.core.drf.JSONRenderer",  # DRF's output, encoded faster
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.drf.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "apps.core.drf.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "apps.core.drf.AnonRateThrottle",  # DRF's, open while Redis is down
        "apps.core.drf.UserRateThrottle",  # DRF's "user" rate, counted more cheaply
    ],
    "DEFAULT_THROTTLE_RATES": {
        # Generous: they stop runaway scripts, not people. Wide open under pytest.
        "anon": env("DJANGO_THROTTLE_ANON", default="1000000/min" if TESTING else "60/min"),
        "user": env("DJANGO_THROTTLE_USER", default="1000000/min" if TESTING else "3000/min"),
        "token": env("DJANGO_THROTTLE_TOKEN", default="1000000/min" if TESTING else "20/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BLKK Workforce Portal API",
    "DESCRIPTION": "Training centres (BLKK), trainees, vacancies and explained matching.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EducationEnum": "apps.core.choices.Education",
        "GenderEnum": "apps.core.choices.Gender",
        "ApplicationStatusEnum": "apps.vacancies.models.Application.Status",
        "VacancyStatusEnum": "apps.vacancies.models.Vacancy.Status",
        "VacancyEditableStatusEnum": ["draft", "open", "closed"],
        "CohortStatusEnum": "apps.training.models.Cohort.Status",
        "EnrolmentStatusEnum": "apps.trainees.models.Enrolment.Status",
        "EnrolmentEditableStatusEnum": ["registered", "in_training", "dropped"],
        "MatchRunStatusEnum": "apps.matching.models.MatchRun.Status",
    },
}

# --- Domain settings ------------------------------------------------------------------------
MATCHING = {
    "REACH_KM": env.float("MATCHING_REACH_KM", default=60.0),
    "TOP_K": env.int("MATCHING_TOP_K", default=50),
}

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Absolute address of the portal, for links in e-mails (e.g. https://portal.kemnaker.go.id).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Portal BLKK <noreply@localhost>")

# --- Security (production) ------------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "apps.core.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
