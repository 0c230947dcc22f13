"""Production: no default secret, no wildcard hosts, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if TWO_FACTOR_BYPASS:
    raise ImproperlyConfigured("TWO_FACTOR_BYPASS may not be on in production.")
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS may not contain '*' in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The API refuses plain HTTP instead (api.middleware): a redirect would come after the token
# had crossed the network in the clear.
SECURE_REDIRECT_EXEMPT = [r"^api/"]
API_REQUIRE_TLS = env_bool("API_REQUIRE_TLS", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The session and CSRF cookies are never readable by scripts (the CSRF token reaches htmx
# through base.html's hx-headers, not the cookie).
CSRF_COOKIE_HTTPONLY = True
