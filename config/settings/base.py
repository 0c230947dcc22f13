"""Settings shared by every environment. Everything that differs per machine comes from the
environment (see .env.example and the README's configuration table)."""

import os
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
            ],
        },
    },
]

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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}

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
# (core.tabular.files). An honest delivery of 40.000 rows is about 4 MB as CSV and 1 MB as
# XLSX (13 MB unpacked), well inside them. The largest file accepted, in bytes, checked
# before a byte is read:
TABLE_IMPORT_MAX_BYTES = 10 * 1024 * 1024
# Data rows in a file (the header and empty rows not counted; 10.000 empty rows more are read).
TABLE_IMPORT_MAX_ROWS = 50_000
# Columns in a row (the templates have 8 to 11), and cells in a sheet or CSV file.
TABLE_IMPORT_MAX_COLUMNS = 50
TABLE_IMPORT_MAX_CELLS = 500_000
# An XLSX is a zip: its parts together unpacked, the packing ratio of a part of 1 MB or more
# unpacked (honest sheets pack 5 to 20 times; a zip bomb a thousand times), and its parts.
TABLE_IMPORT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
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
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "240"))
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
                "timeout": 30,
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
    SILENCED_SYSTEM_CHECKS = ["mail.E001"]
# The address of the site, for links in e-mails (sent by workers, outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every step of every PDF at INFO ("Step 5 - Creating layout - Page 3"):
    # only its warnings and errors are worth a line in the worker's or runserver's output.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
