"""Small regions with adopted plans, targets, realisations, budget, activities and risks for
the dashboard and overview tests (quicker than the demo data, and free to change)."""

from datetime import date
from decimal import Decimal

from budgets.models import BudgetLine
from placements.models import Realisation
from programmes.models import ActionPlan, Activity, Risk
from regions.models import RoleAssignment
from tests.factories import (
    DashboardPlanFactory,
    IndicatorFactory,
    ProgrammeFactory,
    TargetFactory,
    approved_expenditure,
)

Role = RoleAssignment.Role
PASSWORD = "demo"
ADOPTED = ActionPlan.Status.VASTGESTELD


def matches():
    """The indicator of the dashboard and overview tests' targets."""
    return IndicatorFactory(code="proef-matches", name="Proefmatches")


def record(target, counts, *, sector: str = "", source: str = "UWV") -> None:
    """Realisations per period in order; None skips a period."""
    periods = list(target.plan.periods.order_by("start_date"))
    for period, count in zip(periods, counts, strict=False):
        if count is not None:
            Realisation.objects.create(
                target=target, period=period, count=count, sector=sector, source=source
            )


def full_plan(region, *, title: str = "Proefplan", code: str = "proef") -> ActionPlan:
    """An adopted 2019 plan with a plan target of 200 (realised 10+20+30+40 = 100: behind),
    a line with two projects (one behind), budget and spending per year, activities and a
    risk."""
    plan = DashboardPlanFactory(region=region, title=title, programme=ProgrammeFactory(code=code))
    TargetFactory(plan=plan, value=200, indicator=matches())
    line = plan.lines.create(title=f"Werkgeversdienstverlening {title}", position=1)
    on_course = line.projects.create(title=f"Banenmarkt {title}", position=1)
    behind = line.projects.create(title=f"Jobcoaching {title}", position=2)
    record(
        TargetFactory(plan=plan, value=40, indicator=matches(), project=on_course), [10, 10, 10, 10]
    )
    record(
        TargetFactory(plan=plan, value=160, indicator=matches(), project=behind), [0, 10, 20, 30]
    )
    budget_2019 = BudgetLine.objects.create(
        plan=plan, line=line, year=2019, amount=Decimal("1030000.00")
    )
    BudgetLine.objects.create(plan=plan, year=2020, amount=Decimal("970000.00"))
    approved_expenditure(
        budget_line=budget_2019,
        date=date(2019, 6, 1),
        amount=Decimal("800000.00"),
        description="inzet",
    )
    Activity.objects.create(
        plan=plan, description="Werkgeversontbijt", owner_role="WSP", due_date=date(2019, 9, 1)
    )
    Activity.objects.create(
        plan=plan, description="Evaluatie", owner_role="secretaris", due_date=date(2019, 12, 1)
    )
    Activity.objects.create(plan=plan, description="Doorlopend overleg", owner_role="UWV")
    Activity.objects.create(
        plan=plan,
        description="Startbijeenkomst",
        owner_role="programmamanager",
        due_date=date(2019, 2, 1),
        status=Activity.Status.GEREED,
    )
    Risk.objects.create(
        plan=plan,
        description="Te weinig werkgevers doen mee",
        likelihood=Risk.Level.MIDDEN,
        impact=Risk.Level.HOOG,
        mitigation="Ambassadeurs inzetten",
        owner_role="WSP",
    )
    return plan
