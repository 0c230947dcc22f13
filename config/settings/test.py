"""Test settings: the same database and broker switches as everywhere (DATABASE_URL,
CELERY_BROKER_URL); fast password hashing; tasks eager unless a test asks for the broker."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks in-process; the broker test talks to Redis explicitly.
CELERY_TASK_ALWAYS_EAGER = True
# runserver and the test live server serve static files themselves; WhiteNoise is for gunicorn.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
REPORT_SCHEDULER_ENABLED = False  # never a background thread in tests (see reporting/scheduler.py)

# The demo app (load_demo_data, demo_reports, demo_logins) exists here, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

# django-axes checks every login with a request; only the test client's client.login() has
# none (see tests/security/backends.py). Production's backends are base.py's.
AUTHENTICATION_BACKENDS = [
    "tests.security.backends.ClientLoginAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
