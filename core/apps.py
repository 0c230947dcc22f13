from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: mechanics every app uses (optimistic concurrency, the one Dutch
    formatter, date spans, form helpers, the `werkregio` template tags). No models."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import touch_at_login

        user_logged_in.connect(touch_at_login, dispatch_uid="core.sessions.touch_at_login")
