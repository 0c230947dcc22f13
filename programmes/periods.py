"""The reporting calendar of a plan: its months or quarters, clipped to the plan's dates.
Pure date arithmetic; programmes.services.periods_sync stores the result as ReportingPeriod
rows."""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PeriodSpan:
    code: str
    start_date: date
    end_date: date


def _month_end(day: date) -> date:
    first_of_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _quarter_end(day: date) -> date:
    last_month = (day.month - 1) // 3 * 3 + 3
    return _month_end(date(day.year, last_month, 1))


def period_code(day: date, length: str) -> str:
    if length == "maand":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def calendar_periods(start: date, end: date, length: str) -> list[PeriodSpan]:
    """Months ("maand") or quarters ("kwartaal") from `start` to `end`; the first and last
    are cut to the plan's dates (the RMT starts on 1 September: its first quarter is one
    month). Any other length gives no periods: they are set by hand."""
    if length not in {"maand", "kwartaal"} or end < start:
        return []
    period_end = _month_end if length == "maand" else _quarter_end
    spans, day = [], start
    while day <= end:
        last = min(period_end(day), end)
        spans.append(PeriodSpan(period_code(day, length), day, last))
        day = last + timedelta(days=1)
    return spans
