"""When reports fall due: the periods of a report schedule, the latest complete one, its due
date and the day to remind the secretary. Pure date arithmetic, no database.

Periods follow the calendar (a quarter is January–March, April–June, …; two months are
January–February, March–April, …; a year is a calendar year) and are clipped to the plan's own
dates, so a plan that starts on 15 February has a first quarter of 15 February – 31 March
(core.dates: the same blocks as a plan's reporting periods). A period is a core.dates.DateSpan."""

from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from core.dates import DateSpan, calendar_block, clipped_blocks

from .models import ReportSchedule

# Months per period, by ReportSchedule.Frequency.
MONTHS = {
    ReportSchedule.Frequency.MAANDELIJKS: 1,
    ReportSchedule.Frequency.TWEEMAANDELIJKS: 2,
    ReportSchedule.Frequency.KWARTAAL: 3,
    ReportSchedule.Frequency.JAARLIJKS: 12,
}


class DeadlineState(StrEnum):
    """Where a schedule stands for the period that is due (the due/overdue list)."""

    TE_DOEN = "te_doen"
    TE_LAAT = "te_laat"
    KLAAR = "klaar"

    @property
    def is_late(self) -> bool:
        return self is DeadlineState.TE_LAAT

    @property
    def label(self) -> str:
        return {
            DeadlineState.TE_DOEN: _("te doen"),
            DeadlineState.TE_LAAT: _("te laat"),
            DeadlineState.KLAAR: _("klaar"),
        }[self]


def periods(*, frequency: str, start: date, end: date) -> list[DateSpan]:
    """Every period from `start` to `end` (inclusive), calendar-aligned and clipped."""
    return clipped_blocks(start=start, end=end, months=MONTHS[frequency])


def schedule_periods(schedule) -> list[DateSpan]:
    """The periods of a ReportSchedule over its plan's run."""
    plan = schedule.plan
    return periods(frequency=schedule.frequency, start=plan.start_date, end=plan.end_date)


def latest_complete_period(
    *, frequency: str, start: date, end: date, as_of: date
) -> DateSpan | None:
    """The last period that ended before `as_of` (a period ending today is not complete until
    the day is over); None before the first period has ended."""
    complete = [p for p in periods(frequency=frequency, start=start, end=end) if p.end < as_of]
    return complete[-1] if complete else None


def next_period(*, frequency: str, start: date, end: date, as_of: date) -> DateSpan | None:
    """The period running on `as_of` (the first one before the plan starts); None once the
    plan's last period has ended."""
    running = [p for p in periods(frequency=frequency, start=start, end=end) if p.end >= as_of]
    return running[0] if running else None


def due_date(period: DateSpan, *, days_to_deliver: int) -> date:
    return period.end + timedelta(days=days_to_deliver)


def reminder_date(period: DateSpan, *, days_to_deliver: int, remind_days_before: int) -> date:
    return due_date(period, days_to_deliver=days_to_deliver) - timedelta(days=remind_days_before)


def deadline_state(*, due: date, finished: bool, today: date) -> DeadlineState:
    """`finished`: a report on the period is ready (status klaar)."""
    if finished:
        return DeadlineState.KLAAR
    return DeadlineState.TE_LAAT if today > due else DeadlineState.TE_DOEN


def proposed_period(*, start: date, end: date, as_of: date) -> DateSpan | None:
    """What the on-demand form proposes for a plan running from `start` to `end`: its latest
    complete quarter (clipped to the plan, so never a period outside it); None before the
    plan's first quarter has ended."""
    return latest_complete_period(
        frequency=ReportSchedule.Frequency.KWARTAAL, start=start, end=end, as_of=as_of
    )


def latest_complete_quarter(as_of: date) -> DateSpan:
    """The last calendar quarter that ended before `as_of` (the on-demand form's default)."""
    current = calendar_block(as_of, 3)
    return calendar_block(current.start - timedelta(days=1), 3)
