"""Background jobs of programmes: thin, each calls a service."""

from celery import shared_task


@shared_task
def periods_closing(today: str | None = None) -> int:
    """Started by Celery beat every day (CELERY_BEAT_SCHEDULE), and by the embedded
    default's in-process scheduler: tell the programme managers which periods end within a
    week. Idempotent (one notification per period and end date). `today` (ISO date) is for
    trying a date by hand. Returns the number of notifications made."""
    from datetime import date

    from .services import periods_closing_notify

    return periods_closing_notify(today=date.fromisoformat(today) if today else None)
