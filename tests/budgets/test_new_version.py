"""plan_new_version_with_budget: the next version of an adopted plan with its budget, in one
transaction. A failure in the budget copy leaves no half version: no plan, no lines, no rows.
On a demo plan: everything is copied, every row points into the new version only, the figures
equal the old ones, and what changes afterwards shows between the versions."""

from decimal import Decimal

import pytest

from budgets import selectors as budget_selectors
from budgets import services
from budgets.models import BudgetLine, Funding, StaffCost
from programmes import selectors as programme_selectors
from programmes import services as programme_services
from programmes.models import (
    ActionPlan,
    Activity,
    KeyFigure,
    PlanLine,
    Prognosis,
    Project,
    Risk,
    Target,
)
from programmes.selectors import ChangeKind
from programmes.services import StatusTransitionError

from ..placements.grid_helpers import make_plan, set_status, target
from ..programmes.helpers import GOOI, MIDDEN_GELDERLAND, plan, user
from ..programmes.plan_flow import fresh

pytestmark = pytest.mark.django_db
Status = ActionPlan.Status


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

    monkeypatch.setattr(services.budget, "budget_copy_to_version", copy_then_fail)
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


# --- a new version of a demo plan -----------------------------------------------------------------


def contents(plan_obj) -> dict:
    """A plan's rows, described without ids, to compare versions."""
    return {
        "lines": sorted(
            PlanLine.objects.filter(plan=plan_obj).values_list(
                "position", "title", "accountable_organisation", "partners"
            )
        ),
        "projects": sorted(
            Project.objects.filter(line__plan=plan_obj).values_list(
                "line__title", "title", "accountable_organisation", "contact_role"
            )
        ),
        "targets": sorted(
            Target.objects.filter(plan=plan_obj).values_list(
                "line__title", "project__title", "indicator__code", "sector", "value", "description"
            ),
            key=str,
        ),
        "prognoses": sorted(
            Prognosis.objects.filter(target__plan=plan_obj).values_list(
                "target__project__title", "target__indicator__code", "start_date", "value"
            ),
            key=str,
        ),
        "activities": sorted(
            Activity.objects.filter(plan=plan_obj).values_list(
                "description", "owner_role", "project__title", "status"
            ),
            key=str,
        ),
        "risks": sorted(
            Risk.objects.filter(plan=plan_obj).values_list("description", "mitigation")
        ),
        "key figures": sorted(
            KeyFigure.objects.filter(plan=plan_obj).values_list("label", "value")
        ),
        "budget": sorted(
            BudgetLine.objects.filter(plan=plan_obj).values_list(
                "line__title", "project__title", "year", "category", "amount"
            ),
            key=str,
        ),
        "funding": sorted(
            Funding.objects.filter(plan=plan_obj).values_list(
                "line__title", "project__title", "kind", "amount", "percentage"
            ),
            key=str,
        ),
        "staff costs": sorted(
            StaffCost.objects.filter(plan=plan_obj).values_list("role_title", "amount"), key=str
        ),
    }


def test_new_version_copies_everything(demo):
    old = plan(MIDDEN_GELDERLAND)
    beheerder = user("beheerder")
    new = services.plan_new_version_with_budget(plan=old, actor=beheerder)

    assert (new.version, new.status, new.previous_version) == (2, Status.CONCEPT, old)
    assert (new.region, new.programme, new.title) == (old.region, old.programme, old.title)
    assert new.status_changed_by == beheerder
    old_contents = contents(old)
    assert contents(new) == old_contents
    assert old_contents["lines"] and old_contents["projects"] and old_contents["targets"]
    assert old_contents["prognoses"] and old_contents["activities"] and old_contents["budget"]
    assert fresh(old).status == Status.VASTGESTELD  # the old version stays as it was


def test_new_version_rows_point_into_the_new_version_only(demo):
    old = plan(MIDDEN_GELDERLAND)
    new = services.plan_new_version_with_budget(plan=old, actor=user("beheerder"))
    new_lines = set(PlanLine.objects.filter(plan=new).values_list("pk", flat=True))
    new_projects = set(Project.objects.filter(line__plan=new).values_list("pk", flat=True))

    for model in (Target, BudgetLine, Funding):
        for line_id, project_id in model.objects.filter(plan=new).values_list("line", "project"):
            assert line_id is None or line_id in new_lines, model
            assert project_id is None or project_id in new_projects, model
    for project_id in Activity.objects.filter(plan=new).values_list("project", flat=True):
        assert project_id is None or project_id in new_projects
    # …and the old version keeps its own rows.
    assert Target.objects.filter(plan=old).count() == Target.objects.filter(plan=new).count()


def test_new_version_figures_equal_the_old_ones(demo):
    old = plan(MIDDEN_GELDERLAND)
    new = services.plan_new_version_with_budget(plan=old, actor=user("beheerder"))
    assert budget_selectors.plan_budget(plan=new).total == Decimal("2000000.00")
    assert programme_selectors.plan_target_rollup(plan=new).plan_figure("matches").computed == 415
    assert programme_selectors.target_changes(old=old, new=new) == []
    assert budget_selectors.budget_differences(old=old, new=new) == []
    assert programme_selectors.project_changes(old=old, new=new) == []


def test_new_version_only_of_an_adopted_plan_and_only_once(demo):
    with pytest.raises(StatusTransitionError):
        programme_services.plan_new_version(plan=plan(GOOI), actor=None)  # concept
    old = plan(MIDDEN_GELDERLAND)
    services.plan_new_version_with_budget(plan=old, actor=None)
    with pytest.raises(StatusTransitionError):
        programme_services.plan_new_version(plan=old, actor=None)
    assert ActionPlan.objects.filter(title=old.title).count() == 2


def test_changes_between_versions_show_a_changed_amount_and_target(demo):
    old = plan(MIDDEN_GELDERLAND)
    new = services.plan_new_version_with_budget(plan=old, actor=user("beheerder"))

    budget_line = BudgetLine.objects.get(plan=new, project__title="Verbreden APK", year=2020)
    budget_line.amount = Decimal("40000")
    services.budget_line_save(
        plan=new, budget_line=budget_line, expected_revision=budget_line.revision
    )
    target = Target.objects.get(plan=new, project__title="Verbreden APK")
    target.value = 60
    programme_services.child_save(plan=new, instance=target, expected_revision=target.revision)

    budget = budget_selectors.budget_differences(old=old, new=new)
    assert [(c.kind, c.label, c.old, c.new) for c in budget] == [
        (
            ChangeKind.GEWIJZIGD,
            "Verbeteren ketensamenwerking – Verbreden APK – 2020",
            Decimal("25000.00"),
            Decimal("40000.00"),
        ),
    ]
    targets = programme_selectors.target_changes(old=old, new=new)
    assert [(c.kind, c.label, c.old, c.new) for c in targets] == [
        (ChangeKind.GEWIJZIGD, "Verbeteren ketensamenwerking › Verbreden APK – Matches", 50, 60),
    ]
