"""Settings shared by every environment. Everything that differs per machine comes from the
environment (see .env.example and the README's configuration table)."""

import os
import warnings
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "simple_history",
    # Floors, from the ground up: nothing below imports a floor above it.
    "core",
    "regions",
    "notifications",
    "programmes",
    "budgets",
    "placements",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "regions.context_processors.people_menu",
            ],
        },
    },
]

# A django-tables2 table renders in the pages' one scroll container for wide tables
# (werkregio.table_region): on a phone it scrolls inside it, never the page.
DJANGO_TABLES2_TEMPLATE = "django_tables2/werkregio_table.html"

WSGI_APPLICATION = "config.wsgi.application"

# Unset DATABASE_URL: an SQLite file inside the project, so `make run` needs no server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# SQLite: a transaction takes the write lock when it begins, so two saves at the same moment
# queue (up to `timeout` seconds) instead of one failing with "database is locked"; the second
# then finds the first one's row and gets the conflict screen, as on PostgreSQL.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
SILENCED_SYSTEM_CHECKS: list[str] = []
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    # The covering index of the progress sums (realisation_target_sums, decision 0016) is a
    # PostgreSQL one; SQLite keeps it as a plain index on the target, which is all it needs.
    SILENCED_SYSTEM_CHECKS.append("models.W040")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Money is shown as € 1.030.000 and dates as 16-08-2021 through our own format modules.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Receipts of spending: outside MEDIA_ROOT, never served by the web server (see budgets'
# receipt view, which checks who may see the plan first).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The largest receipt (bon of factuur) a spending entry takes, in bytes, checked before a byte
# is read (budgets.receipts). A scanned invoice is a few hundred KB, a phone photo 3 to 5 MB.
RECEIPT_MAX_BYTES = 10 * 1024 * 1024
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Limits of an imported table (CSV or XLSX: realisations, spending), which protect the server
# from a hostile or broken file; a file past one is refused before it is stored
# (core.tabular.files). Sized for a national delivery of 100.000 rows (issue 12; decision
# 0018): about 10 MB as CSV and 3 MB as XLSX (35 MB unpacked). The largest file accepted, in
# bytes, checked before a byte is read:
TABLE_IMPORT_MAX_BYTES = 20 * 1024 * 1024
# Data rows in a file (the header and empty rows not counted; 10.000 empty rows more are read).
TABLE_IMPORT_MAX_ROWS = 150_000
# Columns in a row (the templates have 8 to 11), and cells in a sheet or CSV file.
TABLE_IMPORT_MAX_COLUMNS = 50
TABLE_IMPORT_MAX_CELLS = 1_650_000
# An XLSX is a zip: its parts together unpacked, the packing ratio of a part of 1 MB or more
# unpacked (honest sheets pack 5 to 20 times; a zip bomb a thousand times), and its parts.
TABLE_IMPORT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
TABLE_IMPORT_MAX_COMPRESSION_RATIO = 100
TABLE_IMPORT_MAX_ZIP_MEMBERS = 200
# The realisation import (placements.imports) reads its limits under its own, older names;
# the spending import (budgets.imports) reads the TABLE_IMPORT_* ones.
REALISATION_IMPORT_MAX_BYTES = TABLE_IMPORT_MAX_BYTES
REALISATION_IMPORT_MAX_ROWS = TABLE_IMPORT_MAX_ROWS
REALISATION_IMPORT_MAX_COLUMNS = TABLE_IMPORT_MAX_COLUMNS
REALISATION_IMPORT_MAX_CELLS = TABLE_IMPORT_MAX_CELLS
REALISATION_IMPORT_MAX_UNCOMPRESSED_BYTES = TABLE_IMPORT_MAX_UNCOMPRESSED_BYTES
REALISATION_IMPORT_MAX_COMPRESSION_RATIO = TABLE_IMPORT_MAX_COMPRESSION_RATIO
REALISATION_IMPORT_MAX_ZIP_MEMBERS = TABLE_IMPORT_MAX_ZIP_MEMBERS

# --- Cache: charts kept by the figures they were drawn from (decision 0017) ---
# Unset CACHE_URL: each process keeps its own in memory, so the embedded default needs no
# Redis. Set (redis://host:6379/1), every web process and worker shares one Redis cache.
# Give the cache its own Redis database: clearing the cache empties that whole database.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # A chart is 10 to 30 KB: a thousand are 35 regions' dashboards in both languages.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    )
}
# The cache that keeps drawn charts (reporting.charts), and for how long a chart nobody asks
# for again stays there. A chart's key is a hash of its figures, so a kept chart is never
# stale: the time only bounds the memory.
CHART_CACHE = "default"
CHART_CACHE_SECONDS = int(os.environ.get("CHART_CACHE_SECONDS", str(7 * 24 * 3600)))
# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: the
# dashboard's series query (a sum per period end over a million realisations) then spends
# 10 s compiling for 0,15 s of execution. Pages run short queries; JIT off for our sessions.
# POSTGRES_JIT=true gives the server's own setting back.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "POSTGRES_JIT", False
):
    _database_options = DATABASES["default"].setdefault("OPTIONS", {})
    _database_options["options"] = f"{_database_options.get('options', '')} -c jit=off".strip()

# make bench (bench/web.py): mount the template-only page /bench/basis/ that every product
# page is measured against. Off everywhere else; the bench's own gunicorn turns it on.
BENCH_PAGES = env_bool("BENCH_PAGES", False)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Celery: unset CELERY_BROKER_URL means tasks run in-process (eagerly), so the embedded
# default needs no Redis. Set, the broker (Redis) carries them to separate workers.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Time limits fit the longest report: a report renders in seconds (about 2 s for the largest
# demo plan), so a task still running after 60 s is stopped (soft: it may retry) and after
# 90 s killed. A report whose worker died (kill -9, out of memory) stays "wordt gemaakt"
# until the beat job queues it again, REPORT_STUCK_AFTER seconds after it started; that is
# longer than the hard limit, so a report still being made is never taken from its worker.
# Together (stuck after 120 s, beat every 60 s, built within 90 s) a report held by a dead
# worker is done within five minutes (tests/reporting/test_stuck_reports.py checks the sum).
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "90"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "60"))
# Redis hands an unacknowledged message (acks_late: a worker that died mid-report) to another
# worker after this many seconds (Redis's default is an hour). Longer than the hard time
# limit and the longest retry back-off (60 s), or a live task would be delivered twice.
# Kombu looks for such messages every `unacked_restore_interval` seconds, but by default scans
# only on every tenth look (`unacked_restore_throttle`): 100 s on top of the timeout. One scan
# per look (a cheap ZRANGE) gives a dead worker's report back within 10 s of its timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "240")),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Reports stuck by a lost worker or a lost message, queued again by `reports_due` (seconds).
# "wordt gemaakt" (started) for longer than REPORT_STUCK_AFTER: its worker died.
REPORT_STUCK_AFTER = int(os.environ.get("REPORT_STUCK_AFTER", "120"))
# "in de wachtrij" for longer than REPORT_QUEUED_STALE_AFTER without a worker starting on it:
# its message was lost (the broker was down, or restarted without persistence).
REPORT_QUEUED_STALE_AFTER = int(os.environ.get("REPORT_QUEUED_STALE_AFTER", "120"))
# A report whose worker died this many times is marked failed instead of queued again (a
# report that kills its worker every time must not do so forever).
REPORT_MAX_ATTEMPTS = int(os.environ.get("REPORT_MAX_ATTEMPTS", "4"))

# Celery beat (`celery -A config beat`): the jobs it starts and when. `reports_due` makes the
# report of every schedule whose period has ended (once per period, however often it runs),
# e-mails the secretaries when a due date comes near, and queues again the reports stuck by a
# dead worker or a lost message; every minute, so such a report is done within five minutes.
CELERY_BEAT_SCHEDULE = {
    "reports-due": {
        "task": "reporting.tasks.reports_due",
        "schedule": crontab(minute="*"),
    },
    # Notifications: the programme managers hear of a period that ends within a week (once
    # per period, however often the scan runs), and the daily digest goes to everyone who
    # chose it, in the morning after the scan. The embedded default's in-process scheduler
    # runs both at these times too (reporting/scheduler.py).
    "periods-closing": {
        "task": "programmes.tasks.periods_closing",
        "schedule": crontab(hour=6, minute=30),
    },
    "notification-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # The e-mails at once whose task was lost (the broker down when they were queued).
    "notification-emails-pending": {
        "task": "notifications.tasks.email_notifications_pending",
        "schedule": crontab(minute="*/10"),
    },
}

# The embedded default (no CELERY_BROKER_URL, so no worker and no beat): `runserver` starts
# an in-process scheduler, a thread that runs the same `reports_due` job every
# REPORT_SCHEDULER_INTERVAL seconds (reporting/scheduler.py). Never in tests or in other
# management commands; with a broker, Celery beat runs the job instead.
REPORT_SCHEDULER_ENABLED = env_bool("REPORT_SCHEDULER_ENABLED", not CELERY_BROKER_URL)
REPORT_SCHEDULER_INTERVAL = int(os.environ.get("REPORT_SCHEDULER_INTERVAL", "60"))

# E-mail (report reminders), through Django 6.1's MAILERS. Unset EMAIL_HOST: messages are
# printed on the console of the process that sends them (the worker), so the embedded default
# needs no mail server. Set, they go out over SMTP (port 587 with STARTTLS unless told).
_email_host = os.environ.get("EMAIL_HOST", "")
# Seconds an SMTP connection or reply may take before the send fails: an invitation is sent
# inside its transaction, so a hanging mail server must not hold it (or a worker) for long.
# (A setting named EMAIL_TIMEOUT is refused beside MAILERS: the variable feeds its "timeout".)
_email_timeout = int(os.environ.get("EMAIL_TIMEOUT", "10"))
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": _email_timeout,
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    ),
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Werkregio <noreply@werkregio.local>")
if not _email_host:
    # `check --deploy` calls the console backend development-only (mail.E001). Without a
    # mail server that is the deliberate choice: reminders appear in the worker's log, and
    # the due list shows every deadline. Set EMAIL_HOST in production to send them.
    SILENCED_SYSTEM_CHECKS.append("mail.E001")
# The address of the site, for links in e-mails (sent by workers, outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
# How long the link in an invitation to a region works (regions.services.people), in days.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))
# How long the link in a password-reset e-mail works: Django's default is three days; an hour
# is what a person needs, and a mailbox read later by someone else gets a dead link.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", "3600"))
# At most this many reset e-mails to one address per hour (regions.forms.LimitedPasswordResetForm).
PASSWORD_RESET_MAX_PER_HOUR = int(os.environ.get("PASSWORD_RESET_MAX_PER_HOUR", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every step of every PDF at INFO ("Step 5 - Creating layout - Page 3"):
    # only its warnings and errors are worth a line in the worker's or runserver's output.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Security for a public body (issue 12, decision 0020) ----------------------------------
# One block so the reasons stay together; docs/operations.md#security lists every setting.
# The packages: django-axes (login lockout), django-csp (Content-Security-Policy),
# django-permissions-policy, maykin-2fa (two-factor in the admin, on django-two-factor-auth
# and django-otp), the choices of Open Forms / Open Zaak.
INSTALLED_APPS += [
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # backup tokens, for a lost phone
    "two_factor",
    "maykin_2fa",
]


def _after(entry: str, *new: str) -> None:
    """Put middleware right after `entry`: the order is the point of each (see below)."""
    index = MIDDLEWARE.index(entry) + 1
    MIDDLEWARE[index:index] = list(new)


# Headers on every response, first, so a refusal carries them too.
_after(
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
# Compression of pages and JSON (decision 0025), above every middleware that writes the body,
# below WhiteNoise (static files come precompressed) and the header middleware.
_after("whitenoise.middleware.WhiteNoiseMiddleware", "config.middleware.CompressedPagesMiddleware")
# Before anything reads the body (CsrfViewMiddleware reads request.POST): refuses a body
# larger than the endpoint allows on its Content-Length alone (config.security).
_after("config.middleware.DutchFirstLocaleMiddleware", "config.security.RequestSizeLimitMiddleware")
# After the user is known: user.is_verified() for the admin, and the idle timeout.
_after(
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maykin_2fa.middleware.OTPMiddleware",
    "core.sessions.SessionIdleMiddleware",
)
# Last, as django-axes asks: it turns a locked-out login into the lockout page.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

# Logins: django-axes counts failed logins in the database, so every gunicorn worker sees
# the same count. A lockout ends AXES_COOLOFF_TIME hours after the last failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Locked: AXES_FAILURE_LIMIT failures for one user name (from any address), or
# AXES_ADDRESS_FAILURE_LIMIT from one address (for any user names: password spraying); the
# second is higher, so colleagues behind one office address are not locked out by one typo'd
# user. config.security.UserAndAddressHandler counts the two apart.
AXES_HANDLER = "config.security.UserAndAddressHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A successful login forgets that user's own failures (never another user's at the address).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
# The two-factor login form of the admin posts its password as "auth-password".
AXES_SENSITIVE_PARAMETERS = ["auth-password"]
AXES_USERNAME_FORM_FIELD = "username"
# The address a failure counts against: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies
# (a TLS proxy, a load balancer) the one the outermost proxy put in X-Forwarded-For; the
# entries left of it are the client's to forge (config.security.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "config.security.client_address"

# django-axes logs every login at INFO; its warnings (each failure, each lockout) are kept.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# Two-factor authentication for the admin (/beheer/): maykin-2fa makes every staff user set
# up an authenticator app (TOTP) at the first admin login and asks for its code after each
# password. The rest of the site keeps the password login. TWO_FACTOR_BYPASS (development
# only, never in production) lets the demo's beheerder in without a code.
TWO_FACTOR_PATCH_ADMIN = False  # maykin-2fa patches the admin itself (config/urls.py)
TWO_FACTOR_FORMS_DISPLAY_TOOLTIP = False
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Werkregio")
TWO_FACTOR_BYPASS = env_bool("TWO_FACTOR_BYPASS", False)
MAYKIN_2FA_ALLOW_MFA_BYPASS_BACKENDS = list(AUTHENTICATION_BACKENDS) if TWO_FACTOR_BYPASS else []
if TWO_FACTOR_BYPASS:
    warnings.warn(
        "TWO_FACTOR_BYPASS is on: the admin (/beheer/) asks no second factor. For a local "
        "trial only; production refuses to start with it.",
        stacklevel=1,
    )

# Content-Security-Policy: scripts only from our own static files (no inline script, no
# eval: htmx is told so in base.html's htmx-config). Styles need 'unsafe-inline' for one
# reason: the dashboard's pygal charts are inline SVG with their own <style> element and
# style attributes, drawn once and cached, so no per-request nonce can be put in them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the product never uses, switched off for every page.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sessions end after a working day without a request (SESSION_COOKIE_AGE seconds, 8 hours),
# and when the browser closes. core.sessions.SessionIdleMiddleware moves the end forward at
# most every SESSION_IDLE_REFRESH seconds, so a busy user is not written to the session table
# on every request (SESSION_SAVE_EVERY_REQUEST would be).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_IDLE_REFRESH = int(os.environ.get("SESSION_IDLE_REFRESH", "300"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Request sizes. Every request's body may be REQUEST_MAX_BYTES; the few endpoints that take
# a file are allowed the largest file they accept, as their own check computes it (the
# function named here, so the allowance follows TABLE_IMPORT_MAX_BYTES / RECEIPT_MAX_BYTES),
# plus REQUEST_FORM_OVERHEAD_BYTES for the form around it. A larger Content-Length is
# answered 413 before a byte of the body is read (config.security.RequestSizeLimitMiddleware).
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(1024 * 1024)))
REQUEST_FORM_OVERHEAD_BYTES = 256 * 1024
REQUEST_MAX_BYTES_BY_URL_NAME = {
    "placements:import-upload": "placements.imports.files.max_bytes",
    # A delivery by the API (JSON, CSV or XLSX as the body): the import file's limit.
    "api:plan-deliveries": "placements.imports.files.max_bytes",
    "budgets:spending-import-upload": "budgets.imports.files.max_bytes",
    "official:import": "placements.official.formats.max_bytes",
    "budgets:expenditure-create": "budgets.receipts.max_bytes",
    "budgets:expenditure-correct": "budgets.receipts.max_bytes",
}
# Django's own limits, behind the one above: form fields (not files) held in memory, the
# number of fields (the realisation grid's form posts two per cell, and a plan's grid has no
# fixed size: REQUEST_MAX_BYTES is the real bound), and the size of an uploaded file kept in
# memory before it goes to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2,5 MB, Django's default, chosen
# Static files: WhiteNoise serves them from STATIC_ROOT (collectstatic), each also as .gz and
# .br (brotli), hashed names with a ten-year immutable Cache-Control. STATIC_ROOT may move
# (an image's build, the tests of the production settings).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))
# --- end of the security block --------------------------------------------------------------

# --- The API (issue 14, decision 0023) -------------------------------------------------------
# /api/v1/ by the Dutch REST API Design Rules: Django REST framework, the OpenAPI document by
# drf-spectacular, camelCase in JSON (djangorestframework-camel-case; query keys are named in
# camelCase where they are declared, /core/query-keys), errors
# as problem details (api.problems), API-Version, ETag and Vary on every answer
# (api.middleware), a rate limit per token. docs/api.md has it all for the user.
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "api"]
_after("django.middleware.csrf.CsrfViewMiddleware", "api.middleware.ApiMiddleware")
API_VERSION = "1.0.0"
# Plain HTTP refused under /api/ (production turns it on; development serves plain HTTP).
API_REQUIRE_TLS = env_bool("API_REQUIRE_TLS", False)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        # The browsable API and the docs for a signed-in person, with their own rights.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.SignedInOrToken"],
    "DEFAULT_RENDERER_CLASSES": [
        "djangorestframework_camel_case.render.CamelCaseJSONRenderer",
        "djangorestframework_camel_case.render.CamelCaseBrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["djangorestframework_camel_case.parser.CamelCaseJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.SessionRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_RATE_TOKEN", "600/min"),
        "session": os.environ.get("API_RATE_SESSION", "300/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # OPTIONS is answered 405: DRF's metadata would tell the views' internal names.
    "DEFAULT_METADATA_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Euros as JSON numbers (with cents), so a Power BI reads them as numbers.
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Werkregio API",
    "DESCRIPTION": (
        "De programma's, plannen, doelen, realisaties, voortgang, begrotingen, rapportages en "
        "besluiten van de arbeidsmarktregio's, volgens de REST API Design Rules."
    ),
    "VERSION": API_VERSION,
    "CONTACT": {
        "name": "Beheer Werkregio",
        "email": "beheer@werkregio.example",
        "url": "https://werkregio.example",
    },
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    "SERVERS": [{"url": "/api/v1", "description": "Deze omgeving"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.adr_responses",
    ],
    # Choice sets that share a field name get their own enum names (api-money).
    "ENUM_NAME_OVERRIDES": {
        "FundingKindEnum": "budgets.models.Funding.Kind",
        "ReportKindEnum": "reporting.models.ReportKind",
        "ReportStatusEnum": "reporting.models.BuildStatus",
        "ProposalStatusEnum": "regions.models.Proposal.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Single sign-on (issue 14) ---------------------------------------------------------------
# OpenID Connect login with the organisation's account (mozilla-django-oidc), beside the local
# login, which stays. Off unless OIDC_RP_CLIENT_ID is set. Users are matched on (issuer,
# OIDC_USERNAME_CLAIM) in regions.ExternalIdentity, never on the e-mail address; roles stay
# managed in the product unless OIDC_GROUPS_CLAIM and OIDC_ROLE_MAPPING are both set
# (regions.services.sso). The backend and its views: config/oidc.py. docs/sso.md has it all.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
# The provider's issuer identifier, compared with the `iss` of every ID token and stored with
# each linked account; its endpoints, as its /.well-known/openid-configuration lists them.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
# PKCE (S256) on every login, whatever the provider demands; a nonce too (the package's default).
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))  # seconds, per call to the provider
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
# The claim that identifies a person for good at this provider: "sub" (Entra ID: "oid" is
# the same in every application of the tenant). Not "email": addresses change and are reused.
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "sub")
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
# Roles from groups: both set, or roles are managed in the product only. The mapping is JSON,
# group -> "AMxx:role" or a list of them (regions.services.sso.role_mapping_parse; checked at
# start-up by regions.checks).
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "")
OIDC_ROLE_MAPPING = os.environ.get("OIDC_ROLE_MAPPING", "")
# A failed organisation login goes back to the login page, which says so (config/oidc.py).
LOGIN_REDIRECT_URL_FAILURE = "login"
TEMPLATES[0]["OPTIONS"]["context_processors"].append("config.oidc.oidc_context")
if OIDC_ENABLED:
    _oidc_missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_ISSUER",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _oidc_missing:
        raise RuntimeError(f"OIDC_RP_CLIENT_ID is set, so these must be too: {_oidc_missing}.")
    # After django-axes' backend (it refuses a locked-out address first) and the local login.
    # Not in MAYKIN_2FA_ALLOW_MFA_BYPASS_BACKENDS (made above): the admin still asks its code.
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "config.oidc.OrganisationAccountBackend"]
# --- end of single sign-on --------------------------------------------------------------------
