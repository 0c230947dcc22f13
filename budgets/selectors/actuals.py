"""Budget against actual: per budget line the current and original budget, approved and
awaiting spending (summed by the database), and from those, by budgets.rules, what should
have been spent by now and whether a part needs attention. The plan page, the money page,
the dashboard and the reports all read this; nothing else computes it.

Roll-ups (a year, a plan line, a project, a category, the plan) add up the budget lines'
database sums exactly (Decimal), in one pass."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from core.dates import month_end
from programmes.models import ActionPlan
from programmes.periods import calendar_periods

from ..models import MONEY, BudgetLine, Decision, Expenditure
from ..rules import Actual, spending_span, time_elapsed
from .budget import ZERO, PlanBudget, budget_of_lines
from .changes import RevisedBudget, revised_of_lines


@dataclass
class PlanActuals:
    """Budget against actual of one plan as of a date, per part. Keys: year, plan line id,
    project id, category value, budget line id. Budget booked on the plan itself (no line)
    is in `plan` and its year and category, not in `per_line`."""

    as_of: date
    plan: Actual
    per_year: dict[int, Actual] = field(default_factory=dict)
    per_line: dict[int, Actual] = field(default_factory=dict)
    per_project: dict[int, Actual] = field(default_factory=dict)
    per_category: dict[str, Actual] = field(default_factory=dict)
    per_budget_line: dict[int, Actual] = field(default_factory=dict)
    # Budget booked on the plan itself (no line): the part of `plan` that no line holds.
    unassigned: Actual | None = None
    # The budget lines themselves (with line and project), in the plan page's order.
    budget_lines: list[BudgetLine] = field(default_factory=list)

    @property
    def warnings(self) -> list[tuple[BudgetLine, Actual]]:
        """The budget lines that need attention, in order."""
        return [
            (line, self.per_budget_line[line.pk])
            for line in self.budget_lines
            if self.per_budget_line[line.pk].warning is not None
        ]

    @property
    def categories(self) -> list[tuple[str, str, list[BudgetLine]]]:
        """(category, label, its budget lines) in the categories' order (personeel,
        projectkosten, …), each category's lines in the plan page's order: how a budget-led
        plan (an RMT's four budgets) and the monthly overview list them."""
        grouped: dict[str, list[BudgetLine]] = {}
        for line in self.budget_lines:
            grouped.setdefault(line.category, []).append(line)
        return [
            (category.value, str(category.label), grouped[category.value])
            for category in BudgetLine.Category
            if category.value in grouped
        ]


def _lines(plans: Iterable[int], as_of: date):
    def spent(status: str) -> Coalesce:
        """The budget line's entries of `status` dated up to `as_of`, summed."""
        entries = Q(expenditures__date__lte=as_of, expenditures__status=status)
        return Coalesce(
            Sum("expenditures__amount", filter=entries), ZERO, output_field=DecimalField(**MONEY)
        )

    return (
        BudgetLine.objects.filter(plan__in=plans)
        .select_related("line", "project")
        .annotate(approved=spent(Decision.GOEDGEKEURD), awaiting=spent(Decision.INGEDIEND))
        .order_by(
            "plan_id", "year", "line__position", "line_id", "project__position", "project_id", "pk"
        )
    )


def _add(parts: dict, key, actual: Actual) -> None:
    parts[key] = parts[key] + actual if key in parts else actual


def _plan_actuals(plan: ActionPlan, lines: list[Any], as_of: date) -> PlanActuals:
    # `lines` come from _lines(): budget lines annotated with `approved` and `awaiting`.
    lag_points = plan.programme.spending_lag_points
    result = PlanActuals(as_of=as_of, plan=Actual.zero(lag_points), budget_lines=lines)
    last_year = max((line.year for line in lines), default=plan.end_date.year)
    for line in lines:
        span = spending_span(
            year=line.year,
            plan_start=plan.start_date,
            plan_end=plan.end_date,
            last_budget_year=last_year,
        )
        original = line.original_amount if line.original_amount is not None else line.amount
        actual = Actual(
            budgeted=line.amount,
            original=original,
            approved=line.approved,
            awaiting=line.awaiting,
            expected=line.amount * time_elapsed(span, as_of),
            lag_points=lag_points,
        )
        result.per_budget_line[line.pk] = actual
        result.plan += actual
        _add(result.per_year, line.year, actual)
        _add(result.per_category, line.category, actual)
        if line.line_id is not None:
            _add(result.per_line, line.line_id, actual)
        else:
            result.unassigned = actual if result.unassigned is None else result.unassigned + actual
        if line.project_id is not None:
            _add(result.per_project, line.project_id, actual)
    return result


def plan_actuals(*, plan: ActionPlan, as_of: date | None = None) -> PlanActuals:
    """Budget against actual of `plan` as of `as_of` (today when not given): spending dated
    after it does not count. One query, whatever the number of budget lines and entries
    (and one for the programme when the plan was loaded without it)."""
    as_of = as_of or timezone.localdate()
    return _plan_actuals(plan, list(_lines([plan.pk], as_of)), as_of)


def plans_actuals(
    *, plans: Iterable[ActionPlan], as_of: date | None = None
) -> dict[int, PlanActuals]:
    """plan_actuals for many plans at once (the dashboard): one query for all of them. The
    plans must come with their programme (select_related)."""
    as_of = as_of or timezone.localdate()
    plans = list(plans)
    by_plan: dict[int, list[Any]] = {plan.pk: [] for plan in plans}
    for line in _lines(by_plan, as_of):
        by_plan[line.plan_id].append(line)
    return {plan.pk: _plan_actuals(plan, by_plan[plan.pk], as_of) for plan in plans}


@dataclass
class PlanMoney:
    """The plan page's money, from one read of the plan's budget lines: budget against
    actual, the budget totals per line, project and year (as plan_budget gives them), and
    those beside the budget as adopted (revised_of_lines)."""

    actuals: PlanActuals
    budget: PlanBudget
    revised: RevisedBudget


def plan_money(*, plan: ActionPlan, as_of: date | None = None) -> PlanMoney:
    """plan_actuals, plan_budget and the budget as adopted of `plan` in one query: the budget
    lines with their spending summed by the database, their amounts added up here."""
    actuals = plan_actuals(plan=plan, as_of=as_of)
    budget = budget_of_lines(actuals.budget_lines)
    revised = revised_of_lines(plan=plan, budget=budget, lines=actuals.budget_lines)
    return PlanMoney(actuals=actuals, budget=budget, revised=revised)


@dataclass(frozen=True)
class MonthSpending:
    """Approved spending of one calendar month, and everything approved up to its end."""

    month_end: date
    approved: Decimal
    cumulative: Decimal


def spending_per_month(*, plan: ActionPlan, as_of: date | None = None) -> list[MonthSpending]:
    """Approved spending per calendar month from the plan's start to `as_of` (or the plan's
    end), every month present (a month without spending shows 0): what the dashboard's
    budget-and-spending chart draws. One query."""
    return plans_spending_per_month(plans=[plan], as_of=as_of)[plan.pk]


def plans_spending_per_month(
    *, plans: Iterable[ActionPlan], as_of: date | None = None
) -> dict[int, list[MonthSpending]]:
    """spending_per_month for many plans at once (the dashboard): one query for all."""
    plans = list(plans)
    if not plans:
        return {}
    entries = Expenditure.objects.filter(
        budget_line__plan__in=[plan.pk for plan in plans],
        status=Decision.GOEDGEKEURD,
        date__lte=F("budget_line__plan__end_date"),
    )
    if as_of is not None:
        entries = entries.filter(date__lte=as_of)
    sums = {
        (plan_id, month.date() if hasattr(month, "date") else month): total
        for plan_id, month, total in entries.annotate(month=TruncMonth("date"))
        .values("budget_line__plan_id", "month")
        .annotate(total=Sum("amount"))
        .values_list("budget_line__plan_id", "month", "total")
        .order_by()
    }
    result = {}
    for plan in plans:
        last = min(as_of or plan.end_date, plan.end_date)
        months, cumulative = [], Decimal("0.00")
        day = date(plan.start_date.year, plan.start_date.month, 1)
        while day <= last:
            approved = sums.get((plan.pk, day), Decimal("0.00"))
            cumulative += approved
            months.append(MonthSpending(month_end(day), approved, cumulative))
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        result[plan.pk] = months
    return result


def expected_by(*, actuals: PlanActuals, plan: ActionPlan, day: date) -> Decimal:
    """What the plan's budget would have had spent by `day` if each year's money were spent
    evenly over its span: the chart's budget line, by the same rule as Actual.expected."""
    lines = actuals.budget_lines
    last_year = max((line.year for line in lines), default=plan.end_date.year)
    return sum(
        (
            line.amount
            * time_elapsed(
                spending_span(
                    year=line.year,
                    plan_start=plan.start_date,
                    plan_end=plan.end_date,
                    last_budget_year=last_year,
                ),
                day,
            )
            for line in lines
        ),
        Decimal(0),
    )


@dataclass(frozen=True)
class SpendingPoint:
    """One period of the budget-and-spending chart: approved spending up to its end (to date
    for the running period, None for one not begun) against what the budget expects by its
    end (expected_by)."""

    label: str
    end: date
    approved: Decimal | None
    expected: Decimal
    running: bool = False  # the period holding the peildatum: approved is to that date


def spending_length(plan: ActionPlan) -> str:
    """The chart's step: quarters for a plan running over twelve months (so most plans draw
    a dozen points or fewer), months otherwise."""
    months = (plan.end_date.year - plan.start_date.year) * 12
    months += plan.end_date.month - plan.start_date.month + 1
    return ActionPlan.PeriodLength.KWARTAAL if months > 12 else ActionPlan.PeriodLength.MAAND


def spending_per_period(
    *, plan: ActionPlan, actuals: PlanActuals, months: list[MonthSpending]
) -> list[SpendingPoint]:
    """Per month or quarter of the plan (spending_length), cumulative: approved spending by
    the period's end, read from `months` (spending_per_month as of `actuals.as_of`), against
    the budget expected by then. No queries. Empty for a plan without a budget."""
    if not actuals.budget_lines:
        return []
    as_of = actuals.as_of
    cumulative = {month.month_end: month.cumulative for month in months}
    to_date = months[-1].cumulative if months else Decimal("0.00")
    points = []
    for code, span in calendar_periods(plan.start_date, plan.end_date, spending_length(plan)):
        running = span.start <= as_of < span.end
        if span.start > as_of:
            approved = None
        elif running:
            approved = to_date
        else:
            approved = cumulative.get(month_end(span.end), to_date)
        expected = expected_by(actuals=actuals, plan=plan, day=span.end)
        points.append(SpendingPoint(code, span.end, approved, expected, running))
    return points
