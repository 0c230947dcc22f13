from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The API (`/api/v1/`), a floor above reporting: it reads every floor's selectors, as
    the pages do, and writes only through their services (decision 0023)."""

    name = "api"
    verbose_name = _("API")

    def ready(self):
        from . import schema  # noqa: F401  registers the token's OpenAPI extension
