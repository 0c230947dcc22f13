"""The demo's report archive: for every active schedule of the demo data, the reports on its
last complete periods, made as the schedule would have made them (the same
services.report_for_schedule as the beat job), so a newcomer finds real PDFs and the due list
reads *klaar*; for the kassier (the RMT's monthly overview of spending) every complete month.
A separate step from load_demo_data (`manage.py demo_reports`, run by
`make run`): rendering PDFs there would slow every test that loads the demo data."""

from datetime import date

from reporting import services
from reporting.models import ReportSchedule
from reporting.schedule import schedule_periods
from reporting.selectors import reports as report_selectors


def make_reports(*, today: date, periods: int | None) -> tuple[list, list]:
    """The reports on the last `periods` complete periods (None: all) of every active
    schedule, created where missing; every complete month of a schedule for the kassier.
    Returns (created, existing)."""
    created, existing = [], []
    for schedule in report_selectors.active_schedules():
        complete = [period for period in schedule_periods(schedule) if period.end < today]
        # The treasurer keeps every monthly overview of spending, not only the last ones.
        keep = None if schedule.audience == ReportSchedule.Audience.KASSIER else periods
        if keep is not None:
            complete = complete[-keep:] if keep else []
        for period in complete:
            report, was_created = services.report_for_schedule(
                schedule=schedule, start_date=period.start, end_date=period.end
            )
            (created if was_created else existing).append(report)
    return created, existing
