"""No lost updates. Every editable row carries a revision number; the form sends back the
revision it was loaded with, and a save succeeds only when nobody saved in between.
Used by the services of programmes and budgets."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    """Someone else saved the same row after this form was loaded."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat nog in het "
                "formulier: vergelijk met de huidige gegevens en sla opnieuw op."
            )
        )


class Revisioned(models.Model):
    revision = models.PositiveIntegerField(_("revisie"), default=1, editable=False)

    class Meta:
        abstract = True


def save_checked(instance, *, expected_revision: int | None, actor=None):
    """Validate and save `instance`; for an existing row, only if its revision in the database
    still equals `expected_revision` (the row is locked while we compare). `actor` is recorded
    as the author in the history, also outside a web request (commands, tasks)."""
    if actor is not None:
        instance._history_user = actor
    with transaction.atomic():
        if instance.pk is not None:
            current = type(instance).objects.select_for_update().get(pk=instance.pk)
            if expected_revision is None or current.revision != expected_revision:
                raise ConcurrentEditError(current)
            instance.revision = current.revision + 1
        instance.full_clean()
        instance.save()
    return instance
