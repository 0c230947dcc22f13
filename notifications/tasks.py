"""E-mail of notifications: at once for who chose so, a daily digest for who chose that."""

from celery import shared_task


@shared_task
def email_notifications(ids: list[int]) -> int:
    """Send the notifications `ids` at once to recipients who chose immediate e-mail; each
    is sent once (`emailed_at`). Returns the number of messages sent."""
    # TODO(helper notifications): implement
    return 0
