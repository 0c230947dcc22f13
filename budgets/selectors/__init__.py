"""Reads for budgets, one module per subject: the budget itself (budget), and what the money
pages, the dashboard and the reports add to it. Callers import `budgets.selectors` and use
the names below."""

from .actuals import (
    MonthSpending,
    PlanActuals,
    SpendingPoint,
    expected_by,
    plan_actuals,
    plans_actuals,
    plans_spending_per_month,
    spending_length,
    spending_per_month,
    spending_per_period,
)
from .approvals import (
    awaiting_decision_summary,
    budget_changes_awaiting_decision,
    expenditures_awaiting_decision,
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
from .imports import (
    spending_import_for_preview,
    spending_imports_for,
)
from .monthly import (
    PeriodActual,
    PeriodOverview,
    period_overview,
)
from .spending import (
    Awaiting,
    awaiting_total,
    plan_expenditures,
)

__all__ = [
    "APPROVED",
    "Awaiting",
    "CategoryBudget",
    "MonthSpending",
    "PeriodActual",
    "PeriodOverview",
    "PlanActuals",
    "PlanBudget",
    "SpendingPoint",
    "YearSpending",
    "awaiting_decision_summary",
    "awaiting_total",
    "budget_changes_awaiting_decision",
    "budget_differences",
    "budget_history",
    "budget_lines",
    "expected_by",
    "expenditures_awaiting_decision",
    "funding_figure",
    "fundings_with_amounts",
    "period_overview",
    "plan_actuals",
    "plan_budget",
    "plan_budget_by_category",
    "plan_expenditures",
    "plan_funding_total",
    "plan_spending",
    "plans_actuals",
    "plans_spending",
    "plans_spending_per_month",
    "proposal_cost_figure",
    "proposals_with_cost_figures",
    "spending_import_for_preview",
    "spending_imports_for",
    "spending_length",
    "spending_per_month",
    "spending_per_period",
    "staff_costs",
]
