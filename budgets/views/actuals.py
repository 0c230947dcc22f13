"""The money page's section on budget against actual: per category, year, line → project and
budget line, as of a peildatum (?peildatum=, today when not given). Every figure comes from
budgets.selectors.plan_actuals; this module only puts its parts in the page's order."""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from .. import selectors
from ..forms import PeildatumForm
from ..models import BudgetLine
from ..rules import Actual

if TYPE_CHECKING:
    from programmes.models import PlanLine, Project


@dataclass
class Part:
    """One row of a table: what it is for, and its figures."""

    label: str
    actual: Actual
    children: list["Part"] = field(default_factory=list)


def peildatum(request) -> tuple[PeildatumForm, date]:
    """The form (with its Dutch error when the date does not read) and the date to show;
    today when none or no valid one was given."""
    form = PeildatumForm(request.GET or None)
    as_of = form.cleaned_data["peildatum"] if form.is_valid() else None
    return form, as_of or timezone.localdate()


def _per_line(actuals: selectors.PlanActuals) -> list[Part]:
    """Each plan line with a budget, in the plan's order, with its projects beneath."""
    lines: dict[int, PlanLine] = {}
    projects: dict[int, Project] = {}
    for budget_line in actuals.budget_lines:
        if budget_line.line is not None:
            lines.setdefault(budget_line.line.pk, budget_line.line)
        if budget_line.project is not None:
            projects.setdefault(budget_line.project.pk, budget_line.project)
    rows = {
        line.pk: Part(line.title, actuals.per_line[line.pk])
        for line in sorted(lines.values(), key=lambda line: (line.position, line.pk))
    }
    for project in sorted(projects.values(), key=lambda project: (project.position, project.pk)):
        rows[project.line_id].children.append(Part(project.title, actuals.per_project[project.pk]))
    return list(rows.values())


def _per_category(actuals: selectors.PlanActuals) -> list[Part]:
    return [
        Part(str(category.label), actuals.per_category[category.value])
        for category in BudgetLine.Category
        if category.value in actuals.per_category
    ]


def section(*, plan, request) -> dict:
    form, as_of = peildatum(request)
    actuals = selectors.plan_actuals(plan=plan, as_of=as_of)
    return {
        "actuals": actuals,
        "peildatum_form": form,
        "actuals_per_category": _per_category(actuals),
        "actuals_per_year": sorted(actuals.per_year.items()),
        "actuals_per_line": _per_line(actuals),
        "actuals_per_budget_line": [
            (budget_line, actuals.per_budget_line[budget_line.pk])
            for budget_line in actuals.budget_lines
        ],
        "lag_points": plan.programme.spending_lag_points,
    }
