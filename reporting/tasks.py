"""Background jobs. A task is thin: it takes ids, loads, and calls a selector or service."""

import socket

from celery import shared_task
from django.db import connection

from programmes import selectors as programme_selectors

from . import selectors


@shared_task
def worker_health() -> dict:
    """Answered by a worker: proves broker, worker and database are reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone()[0] == 1
    return {"worker": socket.gethostname(), "database": database_ok}


@shared_task
def plan_figures(plan_id: int) -> dict:
    """The current figures of a plan, computed by a worker."""
    plan = programme_selectors.plan_detail(pk=plan_id)
    return selectors.plan_figures(plan=plan)
