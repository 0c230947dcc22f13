"""The embedded default's in-process scheduler: it runs the beat job reports_due, and starts
only in the process that serves with runserver (never in tests or other commands, never in
the autoreloader's watching parent, never with a broker)."""

import threading
from datetime import date, timedelta

import pytest
from django.utils import timezone

from reporting import scheduler, services, tasks
from reporting.models import Report
from tests.factories import RegionFactory, ReportedPlanFactory, ReportScheduleFactory

RUNSERVER = ["manage.py", "runserver", "127.0.0.1:8000"]
CHILD = {"RUN_MAIN": "true"}


@pytest.fixture
def enabled(settings):
    settings.REPORT_SCHEDULER_ENABLED = True
    return settings


def test_it_is_off_in_the_test_settings():
    assert scheduler.should_start(RUNSERVER, CHILD) is False


@pytest.mark.parametrize(
    ("argv", "environ", "starts"),
    [
        (RUNSERVER, CHILD, True),  # the autoreloader's child: the process that serves
        (RUNSERVER, {}, False),  # the autoreloader's watching parent
        ([*RUNSERVER, "--noreload"], {}, True),
        (["manage.py", "migrate"], CHILD, False),
        (["manage.py", "load_demo_data"], {}, False),
        (["manage.py"], {}, False),
        (["/usr/bin/pytest", "tests"], CHILD, False),
    ],
)
def test_it_starts_only_where_runserver_serves(enabled, argv, environ, starts):
    assert scheduler.should_start(argv, environ) is starts


def test_it_is_off_with_a_broker_unless_asked(monkeypatch):
    from importlib import reload

    from config.settings import base

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("REPORT_SCHEDULER_ENABLED", raising=False)
    assert reload(base).REPORT_SCHEDULER_ENABLED is False
    monkeypatch.delenv("CELERY_BROKER_URL")
    assert reload(base).REPORT_SCHEDULER_ENABLED is True


def test_ready_starts_nothing_in_tests():
    assert not [t for t in threading.enumerate() if t.name == "report-scheduler"]


@pytest.mark.django_db(transaction=True)
def test_a_run_makes_the_due_report(enabled, only_own_schedules, fake_pdf):
    plan = ReportedPlanFactory(
        region=RegionFactory(name="Proefregio"),
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
    )
    schedule = ReportScheduleFactory(plan=plan)
    assert scheduler.run_once() == {"created": 1, "reminders": 0, "requeued": 0}
    report = Report.objects.get(schedule=schedule)
    assert report.status == Report.Status.KLAAR
    assert scheduler.run_once()["created"] == 0


def test_the_thread_runs_the_job_at_once_and_then_every_interval(monkeypatch):
    runs = []
    two_runs = threading.Event()

    def reports_due():
        runs.append(1)
        if len(runs) >= 2:
            two_runs.set()
        return {"created": 0, "reminders": 0, "requeued": 0}

    monkeypatch.setattr(tasks, "reports_due", reports_due)
    thread = scheduler.ReportScheduler(interval=0.05)
    thread.start()
    try:
        assert two_runs.wait(timeout=5)
        assert thread.daemon
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.mark.django_db
def test_a_failing_run_does_not_stop_the_scheduler(monkeypatch, caplog):
    def broken():
        raise RuntimeError("database weg")

    monkeypatch.setattr(tasks, "reports_due", broken)
    assert scheduler.run_once() is None
    assert "reports_due failed" in caplog.text


def test_start_starts_one_thread_however_often_called(monkeypatch):
    monkeypatch.setattr(scheduler, "_started", None)
    monkeypatch.setattr(tasks, "reports_due", lambda: {"created": 0})
    first = scheduler.start(interval=60)
    try:
        assert scheduler.start(interval=60) is first
        assert [t for t in threading.enumerate() if t.name == "report-scheduler"] == [first]
    finally:
        first.stop()
        first.join(timeout=5)


@pytest.mark.django_db(transaction=True)
def test_a_run_finishes_a_report_left_half_made_when_the_server_stopped(
    enabled, only_own_schedules, fake_pdf
):
    """The embedded default's rescue: runserver stopped mid-render leaves a report
    *wordt gemaakt*; the scheduler's next run builds it (in-process), once."""
    enabled.REPORT_STUCK_AFTER = 120
    plan = ReportedPlanFactory(region=RegionFactory(name="Proefregio"))
    report = services.report_request(
        plan=plan,
        actor=None,
        kind="voortgang",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 3, 31),
    )  # built at once (no broker, autocommit)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.BEZIG,
        started_at=timezone.now() - timedelta(seconds=121),
        attempts=1,
        file="",
    )
    assert scheduler.run_once()["requeued"] == 1
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.KLAAR, 2)
    assert len(fake_pdf.calls) == 2  # the request's build, then the rescue's
