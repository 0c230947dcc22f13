"""Reports a dead worker or a lost message left unfinished: the beat job's rescue rules
(services.reports_requeue_stuck), the one claim that makes two deliveries build a report
once, and the settings that make a stuck report finish within five minutes."""

from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from reporting import services, tasks
from reporting.models import Report
from tests.factories import RegionFactory, ReportedPlanFactory

pytestmark = pytest.mark.django_db
Q1 = {"start_date": date(2024, 1, 1), "end_date": date(2024, 3, 31)}


@pytest.fixture
def plan():
    return ReportedPlanFactory(region=RegionFactory(name="Proefregio"))


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr(
        tasks.build_report, "apply_async", lambda args, task_id: sent.append(args[0])
    )
    return sent


@pytest.fixture
def thresholds(settings):
    settings.REPORT_STUCK_AFTER = 120
    settings.REPORT_QUEUED_STALE_AFTER = 120
    settings.REPORT_MAX_ATTEMPTS = 4
    return settings


def _report(plan, **fields):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report


def ago(seconds):
    return timezone.now() - timedelta(seconds=seconds)


def test_the_defaults_finish_a_stuck_report_within_five_minutes():
    hard_limit = django_settings.CELERY_TASK_TIME_LIMIT
    assert hard_limit > django_settings.CELERY_TASK_SOFT_TIME_LIMIT
    # A report still being made is never taken from its live worker...
    assert hard_limit < django_settings.REPORT_STUCK_AFTER
    # ...nor handed out again by the broker while it runs or waits for a retry (60 s at most).
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > hard_limit + tasks.build_report.retry_backoff_max
    # Stuck, found by the next run of beat (every minute), built again within its time limit.
    beat = django_settings.CELERY_BEAT_SCHEDULE["reports-due"]["schedule"]
    assert beat.minute == set(range(60))
    assert django_settings.REPORT_STUCK_AFTER + 60 + hard_limit <= 5 * 60
    assert django_settings.REPORT_QUEUED_STALE_AFTER + 60 + hard_limit <= 5 * 60


def test_a_report_being_made_past_the_limit_is_queued_again(
    plan, queued, thresholds, django_capture_on_commit_callbacks
):
    stuck = _report(plan, status=Report.Status.BEZIG, started_at=ago(121), attempts=1)
    busy = _report(plan, status=Report.Status.BEZIG, started_at=ago(30), attempts=1)
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.reports_requeue_stuck()
    assert [r.pk for r in result["requeued"]] == [stuck.pk]
    assert queued == [stuck.pk]
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == Report.Status.WACHTRIJ
    assert busy.status == Report.Status.BEZIG  # its worker is still on it


def test_a_report_that_stopped_its_worker_too_often_is_marked_failed(plan, queued, thresholds):
    report = _report(plan, status=Report.Status.BEZIG, started_at=ago(600), attempts=4)
    queued.clear()
    result = services.reports_requeue_stuck()
    assert [r.pk for r in result["failed"]] == [report.pk]
    assert result["requeued"] == [] and queued == []
    report.refresh_from_db()
    assert report.status == Report.Status.MISLUKT
    assert report.error.startswith("Het maken is 4 keer afgebroken")


def test_a_waiting_report_whose_message_was_lost_is_queued_again_once(
    plan, queued, thresholds, django_capture_on_commit_callbacks
):
    lost = _report(plan, requested_at=ago(121))
    fresh = _report(plan, requested_at=ago(60))
    retried_long_ago = _report(plan, requested_at=ago(900), started_at=ago(800))
    retried_now = _report(plan, requested_at=ago(900), started_at=ago(5))
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.reports_requeue_stuck()
        second = services.reports_requeue_stuck()
    assert {r.pk for r in first["requeued"]} == {lost.pk, retried_long_ago.pk}
    assert sorted(queued) == sorted([lost.pk, retried_long_ago.pk])
    # Queued again a moment ago: the next run waits for that message.
    assert second["requeued"] == []
    assert fresh.pk not in queued and retried_now.pk not in queued


def test_finished_and_failed_reports_are_left_alone(plan, queued, thresholds):
    _report(plan, status=Report.Status.KLAAR, started_at=ago(900), requested_at=ago(900))
    _report(plan, status=Report.Status.MISLUKT, started_at=ago(900), requested_at=ago(900))
    queued.clear()
    assert services.reports_requeue_stuck() == {"requeued": [], "failed": []}
    assert queued == []


def test_a_report_another_worker_is_making_is_not_built_again(plan, queued, fake_pdf, thresholds):
    report = _report(plan, status=Report.Status.BEZIG, started_at=ago(10), attempts=1)
    services.report_build(report=report)
    report.refresh_from_db()
    assert fake_pdf.calls == []
    assert (report.status, report.attempts) == (Report.Status.BEZIG, 1)


def test_a_stuck_report_is_claimed_and_built_by_the_next_delivery(
    plan, queued, fake_pdf, thresholds
):
    report = _report(plan, status=Report.Status.BEZIG, started_at=ago(200), attempts=1)
    services.report_build(report=report)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.KLAAR, 2)
    assert len(fake_pdf.calls) == 1


def test_of_two_builders_only_the_latest_claim_stores_its_file(
    plan, queued, fake_pdf, thresholds, monkeypatch
):
    """The first builder is overtaken while it renders (its claim went stale and a second
    delivery claimed the report): the second stores the report, the first stores nothing."""
    report = _report(plan)
    calls = []

    def render(figures, *, report_meta):
        calls.append(report_meta)
        if len(calls) == 1:
            # While the first renders, its claim is taken over and the report finished.
            Report.objects.filter(pk=report.pk).update(started_at=ago(200))
            services.report_build(report=report)
        return b"%PDF-1.7 proef"

    from reporting import documents

    monkeypatch.setattr(documents, "render_pdf", render)
    services.report_build(report=report)
    report.refresh_from_db()
    assert len(calls) == 2
    assert (report.status, report.attempts) == (Report.Status.KLAAR, 2)
    assert Report.objects.count() == 1
    stored = list((django_settings.MEDIA_ROOT / "reports").rglob("*.pdf"))
    assert len(stored) == 1
