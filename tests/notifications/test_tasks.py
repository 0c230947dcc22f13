"""The notification jobs as they run: in Celery beat's schedule, in the embedded default's
in-process scheduler (decision 0004) at the same times, and safe when two workers take the
same notification at once."""

import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from config.celery import app
from notifications import services
from notifications import tasks as notification_tasks
from notifications.models import Notification
from programmes import tasks as programme_tasks
from reporting import scheduler
from tests.factories import UserFactory

from .helpers import Kind


def test_the_beat_schedule_has_the_digest_and_the_period_scan():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"notifications.tasks.send_daily_digests", "programmes.tasks.periods_closing"} <= tasks
    for name in tasks:
        # A Celery task under its own name, so beat (and the in-process scheduler) finds it.
        assert import_string(name).name == name
        assert name in app.tasks


@pytest.fixture
def _no_connection_housekeeping(monkeypatch):
    """The scheduler thread closes stale database connections around each job; in these
    tests without database access that raises when an earlier test in the same process left
    a connection open, and the job would count as failed."""
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    monkeypatch.setattr(scheduler, "connections", SimpleNamespace(close_all=lambda: None))


@pytest.mark.usefixtures("_no_connection_housekeeping")
def test_the_in_process_scheduler_runs_each_beat_job_when_due(monkeypatch):
    runs = []
    monkeypatch.setattr(notification_tasks, "send_daily_digests", lambda: runs.append("d") or 0)
    monkeypatch.setattr(programme_tasks, "periods_closing", lambda: runs.append("p") or 0)
    monkeypatch.setattr(notification_tasks, "email_notifications_pending", lambda: 0)
    now = timezone.now()
    just_started = dict.fromkeys(scheduler.beat_jobs(), now)
    assert scheduler.run_beat_jobs(just_started, now=now) == []
    assert runs == []
    a_day_ago = {name: now - timedelta(days=1, minutes=1) for name in scheduler.beat_jobs()}
    ran = scheduler.run_beat_jobs(a_day_ago, now=now)
    assert sorted(ran) == ["notification-digests", "notification-emails-pending", "periods-closing"]
    assert sorted(runs) == ["d", "p"]
    assert scheduler.run_beat_jobs(a_day_ago, now=now) == []  # not again until tomorrow
    assert "reports-due" not in scheduler.beat_jobs()  # that one runs every interval


@pytest.mark.usefixtures("_no_connection_housekeeping")
def test_the_in_process_scheduler_decides_by_the_time_it_is_given(monkeypatch):
    """`now` decides, not Celery's own clock: a morning a month from now, just after seven,
    has the digest and the sweep due and not the 06:30 scan."""
    monkeypatch.setattr(notification_tasks, "send_daily_digests", lambda: 0)
    monkeypatch.setattr(programme_tasks, "periods_closing", lambda: 0)
    monkeypatch.setattr(notification_tasks, "email_notifications_pending", lambda: 0)
    later = timezone.localtime() + timedelta(days=30)
    now = later.replace(hour=7, minute=0, second=30, microsecond=0)
    last = dict.fromkeys(scheduler.beat_jobs(), now - timedelta(minutes=2))
    ran = scheduler.run_beat_jobs(last, now=now)
    assert sorted(ran) == ["notification-digests", "notification-emails-pending"]
    assert scheduler.run_beat_jobs(last, now=now) == []


@pytest.mark.usefixtures("_no_connection_housekeeping")
def test_a_failing_beat_job_is_tried_again_at_the_next_run(monkeypatch, caplog):
    def broken():
        raise ConnectionRefusedError("geen mailserver")

    monkeypatch.setattr(notification_tasks, "send_daily_digests", broken)
    monkeypatch.setattr(programme_tasks, "periods_closing", lambda: 0)
    monkeypatch.setattr(notification_tasks, "email_notifications_pending", lambda: 0)
    now = timezone.now()
    last = {name: now - timedelta(days=2) for name in scheduler.beat_jobs()}
    assert scheduler.run_beat_jobs(last, now=now) == [
        "periods-closing",
        "notification-emails-pending",
    ]
    assert "notification-digests failed" in caplog.text
    assert last["notification-digests"] == now - timedelta(days=2)
    monkeypatch.setattr(notification_tasks, "send_daily_digests", lambda: 0)
    assert scheduler.run_beat_jobs(last, now=now) == ["notification-digests"]


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="row locks: PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_email(monkeypatch):
    user = UserFactory()
    notification = Notification.objects.create(
        recipient=user, kind=Kind.REPORT_READY, key="race", subject="Proef"
    )
    real_send = services.send_mail

    def slow_send(**message):
        time.sleep(0.3)  # the other worker arrives while this one holds the row
        return real_send(**message)

    monkeypatch.setattr(services, "send_mail", slow_send)
    start = threading.Barrier(2)
    sent = []

    def worker():
        start.wait()
        try:
            sent.append(notification_tasks.email_notifications([notification.pk]))
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=10)
    assert sorted(sent) == [0, 1]
    assert len(mail.outbox) == 1
