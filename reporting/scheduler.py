"""The embedded default's scheduler: with no broker (no CELERY_BROKER_URL) there is no Celery
beat and no worker, so `runserver` runs the beat job `reports_due` itself, in a daemon thread,
every REPORT_SCHEDULER_INTERVAL seconds. Reports are then built in that thread (tasks run
in-process), and reports left unfinished when the server stopped are queued again by the same
job. With a broker, Celery beat starts the job and this thread never runs.

Started once, from ReportingConfig.ready(), only in the process that serves: not in tests, not
in other management commands (migrate, load_demo_data), and not in the autoreloader's watching
parent (only in its child, RUN_MAIN=true, or under --noreload)."""

import logging
import os
import sys
import threading

from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

_started: threading.Thread | None = None
_lock = threading.Lock()


def should_start(argv: list[str] | None = None, environ=None) -> bool:
    """Whether this process is the one that serves with the embedded default: the scheduler
    is enabled (REPORT_SCHEDULER_ENABLED, on by default without a broker), the command is
    `runserver`, and this is the process that serves (the autoreloader's child, RUN_MAIN=true,
    or runserver --noreload)."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not getattr(settings, "REPORT_SCHEDULER_ENABLED", False):
        return False
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def run_once() -> dict | None:
    """One run of the beat job, as Celery beat would start it; an error is logged, never
    raised, so the thread keeps going."""
    from .tasks import reports_due  # the task module imports the models

    try:
        close_old_connections()
        result = reports_due()
    except Exception:
        logger.exception("Scheduled job reports_due failed; trying again next run")
        return None
    finally:
        # This thread's own connections: closed, so none is left open between runs.
        connections.close_all()
    if any(result.values()):
        logger.info("Scheduled job reports_due: %s", result)
    return result


class ReportScheduler(threading.Thread):
    """Runs `reports_due` at once, then every `interval` seconds, until stopped."""

    def __init__(self, *, interval: float):
        super().__init__(name="report-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            run_once()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()


def start(*, interval: float | None = None) -> ReportScheduler:
    """Start the scheduler thread, once per process however often this is called."""
    global _started
    with _lock:
        if _started is None or not _started.is_alive():
            _started = ReportScheduler(
                interval=interval if interval is not None else settings.REPORT_SCHEDULER_INTERVAL
            )
            _started.start()
            logger.info(
                "Report scheduler started: reports_due every %s s (no broker configured)",
                _started.interval,
            )
        return _started


def start_if_serving() -> ReportScheduler | None:
    if should_start():
        return start()
    return None
