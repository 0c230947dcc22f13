"""Reads for the report archive, the due/overdue list and the beat job: querysets with what
the pages show already joined, and a fixed number of queries however many reports exist."""

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q

from core.dates import DateSpan

from ..models import Report, ReportSchedule
from ..schedule import (
    DeadlineState,
    deadline_state,
    due_date,
    latest_complete_period,
    next_period,
    reminder_date,
)


def region_reports(*, region):
    """The reports on the region's plans, newest first, with plan, requester and schedule."""
    return (
        Report.objects.filter(plan__region=region)
        .select_related("plan", "requested_by", "schedule")
        .defer("figures")
        .order_by("-requested_at", "-pk")
    )


def report_detail(*, pk: int) -> Report:
    return Report.objects.select_related("plan__region", "requested_by", "schedule").get(pk=pk)


def active_schedules():
    """Every active schedule, with its plan and region (the beat job walks these)."""
    return (
        ReportSchedule.objects.filter(is_active=True)
        .select_related("plan__region")
        .order_by("plan__region__name", "plan__title", "pk")
    )


def active_schedule(*, pk: int) -> ReportSchedule:
    """One active schedule with its plan and region (the due list's button)."""
    return active_schedules().get(pk=pk)


@dataclass
class Deadline:
    """Where one schedule stands: the latest complete period (None before the first one
    ends), its due and reminder dates, its report if any, and the period running now."""

    schedule: ReportSchedule
    period: DateSpan | None
    due: date | None
    remind_on: date | None
    report: Report | None
    state: DeadlineState
    upcoming: DateSpan | None
    upcoming_due: date | None


def _plan_dates(schedule) -> dict:
    plan = schedule.plan
    return {"frequency": schedule.frequency, "start": plan.start_date, "end": plan.end_date}


def deadline_periods(*, schedule, today: date) -> tuple[DateSpan | None, DateSpan | None]:
    """(latest complete period, period running today) of a schedule."""
    dates = _plan_dates(schedule)
    return latest_complete_period(as_of=today, **dates), next_period(as_of=today, **dates)


def reports_for_periods(pairs) -> dict[tuple[int | None, date, date], Report]:
    """The reports of (schedule, period) pairs, in one query."""
    conditions = [
        Q(schedule_id=schedule.pk, start_date=period.start, end_date=period.end)
        for schedule, period in pairs
    ]
    if not conditions:
        return {}
    reports = Report.objects.filter(reduce(or_, conditions)).defer("figures")
    return {(r.schedule_id, r.start_date, r.end_date): r for r in reports}


def deadlines(*, schedules, today: date) -> list[Deadline]:
    """The due/overdue list: one row per schedule (two queries in all)."""
    schedules = list(schedules)
    periods = {s.pk: deadline_periods(schedule=s, today=today) for s in schedules}
    reports = reports_for_periods(
        (s, periods[s.pk][0]) for s in schedules if periods[s.pk][0] is not None
    )
    rows = []
    for schedule in schedules:
        complete, running = periods[schedule.pk]
        days = schedule.days_to_deliver
        upcoming_due = due_date(running, days_to_deliver=days) if running else None
        if complete is None:
            rows.append(
                Deadline(
                    schedule, None, None, None, None, DeadlineState.TE_DOEN, running, upcoming_due
                )
            )
            continue
        report = reports.get((schedule.pk, complete.start, complete.end))
        due = due_date(complete, days_to_deliver=days)
        finished = report is not None and report.status == Report.Status.KLAAR
        rows.append(
            Deadline(
                schedule=schedule,
                period=complete,
                due=due,
                remind_on=reminder_date(
                    complete, days_to_deliver=days, remind_days_before=schedule.remind_days_before
                ),
                report=report,
                state=deadline_state(due=due, finished=finished, today=today),
                upcoming=running,
                upcoming_due=upcoming_due,
            )
        )
    return rows


def region_deadlines(*, region, today: date) -> list[Deadline]:
    return deadlines(schedules=active_schedules().filter(plan__region=region), today=today)
