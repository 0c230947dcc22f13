"""Reads for budgets, one module per subject: the budget itself (budget), budget changes with
the budget as adopted beside the current one (changes), and what the money pages, the
dashboard and the reports add to it. Callers import `budgets.selectors` and use the names
below."""

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
from .changes import (
    RevisedAmount,
    RevisedBudget,
    budget_change_revision,
    budget_line_name,
    budget_line_revised,
    plan_budget_change,
    plan_budget_changes,
    plan_budget_revised,
    revised_budget_lines,
)

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
    "staff_costs",
    # budget changes (begrotingswijzigingen)
    "RevisedAmount",
    "RevisedBudget",
    "budget_change_revision",
    "budget_line_name",
    "budget_line_revised",
    "plan_budget_change",
    "plan_budget_changes",
    "plan_budget_revised",
    "revised_budget_lines",
]
