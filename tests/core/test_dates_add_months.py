"""core.dates.add_months: a monthly meeting keeps its day of the month, or the month's last
day when the month is shorter (regions.selectors.bodies plans meetings with it)."""

from datetime import date

import pytest

from core.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_the_same_day_months_on_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected
