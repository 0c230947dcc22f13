"""Reads for budgets, one module per subject: the budget itself (budget), what the money
pages, the dashboard and the reports add to it, and spending with its approval (spending).
Callers import `budgets.selectors` and use the names below."""

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
from .spending import Awaiting, awaiting_total, plan_expenditures

__all__ = [
    "APPROVED",
    "Awaiting",
    "CategoryBudget",
    "PlanBudget",
    "YearSpending",
    "awaiting_total",
    "budget_differences",
    "budget_history",
    "budget_lines",
    "funding_figure",
    "fundings_with_amounts",
    "plan_budget",
    "plan_budget_by_category",
    "plan_expenditures",
    "plan_funding_total",
    "plan_spending",
    "plans_spending",
    "proposal_cost_figure",
    "proposals_with_cost_figures",
    "staff_costs",
]
