"""Writes for budgets, one module per subject: the budget and its versions (budget),
spending with its four-eyes approval (spending) and staff costs (staff). Callers import
`budgets.services`."""

from .budget import (
    budget_copy_to_version,
    budget_line_save,
    funding_save,
    plan_new_version_with_budget,
)
from .spending import (
    expenditure_approve,
    expenditure_correct,
    expenditure_record,
    expenditure_reject,
)
from .staff import staff_cost_delete, staff_cost_save

__all__ = [
    "budget_copy_to_version",
    "budget_line_save",
    "expenditure_approve",
    "expenditure_correct",
    "expenditure_record",
    "expenditure_reject",
    "funding_save",
    "plan_new_version_with_budget",
    "staff_cost_delete",
    "staff_cost_save",
]
