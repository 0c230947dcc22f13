"""Writes for reporting: ask for a report, make the one report of a schedule's period, build
it (freeze the figures, render the PDF), record a failure, and remind the secretaries.

Building runs in a Celery worker (`reporting.tasks.build_report`); these functions are what the
task, the views and the beat job call, so they behave the same everywhere. A report is queued
with `transaction.on_commit`, never from inside an open transaction, so the worker always
finds the row it is asked to build."""

import logging
import time
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import DateSpan
from core.formatting import show_date
from notifications import selectors as notification_selectors
from notifications.models import Notification
from notifications.services import notifications_mark_emailed, notify
from regions.permissions import Action, users_who_can

from . import documents
from .models import MeetingPack, Report, ReportSchedule
from .schedule import due_date, latest_complete_period
from .selectors import governance as governance_selectors

logger = logging.getLogger(__name__)

# Reports go to boards and ministries in Dutch, whatever language the requester browses in.
REPORT_LANGUAGE = documents.LANGUAGE


def _kenmerk(report: Report) -> str:
    """A reference to quote in letters: region code (LND for a national plan), year, number."""
    region = report.plan.region
    prefix = region.code if region is not None else "LND"
    return f"{prefix}-{timezone.localdate():%Y}-{report.pk:04d}"


def _enqueue_build(report: Report) -> None:
    # Imported here: the task module imports this one.
    from .tasks import build_report

    task_id = report.task_id
    transaction.on_commit(
        lambda: build_report.apply_async(args=[report.pk], task_id=task_id),
        # A broker that cannot be reached (or an eager build that failed) must not undo the
        # request: the report stays visible with its status.
        robust=True,
    )


def _contact_role_for(*, plan, kind: str) -> str:
    """The contact role of the plan's schedules: one of the same kind first."""
    roles = (
        ReportSchedule.objects.filter(plan=plan)
        .exclude(contact_role="")
        .values_list("kind", "contact_role")
    )
    by_kind = dict(roles)
    return by_kind.get(kind) or next(iter(by_kind.values()), "")


def _check_period(*, plan, start_date: date, end_date: date) -> None:
    if end_date < start_date:
        raise ValidationError(
            {"end_date": _("De einddatum ligt vóór de begindatum van de periode.")}
        )
    if start_date > plan.end_date or end_date < plan.start_date:
        raise ValidationError(
            _("De periode %(period)s valt buiten de looptijd van het plan (%(start)s t/m %(end)s).")
            % {
                "period": DateSpan(start_date, end_date),
                "start": show_date(plan.start_date),
                "end": show_date(plan.end_date),
            }
        )


def _create(**fields) -> Report:
    report = Report(task_id=str(uuid.uuid4()), **fields)
    report.full_clean(exclude=["kenmerk"], validate_constraints=False)
    report.save()
    report.kenmerk = _kenmerk(report)
    report.save(update_fields=["kenmerk"])
    return report


@transaction.atomic
def report_request(*, plan, actor, start_date: date, end_date: date, kind: str) -> Report:
    """A report on demand: queued now, built by a worker after the transaction commits."""
    _check_period(plan=plan, start_date=start_date, end_date=end_date)
    report = _create(
        plan=plan,
        kind=kind,
        contact_role=_contact_role_for(plan=plan, kind=kind),
        start_date=start_date,
        end_date=end_date,
        requested_by=actor,
    )
    _enqueue_build(report)
    return report


def _find(lookup: dict) -> Report | None:
    return Report.objects.filter(**lookup).first()


def report_for_schedule(
    *, schedule, start_date: date, end_date: date, requested_by=None
) -> tuple[Report, bool]:
    """The one report of a schedule's period, created and queued when it does not exist yet.
    Idempotent: a second call (the beat job firing twice, two beat processes, the due list's
    button pressed twice) gets the same report back with created=False; the database's
    unique constraint settles a race."""
    lookup = {"schedule": schedule, "start_date": start_date, "end_date": end_date}
    existing = _find(lookup)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = _create(
                plan=schedule.plan,
                kind=schedule.kind,
                contact_role=schedule.contact_role,
                requested_by=requested_by,
                **lookup,
            )
            _enqueue_build(report)
    except IntegrityError:
        # Another run created it between our look-up and our insert.
        return Report.objects.get(**lookup), False
    return report, True


def report_for_deadline(*, schedule, actor, today: date) -> tuple[Report, bool]:
    """The due list's button: make now the report on the schedule's latest complete period
    (the one that is due or overdue). The schedule's one report of that period: created and
    queued when missing, queued again when it failed, otherwise left as it is. Returns
    (report, created)."""
    period = latest_complete_period(
        frequency=schedule.frequency,
        start=schedule.plan.start_date,
        end=schedule.plan.end_date,
        as_of=today,
    )
    if period is None:
        raise ValidationError(
            _("Dit rapportageschema heeft nog geen afgelopen periode om over te rapporteren.")
        )
    report, created = report_for_schedule(
        schedule=schedule, start_date=period.start, end_date=period.end, requested_by=actor
    )
    if not created and report.status == Report.Status.MISLUKT:
        report = report_requeue(report=report, actor=actor)
    return report, created


@transaction.atomic
def report_requeue(*, report: Report, actor) -> Report:
    """Try a failed report again: the same report (a schedule's period keeps its one report),
    back in the queue with a fresh task."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.MISLUKT:
        raise ValidationError(
            _("Alleen een mislukte rapportage kan opnieuw worden gemaakt; deze is %(status)s.")
            % {"status": report.get_status_display()}
        )
    report.status = Report.Status.WACHTRIJ
    report.error = ""
    report.task_id = str(uuid.uuid4())
    report.queued_at = timezone.now()
    if report.requested_by is None:
        report.requested_by = actor
    report.save(update_fields=["status", "error", "task_id", "queued_at", "requested_by"])
    _enqueue_build(report)
    return report


def _seconds_setting(name: str) -> timedelta:
    return timedelta(seconds=getattr(settings, name))


def _requeue_stuck_rows(model, *, enqueue, gave_up, reset=None, now=None) -> dict[str, list]:
    """The rescue of reports and meeting packs (`model`) a worker will not finish, so each is
    done within minutes instead of after the broker's hour:

    - *wordt gemaakt* for longer than REPORT_STUCK_AFTER (longer than the task's hard time
      limit, so its worker is gone: killed, out of memory, the server stopped): queued again
      (with `reset`, the fields a new attempt starts from), or marked failed with the reason
      `gave_up(attempts)` once it has had REPORT_MAX_ATTEMPTS attempts;
    - *in de wachtrij* for longer than REPORT_QUEUED_STALE_AFTER without a worker starting on
      it since: its message was lost (the broker was down when it was queued); queued again.

    Every update is conditional on the run it was found in still being the current one, so
    a row that finished (or was claimed again) meanwhile is left as it is; `enqueue(row)`
    queues its task after the commit. A row queued twice, or delivered again by the broker as
    well, is still built once: the build claims it with a conditional update (_claim_row).
    Returns {"requeued": [...], "failed": [...]}."""
    now = now or timezone.now()
    stuck_before = now - _seconds_setting("REPORT_STUCK_AFTER")
    queued_before = now - _seconds_setting("REPORT_QUEUED_STALE_AFTER")
    Status = model.Status
    name = model.__name__
    requeued, failed = [], []
    for row in model.objects.filter(status=Status.BEZIG, started_at__lt=stuck_before):
        running = model.objects.filter(pk=row.pk, status=Status.BEZIG, started_at=row.started_at)
        if row.attempts >= settings.REPORT_MAX_ATTEMPTS:
            if running.update(status=Status.MISLUKT, error=gave_up(row.attempts)):
                failed.append(row)
        elif running.update(status=Status.WACHTRIJ, queued_at=now, **(reset or {})):
            requeued.append(row)
    lost = list(
        model.objects.filter(status=Status.WACHTRIJ)
        .filter(Q(queued_at__lt=queued_before) | Q(queued_at=None, requested_at__lt=queued_before))
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=queued_before))
    )
    # Queued again now: the next run leaves it alone unless this message is lost too.
    model.objects.filter(pk__in=[row.pk for row in lost]).update(queued_at=now)
    requeued += lost
    for row in requeued:
        logger.warning("%s %s queued again (attempt %s)", name, row.pk, row.attempts + 1)
        enqueue(row)
    for row in failed:
        logger.error("%s %s failed: its worker stopped %s times", name, row.pk, row.attempts)
    return {"requeued": requeued, "failed": failed}


def reports_requeue_stuck(*, now=None) -> dict[str, list[Report]]:
    """The beat job's (and the in-process scheduler's) rescue of reports a worker will not
    finish (_requeue_stuck_rows): a report stuck *wordt gemaakt* is queued again or, after
    REPORT_MAX_ATTEMPTS attempts, failed; one whose message was lost is queued again."""
    rescued = _requeue_stuck_rows(
        Report,
        enqueue=_enqueue_build,
        gave_up=lambda attempts: (
            _(
                "Het maken is %(attempts)s keer afgebroken (de verwerker stopte of de "
                "tijdslimiet verstreek); de rapportage is niet gemaakt."
            )
            % {"attempts": attempts}
        ),
        now=now,
    )
    for report in rescued["failed"]:
        _report_notify(report, Notification.Kind.REPORT_FAILED)
    return rescued


def report_meta(report: Report) -> dict:
    """What the cover of the PDF says about the report (plain strings, Dutch)."""
    plan = report.plan
    with translation.override(REPORT_LANGUAGE):
        return {
            "kenmerk": report.kenmerk,
            "region": plan.region.name if plan.region else _("landelijk"),
            "plan": plan.title,
            "period": str(DateSpan(report.start_date, report.end_date)),
            "date": show_date(timezone.localdate()),
            "contact_role": report.contact_role,
            "kind": str(report.get_kind_display()),
            "audience": str(report.schedule.get_audience_display()) if report.schedule else "",
        }


def _claim_row(model, row) -> int | None:
    """Take a report or meeting pack for this worker: one conditional update, so of two
    workers racing for the same row (a message delivered twice, a row queued again) only one
    builds. Claimable: waiting, or started so long ago that its worker is gone
    (REPORT_STUCK_AFTER). Returns the attempt number this worker holds, or None when another
    has the row or it is done or failed."""
    now = timezone.now()
    stuck_before = now - _seconds_setting("REPORT_STUCK_AFTER")
    # Conditional on the attempts just read as well: a claim by another worker since then
    # changes them, so this one fails; the attempt this worker holds is then known without
    # reading the row again.
    Status = model.Status
    claimed = (
        model.objects.filter(pk=row.pk, attempts=row.attempts)
        .filter(Q(status=Status.WACHTRIJ) | Q(status=Status.BEZIG, started_at__lt=stuck_before))
        .update(status=Status.BEZIG, started_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    row.status, row.started_at = Status.BEZIG, now
    row.attempts += 1
    return row.attempts


def _store_row(model, row, *, attempt: int, name: str, content: bytes, **fields) -> bool:
    """Write the built file, then store it (and `fields`) by one update conditional on this
    attempt still being the latest claim; a builder that lost its claim meanwhile (the row
    finished, or was taken over) removes the file it wrote, so a row has one file. Returns
    whether it was stored; when it was, `row` holds what was stored."""
    row.file.save(name, ContentFile(content), save=False)
    generated_at = timezone.now()
    stored = model.objects.filter(pk=row.pk, status=model.Status.BEZIG, attempts=attempt).update(
        file=row.file.name, status=model.Status.KLAAR, generated_at=generated_at, error="", **fields
    )
    if not stored:
        row.file.delete(save=False)
        return False
    for field, value in fields.items():
        setattr(row, field, value)
    row.status, row.generated_at, row.error = model.Status.KLAAR, generated_at, ""
    return True


def _claim(report: Report) -> int | None:
    return _claim_row(Report, report)


def report_build(*, report: Report, timings: dict[str, float] | None = None) -> Report:
    """Freeze the plan's figures as of the period's end, render the PDF and store both.
    Idempotent: a report that is done, failed or being made by another worker is left alone,
    so a redelivered or requeued task does nothing; of two builders only the one holding the
    latest claim stores its file. Raises whatever freezing or rendering raises; the task
    retries and finally calls `report_fail`. `timings`, when given, receives the seconds
    spent freezing ("figures") and rendering ("pdf")."""
    report = Report.objects.select_related("plan__region", "plan__programme", "schedule").get(
        pk=report.pk
    )
    attempt = _claim(report)
    if attempt is None:
        return report
    # Both are drawn in REPORT_LANGUAGE, whatever language this process is in.
    started = time.perf_counter()
    figures = documents.freeze_figures(
        plan=report.plan,
        start_date=report.start_date,
        end_date=report.end_date,
        kind=report.kind,
    )
    frozen = time.perf_counter()
    pdf = documents.render_pdf(figures, report_meta=report_meta(report))
    # How long the report's own work took, apart from the queue and the task around it: the
    # task returns it, the log keeps it (make bench subtracts it from queue-to-done).
    seconds = {"figures": frozen - started, "pdf": time.perf_counter() - frozen}
    if timings is not None:
        timings.update(seconds)
    logger.info(
        "Report %s: figures %.0f ms, PDF %.0f ms",
        report.pk,
        1000 * seconds["figures"],
        1000 * seconds["pdf"],
    )
    # Stored by one update, conditional on this attempt still being the latest claim (see
    # _store_row): a report has one file.
    name = f"{report.kenmerk or report.pk}.pdf"
    if not _store_row(Report, report, attempt=attempt, name=name, content=pdf, figures=figures):
        return Report.objects.get(pk=report.pk)
    _report_notify(report, Notification.Kind.REPORT_READY)
    return report


def _report_subject(report: Report) -> str:
    with translation.override(REPORT_LANGUAGE):
        return _("%(kind)s %(plan)s, %(period)s (%(kenmerk)s)") % {
            "kind": report.get_kind_display(),
            "plan": report.plan.title,
            "period": DateSpan(report.start_date, report.end_date),
            "kenmerk": report.kenmerk,
        }


def _report_notify(report: Report, kind: str) -> None:
    """Tell whom a report concerns that it is ready or failed: who asked for it, and for a
    scheduled report the region's secretaries (who keep its schedule). Once per report
    ready; a failure once per attempt that failed (tried again and failed again, it is news
    again), whatever reports the same failure twice."""
    report = Report.objects.select_related("plan__region", "requested_by").get(pk=report.pk)
    region = report.plan.region
    recipients = [report.requested_by]
    if report.schedule_id is not None:
        recipients += list(users_who_can(Action.MANAGE_MEETINGS, region))
    key = f"report:{report.pk}"
    if kind == Notification.Kind.REPORT_FAILED:
        key = f"{key}:attempt:{report.attempts}"
    notify(
        kind,
        recipients=recipients,
        key=key,
        subject=_report_subject(report),
        link=reverse("reporting:report-detail", args=[report.pk]),
        region=region,
    )


def report_retry(*, report: Report, reason: str) -> None:
    """An attempt failed and another follows: back in the queue, with the reason shown."""
    Report.objects.filter(pk=report.pk).exclude(status=Report.Status.KLAAR).update(
        status=Report.Status.WACHTRIJ,
        error=_("Poging %(attempt)s mislukte (%(reason)s); er volgt een nieuwe poging.")
        % {"attempt": report.attempts, "reason": reason},
    )


def report_fail(*, report: Report, reason: str) -> None:
    """The last attempt failed: the report is marked failed with its reason. A report that
    is done stays done."""
    failed = (
        Report.objects.filter(pk=report.pk)
        .exclude(status=Report.Status.KLAAR)
        .update(status=Report.Status.MISLUKT, error=reason[:2000])
    )
    if failed:
        _report_notify(report, Notification.Kind.REPORT_FAILED)


def reminder_send(*, schedule, period: DateSpan, recipients, report: Report | None) -> int:
    """Remind the secretaries that the report on `period` is due, once per period: the
    schedule remembers the period it reminded for. Each gets a REPORT_DUE notification;
    the reminder e-mail is that notification's e-mail for whoever wants e-mail at once (one
    message to all of them), the daily digest carries it for whoever chose that, and who
    chose "uit" gets no mail. So nobody is e-mailed twice for one reminder. Returns the
    number of messages sent."""
    recipients = [user for user in recipients if user.is_active]
    if not recipients:
        logger.warning("No secretary to remind for report schedule %s", schedule.pk)
        return 0
    due = due_date(period, days_to_deliver=schedule.days_to_deliver)
    with translation.override(REPORT_LANGUAGE):
        subject = _("Herinnering: %(kind)s uiterlijk %(due)s – %(plan)s") % {
            "kind": schedule.get_kind_display(),
            "due": show_date(due),
            "plan": schedule.plan.title,
        }
        about = _("%(kind)s uiterlijk %(due)s – %(plan)s, %(period)s") % {
            "kind": schedule.get_kind_display(),
            "due": show_date(due),
            "plan": schedule.plan.title,
            "period": period,
        }
        body = render_to_string(
            "reporting/report_reminder_email.txt",
            {
                "schedule": schedule,
                "plan": schedule.plan,
                "period": period,
                "due": due,
                "report": report,
                "site_url": settings.SITE_URL.rstrip("/"),
            },
        )
    region = schedule.plan.region
    link = (
        reverse("reporting:report-detail", args=[report.pk])
        if report is not None
        else reverse("reporting:report-deadlines", args=[region.slug])
    )
    # Sent while the schedule row is locked and before `reminded_for` commits: a failed
    # send leaves the reminder (and its notifications) to the next run; two runs at once
    # send it once (at least once: a commit that fails after the mail server took the
    # message sends it again next run). FOR NO KEY UPDATE: a report made for this schedule
    # meanwhile (its foreign key takes FOR KEY SHARE) does not wait for the mail server.
    with transaction.atomic():
        locked = ReportSchedule.objects.select_for_update(no_key=True).get(pk=schedule.pk)
        if locked.reminded_for == period.end:
            return 0
        made = notify(
            Notification.Kind.REPORT_DUE,
            recipients=recipients,
            key=f"report-due:{schedule.pk}:{period.end.isoformat()}",
            subject=about,
            link=link,
            region=region,
            queue_email=False,
        )
        at_once = notification_selectors.wanting_email_now(n.recipient for n in made)
        sent = 0
        if at_once:
            sent = send_mail(
                subject=" ".join(subject.split())[:200],
                message=body,
                from_email=None,
                recipient_list=[user.email for user in at_once],
            )
            mailed = {user.pk for user in at_once}
            notifications_mark_emailed(notifications=[n for n in made if n.recipient_id in mailed])
        locked.reminded_for = schedule.reminded_for = period.end
        locked.save(update_fields=["reminded_for"])
    return sent


# Meeting packs (vergaderstukken) -----------------------------------------------------------
# Built like a report: requested here, queued after the commit, claimed by one conditional
# update and stored by another (_claim_row, _store_row), retried and failed by the task.

# What the pack's status page says while the worker works: (percent done, step).
PACK_STEPS = {
    "contents": (10, gettext_lazy("Agenda, voorstellen, rapportages en besluiten verzamelen")),
    "proposals": (35, gettext_lazy("Voorstellen en rapportages opmaken")),
    "pdf": (70, gettext_lazy("PDF maken")),
    "stored": (100, gettext_lazy("Klaar")),
}


def _enqueue_pack(pack: MeetingPack) -> None:
    from .tasks import meeting_pack_generate

    task_id = pack.task_id
    transaction.on_commit(
        lambda: meeting_pack_generate.apply_async(args=[pack.pk], task_id=task_id), robust=True
    )


@transaction.atomic
def meeting_pack_request(*, meeting, actor) -> MeetingPack:
    """Start the meeting's pack: queued now, built by a worker after the transaction commits
    (`reporting.tasks.meeting_pack_generate`). Every request makes a new pack, so the
    archive keeps the pack that was sent as well as a later one."""
    pack = MeetingPack.objects.create(
        meeting=meeting,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
        task_id=str(uuid.uuid4()),
    )
    _enqueue_pack(pack)
    return pack


def _pack_progress(pack: MeetingPack, attempt: int, step: str) -> None:
    """Store how far this attempt is (one update; nothing when its claim was lost)."""
    percent, lazy_label = PACK_STEPS[step]
    with translation.override(REPORT_LANGUAGE):
        label = str(lazy_label)
    MeetingPack.objects.filter(
        pk=pack.pk, status=MeetingPack.Status.BEZIG, attempts=attempt
    ).update(progress=percent, step=label)
    pack.progress, pack.step = percent, label


def _pack_report_meta(report: Report) -> dict:
    """A report's cover in the pack: as its own PDF has it, dated the day it was made."""
    meta = report_meta(report)
    if report.generated_at:
        meta["date"] = show_date(timezone.localdate(report.generated_at))
    return meta


def meeting_pack_build(*, pack: MeetingPack) -> MeetingPack:
    """Gather the pack's contents, draw it and store the PDF, saying how far it is as it
    goes. Idempotent like report_build: a pack that is done, failed or being made by another
    worker is left alone. Raises what gathering or rendering raises; the task retries and
    finally calls meeting_pack_fail."""
    pack = MeetingPack.objects.get(pk=pack.pk)
    attempt = _claim_row(MeetingPack, pack)
    if attempt is None:
        return pack
    _pack_progress(pack, attempt, "contents")
    contents = governance_selectors.meeting_pack_contents(meeting_id=pack.meeting_id)
    metas = {report.pk: _pack_report_meta(report) for report in contents.reports}
    pdf = documents.render_meeting_pack(
        contents,
        report_metas=metas,
        made_on=timezone.localdate(),
        progress=lambda step: _pack_progress(pack, attempt, step),
    )
    meeting = contents.meeting
    name = f"vergaderstukken-{meeting.body_id}-{meeting.date:%Y%m%d}.pdf"
    percent, lazy_label = PACK_STEPS["stored"]
    with translation.override(REPORT_LANGUAGE):
        label = str(lazy_label)
    if not _store_row(
        MeetingPack, pack, attempt=attempt, name=name, content=pdf, progress=percent, step=label
    ):
        return MeetingPack.objects.get(pk=pack.pk)
    return pack


def meeting_pack_retry(*, pack: MeetingPack, reason: str) -> None:
    """An attempt failed and another follows: back in the queue, with the reason shown."""
    MeetingPack.objects.filter(pk=pack.pk).exclude(status=MeetingPack.Status.KLAAR).update(
        status=MeetingPack.Status.WACHTRIJ,
        progress=0,
        step="",
        error=_("Poging %(attempt)s mislukte (%(reason)s); er volgt een nieuwe poging.")
        % {"attempt": pack.attempts, "reason": reason},
    )


def meeting_pack_fail(*, pack: MeetingPack, reason: str) -> None:
    """The last attempt failed: the pack is marked failed with its reason (a done pack stays
    done)."""
    MeetingPack.objects.filter(pk=pack.pk).exclude(status=MeetingPack.Status.KLAAR).update(
        status=MeetingPack.Status.MISLUKT, error=reason[:2000]
    )


def meeting_packs_requeue_stuck(*, now=None) -> dict[str, list[MeetingPack]]:
    """reports_requeue_stuck for meeting packs (the beat job runs both; _requeue_stuck_rows):
    a pack *wordt gemaakt* for longer than REPORT_STUCK_AFTER is queued again (its progress
    back to nothing), or marked failed after REPORT_MAX_ATTEMPTS attempts; one *in de
    wachtrij* for longer than REPORT_QUEUED_STALE_AFTER without a worker starting on it is
    queued again. The claim makes sure a pack queued twice is built once."""
    return _requeue_stuck_rows(
        MeetingPack,
        enqueue=_enqueue_pack,
        gave_up=lambda attempts: (
            _(
                "Het maken is %(attempts)s keer afgebroken (de verwerker stopte of de "
                "tijdslimiet verstreek); de vergaderstukken zijn niet gemaakt."
            )
            % {"attempts": attempts}
        ),
        reset={"progress": 0, "step": ""},
        now=now,
    )
