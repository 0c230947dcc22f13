"""The demo's report archive (`manage.py demo_reports`, run by `make run` after
load_demo_data): the reports its schedules would have made for their last complete periods,
real PDFs, made once however often the step runs. A small world, not the demo data: the
step is the same for any schedule."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from demo.reports import make_reports
from demo.worked_examples import zuid_kennemerland
from reporting.models import Report, ReportKind, ReportSchedule
from tests.factories import RegionFactory, ReportedPlanFactory, ReportScheduleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(transactional_db):
    """The command as `make run` runs it: in autocommit mode, so each report is built (no
    broker: in-process) as soon as it is created."""

    def run_command(*args) -> str:
        out = io.StringIO()
        call_command("demo_reports", "--today", "2025-02-14", *args, stdout=out)
        return out.getvalue()

    return run_command


@pytest.mark.usefixtures("only_own_schedules")
def test_the_archive_holds_real_pdfs_of_the_last_periods_once(run, media_root):
    plan = ReportedPlanFactory(
        region=RegionFactory(name="Proefregio")
    )  # 2024, quarterly: four complete quarters by 2025
    ReportScheduleFactory(plan=plan)
    ReportScheduleFactory(plan=plan, kind="evaluatie", frequency="jaarlijks", audience="ministerie")
    ReportScheduleFactory(plan=plan, kind="financieel", audience="kassier", is_active=False)

    assert run("--periods", "1") == "Demorapportages: 2 nieuw (2 klaar).\n"
    reports = {report.schedule.frequency: report for report in Report.objects.all()}
    quarter, year = reports["kwartaal"], reports["jaarlijks"]
    assert (quarter.start_date, quarter.end_date) == (date(2024, 10, 1), date(2024, 12, 31))
    assert (year.start_date, year.end_date) == (date(2024, 1, 1), date(2024, 12, 31))
    for report in (quarter, year):
        assert report.status == Report.Status.KLAAR
        with report.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"

    assert run("--periods", "1") == "Demorapportages: niets nieuw, 2 stonden er al.\n"
    assert Report.objects.count() == 2


@pytest.mark.usefixtures("only_own_schedules")
def test_all_past_periods_on_request(run, fake_pdf):
    ReportScheduleFactory(plan__region__name="Proefregio")
    assert run("--all") == "Demorapportages: 4 nieuw (4 klaar).\n"
    assert sorted(Report.objects.values_list("end_date", flat=True)) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


@pytest.mark.usefixtures("only_own_schedules")
def test_the_kassier_gets_every_month_whatever_the_number_of_periods(run, fake_pdf):
    plan = ReportedPlanFactory(region=RegionFactory(name="Proefregio"))  # 2024
    ReportScheduleFactory(plan=plan)
    ReportScheduleFactory(plan=plan, kind="financieel", audience="kassier", frequency="maandelijks")

    assert run("--periods", "1") == "Demorapportages: 13 nieuw (13 klaar).\n"
    monthly = Report.objects.filter(schedule__audience="kassier").order_by("start_date")
    assert [report.start_date.month for report in monthly] == list(range(1, 13))
    assert Report.objects.exclude(schedule__audience="kassier").count() == 1


def test_the_rmt_archive_holds_its_sixteen_monthly_overviews(demo):
    """Every month of the RMT's run, September 2021 to December 2022, for the kassier (UWV);
    the other schedules their last two periods. Made, not built: the test's transaction never
    commits, so no PDF is rendered."""
    created, existing = make_reports(today=date(2023, 2, 1), periods=2)
    assert not existing
    schedule = ReportSchedule.objects.get(
        plan__title=zuid_kennemerland.TITLE, kind=ReportKind.FINANCIEEL
    )
    assert schedule.audience == ReportSchedule.Audience.KASSIER
    months = [
        (report.start_date, report.end_date)
        for report in Report.objects.filter(schedule=schedule).order_by("start_date")
    ]
    assert len(months) == 16
    assert months[0] == (date(2021, 9, 1), date(2021, 9, 30))
    assert months[-1] == (date(2022, 12, 1), date(2022, 12, 31))
    others = Report.objects.exclude(schedule=schedule).values_list("schedule").distinct()
    assert len(created) == 16 + 2 * others.count()

    again, existing = make_reports(today=date(2023, 2, 1), periods=2)
    assert not again and len(existing) == len(created)


def test_the_demo_fixture_makes_no_reports(demo):
    """load_demo_data (the tests' demo fixture) renders nothing: that is this separate step."""
    assert not Report.objects.exists()
