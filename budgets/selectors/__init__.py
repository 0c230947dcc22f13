"""Reads for budgets, one module per subject: the budget itself (budget), and what the money
pages, the dashboard and the reports add to it. Callers import `budgets.selectors` and use
the names below."""

from .actuals import (
    MonthSpending,
    PlanActuals,
    expected_by,
    plan_actuals,
    plans_actuals,
    spending_per_month,
)
from .budget import (
    APPROVED,
    CategoryBudget,
    PlanBudget,
    YearSpending,
    budget_differences,
    budget_history,
    budget_lines,
    funding_figure,
    fundings_with_amounts,
    plan_budget,
    plan_budget_by_category,
    plan_funding_total,
    plan_spending,
    plans_spending,
    proposal_cost_figure,
    proposals_with_cost_figures,
    staff_costs,
)
from .monthly import PeriodActual, PeriodOverview, period_overview

__all__ = [
    "APPROVED",
    "MonthSpending",
    "PlanActuals",
    "expected_by",
    "plan_actuals",
    "plans_actuals",
    "spending_per_month",
    "PeriodActual",
    "PeriodOverview",
    "period_overview",
    "CategoryBudget",
    "PlanBudget",
    "YearSpending",
    "budget_differences",
    "budget_history",
    "budget_lines",
    "funding_figure",
    "fundings_with_amounts",
    "plan_budget",
    "plan_budget_by_category",
    "plan_funding_total",
    "plan_spending",
    "plans_spending",
    "proposal_cost_figure",
    "proposals_with_cost_figures",
    "staff_costs",
]
