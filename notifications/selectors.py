"""Reads for notifications: a person's list and unread count, and how they want e-mail."""

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Notification, NotificationSettings

Email = NotificationSettings.Email


def notifications_for(*, user) -> QuerySet[Notification]:
    """The user's notifications, latest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    """How many of the user's notifications are unread (one query, on the unread index)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_choice(*, user) -> str:
    """How the user wants notifications by e-mail; no choice made yet is at once."""
    row = NotificationSettings.objects.filter(user=user).values_list("email", flat=True).first()
    return row or Email.IMMEDIATE


def wanting_email_now(users: Iterable) -> list:
    """Of `users`, the active ones with an address who chose e-mail at once (or made no
    choice), in one query: who an e-mail sent by the event itself goes to."""
    candidates = [user for user in users if user.is_active and user.email]
    elsewhere = set(
        NotificationSettings.objects.filter(user__in=[user.pk for user in candidates])
        .exclude(email=Email.IMMEDIATE)
        .values_list("user_id", flat=True)
    )
    return [user for user in candidates if user.pk not in elsewhere]
