"""Reminder e-mails: the region's secretaries hear once per period, between the reminder
date and the due date, that a report is due (and where to find it)."""

from datetime import date

import pytest
from django.core import mail

from reporting import services, tasks
from reporting.models import Report
from tests.factories import RegionFactory, ReportScheduleFactory, UserFactory

from .report_helpers import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_own_schedules")]
# A quarterly schedule, due 10 days after the quarter, reminded 5 days before that: for the
# second quarter of 2024 the reminder date is 05-07-2024 and the due date 10-07-2024.
REMIND_ON, DUE = "2024-07-05", "2024-07-10"


@pytest.fixture
def region():
    return RegionFactory(name="Proefregio")


@pytest.fixture
def schedule(region):
    return ReportScheduleFactory(plan__region=region, days_to_deliver=10, remind_days_before=5)


@pytest.fixture
def secretary(region):
    return UserFactory(
        username="secretaris", role=(region, Role.SECRETARIS), email="secretaris@proefregio.nl"
    )


def reminders():
    """The reminder e-mails (the secretaries also hear that a scheduled report is ready, by
    a notification's own e-mail: tests/notifications)."""
    return [message for message in mail.outbox if message.subject.startswith("Herinnering")]


def run(day, capture):
    with capture(execute=True):
        return tasks.reports_due(today=day)


def test_secretary_is_reminded_once(
    schedule, secretary, fake_pdf, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://werkregio.example.nl"
    # The day after the quarter: the report is made; no reminder yet.
    assert run("2024-07-01", django_capture_on_commit_callbacks) == {
        "created": 1,
        "reminders": 0,
        "requeued": 0,
    }
    assert run(REMIND_ON, django_capture_on_commit_callbacks)["reminders"] == 1
    assert run("2024-07-06", django_capture_on_commit_callbacks)["reminders"] == 0
    assert run("2024-07-09", django_capture_on_commit_callbacks)["reminders"] == 0

    assert len(reminders()) == 1
    message = reminders()[0]
    assert message.to == ["secretaris@proefregio.nl"]
    assert message.subject == "Herinnering: voortgangsrapportage uiterlijk 10-07-2024 – Proefplan"
    assert "bestuur / Werkkamer" in message.body
    assert "01-04-2024 t/m 30-06-2024" in message.body
    report = Report.objects.get()
    assert f"{report.kenmerk} (klaar)" in message.body
    assert f"https://werkregio.example.nl/rapportages/{report.pk}/" in message.body
    assert "https://werkregio.example.nl/regios/proefregio/rapportages/termijnen/" in message.body
    schedule.refresh_from_db()
    assert schedule.reminded_for == date(2024, 6, 30)


@pytest.mark.parametrize("day", ["2024-07-04", DUE, "2024-08-01"])
def test_no_reminder_outside_the_window(
    schedule, secretary, fake_pdf, day, django_capture_on_commit_callbacks
):
    assert run(day, django_capture_on_commit_callbacks)["reminders"] == 0
    assert reminders() == []


def test_the_next_period_gets_its_own_reminder(
    schedule, secretary, fake_pdf, django_capture_on_commit_callbacks
):
    run(REMIND_ON, django_capture_on_commit_callbacks)
    run("2024-10-05", django_capture_on_commit_callbacks)
    assert [m.subject.split(" – ")[0] for m in reminders()] == [
        "Herinnering: voortgangsrapportage uiterlijk 10-07-2024",
        "Herinnering: voortgangsrapportage uiterlijk 10-10-2024",
    ]


def test_only_the_regions_secretaries_are_reminded(
    schedule, secretary, region, fake_pdf, django_capture_on_commit_callbacks
):
    UserFactory(
        username="tweede-secretaris", role=(region, Role.SECRETARIS), email="tweede@proefregio.nl"
    )
    UserFactory(username="werkkamerlid", role=(region, Role.WERKKAMERLID))
    UserFactory(username="programmamanager", role=(region, Role.PROGRAMMAMANAGER))
    other = RegionFactory(code="AM97", name="Andere regio")
    UserFactory(username="secretaris-elders", role=(other, Role.SECRETARIS))
    gone = UserFactory(username="oud-secretaris", role=(region, Role.SECRETARIS))
    gone.is_active = False
    gone.save()
    run(REMIND_ON, django_capture_on_commit_callbacks)
    assert len(reminders()) == 1
    assert sorted(reminders()[0].to) == ["secretaris@proefregio.nl", "tweede@proefregio.nl"]


def test_a_failed_report_is_named_in_the_reminder(
    schedule, secretary, fake_pdf, django_capture_on_commit_callbacks
):
    fake_pdf.failures = 99
    run("2024-07-01", django_capture_on_commit_callbacks)
    run(REMIND_ON, django_capture_on_commit_callbacks)
    assert Report.objects.get().status == Report.Status.MISLUKT
    assert "(mislukt)" in reminders()[0].body


def test_no_secretary_no_mail_and_tried_again_later(
    schedule, region, fake_pdf, django_capture_on_commit_callbacks
):
    run(REMIND_ON, django_capture_on_commit_callbacks)
    assert reminders() == []
    schedule.refresh_from_db()
    assert schedule.reminded_for is None  # a secretary added tomorrow still hears
    UserFactory(username="secretaris", role=(region, Role.SECRETARIS))
    run("2024-07-06", django_capture_on_commit_callbacks)
    assert len(reminders()) == 1


def test_an_inactive_schedule_sends_nothing(
    schedule, secretary, fake_pdf, django_capture_on_commit_callbacks
):
    schedule.is_active = False
    schedule.save()
    assert run(REMIND_ON, django_capture_on_commit_callbacks) == {
        "created": 0,
        "reminders": 0,
        "requeued": 0,
    }
    assert mail.outbox == []


def test_a_mail_server_that_is_down_does_not_stop_the_job(
    schedule, secretary, fake_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    server_down = True
    send_mail = services.send_mail

    def send_or_refuse(**message):
        if server_down:
            raise ConnectionRefusedError("geen mailserver")
        return send_mail(**message)

    monkeypatch.setattr(services, "send_mail", send_or_refuse)
    assert run(REMIND_ON, django_capture_on_commit_callbacks) == {
        "created": 1,
        "reminders": 0,
        "requeued": 0,
    }
    assert Report.objects.get().status == Report.Status.KLAAR
    schedule.refresh_from_db()
    assert schedule.reminded_for is None  # tried again on the next run
    server_down = False
    assert run("2024-07-06", django_capture_on_commit_callbacks)["reminders"] == 1
    assert len(reminders()) == 1
