"""plan_new_version_with_budget: the next version of an adopted plan with its budget, in one
transaction. A failure in the budget copy leaves no half version: no plan, no lines, no rows."""

from decimal import Decimal

import pytest

from budgets import services
from budgets.models import BudgetLine, Funding
from programmes.models import ActionPlan, PlanLine, Project, Target
from programmes.services import StatusTransitionError

from ..placements.grid_helpers import make_plan, make_world, set_status, target

pytestmark = pytest.mark.django_db
Status = ActionPlan.Status


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def adopted(world):
    plan = make_plan(world)
    project = Project.objects.get(line__plan=plan, title="Jobhunting")
    target(plan, world.matches, 100, project=project)
    BudgetLine.objects.create(
        plan=plan, line=project.line, project=project, year=2019, amount=Decimal("1000.00")
    )
    BudgetLine.objects.create(plan=plan, year=2020, amount=Decimal("250.00"))
    return set_status(plan, Status.VASTGESTELD)


def rows():
    """How many plans and plan rows exist: a rolled-back version changes none of them."""
    return tuple(
        model.objects.count()
        for model in (ActionPlan, PlanLine, Project, Target, BudgetLine, Funding)
    )


def test_the_new_version_carries_the_budget_onto_its_own_lines_and_projects(world, adopted):
    manager = world.users["programmamanager"]
    new = services.plan_new_version_with_budget(plan=adopted, actor=manager)
    assert (new.version, new.status, new.previous_version) == (2, Status.CONCEPT, adopted)
    copied = BudgetLine.objects.filter(plan=new).order_by("year")
    assert [(row.year, row.amount) for row in copied] == [
        (2019, Decimal("1000.00")),
        (2020, Decimal("250.00")),
    ]
    jobhunting = copied[0]
    assert jobhunting.project.line.plan == new and jobhunting.line.plan == new
    assert jobhunting.project.title == "Jobhunting"
    assert copied[1].line is None and copied[1].project is None
    assert jobhunting.history.first().history_user == manager


def test_a_failure_in_the_budget_copy_leaves_no_half_version(world, adopted, monkeypatch):
    before = rows()
    copy = services.budget_copy_to_version

    def copy_then_fail(**kwargs):
        copy(**kwargs)  # the budget rows are written, then something breaks
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(services, "budget_copy_to_version", copy_then_fail)
    with pytest.raises(RuntimeError):
        services.plan_new_version_with_budget(plan=adopted, actor=world.users["beheerder"])
    assert rows() == before
    assert not ActionPlan.objects.filter(previous_version=adopted).exists()


def test_an_open_plan_gets_no_new_version(world):
    concept = make_plan(world)
    before = rows()
    with pytest.raises(StatusTransitionError):
        services.plan_new_version_with_budget(plan=concept, actor=world.users["beheerder"])
    assert rows() == before


def test_only_one_newer_version(world, adopted):
    services.plan_new_version_with_budget(plan=adopted, actor=None)
    before = rows()
    with pytest.raises(StatusTransitionError):
        services.plan_new_version_with_budget(plan=adopted, actor=None)
    assert rows() == before
