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

from accounts.roles import Role
from recruitcrm import connection_budget
from recruitcrm.env import Env
from recruitcrm.sso import form_action_origins, openid_connect_apps

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
    "placements",
    "offers",
    "careers",
    "intake",
    "talentpool",
    "privacy",
    "analytics",
    # Composes every app for `seed_demo`; nothing imports it.
    "demo",
    # The benchmark's `bench_seed` command (no models); nothing imports it.
    "bench",
]

MIDDLEWARE = [
    # Permissions-Policy everywhere; no caching of a signed-in user's pages.
    "core.middleware.ResponseHeadersMiddleware",
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
    # After authentication and messages: a role that requires a second factor
    # reaches nothing but the enrolment pages until one is set up.
    "accounts.middleware.SecondFactorRequiredMiddleware",
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
# Signed in until signing out or the session's age (no "remember me" box).
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# The reset form answers the same whether or not the address has an account, and
# mails the address either way (allauth's "unknown account" mail), so a request
# does the same work in both cases.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
# Django's reset token covers the password, last sign-in and the email on the
# account, which is the only address an account has here; allauth's default also
# reads its EmailAddress table, two more queries only an existing account would
# pay for, making its answer slower than an unknown address's.
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "django.contrib.auth.tokens.PasswordResetTokenGenerator"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "reset_password": "accounts.forms.PasswordResetForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's rate limits wait on a cache lock, so a Redis outage would refuse every
# sign-in; failures are counted in the database by django-axes instead.
ACCOUNT_RATE_LIMITS = False
# Second factor (allauth.mfa): an authenticator app (TOTP) with recovery codes,
# and WebAuthn security keys or passkeys, which can also sign in on their own.
# WebAuthn needs a secure origin; browsers and python-fido2 count
# http://localhost as one, so `make run` and the browser tests work there without
# MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN, which stays off everywhere (127.0.0.1 is
# not a valid WebAuthn relying party: open the product as localhost).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
MFA_TOTP_ISSUER = "RecruitCRM"
# A code from the step before or after the current one is accepted too: phone
# clocks drift, and a code typed as its 30 seconds run out still works. Each
# code signs in once (allauth remembers used codes in the cache).
MFA_TOTP_TOLERANCE = 1
# Whether the roles chosen on Settings → Security must set up a second factor
# before anything else (accounts.middleware.SecondFactorRequiredMiddleware). Not
# read from the environment: production always enforces; tests that sign
# personas in directly and are not about the second factor switch it off
# (tests/conftest.py).
SECOND_FACTOR_ENFORCED = True
# Sensitive actions (accounts.sessions.SENSITIVE_ACTIONS) ask for the password or
# the second factor again when the last check is older than this many seconds.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 900
# A person's sessions list shows each session's last address and time seen.
USERSESSIONS_TRACK_ACTIVITY = True
USERSESSIONS_ADAPTER = "accounts.adapters.UserSessionsAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"

# Lockout (django-axes). Failed sign-ins are counted twice, independently: per
# account (the email typed, whatever address it came from) and per client address
# (core.http.client_address, whatever accounts it tried). When either count reaches
# LOGIN_FAILURE_LIMIT within LOGIN_LOCKOUT_MINUTES, that account (from every
# address) or that address (for every account) is locked until the failures are
# LOGIN_LOCKOUT_MINUTES old. Per account stops guessing spread over many addresses,
# per address stops one client trying many accounts; the price is that anyone can
# lock an account for a while, which an administrator lifts on the user's page.
# Attempts made while locked are refused without counting, so the time the lockout
# page names stays true. A successful sign-in forgets the failures of that account
# from that address only (accounts.signals): axes' own reset would also forget every
# failure from the address, so signing in to one's own account between guesses at a
# colleague's would keep both counts below the limit.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_email"
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
# Sign-ins and sign-outs are in the audit log already; locked addresses are in
# Django admin through accounts.admin, not axes' own.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# The typed email is the account's count key (AccessAttempt.username); not kept again in the form data.
AXES_SENSITIVE_PARAMETERS = ["login", "username"]

# Password reset requests (accounts.forms.PasswordResetForm), counted in the
# database (core.services.rate_count) so a Redis outage neither opens nor closes
# them: per typed address and per client address, each in a fixed window.
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env.int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", 5, minimum=1)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 20, minimum=1)
PASSWORD_RESET_LIMIT_WINDOW = timedelta(minutes=env.int("PASSWORD_RESET_LIMIT_MINUTES", 60, minimum=1))
GUARDIAN_ANONYMOUS_USER_NAME = None

# Single sign-on over OpenID Connect: one allauth openid_connect app per provider.
# A provider's verified email signs in the active user with that address; nobody
# else gets in unless SSO_CREATE_USERS, and then with SSO_DEFAULT_ROLE
# (accounts/sso.py decides; accounts.user.sso_login and .sso_refused are audited).
SSO_PROVIDERS = env.sso_providers("SSO_PROVIDERS")
SSO_CREATE_USERS = env.bool("SSO_CREATE_USERS", False)
# Never administrator: that role is given by hand.
SSO_DEFAULT_ROLE = env.choice(
    "SSO_DEFAULT_ROLE", Role.INTERVIEWER.value, {role.value for role in Role} - {Role.ADMINISTRATOR.value}
)
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": openid_connect_apps(SSO_PROVIDERS)}}
# The adapter maps a verified address to its user itself: allauth's own email
# authentication would wipe the password of a user whose address it holds no
# verified EmailAddress row for (all of ours: an administrator sets addresses).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# The provider verified the address (the adapter refuses it otherwise).
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
# Tokens are used once, to read who signed in; none is kept.
SOCIALACCOUNT_STORE_TOKENS = False

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
# The public application form: posts per client address per 10 minutes, and
# applications per email address per hour (core.ratelimit; raised for the bench).
CAREERS_APPLY_LIMIT_PER_IP = env.int("CAREERS_APPLY_LIMIT_PER_IP", 20, minimum=1)
CAREERS_APPLY_LIMIT_PER_EMAIL = env.int("CAREERS_APPLY_LIMIT_PER_EMAIL", 5, minimum=1)

# Privacy: a candidate's request (access, correction, deletion) is due this many days after it arrived.
PRIVACY_REQUEST_DUE_DAYS = env.int("PRIVACY_REQUEST_DUE_DAYS", 30, minimum=1)
# An access request's archive is built in the handler's request: a person whose
# documents add up to more than this is refused (privacy.services.access).
PRIVACY_ARCHIVE_MAX_BYTES = env.int("PRIVACY_ARCHIVE_MAX_BYTES", 200 * 1024 * 1024, minimum=1024 * 1024)
# A Word or Excel upload (a zip) is refused when its members add up to more than
# this once unpacked, when it has more members than this, or when one member is
# compressed more tightly than this ratio (a zip bomb); see core.uploads.
UPLOAD_ARCHIVE_MAX_BYTES = env.int("UPLOAD_ARCHIVE_MAX_BYTES", 50 * 1024 * 1024, minimum=1024 * 1024)
UPLOAD_ARCHIVE_MAX_MEMBERS = env.int("UPLOAD_ARCHIVE_MAX_MEMBERS", 5000, minimum=10)
UPLOAD_ARCHIVE_MAX_RATIO = env.int("UPLOAD_ARCHIVE_MAX_RATIO", 100, minimum=10)
# A PDF made of more objects than this is refused: each one is parsed and checked
# for active content while the upload request waits.
UPLOAD_PDF_MAX_OBJECTS = env.int("UPLOAD_PDF_MAX_OBJECTS", 10_000, minimum=100)
# Bulk resume upload (candidates.services.bulk): at most this many files in one
# upload, counting a zip by the files inside it. Django refuses a request with
# more files than DATA_UPLOAD_MAX_NUMBER_FILES before any view sees it; it is
# raised from its default of 100 to this number so the bulk page can take
# them, and the page names the limit when it is passed.
BULK_UPLOAD_MAX_FILES = env.int("BULK_UPLOAD_MAX_FILES", 500, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FILES = BULK_UPLOAD_MAX_FILES
# The bytes of all the files of one bulk upload request together (each resume
# is also held to DOCUMENT_MAX_BYTES, a zip only to this): the request's files
# sit in memory or temporary files until the view has stored them encrypted.
# 100 MB is 500 resumes of 200 KB, the usual size of a PDF resume; bigger
# drops go in several batches. The upload is stopped as soon as it passes this.
BULK_UPLOAD_MAX_BYTES = env.int("BULK_UPLOAD_MAX_BYTES", 100 * 1024 * 1024, minimum=1024 * 1024)
# A zip in a bulk upload is not opened when its members add up to more than
# this once unpacked (with the zip-bomb ratio of UPLOAD_ARCHIVE_MAX_RATIO).
BULK_UPLOAD_UNPACKED_MAX_BYTES = env.int("BULK_UPLOAD_UNPACKED_MAX_BYTES", 300 * 1024 * 1024, minimum=1024 * 1024)
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
# Browser features no page of the product uses are switched off for every
# page and frame; security keys and passkeys stay allowed for the site itself
# (WebAuthn sign-in). Only features the browsers know: an unknown name is a
# console error.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
        "publickey-credentials-create=(self)",
        "publickey-credentials-get=(self)",
    ]
)
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
    "form-action": [CSP.SELF, *form_action_origins(SSO_PROVIDERS)],
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
