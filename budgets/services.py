"""Writes for budgets. Budget lines and co-financing are rows of a plan: they share the plan's
rules (only while it is open, no lost updates) through programmes.services."""

from programmes import services as programme_services

from .models import BudgetLine, Funding, StaffCost


def budget_line_save(*, plan, budget_line: BudgetLine, expected_revision: int | None, actor=None):
    budget_line.plan = plan
    return programme_services.child_save(
        plan=plan, instance=budget_line, expected_revision=expected_revision, actor=actor
    )


def funding_save(*, plan, funding: Funding, expected_revision: int | None, actor=None):
    funding.plan = plan
    return programme_services.child_save(
        plan=plan, instance=funding, expected_revision=expected_revision, actor=actor
    )


def budget_copy_to_version(
    *, old_plan, new_plan, line_map: dict, project_map: dict, actor=None
) -> None:
    """Carry the budget, co-financing and staff costs over to a new version of a plan."""

    def rescope(row):
        row.pk, row.plan = None, new_plan
        if hasattr(row, "revision"):
            row.revision = 1
        row.line = line_map.get(row.line_id)
        row.project = project_map.get(row.project_id)
        row._history_user = actor
        return row

    for budget_line in BudgetLine.objects.filter(plan=old_plan):
        rescope(budget_line).save()
    for funding in Funding.objects.filter(plan=old_plan):
        rescope(funding).save()
    for cost in StaffCost.objects.filter(plan=old_plan):
        # The proposal keeps its own cost line; the copy belongs to the new version only.
        cost.pk, cost.plan, cost.proposal = None, new_plan, None
        # django-simple-history takes the history row's user from this attribute.
        cost._history_user = actor  # type: ignore[attr-defined]
        cost.save()
