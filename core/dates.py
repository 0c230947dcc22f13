"""The one calendar: a span of dates, the end of a month, and the calendar blocks of N months
(months, two months, quarters, years) clipped to a plan's dates. A plan's reporting periods
(programmes.periods) and its report schedule's periods (reporting.schedule) are both cut
this way, so a quarter is the same quarter everywhere."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .formatting import show_period


@dataclass(frozen=True)
class DateSpan:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    def __str__(self):
        return show_period(self.start, self.end)


def month_end(day: date) -> date:
    """The last day of `day`'s month (29 February in a leap year)."""
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` months on, or that month's last day when it is shorter (31
    January + 1 month is 28 or 29 February): a monthly meeting keeps its day of the month."""
    month_index = day.month - 1 + months
    first = date(day.year + month_index // 12, month_index % 12 + 1, 1)
    return min(first + timedelta(days=day.day - 1), month_end(first))


def calendar_block(day: date, months: int) -> DateSpan:
    """The block of `months` calendar months that holds `day`, not clipped. Blocks start in
    January: quarters are January–March, April–June, …; two months January–February, …"""
    if months < 1 or 12 % months:
        raise ValueError(f"{months} months do not divide a year into blocks")
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return DateSpan(date(day.year, first_month, 1), month_end(date(day.year, last_month, 1)))


def clipped_blocks(*, start: date, end: date, months: int) -> list[DateSpan]:
    """Every calendar block of `months` months from `start` to `end`; the first and the last
    cut to those dates (a plan starting on 1 September has a first quarter of one month).
    Empty when `end` is before `start`."""
    blocks, day = [], start
    while day <= end:
        block = calendar_block(day, months)
        blocks.append(DateSpan(max(block.start, start), min(block.end, end)))
        day = block.end + timedelta(days=1)
    return blocks
