"""Background jobs. A task is thin: it takes ids, loads, and calls a selector or service."""

import logging
import socket
from datetime import date

from celery import Task, shared_task
from django.db import connection
from django.utils import timezone

from programmes import selectors as programme_selectors
from regions.permissions import Action, users_who_can

from . import services
from .models import MeetingPack, Report
from .selectors import dashboard as dashboard_selectors
from .selectors import reports as report_selectors

logger = logging.getLogger(__name__)


@shared_task
def worker_health() -> dict:
    """Answered by a worker: proves broker, worker and database are reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone()[0] == 1
    return {"worker": socket.gethostname(), "database": database_ok}


@shared_task
def no_op() -> None:
    """Does nothing: the broker's and worker's round trip alone, which make bench holds a
    report job's queue-to-done overhead against."""


@shared_task
def plan_figures(plan_id: int) -> dict:
    """The current figures of a plan, computed by a worker."""
    plan = programme_selectors.plan_detail(pk=plan_id)
    return dashboard_selectors.plan_figures(plan=plan)


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class BuildReportTask(Task):
    """Keeps the report's status in step with the task: a retry puts it back in the queue
    with the reason, the final failure marks it failed with the reason."""

    def apply(self, *args, throw=None, **kwargs):
        # In-process (no broker: CELERY_TASK_ALWAYS_EAGER), Celery retries and calls
        # on_failure only when a failure is not re-raised at once (task_eager_propagates).
        # The request that queued the report has answered already; the outcome is the
        # report's status, as with a worker.
        return super().apply(*args, throw=False if throw is None else throw, **kwargs)

    def _report(self, args, kwargs):
        report_id = args[0] if args else kwargs.get("report_id")
        return Report.objects.filter(pk=report_id).first()

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        report = self._report(args, kwargs)
        if report is not None:
            services.report_retry(report=report, reason=_reason(exc))

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report = self._report(args, kwargs)
        if report is not None:
            logger.error("Report %s failed after %s attempts: %s", report.pk, report.attempts, exc)
            services.report_fail(report=report, reason=_reason(exc))


@shared_task(
    bind=True,
    base=BuildReportTask,
    # Acknowledged only when done: a worker that dies mid-build leaves the message on the
    # broker, which hands it to another worker after the visibility timeout
    # (CELERY_BROKER_TRANSPORT_OPTIONS); the beat job queues such a report again sooner
    # (REPORT_STUCK_AFTER). report_build claims a report once, so it is built once.
    acks_late=True,
    reject_on_worker_lost=True,
    # Rendering can fail for passing reasons (memory, a locked file, the database going
    # away); retry with exponential back-off (about 1, 2, 4 s), then give up.
    autoretry_for=(Exception,),
    dont_autoretry_for=(Report.DoesNotExist,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def build_report(self, report_id: int) -> dict:
    # report_build loads the report itself (with its plan); a missing one raises there.
    timings: dict[str, float] = {}
    report = services.report_build(report=Report(pk=report_id), timings=timings)
    # Seconds spent freezing and rendering by this delivery (empty: it built nothing).
    return {"report": report.pk, "status": report.status, "build_seconds": timings}


@shared_task
def reports_due(today: str | None = None) -> dict:
    """Started by Celery beat (see CELERY_BEAT_SCHEDULE). For every active schedule: make
    the report on its latest complete period when there is none (once: see
    report_for_schedule), and remind the region's secretaries when the due date is near
    (once per period); queue again a report a dead worker left unfinished or whose message
    was lost (services.reports_requeue_stuck), and a meeting pack likewise. `today` (ISO
    date) is for trying a date by hand. Also run by the embedded default's in-process
    scheduler (reporting/scheduler.py)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    created = reminded = 0
    for row in report_selectors.deadlines(schedules=report_selectors.active_schedules(), today=day):
        if row.period is None or row.due is None or row.remind_on is None:
            continue  # no complete period yet (the three are None together)
        report = row.report
        if report is None:
            report, was_created = services.report_for_schedule(
                schedule=row.schedule, start_date=row.period.start, end_date=row.period.end
            )
            created += was_created
        region = row.schedule.plan.region
        if (
            region is not None
            and row.remind_on <= day < row.due
            and row.schedule.reminded_for != row.period.end
        ):
            secretaries = users_who_can(Action.MANAGE_MEETINGS, region)
            try:
                reminded += services.reminder_send(
                    schedule=row.schedule, period=row.period, recipients=secretaries, report=report
                )
            except Exception:
                # A mail server that is down must not stop the other schedules; the
                # reminder is not marked sent, so the next run tries again.
                logger.exception("Reminder for report schedule %s not sent", row.schedule.pk)
    # Reports a dead worker left "wordt gemaakt", and those whose message was lost.
    rescued = services.reports_requeue_stuck()
    # And the meeting packs likewise (logged there; the result counts reports).
    services.meeting_packs_requeue_stuck()
    return {"created": created, "reminders": reminded, "requeued": len(rescued["requeued"])}


class MeetingPackTask(BuildReportTask):
    """BuildReportTask's bookkeeping for a meeting pack: a retry puts the pack back in the
    queue with the reason, the final failure marks it failed with the reason."""

    def _pack(self, args, kwargs):
        pack_id = args[0] if args else kwargs.get("pack_id")
        return MeetingPack.objects.filter(pk=pack_id).first()

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        pack = self._pack(args, kwargs)
        if pack is not None:
            services.meeting_pack_retry(pack=pack, reason=_reason(exc))

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        pack = self._pack(args, kwargs)
        if pack is not None:
            logger.error(
                "Meeting pack %s failed after %s attempts: %s", pack.pk, pack.attempts, exc
            )
            services.meeting_pack_fail(pack=pack, reason=_reason(exc))


@shared_task(
    bind=True,
    base=MeetingPackTask,
    # As build_report: acknowledged when done, retried with back-off, claimed once.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(MeetingPack.DoesNotExist,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def meeting_pack_generate(self, pack_id: int) -> dict:
    """Build a meeting's pack (vergaderstukken); meeting_pack_build loads it itself."""
    pack = services.meeting_pack_build(pack=MeetingPack(pk=pack_id))
    return {"pack": pack.pk, "status": pack.status, "progress": pack.progress}
