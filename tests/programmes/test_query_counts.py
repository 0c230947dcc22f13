"""The plan page, the plan list and the history page run a fixed number of queries: after
adding ten lines with three projects each (with targets and budget lines), or thirty plans,
the same maximum still holds. Adding data must never add queries."""

from datetime import date
from decimal import Decimal

import pytest

from budgets.models import BudgetLine, Funding
from programmes.models import (
    ActionPlan,
    Activity,
    Indicator,
    PlanLine,
    Programme,
    Project,
    Risk,
    Target,
)

from .helpers import GOOI, MIDDEN_GELDERLAND, login, plan, url

pytestmark = pytest.mark.django_db

# The most queries each page may run, whatever the amount of data (measured on the demo data:
# session, user and roles included; and since issue 15 the menu's count of unread
# notifications, one query on every page).
PLAN_PAGE_MAX = 17  # one read per section (tests/programmes/test_plan_page_queries.py)
PLAN_LIST_MAX = 10
HOME_MAX = 6
HISTORY_MAX = 14


def grow_plan(plan_obj, lines=10, projects_per_line=3, name="Extra"):
    """Add lines, each with projects, targets (line and project), two years of budget,
    co-financing, activities and risks, and change each row once so the history has diffs."""
    matches = Indicator.objects.get(code="matches")
    deelnemers = Indicator.objects.get(code="deelnemers")
    period = {"start_date": plan_obj.start_date, "end_date": plan_obj.end_date}
    years = sorted({plan_obj.start_date.year, plan_obj.end_date.year})
    for number in range(1, lines + 1):
        line = PlanLine.objects.create(
            plan=plan_obj, position=100 + number, title=f"{name} lijn {number}"
        )
        Target.objects.create(plan=plan_obj, line=line, indicator=matches, value=10, **period)
        for project_number in range(1, projects_per_line + 1):
            project = Project.objects.create(
                line=line,
                position=project_number,
                title=f"{name} project {number}.{project_number}",
            )
            for indicator in (matches, deelnemers):
                target = Target.objects.create(
                    plan=plan_obj,
                    line=line,
                    project=project,
                    indicator=indicator,
                    value=3,
                    **period,
                )
                target.value = 4
                target.save()
            for year in years:
                budget_line = BudgetLine.objects.create(
                    plan=plan_obj, line=line, project=project, year=year, amount=Decimal("1000")
                )
                budget_line.amount = Decimal("1500")
                budget_line.save()
            Funding.objects.create(
                plan=plan_obj,
                line=line,
                project=project,
                kind=Funding.Kind.COFINANCIERING,
                percentage=Decimal("10"),
            )
            Activity.objects.create(
                plan=plan_obj,
                project=project,
                description="Extra activiteit",
                owner_role="projectleider",
            )
            project.contact_role = "projectleider"
            project.save()
        Risk.objects.create(plan=plan_obj, description=f"Extra risico {number}")
        line.title = f"{name} lijn {number} (gewijzigd)"
        line.save()


def grow_plan_list(region, count=30):
    programme = Programme.objects.get(code="banenafspraak")
    ActionPlan.objects.bulk_create(
        ActionPlan(
            region=region,
            programme=programme,
            title=f"Extra plan {number:02}",
            start_date=date(2024, 1, 1),
            end_date=date(2024, 12, 31),
        )
        for number in range(count)
    )


def assert_queries_do_not_grow(client, page_url, maximum, grow, assert_max, shown):
    before_html = client.get(page_url)  # warm up: the first request may fill caches
    assert before_html.status_code == 200
    with assert_max(maximum) as before:
        assert client.get(page_url).status_code == 200
    grow()
    with assert_max(len(before.captured_queries)):
        response = client.get(page_url)
    assert response.status_code == 200
    assert shown in response.content.decode()  # the new data is on the page


@pytest.mark.parametrize(
    ("title", "username"),
    [
        (MIDDEN_GELDERLAND, "programmamanager-midden-gelderland"),  # adopted: read-only page
        (MIDDEN_GELDERLAND, "beheerder"),
        (GOOI, "programmamanager-gooi-en-vechtstreek"),  # concept: with the edit lists
    ],
)
def test_plan_page(client, demo, django_assert_max_num_queries, title, username):
    plan_obj = plan(title)
    if not plan_obj.lines.exists():
        # An empty plan skips the query for the projects of its lines; start from one line.
        grow_plan(plan_obj, lines=1, projects_per_line=1, name="Eerste")
    assert_queries_do_not_grow(
        login(client, username),
        url("programmes:plan-detail", pk=plan_obj.pk),
        PLAN_PAGE_MAX,
        lambda: grow_plan(plan_obj),
        django_assert_max_num_queries,
        shown="Extra project 10.3",
    )


@pytest.mark.parametrize("username", ["programmamanager-midden-gelderland", "beheerder"])
def test_plan_list(client, demo, django_assert_max_num_queries, username):
    region = plan(MIDDEN_GELDERLAND).region
    assert_queries_do_not_grow(
        login(client, username),
        url("programmes:plan-list"),
        PLAN_LIST_MAX,
        lambda: grow_plan_list(region),
        django_assert_max_num_queries,
        shown="Extra plan 00",
    )


@pytest.mark.parametrize("username", ["programmamanager-midden-gelderland", "beheerder"])
def test_home_page(client, demo, django_assert_max_num_queries, username):
    region = plan(MIDDEN_GELDERLAND).region
    assert_queries_do_not_grow(
        login(client, username),
        url("home"),
        HOME_MAX,
        lambda: grow_plan_list(region),
        django_assert_max_num_queries,
        shown="Extra plan 29",
    )


def test_history_page(client, demo, django_assert_max_num_queries):
    plan_obj = plan(MIDDEN_GELDERLAND)
    assert_queries_do_not_grow(
        login(client, "programmamanager-midden-gelderland"),
        url("programmes:plan-history", pk=plan_obj.pk),
        HISTORY_MAX,
        lambda: grow_plan(plan_obj),
        django_assert_max_num_queries,
        shown="Extra lijn 10 (gewijzigd)",
    )
