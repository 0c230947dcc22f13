"""Reads for budgets, one module per subject: the budget itself (budget), what the money
pages, the dashboard and the reports add to it, and the spending import (imports). Callers
import `budgets.selectors` and use the names below."""

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
from .imports import spending_import_for_preview, spending_imports_for

__all__ = [
    "APPROVED",
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
    "spending_import_for_preview",
    "spending_imports_for",
    "staff_costs",
]
