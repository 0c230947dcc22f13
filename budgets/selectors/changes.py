"""Reads for budget changes (begrotingswijzigingen): the changes of a plan with their rows, and
the budget as adopted beside the current one, like a revised target (the plan page and the
money page show both).

After adoption a plan is read-only, so a budget line's amount changes only through approved
budget changes: its adopted amount (original_amount, kept from the first approved change on)
plus the approved mutations in the order they were approved is its current amount. That is
what "from → to" of an approved change is computed from."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from programmes.models import ActionPlan

from ..models import MONEY, BudgetChange, BudgetChangeLine, BudgetLine, Decision
from .budget import ZERO, PlanBudget

# The budget lines' revisions of a change added up: each write of a line raises its
# revision, so the sum moves whenever any of them changed since a page showed the change.
BUDGET_REVISION = Coalesce(Sum("lines__budget_line__revision"), 0)


def budget_line_name(budget_line: BudgetLine) -> str:
    """How a budget line is named in messages and lists: 2020 Versnellingsbudget
    (projectkosten). Its line and project should be select_related."""
    part = budget_line.project or budget_line.line or _("hele plan")
    description = f" – {budget_line.description}" if budget_line.description else ""
    return f"{budget_line.year} {part}{description} ({budget_line.get_category_display()})"


def budget_change_revision(change: BudgetChange) -> int:
    """BUDGET_REVISION of one change (one query): what the approve button sends back."""
    return BudgetChange.objects.filter(pk=change.pk).aggregate(total=BUDGET_REVISION)["total"]


def plan_budget_changes(
    *, plan: ActionPlan, approved_only: bool = False, pk: int | None = None
) -> list[BudgetChange]:
    """A plan's budget changes (only the approved ones, or only the one with `pk`, when
    asked), newest first, each with `budget_revision` and its rows
    (`lines`) with their budget lines; every row carries its `name`, the `size` of its
    mutation (without sign), and `amount_before` and `amount_after`:
    for an approved change the budget line's amount just before and after it was applied,
    for a pending one its current amount and what approval would make of it, for a rejected
    one nothing. Two queries, whatever the number of changes."""
    # The approved mutations of the same budget line up to and including this one, in the
    # order they were approved (a subquery, so it holds whichever changes are listed).
    applied = (
        BudgetChangeLine.objects.filter(
            budget_line=OuterRef("budget_line"), change__status=Decision.GOEDGEKEURD
        )
        .filter(
            Q(change__decided_at__lt=OuterRef("change__decided_at"))
            | Q(
                change__decided_at=OuterRef("change__decided_at"),
                change_id__lte=OuterRef("change_id"),
            )
        )
        .values("budget_line")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    rows = (
        BudgetChangeLine.objects.select_related("budget_line__line", "budget_line__project")
        .annotate(
            adopted=Coalesce("budget_line__original_amount", "budget_line__amount"),
            applied=Coalesce(Subquery(applied, output_field=DecimalField(**MONEY)), ZERO),
        )
        .order_by(
            "budget_line__year",
            "budget_line__line__position",
            "budget_line__project__position",
            "pk",
        )
    )
    changes = BudgetChange.objects.filter(plan=plan)
    if approved_only:
        changes = changes.filter(status=Decision.GOEDGEKEURD)
    if pk is not None:
        changes = changes.filter(pk=pk)
    # Annotated and decorated rows: budget_revision, adopted and applied come from the query.
    result: list[Any] = list(
        changes.select_related("recorded_by", "decided_by")
        .annotate(budget_revision=BUDGET_REVISION)
        .prefetch_related(Prefetch("lines", queryset=rows))
        .order_by("-recorded_at", "-pk")
    )
    for change in result:
        row: Any
        for row in change.lines.all():
            row.name, row.size = budget_line_name(row.budget_line), abs(row.amount)
            row.amount_before = row.amount_after = None
            if change.is_approved:
                row.amount_after = row.adopted + row.applied
                row.amount_before = row.amount_after - row.amount
            elif change.is_awaiting:
                row.amount_before = row.budget_line.amount
                row.amount_after = row.amount_before + row.amount
    return result


@dataclass(frozen=True)
class RevisedAmount:
    """A budget figure as it is now beside the one adopted, like a revised target's value
    beside its original: `original` is None when no approved change moved it."""

    current: Decimal | None
    original: Decimal | None = None

    @property
    def is_revised(self) -> bool:
        return self.original is not None and self.original != self.current


def budget_line_revised(budget_line: BudgetLine) -> RevisedAmount:
    """One budget line's current amount beside its adopted one."""
    return RevisedAmount(current=budget_line.amount, original=budget_line.original_amount)


@dataclass
class RevisedBudget:
    """A plan's budget totals (budgets.selectors.plan_budget) beside the totals as adopted:
    per line, project and year, what approved budget changes moved (current − adopted)."""

    budget: PlanBudget
    moved_line_year: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    moved_project_year: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    moved_line: dict[int, Decimal] = field(default_factory=dict)
    moved_project: dict[int, Decimal] = field(default_factory=dict)
    moved_year: dict[int, Decimal] = field(default_factory=dict)
    moved_unassigned_year: dict[int, Decimal] = field(default_factory=dict)

    @staticmethod
    def _revised(current: Decimal | None, moved: Decimal | None) -> RevisedAmount:
        if current is None or not moved:
            return RevisedAmount(current=current)
        return RevisedAmount(current=current, original=current - moved)

    def line_year(self, line_id: int, year: int) -> RevisedAmount:
        key = (line_id, year)
        return self._revised(self.budget.per_line_year.get(key), self.moved_line_year.get(key))

    def project_year(self, project_id: int, year: int) -> RevisedAmount:
        key = (project_id, year)
        return self._revised(
            self.budget.per_project_year.get(key), self.moved_project_year.get(key)
        )

    def line(self, line_id: int) -> RevisedAmount:
        return self._revised(self.budget.per_line.get(line_id), self.moved_line.get(line_id))

    def project(self, project_id: int) -> RevisedAmount:
        return self._revised(
            self.budget.per_project.get(project_id), self.moved_project.get(project_id)
        )

    def year(self, year: int) -> RevisedAmount:
        return self._revised(self.budget.per_year.get(year), self.moved_year.get(year))

    def unassigned_year(self, year: int) -> RevisedAmount:
        return self._revised(
            self.budget.unassigned_per_year.get(year), self.moved_unassigned_year.get(year)
        )

    @property
    def is_revised(self) -> bool:
        return any(self.moved_line_year.values()) or any(self.moved_unassigned_year.values())


def revised_of_lines(*, plan: ActionPlan, budget: PlanBudget, lines) -> RevisedBudget:
    """`budget` beside the budget as adopted, from budget lines already read
    (budgets.selectors.plan_money): each moved line's current amount less its adopted one,
    added up per line, project and year, without a query. An open plan has none: it cannot
    have approved changes (they need an adopted plan, and a new version starts without
    originals)."""
    revised = RevisedBudget(budget=budget)
    if plan.is_editable:
        return revised
    for line in lines:
        if line.original_amount is not None:
            _add_moved(
                revised,
                line_id=line.line_id,
                project_id=line.project_id,
                year=line.year,
                moved=line.amount - line.original_amount,
            )
    return revised


def _add_moved(
    revised: RevisedBudget, *, line_id: int | None, project_id: int | None, year: int, moved
) -> None:
    if not moved:
        return

    def add(mapping, key, amount=moved):
        mapping[key] = mapping.get(key, Decimal("0")) + amount

    add(revised.moved_year, year)
    if line_id is None:
        add(revised.moved_unassigned_year, year)
        return
    add(revised.moved_line_year, (line_id, year))
    add(revised.moved_line, line_id)
    if project_id is not None:
        add(revised.moved_project_year, (project_id, year))
        add(revised.moved_project, project_id)


def plan_budget_change(*, plan: ActionPlan, pk: int) -> BudgetChange:
    """One budget change of `plan` (raises BudgetChange.DoesNotExist for another plan's)."""
    return BudgetChange.objects.select_related("recorded_by", "decided_by").get(plan=plan, pk=pk)


def revised_budget_lines(*, plan: ActionPlan):
    """The budget lines of a plan that an approved budget change moved, with their line and
    project, in the plan's order (one query): each has `original_amount` beside `amount`."""
    return (
        BudgetLine.objects.filter(plan=plan, original_amount__isnull=False)
        .select_related("line", "project")
        .order_by("year", "line__position", "line_id", "project__position", "project_id", "pk")
    )
