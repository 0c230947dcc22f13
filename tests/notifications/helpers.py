"""The notification tests' helpers: a person with an e-mail choice, and what they were sent."""

from django.core import mail

from notifications.models import Notification, NotificationSettings

Kind = Notification.Kind
Email = NotificationSettings.Email


def choose(user, email: str) -> None:
    NotificationSettings.objects.update_or_create(user=user, defaults={"email": email})


def mails_to(user) -> list:
    return [message for message in mail.outbox if user.email in message.to]


def notified(kind: str, key: str | None = None) -> set[str]:
    """The usernames holding a notification of `kind` (about `key`)."""
    found = Notification.objects.filter(kind=kind)
    if key is not None:
        found = found.filter(key=key)
    return set(found.values_list("recipient__username", flat=True))
