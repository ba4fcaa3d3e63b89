"""RecruitCRM settings: one module, every value from the environment.

Each variable is documented in ``.env.example``. Production differs from
development only by environment; a malformed value stops start-up with a
message that names it (see ``recruitcrm/env.py``).
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from recruitcrm import connection_budget
from recruitcrm.env import Env

env = Env()
BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.bool("DEBUG", False)

# Development fallbacks exist only with DEBUG on, so a production start without
# real secrets fails loudly. The deploy checks reject these values.
DEV_SECRET_KEY = "django-insecure-recruitcrm-development-only"
DEV_FIELD_ENCRYPTION_KEYS = "1:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDAwMDA="
DEV_BLIND_INDEX_KEY = "ZGV2ZWxvcG1lbnQtb25seS1ibGluZC1pbmRleC1rZXk="

SECRET_KEY = env.str("SECRET_KEY", DEV_SECRET_KEY if DEBUG else None)
FIELD_ENCRYPTION_KEYS = env.key_ring("FIELD_ENCRYPTION_KEYS", DEV_FIELD_ENCRYPTION_KEYS if DEBUG else None)
BLIND_INDEX_KEY = env.key("BLIND_INDEX_KEY", DEV_BLIND_INDEX_KEY if DEBUG else None)
DEFAULT_PHONE_REGION = env.phone_region("DEFAULT_PHONE_REGION", "CN")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else None)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(_origin).scheme not in {"http", "https"} or not urlsplit(_origin).netloc:
        raise env.fail("CSRF_TRUSTED_ORIGINS", f"{_origin!r} is not an origin such as https://crm.example.com")

# The site's own origin, for links in emails sent without a request (self-scheduling
# invitations, surveys). Empty: the first CSRF_TRUSTED_ORIGINS entry is used instead.
SITE_URL = env.str("SITE_URL", "").rstrip("/")
if SITE_URL and (urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).netloc):
    raise env.fail("SITE_URL", f"{SITE_URL!r} is not an origin such as https://crm.example.com")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "axes",
    "guardian",
    "core",
    "accounts",
    "messaging",
    "candidates",
    "jobs",
    "interviews",
    "talentpool",
    "analytics",
    # Composes every app for `seed_demo`; nothing imports it.
    "demo",
    # The benchmark's `bench_seed` command (no models); nothing imports it.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # request.htmx, and Vary: HX-Request on the answers that depend on it.
    "core.http.HtmxMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's session list, with "last seen" written at most every few minutes.
    "accounts.middleware.SessionActivityMiddleware",
    # Export, merge and role changes ask for the password again after a while.
    "accounts.middleware.FreshCheckMiddleware",
    # Last: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# bench/run only: query counts in X-Query-Count and the floor URLs (bench/middleware.py).
if env.bool("BENCH_QUERY_HEADER", False):
    MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE, "bench.middleware.FloorMiddleware"]

ROOT_URLCONF = "recruitcrm.urls"
WSGI_APPLICATION = "recruitcrm.wsgi.application"

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
                "messaging.context_processors.smtp_sink",
                "accounts.context_processors.role_rules",
                "messaging.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.database_url("DATABASE_URL")}
# The typo fallback of candidate search finds names by pg_trgm's word-similarity
# operator, which the trigram index serves at this threshold
# (candidates.selectors.TYPO_SIMILARITY; pg_trgm's default is 0.6).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = (_options.get("options", "") + " -c pg_trgm.word_similarity_threshold=0.3").strip()
# Names the process in pg_stat_activity (recruitcrm-web, -worker, -beat, -shell…), so
# connections can be counted against recruitcrm/connection_budget.py.
_options.setdefault("application_name", connection_budget.application_name(sys.argv))

REDIS_URL = env.redis_url("REDIS_URL")
CACHES = {
    "default": {
        # A Redis outage makes the cache miss instead of failing the request.
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "recruitcrm",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
# Sessions live in the database so that a Redis outage never logs anyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery reads the CELERY_* names (recruitcrm/celery.py). A unix:// Redis URL
# is spelled redis+socket:// for kombu.
CELERY_BROKER_URL = "redis+socket://" + urlsplit(REDIS_URL).path if REDIS_URL.startswith("unix://") else REDIS_URL

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt on a locked-out account or address.
    "axes.backends.AxesStandaloneBackend",
    # Sign-in by email (allauth's form); ModelBackend serves the admin and permissions.
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in (django-allauth): staff sign in with their email; nobody signs up, an
# administrator invites (accounts.adapters.AccountAdapter).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# The reset form answers the same whether or not the address has an account, and
# mails the address either way (allauth's "unknown account" mail), so a request
# does the same work in both cases.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "reset_password": "accounts.forms.PasswordResetForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's rate limits wait on a cache lock, so a Redis outage would refuse every
# sign-in; failures are counted in the database by django-axes instead.
ACCOUNT_RATE_LIMITS = False
# Sensitive actions (accounts.sessions.SENSITIVE_ACTIONS) ask for the password or
# the second factor again when the last check is older than this many seconds.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 900
# A person's sessions list shows each session's last address and time seen.
USERSESSIONS_TRACK_ACTIVITY = True
USERSESSIONS_ADAPTER = "accounts.adapters.UserSessionsAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS: dict = {}

# Lockout (django-axes): failed sign-ins are counted per account and per client
# address; at LOGIN_FAILURE_LIMIT either is locked for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
GUARDIAN_ANONYMOUS_USER_NAME = None

LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LANGUAGE_CODE = env.choice("LANGUAGE_CODE", "en", {code for code, _name in LANGUAGES})
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "recruitcrm_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.time_zone("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Largest resume or attachment accepted, in bytes; an upload is stopped as soon as it passes this.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_email = env.email_url("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25")
# "default" queues every message in the outbox (messaging.backends); the send
# task delivers through OUTBOX_MAILER, the SMTP server of EMAIL_URL.
MAILERS = {
    "default": {"BACKEND": "messaging.backends.OutboxEmailBackend"},
    "smtp": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if _email["BACKEND"] == "console"
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email["HOST"],
                "port": _email["PORT"],
                "username": _email["USER"],
                "password": _email["PASSWORD"],
                "use_tls": _email["USE_TLS"],
                "use_ssl": _email["USE_SSL"],
                "timeout": 10,
            },
        }
    ),
}
OUTBOX_MAILER = "smtp"
# Seconds after which the sweeper hands a queued email to Celery again when its
# task never ran (lost with a wiped or unreachable broker).
OUTBOX_REQUEUE_AFTER = env.int("OUTBOX_REQUEUE_AFTER", 120, minimum=1)
# Talent-pool check-ins sent per minute at most (all beat runs together).
CHECKIN_PER_MINUTE = env.int("CHECKIN_PER_MINUTE", 60, minimum=1)
# Where `make run`'s local SMTP sink keeps what it received; the admin-only
# mail page reads it. Unset in production.
SMTP_SINK_DIR = env.str("SMTP_SINK_DIR", "") or None
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "RecruitCRM <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=true.
if env.bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", not DEBUG)
# The health check answers over plain HTTP too: a probe inside the container
# reaches gunicorn directly, not through the TLS-terminating proxy.
# How many reverse proxies in front of the web server append to X-Forwarded-For;
# the client's address is read from that header only behind them (core.http.client_address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0, minimum=0)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere (htmx runs without eval); core.checks fails
# start-up if a directive is missing or weakened.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Error reports. Unhandled errors in requests are emailed to ADMINS (with DEBUG
# off) through the outbox like every other email: the plain-text report only, as
# its HTML version carries every frame's local variables, decrypted personal data
# among them; POST values and cookies are left out of it too.
ADMINS = env.emails("ADMINS")
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_reports.PrivateExceptionReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # A failing health check is the probe's news, not an error report every 30 s.
        "skip_health_check": {"()": "core.error_reports.SkipHealthCheck"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false"],
            "include_html": False,
        },
    },
    "loggers": {
        # Replaces Django's default handlers (its own console and mail_admins on
        # every "django" logger), so each record is printed and mailed once.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"handlers": ["mail_admins"], "filters": ["skip_health_check"]},
    },
    "root": {"handlers": ["console"], "level": env.choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})},
}

# Sentry, when a DSN is set: errors of the web processes and of Celery tasks,
# without personal data (recruitcrm/sentry.py).
SENTRY_DSN = env.sentry_dsn("SENTRY_DSN")
if SENTRY_DSN:
    from recruitcrm.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", "") or None,
        traces_sample_rate=env.fraction("SENTRY_TRACES_SAMPLE_RATE", 0.0),
    )
