"""Development: `make run`. DEBUG on by default and a development-only secret key."""

from .base import *
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# runserver and the test live server serve static files themselves; WhiteNoise is for gunicorn.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]

# The demo app (load_demo_data, demo_reports, demo_logins) exists here, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
