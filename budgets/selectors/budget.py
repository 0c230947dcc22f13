"""Reads for budgets: totals per plan, line, project and year, co-financing amounts and staff
costs. Every sum is computed by the database; each function runs a fixed number of queries.
Spending counts as spent only once approved (APPROVED below)."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.formatting import euro, show_date
from core.numbers import rounded_cents
from programmes.figures import Figure
from programmes.history import HistoryEntry, entries_from_records
from programmes.models import ActionPlan
from programmes.selectors import Change, compare_rows
from regions.models import Proposal

from ..models import (
    MONEY,
    BudgetChange,
    BudgetLine,
    Decision,
    Expenditure,
    Funding,
    StaffCost,
)

# The one filter for "spent": an entry counts once a second person approved it.
APPROVED = Q(status=Decision.GOEDGEKEURD)
ZERO = Value(Decimal("0.00"), output_field=DecimalField(**MONEY))


def _money(value: Decimal | int | None) -> Decimal:
    return rounded_cents(value)


@dataclass
class PlanBudget:
    total: Decimal = Decimal("0.00")
    per_year: dict[int, Decimal] = field(default_factory=dict)
    per_line: dict[int, Decimal] = field(default_factory=dict)
    per_line_year: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    per_project: dict[int, Decimal] = field(default_factory=dict)
    per_project_year: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    # Budget booked on the plan itself, outside any line (programme management, say).
    unassigned_per_year: dict[int, Decimal] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.per_year)


def plan_budget(*, plan: ActionPlan) -> PlanBudget:
    """All budget totals of one plan (five queries, whatever the number of budget lines)."""
    lines = BudgetLine.objects.filter(plan=plan)
    budget = PlanBudget()
    budget.total = _money(lines.aggregate(total=Sum("amount"))["total"])
    for year, total in lines.values("year").annotate(t=Sum("amount")).values_list("year", "t"):
        budget.per_year[year] = _money(total)
    for line_id, year, total in (
        lines.values("line_id", "year")
        .annotate(t=Sum("amount"))
        .values_list("line_id", "year", "t")
    ):
        if line_id is None:
            budget.unassigned_per_year[year] = _money(total)
        else:
            budget.per_line_year[(line_id, year)] = _money(total)
    for line_id, total in (
        lines.filter(line__isnull=False)
        .values("line_id")
        .annotate(t=Sum("amount"))
        .values_list("line_id", "t")
    ):
        budget.per_line[line_id] = _money(total)
    for project_id, year, total in (
        lines.filter(project__isnull=False)
        .values("project_id", "year")
        .annotate(t=Sum("amount"))
        .values_list("project_id", "year", "t")
    ):
        budget.per_project_year[(project_id, year)] = _money(total)
        budget.per_project[project_id] = budget.per_project.get(project_id, 0) + _money(total)
    return budget


def budget_of_lines(lines) -> PlanBudget:
    """plan_budget from a plan's budget lines already read (budgets.selectors.plan_money):
    their amounts added up exactly (Decimal) per line, project and year, without a query."""
    budget = PlanBudget()
    for line in lines:
        amount, year = line.amount, line.year
        budget.total += amount
        budget.per_year[year] = budget.per_year.get(year, Decimal("0.00")) + amount
        if line.line_id is None:
            budget.unassigned_per_year[year] = (
                budget.unassigned_per_year.get(year, Decimal("0.00")) + amount
            )
        else:
            key = (line.line_id, year)
            budget.per_line_year[key] = budget.per_line_year.get(key, Decimal("0.00")) + amount
            budget.per_line[line.line_id] = (
                budget.per_line.get(line.line_id, Decimal("0.00")) + amount
            )
        if line.project_id is not None:
            key = (line.project_id, year)
            budget.per_project_year[key] = (
                budget.per_project_year.get(key, Decimal("0.00")) + amount
            )
            budget.per_project[line.project_id] = (
                budget.per_project.get(line.project_id, Decimal("0.00")) + amount
            )
    return budget


def _scope_budget(scope: str) -> Subquery:
    """The budget of the funding row's own scope, as a correlated subquery."""
    return Subquery(
        BudgetLine.objects.filter(**{scope: OuterRef(scope)})
        .values(scope)
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=DecimalField(**MONEY),
    )


def _scope_budget_of_row() -> Coalesce:
    """The budget a funding row's percentage is of: its project's, else its line's, else
    its plan's."""
    return Coalesce(
        Case(
            When(project__isnull=False, then=_scope_budget("project")),
            When(line__isnull=False, then=_scope_budget("line")),
            default=_scope_budget("plan"),
            output_field=DecimalField(**MONEY),
        ),
        ZERO,
    )


def _computed_funding_amount() -> Case:
    """The one rule for a contribution's amount: the fixed amount, or the percentage of its
    scope's budget; none (NULL, not 0) for a contribution that is niet gekwantificeerd."""
    return Case(
        When(amount__isnull=False, then=F("amount")),
        When(
            percentage__isnull=False,
            then=ExpressionWrapper(
                F("percentage") * _scope_budget_of_row() / Value(Decimal("100")),
                output_field=DecimalField(**MONEY),
            ),
        ),
        default=Value(None, output_field=DecimalField(**MONEY)),
        output_field=DecimalField(**MONEY),
    )


UNQUANTIFIED = Q(amount__isnull=True, percentage__isnull=True)


def fundings_with_amounts(*, plan: ActionPlan) -> QuerySet[Funding]:
    """Co-financing of a plan, each row annotated with `scope_budget` (the budget its
    percentage is of) and `computed_amount` (_computed_funding_amount: None for a
    contribution that is niet gekwantificeerd), and with the plan's totals on every row
    (`plan_total` of the quantified contributions, `plan_unquantified` counted beside it), so
    a page needs no second query. One query."""
    return (
        Funding.objects.filter(plan=plan)
        .select_related("organisation", "line", "project")
        .annotate(
            scope_budget=_scope_budget_of_row(),
            computed_amount=_computed_funding_amount(),
            plan_total=Window(Sum(_computed_funding_amount())),
            plan_unquantified=Window(
                Sum(Case(When(UNQUANTIFIED, then=Value(1)), default=Value(0)))
            ),
        )
        .order_by("line__position", "project__position", "pk")
    )


def funding_figure(funding) -> Figure:
    """The computed co-financing amount against what the document stated, compared in whole
    euros, the precision the documents show. `funding` comes from fundings_with_amounts
    (it carries the annotated computed_amount); a contribution that is niet gekwantificeerd
    has no computed amount, so nothing to compare."""
    computed = funding.computed_amount
    return Figure(
        computed=_money(computed) if computed is not None else None,
        stated=funding.stated_amount,
    )


@dataclass(frozen=True)
class FundingTotal:
    """The sum of a plan's quantified co-financing, and how many contributions beside it
    are niet gekwantificeerd (they are in no sum: they have no amount)."""

    total: Decimal
    unquantified: int


def funding_total_of_rows(rows: list[Funding]) -> FundingTotal:
    """The totals fundings_with_amounts put on each row (no query)."""
    if not rows:
        return FundingTotal(total=_money(0), unquantified=0)
    first: Any = rows[0]
    return FundingTotal(total=_money(first.plan_total), unquantified=first.plan_unquantified)


def plan_funding_total(*, plan: ActionPlan) -> FundingTotal:
    """The sum of a plan's quantified co-financing and the number of contributions that are
    niet gekwantificeerd (one query)."""
    totals = Funding.objects.filter(plan=plan).aggregate(
        total=Sum(_computed_funding_amount()), unquantified=Count("pk", filter=UNQUANTIFIED)
    )
    return FundingTotal(total=_money(totals["total"]), unquantified=totals["unquantified"])


def staff_costs(
    *, plan: ActionPlan | None = None, proposal: Proposal | None = None
) -> QuerySet[StaffCost]:
    """Staff costs per role, each with its `amount` computed by the database (hours per week ×
    weeks × rate; empty when a part is unknown, as for the RMT's staffing in fte) and with
    the totals of the rows asked for on every row (`total_amount` of the computed amounts,
    `total_fte`, `without_amount` counted), so a page needs no second query. One query."""
    rows = StaffCost.objects.all()
    if plan is not None:
        rows = rows.filter(plan=plan)
    if proposal is not None:
        rows = rows.filter(proposal=proposal)
    return rows.annotate(
        total_amount=Window(Sum("amount")),
        total_fte=Window(Sum("fte")),
        without_amount=Window(
            Sum(Case(When(amount__isnull=True, then=Value(1)), default=Value(0)))
        ),
    ).order_by("pk")


def staff_cost_figure(cost: StaffCost) -> Figure:
    """A role's computed amount against the amount the document states for it, compared in
    whole euros (€ 63.000 computed against € 65.000 stated is a discrepancy)."""
    return Figure(
        computed=_money(cost.amount) if cost.amount is not None else None,
        stated=cost.stated_amount,
    )


@dataclass(frozen=True)
class StaffTotal:
    """The sum of the computed staff costs (None when no role has all three parts), the fte
    added up (None when no role states fte), and how many roles have no computed amount."""

    amount: Decimal | None
    fte: Decimal | None
    without_amount: int


def staff_total_of_rows(rows: list[StaffCost]) -> StaffTotal:
    """The totals staff_costs put on each row (no query)."""
    if not rows:
        return StaffTotal(amount=None, fte=None, without_amount=0)
    first: Any = rows[0]
    return StaffTotal(
        amount=_money(first.total_amount) if first.total_amount is not None else None,
        fte=first.total_fte,
        without_amount=first.without_amount,
    )


def proposal_cost_figure(*, proposal: Proposal) -> Figure:
    """A proposal's stated total against the sum of its computed staff costs (one query)."""
    total = StaffCost.objects.filter(proposal=proposal).aggregate(total=Sum("amount"))["total"]
    return Figure(
        computed=_money(total) if total is not None else None, stated=proposal.stated_total
    )


def budget_lines(*, plan: ActionPlan) -> QuerySet[BudgetLine]:
    """The budget lines of a plan with what they belong to, for the edit list (one query)."""
    return (
        BudgetLine.objects.filter(plan=plan)
        .select_related("line", "project")
        .order_by("year", "line__position", "line_id", "project__position", "project_id", "pk")
    )


def budget_differences(*, old: ActionPlan, new: ActionPlan) -> list[Change]:
    """Budget per part and year that changed between two versions of a plan (two queries)."""

    def rows(plan: ActionPlan) -> dict[tuple[str, str, int], Decimal]:
        return {
            (line or str(_("hele plan")), project or "", year): _money(total)
            for line, project, year, total in BudgetLine.objects.filter(plan=plan)
            .values("line__title", "project__title", "year")
            .annotate(total=Sum("amount"))
            .values_list("line__title", "project__title", "year", "total")
        }

    return compare_rows(rows(old), rows(new))


def _expenditure_action(record) -> tuple[str, str] | None:
    """A spending entry's history in its own words: recorded (a counter-entry with its
    reason), then approved or rejected with the reason. An approved entry is never edited, so
    a change that leaves it approved or rejected is its decision."""
    if record.history_type == "+":
        if record.corrects_id is not None:
            return str(_("tegenboeking ingevoerd")), record.correction_reason
        return str(_("ingevoerd")), ""
    if record.history_type == "~" and record.status == Decision.GOEDGEKEURD:
        return str(_("goedgekeurd")), ""
    if record.history_type == "~" and record.status == Decision.AFGEKEURD:
        return str(_("afgekeurd")), record.rejection_reason
    return None


def _describe_expenditure(record) -> str:
    return f"{show_date(record.date)} {euro(record.amount, cents=True)} {record.description}"


def budget_history(*, plan: ActionPlan) -> list[HistoryEntry]:
    """Changes to a plan's budget lines, co-financing, staff costs, spending entries (with
    each entry's approval or rejection) and budget changes (five queries)."""
    describe = {
        BudgetLine: lambda r: f"{r.year} {r.description or r.get_category_display()}",
        Funding: lambda r: f"{r.get_kind_display()} {r.description}".strip(),
        StaffCost: lambda r: r.role_title,
    }
    related: dict[type, tuple[str, ...]] = {
        BudgetLine: ("line", "project"),
        Funding: ("line", "project", "organisation"),
        StaffCost: ("proposal",),
    }
    entries = []
    for model in (BudgetLine, Funding, StaffCost):
        records = (
            model.history.model.objects.filter(plan_id=plan.pk)
            .select_related("history_user", *related[model])
            .order_by("history_date", "history_id")
        )
        entries += entries_from_records(records, model=model, describe=describe[model])
    spending = (
        Expenditure.history.model.objects.filter(budget_line__plan_id=plan.pk)
        .select_related("history_user", "budget_line", "recorded_by", "decided_by", "corrects")
        .order_by("history_date", "history_id")
    )
    entries += entries_from_records(
        spending,
        model=Expenditure,
        describe=_describe_expenditure,
        action_of=_expenditure_action,
    )
    # Budget changes (begrotingswijzigingen): requested with a reason, then approved or
    # rejected; the budget lines they moved show above with the change's reason.
    change_records = (
        BudgetChange.history.model.objects.filter(plan_id=plan.pk)
        .select_related("history_user", "recorded_by", "decided_by")
        .order_by("history_date", "history_id")
    )
    entries += entries_from_records(
        change_records, model=BudgetChange, describe=lambda record: record.reason
    )
    return entries


def proposals_with_cost_figures(*, proposals: QuerySet[Proposal]) -> list[Proposal]:
    """Proposals, each with `cost_figure`: its stated total against the sum of its computed
    staff costs (one query for any number of proposals)."""
    computed = Subquery(
        StaffCost.objects.filter(proposal=OuterRef("pk"))
        .values("proposal")
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=DecimalField(**MONEY),
    )
    # Annotated rows: computed_total comes from the query, cost_figure is set below.
    rows: list[Any] = list(proposals.select_related("body").annotate(computed_total=computed))
    for proposal in rows:
        total = proposal.computed_total
        proposal.cost_figure = Figure(
            computed=_money(total) if total is not None else None, stated=proposal.stated_total
        )
    return rows
