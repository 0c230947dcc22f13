from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Rapportages")

    def ready(self):
        # checks registers the deploy checks by being imported. The embedded default (no
        # broker) has no Celery beat: runserver runs the beat job itself (scheduler). Starts
        # nothing in tests, in other commands or with a broker.
        from . import checks, scheduler  # noqa: F401

        scheduler.start_if_serving()
