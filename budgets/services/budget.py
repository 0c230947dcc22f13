"""Writes for budgets. Budget lines and co-financing are rows of a plan: they share the plan's
rules (only while it is open, no lost updates) through programmes.services.

A new version of a plan is made here too (plan_new_version_with_budget): it writes two apps'
rows, and of the two only budgets may know the other (the floors: programmes below budgets)."""

from django.contrib.auth.models import User
from django.db import transaction

from core.history import with_history_actor
from programmes import services as programme_services
from programmes.models import ActionPlan, PlanLine, Project

from ..models import BudgetLine, Funding, StaffCost


def budget_line_save(
    *,
    plan: ActionPlan,
    budget_line: BudgetLine,
    expected_revision: int | None,
    actor: User | None = None,
) -> BudgetLine:
    budget_line.plan = plan
    return programme_services.child_save(
        plan=plan, instance=budget_line, expected_revision=expected_revision, actor=actor
    )


def funding_save(
    *, plan: ActionPlan, funding: Funding, expected_revision: int | None, actor: User | None = None
) -> Funding:
    funding.plan = plan
    return programme_services.child_save(
        plan=plan, instance=funding, expected_revision=expected_revision, actor=actor
    )


@transaction.atomic
def plan_new_version_with_budget(*, plan: ActionPlan, actor: User | None) -> ActionPlan:
    """Make the next version of an adopted or closed plan, budget included, in one
    transaction: the plan page and the admin action both call this, so no version exists
    without its budget, and a failure anywhere leaves no half version behind.

    Why here: programmes.services.plan_new_version copies what programmes owns and hands
    back which new line and project took the place of each old one; programmes may not
    import budgets, so the floor above composes the two. Raises StatusTransitionError (from
    programmes.services) for an open plan or one that already has a newer version."""
    new_plan, line_map, project_map = programme_services.plan_new_version(plan=plan, actor=actor)
    budget_copy_to_version(
        old_plan=plan,
        new_plan=new_plan,
        line_map=line_map,
        project_map=project_map,
        actor=actor,
    )
    return new_plan


def budget_copy_to_version(
    *,
    old_plan: ActionPlan,
    new_plan: ActionPlan,
    line_map: dict[int, PlanLine],
    project_map: dict[int, Project],
    actor: User | None = None,
) -> None:
    """Carry the budget, co-financing and staff costs over to a new version of a plan.

    The new version starts from the current budget: each budget line's amount after every
    approved budget change, without an original amount (the new version's adoption is its
    new original; the old version keeps its changes and history). Budget changes themselves,
    also those still waiting for approval, stay with the old version."""

    def rescope(row: BudgetLine | Funding) -> BudgetLine | Funding:
        row.pk, row.plan = None, new_plan
        if isinstance(row, BudgetLine):
            row.original_amount = None
        if hasattr(row, "revision"):
            row.revision = 1
        row.line = line_map[row.line_id] if row.line_id else None
        row.project = project_map[row.project_id] if row.project_id else None
        return with_history_actor(row, actor)

    for budget_line in BudgetLine.objects.filter(plan=old_plan):
        rescope(budget_line).save()
    for funding in Funding.objects.filter(plan=old_plan):
        rescope(funding).save()
    for cost in StaffCost.objects.filter(plan=old_plan):
        # The proposal keeps its own cost line; the copy belongs to the new version only.
        cost.pk, cost.plan, cost.proposal, cost.revision = None, new_plan, None, 1
        with_history_actor(cost, actor).save()
