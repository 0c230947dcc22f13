"""The embedded default's scheduler: with no broker (no CELERY_BROKER_URL) there is no Celery
beat and no worker, so `runserver` runs the beat job `reports_due` itself, in a daemon thread,
every REPORT_SCHEDULER_INTERVAL seconds, and every other job of CELERY_BEAT_SCHEDULE (the
daily notification digest, the scan for periods closing) when its crontab says it is due
since the thread started or the job last ran (`run_beat_jobs`). Reports are then built in
that thread (tasks run in-process), and reports left unfinished when the server stopped are
queued again by the same job. With a broker, Celery beat starts the jobs and this thread
never runs.

Started once, from ReportingConfig.ready(), only in the process that serves: not in tests, not
in other management commands (migrate, load_demo_data), and not in the autoreloader's watching
parent (only in its child, RUN_MAIN=true, or under --noreload)."""

import logging
import os
import sys
import threading

from celery.schedules import crontab
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.module_loading import import_string

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


REPORTS_DUE = "reporting.tasks.reports_due"


def beat_jobs() -> dict[str, dict]:
    """The beat schedule's jobs besides `reports_due` (which runs every interval itself)."""
    return {
        name: entry
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] != REPORTS_DUE
    }


def _read_at(schedule, now):
    """The beat job's crontab as it reads at `now` (`nowfun`), not by Celery's own clock:
    so `run_beat_jobs(now=…)` decides by the time it is given."""
    if not isinstance(schedule, crontab):
        return schedule
    cls, args, kwargs = schedule.__reduce__()
    return cls(*args, **{**kwargs, "nowfun": lambda: now})


def run_beat_jobs(last_run: dict, *, now=None) -> list[str]:
    """Run each beat job whose crontab fell due between `last_run[name]` (the thread's
    start, or the job's last successful run) and `now`, as Celery beat would start it, in
    this thread. A failing job is logged and tried again at the next interval (its last run
    stays); the jobs are idempotent, so trying again sends nothing twice. Returns the jobs
    run."""
    now = now or timezone.now()
    ran = []
    for name, entry in beat_jobs().items():
        schedule = _read_at(entry["schedule"], now)
        if not schedule.is_due(last_run.setdefault(name, now)).is_due:
            continue
        try:
            close_old_connections()
            result = import_string(entry["task"])(*entry.get("args", ()))
        except Exception:
            logger.exception("Scheduled job %s failed; trying again next run", name)
            continue
        finally:
            connections.close_all()
        last_run[name] = now
        ran.append(name)
        logger.info("Scheduled job %s: %s", name, result)
    return ran


class ReportScheduler(threading.Thread):
    """Runs `reports_due` at once, then every `interval` seconds, until stopped; and the
    other beat jobs when they are due (`run_beat_jobs`)."""

    def __init__(self, *, interval: float):
        super().__init__(name="report-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.last_run: dict = {}

    def run(self) -> None:
        started = timezone.now()
        self.last_run = dict.fromkeys(beat_jobs(), started)
        while not self.stopped.is_set():
            run_once()
            run_beat_jobs(self.last_run)
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
