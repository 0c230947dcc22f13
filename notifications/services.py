"""The one way a notification is made. The app where something happens calls `notify()`
with whom it concerns; e-mail follows by the recipient's choice (notifications.tasks)."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .models import Notification


def notify(
    kind: str,
    *,
    recipients: Iterable,
    key: str,
    subject: str,
    link: str = "",
    region=None,
) -> list[Notification]:
    """Make a notification of `kind` about the event `key` for each active recipient who has
    none yet (never two of the same, however often the event is reported; a second call, a
    retried task or two workers at once make nothing more). Returns the new ones; their
    e-mail is queued when the transaction commits."""
    made = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                notification, created = Notification.objects.get_or_create(
                    recipient=user,
                    kind=kind,
                    key=key[:200],
                    defaults={"subject": subject[:300], "link": link, "region": region},
                )
        except IntegrityError:  # made at the same moment by another worker
            continue
        if created:
            made.append(notification)
    if made:
        from .tasks import email_notifications  # the task module imports this one

        ids = [n.pk for n in made]
        transaction.on_commit(lambda: email_notifications.delay(ids))
    return made
