from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed in the local and test settings only: a production install has no demo."""

    name = "demo"
