"""The treasurer's monthly overview (maandoverzicht uitgaven voor de kassier): budget against
actual at the end of a period (a month, for a monthly schedule) beside the same figures at
the end of the period before, so the change in between is one subtraction of two database
sums by the one reader (budgets.selectors.actuals), never a sum of its own.

Both ends are as known now: an entry dated last month that was approved only this month
counts in last month's cumulative, so the cumulative to the end of last month can be higher
than last month's overview said."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from programmes.models import ActionPlan

from ..rules import Actual
from .actuals import PlanActuals, plan_actuals


@dataclass(frozen=True)
class PeriodActual:
    """One part of the plan (a category, a budget line, the whole plan) at the end of the
    period (`current`) and at the end of the period before (`previous`)."""

    current: Actual
    previous: Actual

    @property
    def approved_in_period(self) -> Decimal:
        """The change since the period before: approved to the period's end minus approved
        to the end of the period before (entries dated in the period, as known now)."""
        return self.current.approved - self.previous.approved


@dataclass
class PeriodOverview:
    """Budget against actual of a plan over a period, per category and per budget line,
    with the plan's total; the keys as in PlanActuals."""

    start_date: date
    end_date: date
    previous_end: date
    now: PlanActuals
    before: PlanActuals

    @property
    def plan(self) -> PeriodActual:
        return PeriodActual(self.now.plan, self.before.plan)

    @property
    def per_category(self) -> dict[str, PeriodActual]:
        return {
            key: PeriodActual(actual, self.before.per_category[key])
            for key, actual in self.now.per_category.items()
        }

    @property
    def per_budget_line(self) -> dict[int, PeriodActual]:
        return {
            key: PeriodActual(actual, self.before.per_budget_line[key])
            for key, actual in self.now.per_budget_line.items()
        }


def period_overview(*, plan: ActionPlan, start_date: date, end_date: date) -> PeriodOverview:
    """Budget against actual of `plan` at `end_date` and at the day before `start_date` (the
    end of the month before, for a month). Two queries, whatever the number of budget lines
    and entries (plan_actuals twice; the plan must come with its programme)."""
    previous_end = start_date - timedelta(days=1)
    return PeriodOverview(
        start_date=start_date,
        end_date=end_date,
        previous_end=previous_end,
        now=plan_actuals(plan=plan, as_of=end_date),
        before=plan_actuals(plan=plan, as_of=previous_end),
    )
