"""E-mail of notifications: at once for who chose so, a daily digest for who chose that.
Thin: the services lock each notification and mark it e-mailed, so running a task twice (a
retry, a message delivered again, two workers) sends nothing twice."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    # A mail server that is down or refuses for a moment: tried again with back-off (about
    # 1, 2, 4, 8, 16 s); what was sent before the failure is marked and not sent again.
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def email_notifications(ids: list[int]) -> int:
    """Send the notifications `ids` at once to recipients who chose immediate e-mail; each
    is sent once (`emailed_at`). Returns the number of messages sent."""
    from .services import notifications_email  # the service module imports this one

    return notifications_email(ids=ids)


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def send_daily_digests() -> int:
    """Started by Celery beat once a day (CELERY_BEAT_SCHEDULE), and by the embedded
    default's in-process scheduler: the digest for everyone who chose it. Returns the number
    of messages sent."""
    from .services import digests_send

    return digests_send()


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def email_notifications_pending() -> int:
    """Started by Celery beat every ten minutes: the e-mails at once whose own task was lost
    (a broker that was down when they were queued), each still sent once."""
    from .services import notifications_email_pending

    return notifications_email_pending()
