"""The report pipeline in-process: requesting, one report per schedule period, building
(frozen figures and the PDF), retries and failure, and the beat job making reports once."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from reporting import documents, services, tasks
from reporting.models import Report
from tests.factories import RegionFactory, ReportedPlanFactory, ReportScheduleFactory, UserFactory

from .report_helpers import Role, record

pytestmark = pytest.mark.django_db
Q1 = {"start_date": date(2024, 1, 1), "end_date": date(2024, 3, 31)}


def without_time(figures: dict) -> dict:
    """The figures without the moment they were frozen."""
    return {key: value for key, value in figures.items() if key != "frozen_at"}


@pytest.fixture
def plan():
    return ReportedPlanFactory(region=RegionFactory(code="AM98", name="Proefregio"))


@pytest.fixture
def secretary(plan):
    return UserFactory(username="secretaris-proef", role=(plan.region, Role.SECRETARIS))


@pytest.fixture
def queued(monkeypatch):
    """The build tasks queued (by id) instead of run."""
    sent = []
    monkeypatch.setattr(
        tasks.build_report, "apply_async", lambda args, task_id: sent.append((args[0], task_id))
    )
    return sent


def test_request_queues_a_report_with_kenmerk_and_contact_role(
    plan, secretary, queued, django_capture_on_commit_callbacks
):
    ReportScheduleFactory(plan=plan, kind="voortgang", contact_role="secretaris Werkkamer")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(plan=plan, actor=secretary, kind="voortgang", **Q1)
    assert report.status == Report.Status.WACHTRIJ
    assert report.kenmerk == f"AM98-{timezone.localdate():%Y}-{report.pk:04d}"
    assert report.contact_role == "secretaris Werkkamer"
    assert report.requested_by == secretary
    assert report.schedule is None
    # Queued once, after the commit, with the id the report keeps.
    assert queued == [(report.pk, report.task_id)]


def test_nothing_is_queued_before_the_transaction_commits(
    plan, secretary, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.report_request(plan=plan, actor=secretary, kind="voortgang", **Q1)
        assert queued == []
    assert len(callbacks) == 1


def test_a_national_plan_has_kenmerk_lnd(queued):
    plan = ReportedPlanFactory(region=None, title="Landelijk plan")
    report = services.report_request(plan=plan, actor=None, kind="evaluatie", **Q1)
    assert report.kenmerk.startswith(f"LND-{timezone.localdate():%Y}-")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(2024, 3, 31), date(2024, 1, 1), "De einddatum ligt vóór de begindatum"),
        (date(2023, 1, 1), date(2023, 3, 31), "valt buiten de looptijd van het plan"),
    ],
)
def test_request_refuses_a_wrong_period(plan, secretary, queued, start, end, message):
    with pytest.raises(ValidationError) as refused:
        services.report_request(
            plan=plan, actor=secretary, kind="voortgang", start_date=start, end_date=end
        )
    assert message in " ".join(refused.value.messages)
    assert not Report.objects.exists()
    assert queued == []


def test_report_for_schedule_is_idempotent(plan, queued, django_capture_on_commit_callbacks):
    schedule = ReportScheduleFactory(plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        first, created = services.report_for_schedule(schedule=schedule, **Q1)
        again, created_again = services.report_for_schedule(schedule=schedule, **Q1)
    assert (created, created_again) == (True, False)
    assert again == first
    assert Report.objects.count() == 1
    assert queued == [(first.pk, first.task_id)]
    assert (first.kind, first.contact_role, first.plan) == (
        "voortgang",
        "secretaris Werkkamer",
        plan,
    )


def test_report_for_schedule_survives_a_race(plan, queued, monkeypatch):
    """Another run inserted the same period after our look-up: the unique constraint refuses
    our insert and we return theirs."""
    schedule = ReportScheduleFactory(plan=plan)
    theirs = Report.objects.create(schedule=schedule, plan=plan, kenmerk="ANDER", **Q1)
    monkeypatch.setattr(services, "_find", lambda lookup: None)  # our look-up came first
    report, created = services.report_for_schedule(schedule=schedule, **Q1)
    assert (report, created) == (theirs, False)
    assert Report.objects.count() == 1
    assert queued == []


def test_the_database_refuses_a_second_report_for_a_schedule_period(plan):
    schedule = ReportScheduleFactory(plan=plan)
    Report.objects.create(schedule=schedule, plan=plan, **Q1)
    with pytest.raises(IntegrityError):
        Report.objects.create(schedule=schedule, plan=plan, **Q1)


def test_build_freezes_figures_and_stores_the_pdf(plan, secretary, queued, fake_pdf):
    record(plan, "2024-K1", 30)
    report = services.report_request(plan=plan, actor=secretary, kind="voortgang", **Q1)
    built = services.report_build(report=report)
    built.refresh_from_db()
    assert built.status == Report.Status.KLAAR
    assert built.attempts == 1
    assert built.started_at is not None and built.generated_at >= built.started_at
    assert built.file.name.endswith(f"{built.kenmerk}.pdf")
    assert built.file.read().startswith(b"%PDF")
    assert without_time(built.figures) == without_time(documents.freeze_figures(plan=plan, **Q1))
    meta = fake_pdf.calls[0]
    assert meta["kenmerk"] == built.kenmerk
    assert meta["region"] == "Proefregio"
    assert meta["plan"] == "Proefplan"
    assert meta["period"] == "01-01-2024 t/m 31-03-2024"
    assert meta["kind"] == "voortgangsrapportage"


def test_a_finished_report_is_not_built_again(plan, queued, fake_pdf):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    services.report_build(report=report)
    services.report_build(report=report)  # a redelivered task
    report.refresh_from_db()
    assert len(fake_pdf.calls) == 1
    assert report.attempts == 1


def test_frozen_figures_do_not_change_when_realisations_change_later(plan, queued, fake_pdf):
    record(plan, "2024-K1", 30)
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    services.report_build(report=report)
    report.refresh_from_db()
    frozen = report.figures
    pdf = report.file.read()

    record(plan, "2024-K1", 45)  # a correction after the report was sent

    report.refresh_from_db()
    assert report.figures == frozen
    assert report.file.read() == pdf
    assert without_time(documents.freeze_figures(plan=plan, **Q1)) != without_time(frozen)


def test_build_task_retries_then_marks_the_report_failed_with_the_reason(plan, fake_pdf):
    fake_pdf.failures = 99
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    # Eager mode (no broker): the retries run at once, in this process.
    result = tasks.build_report.delay(report.pk)
    assert result.failed()
    report.refresh_from_db()
    assert len(fake_pdf.calls) == 1 + tasks.build_report.max_retries == 4
    assert report.attempts == 4
    assert report.status == Report.Status.MISLUKT
    assert report.error == "RuntimeError: de PDF-opmaak liep vast (proef)"
    assert not report.file


def test_build_task_succeeds_on_a_retry(plan, fake_pdf):
    fake_pdf.failures = 1
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    assert tasks.build_report.delay(report.pk).successful()
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (Report.Status.KLAAR, 2, "")


def test_build_task_for_a_deleted_report_gives_up_at_once(fake_pdf):
    result = tasks.build_report.delay(999_999)
    assert isinstance(result.result, Report.DoesNotExist)
    assert fake_pdf.calls == []


def test_a_failed_report_can_be_queued_again(plan, secretary, queued):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    services.report_fail(report=report, reason="RuntimeError: stuk")
    old_task = report.task_id
    again = services.report_requeue(report=report, actor=secretary)
    assert (again.status, again.error) == (Report.Status.WACHTRIJ, "")
    assert again.task_id != old_task
    assert again.requested_by == secretary


def test_only_a_failed_report_is_queued_again(plan, queued, fake_pdf):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    services.report_build(report=report)
    with pytest.raises(ValidationError, match="Alleen een mislukte rapportage"):
        services.report_requeue(report=report, actor=None)


def test_failure_never_overwrites_a_finished_report(plan, queued, fake_pdf):
    report = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    services.report_build(report=report)
    services.report_fail(report=report, reason="laat")
    report.refresh_from_db()
    assert report.status == Report.Status.KLAAR


@pytest.mark.usefixtures("only_own_schedules")
def test_reports_due_makes_one_report_per_schedule_period(
    plan, fake_pdf, django_capture_on_commit_callbacks
):
    quarterly = ReportScheduleFactory(plan=plan)
    monthly = ReportScheduleFactory(
        plan=plan, kind="financieel", frequency="maandelijks", audience="kassier", contact_role=""
    )
    ReportScheduleFactory(plan=plan, kind="evaluatie", frequency="jaarlijks", audience="ministerie")
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.reports_due(today="2024-08-15")
        second = tasks.reports_due(today="2024-08-15")
    assert first["created"] == 2  # the yearly one has no complete period yet
    assert second["created"] == 0
    reports = {r.schedule_id: r for r in Report.objects.all()}
    assert len(reports) == 2
    q2, july = reports[quarterly.pk], reports[monthly.pk]
    assert (q2.start_date, q2.end_date) == (date(2024, 4, 1), date(2024, 6, 30))
    assert (july.start_date, july.end_date) == (date(2024, 7, 1), date(2024, 7, 31))
    assert {r.status for r in reports.values()} == {Report.Status.KLAAR}
    assert len(fake_pdf.calls) == 2


@pytest.mark.usefixtures("only_own_schedules")
def test_reports_due_skips_inactive_schedules(plan, queued):
    ReportScheduleFactory(plan=plan, is_active=False)
    assert tasks.reports_due(today="2024-08-15")["created"] == 0
    assert not Report.objects.exists()


@pytest.mark.usefixtures("only_own_schedules")
def test_reports_due_queues_again_a_report_whose_message_was_lost(
    plan, queued, django_capture_on_commit_callbacks
):
    lost = services.report_request(plan=plan, actor=None, kind="voortgang", **Q1)
    fresh = services.report_request(plan=plan, actor=None, kind="financieel", **Q1)
    Report.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reports_due(today="2024-02-01")["requeued"] == 1
    assert queued == [(lost.pk, lost.task_id)]
    assert fresh.pk not in [pk for pk, _ in queued]
