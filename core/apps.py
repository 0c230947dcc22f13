from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: mechanics every app uses (optimistic concurrency, the one Dutch
    formatter, date spans, form helpers, the `werkregio` template tags). No models."""

    name = "core"
    verbose_name = "Core"
