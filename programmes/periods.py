"""The reporting calendar of a plan: its months or quarters, clipped to the plan's dates
(core.dates). Pure date arithmetic; programmes.services.periods_sync stores the result as
ReportingPeriod rows."""

from datetime import date

from core.dates import DateSpan, clipped_blocks

from .models import ActionPlan

# Months per period, by ActionPlan.period_length; any other length is set by hand.
MONTHS = {ActionPlan.PeriodLength.MAAND: 1, ActionPlan.PeriodLength.KWARTAAL: 3}


def period_code(day: date, length: str) -> str:
    if length == ActionPlan.PeriodLength.MAAND:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def calendar_periods(start: date, end: date, length: str) -> list[tuple[str, DateSpan]]:
    """(code, span) of the months ("maand") or quarters ("kwartaal") from `start` to `end`;
    the first and last are cut to the plan's dates (the RMT starts on 1 September: its first
    quarter is one month). Any other length gives no periods: they are set by hand."""
    if length not in MONTHS:
        return []
    return [
        (period_code(span.start, length), span)
        for span in clipped_blocks(start=start, end=end, months=MONTHS[length])
    ]
