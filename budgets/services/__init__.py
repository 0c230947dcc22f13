"""Writes for budgets, one module per subject: the budget and its versions (budget),
spending with its four-eyes approval (spending), and the spending import (imports). Callers
import `budgets.services`."""

from .budget import (
    budget_copy_to_version,
    budget_line_save,
    funding_save,
    plan_new_version_with_budget,
)
from .changes import (
    NewBudgetLine,
    budget_change_approve,
    budget_change_reject,
    budget_change_request,
)
from .imports import (
    SpendingImportCommitFailed,
    spending_import_commit,
    spending_import_upload,
)
from .spending import (
    expenditure_approve,
    expenditure_correct,
    expenditure_record,
    expenditure_reject,
)
from .staff import (
    proposal_staff_cost_save,
    staff_cost_delete,
    staff_cost_save,
)

__all__ = [
    "NewBudgetLine",
    "SpendingImportCommitFailed",
    "budget_change_approve",
    "budget_change_reject",
    "budget_change_request",
    "budget_copy_to_version",
    "budget_line_save",
    "expenditure_approve",
    "expenditure_correct",
    "expenditure_record",
    "expenditure_reject",
    "funding_save",
    "plan_new_version_with_budget",
    "proposal_staff_cost_save",
    "spending_import_commit",
    "spending_import_upload",
    "staff_cost_delete",
    "staff_cost_save",
]
