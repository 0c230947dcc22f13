"""The demo's report archive: for every active schedule of the demo data, the reports on its
last complete periods, made as the schedule would have made them (the same
services.report_for_schedule as the beat job), so a newcomer finds real PDFs and the due list
reads *klaar*. A separate step from load_demo_data (`manage.py demo_reports`, run by
`make run`): rendering PDFs there would slow every test that loads the demo data."""

from datetime import date

from reporting import services
from reporting.schedule import schedule_periods
from reporting.selectors import reports as report_selectors


def make_reports(*, today: date, periods: int | None) -> tuple[list, list]:
    """The reports on the last `periods` complete periods (None: all) of every active
    schedule, created where missing. Returns (created, existing)."""
    created, existing = [], []
    for schedule in report_selectors.active_schedules():
        complete = [period for period in schedule_periods(schedule) if period.end < today]
        if periods is not None:
            complete = complete[-periods:] if periods else []
        for period in complete:
            report, was_created = services.report_for_schedule(
                schedule=schedule, start_date=period.start, end_date=period.end
            )
            (created if was_created else existing).append(report)
    return created, existing
