"""The one calendar (core.dates): the end of a month, and calendar blocks of 1, 2, 3 or 12
months clipped to a plan's first and last day."""

from datetime import date

import pytest

from core.dates import DateSpan, calendar_block, clipped_blocks, month_end


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2024, 2, 10), date(2024, 2, 29)),  # leap year
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2100, 2, 1), date(2100, 2, 28)),  # a century that is no leap year
        (date(2000, 2, 29), date(2000, 2, 29)),
        (date(2024, 4, 30), date(2024, 4, 30)),
        (date(2024, 12, 1), date(2024, 12, 31)),
    ],
)
def test_month_end(day, end):
    assert month_end(day) == end


def test_a_span_reads_as_a_period():
    assert str(DateSpan(date(2021, 8, 16), date(2021, 12, 31))) == "16-08-2021 t/m 31-12-2021"


@pytest.mark.parametrize(
    ("months", "day", "block"),
    [
        (1, date(2024, 2, 14), DateSpan(date(2024, 2, 1), date(2024, 2, 29))),
        (2, date(2024, 4, 14), DateSpan(date(2024, 3, 1), date(2024, 4, 30))),
        (3, date(2024, 8, 14), DateSpan(date(2024, 7, 1), date(2024, 9, 30))),
        (12, date(2024, 8, 14), DateSpan(date(2024, 1, 1), date(2024, 12, 31))),
    ],
)
def test_the_calendar_block_of_a_day(months, day, block):
    assert calendar_block(day, months) == block


@pytest.mark.parametrize("months", [0, 5, 7, 24])
def test_blocks_divide_a_year(months):
    with pytest.raises(ValueError):
        calendar_block(date(2024, 1, 1), months)


def test_one_month_blocks_are_clipped_at_both_ends():
    assert clipped_blocks(start=date(2024, 1, 15), end=date(2024, 3, 10), months=1) == [
        DateSpan(date(2024, 1, 15), date(2024, 1, 31)),
        DateSpan(date(2024, 2, 1), date(2024, 2, 29)),
        DateSpan(date(2024, 3, 1), date(2024, 3, 10)),
    ]


def test_two_month_blocks_start_in_odd_months():
    assert clipped_blocks(start=date(2024, 2, 15), end=date(2024, 7, 31), months=2) == [
        DateSpan(date(2024, 2, 15), date(2024, 2, 29)),
        DateSpan(date(2024, 3, 1), date(2024, 4, 30)),
        DateSpan(date(2024, 5, 1), date(2024, 6, 30)),
        DateSpan(date(2024, 7, 1), date(2024, 7, 31)),
    ]


def test_quarters_of_a_plan_that_starts_on_1_september():
    """The RMT starts on 1 September: its first quarter is one month."""
    assert clipped_blocks(start=date(2021, 9, 1), end=date(2022, 3, 15), months=3) == [
        DateSpan(date(2021, 9, 1), date(2021, 9, 30)),
        DateSpan(date(2021, 10, 1), date(2021, 12, 31)),
        DateSpan(date(2022, 1, 1), date(2022, 3, 15)),
    ]


def test_years_over_a_year_end():
    assert clipped_blocks(start=date(2019, 7, 1), end=date(2021, 6, 30), months=12) == [
        DateSpan(date(2019, 7, 1), date(2019, 12, 31)),
        DateSpan(date(2020, 1, 1), date(2020, 12, 31)),
        DateSpan(date(2021, 1, 1), date(2021, 6, 30)),
    ]


def test_a_single_day_and_an_empty_span():
    day = date(2024, 5, 31)
    assert clipped_blocks(start=day, end=day, months=3) == [DateSpan(day, day)]
    assert clipped_blocks(start=day, end=date(2024, 5, 30), months=3) == []
