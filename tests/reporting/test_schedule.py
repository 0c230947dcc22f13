"""The dates of report schedules: calendar periods clipped to the plan, the latest complete
period, due and reminder dates, and the state shown in the due/overdue list."""

from datetime import date
from types import SimpleNamespace

import pytest

from core.dates import DateSpan
from reporting.schedule import (
    DeadlineState,
    deadline_state,
    due_date,
    latest_complete_period,
    latest_complete_quarter,
    next_period,
    periods,
    reminder_date,
    schedule_periods,
)

YEAR_2024 = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}


def test_quarters_of_a_calendar_year():
    assert periods(frequency="kwartaal", **YEAR_2024) == [
        DateSpan(date(2024, 1, 1), date(2024, 3, 31)),
        DateSpan(date(2024, 4, 1), date(2024, 6, 30)),
        DateSpan(date(2024, 7, 1), date(2024, 9, 30)),
        DateSpan(date(2024, 10, 1), date(2024, 12, 31)),
    ]


def test_months_include_a_leap_day():
    months = periods(frequency="maandelijks", **YEAR_2024)
    assert len(months) == 12
    assert months[1] == DateSpan(date(2024, 2, 1), date(2024, 2, 29))


def test_two_month_periods_start_in_odd_months():
    assert periods(frequency="tweemaandelijks", **YEAR_2024)[:2] == [
        DateSpan(date(2024, 1, 1), date(2024, 2, 29)),
        DateSpan(date(2024, 3, 1), date(2024, 4, 30)),
    ]
    assert len(periods(frequency="tweemaandelijks", **YEAR_2024)) == 6


def test_periods_are_clipped_to_the_plan_dates():
    assert periods(frequency="kwartaal", start=date(2020, 2, 15), end=date(2020, 8, 10)) == [
        DateSpan(date(2020, 2, 15), date(2020, 3, 31)),
        DateSpan(date(2020, 4, 1), date(2020, 6, 30)),
        DateSpan(date(2020, 7, 1), date(2020, 8, 10)),
    ]


def test_yearly_periods_over_several_years():
    assert periods(frequency="jaarlijks", start=date(2019, 7, 1), end=date(2021, 6, 30)) == [
        DateSpan(date(2019, 7, 1), date(2019, 12, 31)),
        DateSpan(date(2020, 1, 1), date(2020, 12, 31)),
        DateSpan(date(2021, 1, 1), date(2021, 6, 30)),
    ]


def test_schedule_periods_follow_the_plan():
    plan = SimpleNamespace(start_date=date(2024, 1, 1), end_date=date(2024, 6, 30))
    schedule = SimpleNamespace(plan=plan, frequency="kwartaal")
    assert [p.end for p in schedule_periods(schedule)] == [date(2024, 3, 31), date(2024, 6, 30)]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2023, 12, 1), None),  # before the plan
        (date(2024, 3, 31), None),  # the first quarter's last day: not over yet
        (date(2024, 4, 1), DateSpan(date(2024, 1, 1), date(2024, 3, 31))),
        (date(2024, 8, 15), DateSpan(date(2024, 4, 1), date(2024, 6, 30))),
        (date(2030, 1, 1), DateSpan(date(2024, 10, 1), date(2024, 12, 31))),  # after the plan
    ],
)
def test_latest_complete_period(as_of, expected):
    assert latest_complete_period(frequency="kwartaal", as_of=as_of, **YEAR_2024) == expected


def test_a_plan_that_ends_mid_period_completes_on_its_end_date():
    plan = {"start": date(2024, 1, 1), "end": date(2024, 5, 15)}
    assert latest_complete_period(frequency="kwartaal", as_of=date(2024, 5, 16), **plan) == (
        DateSpan(date(2024, 4, 1), date(2024, 5, 15))
    )


def test_next_period_is_the_running_one():
    assert next_period(frequency="maandelijks", as_of=date(2024, 3, 10), **YEAR_2024) == DateSpan(
        date(2024, 3, 1), date(2024, 3, 31)
    )
    assert next_period(frequency="maandelijks", as_of=date(2023, 6, 1), **YEAR_2024) == DateSpan(
        date(2024, 1, 1), date(2024, 1, 31)
    )
    assert next_period(frequency="maandelijks", as_of=date(2025, 1, 1), **YEAR_2024) is None


def test_due_and_reminder_dates():
    period = DateSpan(date(2024, 1, 1), date(2024, 3, 31))
    assert due_date(period, days_to_deliver=10) == date(2024, 4, 10)
    assert reminder_date(period, days_to_deliver=10, remind_days_before=5) == date(2024, 4, 5)


@pytest.mark.parametrize(
    ("finished", "today", "state"),
    [
        (False, date(2024, 4, 10), DeadlineState.TE_DOEN),  # the due date itself still counts
        (False, date(2024, 4, 11), DeadlineState.TE_LAAT),
        (True, date(2024, 5, 1), DeadlineState.KLAAR),
    ],
)
def test_deadline_state(finished, today, state):
    assert deadline_state(due=date(2024, 4, 10), finished=finished, today=today) == state


def test_state_labels_are_dutch():
    assert [str(s.label) for s in DeadlineState] == ["te doen", "te laat", "klaar"]


def test_latest_complete_quarter():
    assert latest_complete_quarter(date(2025, 2, 14)) == DateSpan(
        date(2024, 10, 1), date(2024, 12, 31)
    )
    assert latest_complete_quarter(date(2025, 4, 1)) == DateSpan(
        date(2025, 1, 1), date(2025, 3, 31)
    )


def test_period_reads_in_dutch_dates():
    assert str(DateSpan(date(2024, 1, 1), date(2024, 3, 31))) == "01-01-2024 t/m 31-03-2024"
