"""Budget against actual on the region dashboard: per year begroot, goedgekeurd, wacht op
goedkeuring, resterend, besteed % against tijd verstreken %, the spending warnings in "waar
niet op koers", and the chart of approved spending against the budget expected by each
month or quarter, with its text alternatives; a query count that does not grow."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import BudgetLine, Expenditure
from reporting import charts
from reporting.selectors.dashboard import region_dashboard
from tests.factories import (
    DashboardPlanFactory,
    ProgrammeFactory,
    RegionFactory,
    UserFactory,
    approved_expenditure,
)

from .dashboard_helpers import PASSWORD, Role

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def table(page: str, element_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{element_id}".*?</table>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return text(match.group(0))


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.S)


@pytest.fixture
def region():
    return RegionFactory(code="AM93", name="Proefregio uitgaven")


@pytest.fixture
def member(region):
    return UserFactory(username="werkkamerlid-uitgaven", role=(region, Role.WERKKAMERLID))


def rmt_plan(region, *, title="Proef-RMT", code="proef-rmt"):
    """Adopted, 1 September 2021 to the end of 2022, its 2021 budgets running on to the
    plan's end: one over budget, one far behind the time, one waiting for approval."""
    plan = DashboardPlanFactory(
        region=region,
        title=title,
        programme=ProgrammeFactory(code=code),
        start_date=date(2021, 9, 1),
        end_date=date(2022, 12, 31),
    )
    line = plan.lines.create(title=f"Crisisdienstverlening {title}", position=1)
    services = BudgetLine.objects.create(
        plan=plan,
        line=line,
        year=2021,
        category=BudgetLine.Category.DIENSTVERLENING,
        amount=Decimal("487000.00"),
    )
    operations = BudgetLine.objects.create(
        plan=plan, year=2021, category=BudgetLine.Category.PERSONEEL, amount=Decimal("40000.00")
    )
    approved_expenditure(
        budget_line=services, date=date(2021, 9, 15), amount=Decimal("10000"), description="a"
    )
    approved_expenditure(
        budget_line=operations, date=date(2021, 10, 1), amount=Decimal("40500"), description="b"
    )
    Expenditure.objects.create(
        budget_line=services, date=date(2022, 1, 5), amount=Decimal("2500"), description="c"
    )
    return plan


def dashboard(client, region, user) -> str:
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("reporting:dashboard", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_figures_warnings_and_chart_on_the_page(client, region, member):
    plan = rmt_plan(region)
    page = dashboard(client, region, member)  # today: the plan has ended, all time passed
    budget = table(page, f"plan-{plan.pk}-budget")
    # The entry awaiting approval is shown as awaiting, not as spent.
    assert "2021 € 527.000 € 50.500 € 2.500 € 476.500 9,6 % 100,0 % ▼ loopt achter" in budget
    warnings = table(page, f"plan-{plan.pk}-spending-warnings")
    assert "2021 · Crisisdienstverlening Proef-RMT · dienstverlening € 487.000 € 10.000" in warnings
    assert "2,1 % 100,0 % ▼ loopt achter" in warnings
    assert "2021 · hele plan · personeel € 40.000 € 40.500 101,3 % 100,0 % ▲ overschreden" in (
        warnings
    )
    # Sixteen months: a point per quarter, the first quarter one month long.
    points = table(page, f"plan-{plan.pk}-spending-table")
    assert "2021-K3 30-09-2021 € 10.000 € 32.464" in points  # 527.000 × 30/487
    assert "2021-K4 31-12-2021 € 50.500 € 132.021" in points  # × 122/487
    assert "2022-K4 31-12-2022 € 50.500 € 527.000" in points
    chart = svgs(page)[-1]
    assert "Begroting en uitgaven – Proef-RMT" in chart
    assert 'role="img"' in chart
    assert "Goedgekeurd tot en met 2022-K4: € 50.500; volgens de begroting verwacht: € 527.000" in (
        chart
    )
    money = reverse("budgets:plan-money", kwargs={"plan_pk": plan.pk})
    assert f'href="{money}"' in page


def test_a_running_plan_as_of_a_date(region):
    rmt_plan(region)
    (board,) = region_dashboard(region=region, today=date(2022, 2, 15))
    assert board.actuals.as_of == date(2022, 2, 15)
    assert board.actuals.plan.awaiting == Decimal("2500.00")
    # 168 of 487 days passed (34,5 %): the services line has spent 2,1 %, operations is over.
    assert [(line.category, actual.warning.value) for line, actual in board.actuals.warnings] == [
        ("dienstverlening", "achter"),
        ("personeel", "overschreden"),
    ]
    running = [point for point in board.spending_points if point.running]
    assert [(point.label, point.approved) for point in running] == [("2022-K1", Decimal("50500"))]
    assert [point.approved for point in board.spending_points[3:]] == [None, None, None]


def test_the_worked_example_on_the_dashboard(client, demo):
    client.login(username="werkkamerlid-midden-gelderland", password=PASSWORD)
    page = client.get(reverse("reporting:dashboard", args=["midden-gelderland"])).content.decode()
    plan_id = re.search(r'id="plan-(\d+)-spending-table"', page).group(1)
    points = table(page, f"plan-{plan_id}-spending-table")
    # Two years: quarters; by the end of each year that year's € 1.000.000 was due.
    assert "2019-K4 31-12-2019 € 863.240 € 1.000.000" in points
    assert "2020-K4 31-12-2020 € 1.790.600 € 2.000.000" in points
    warnings = table(page, f"plan-{plan_id}-spending-warnings")
    assert "2019 · Digitale ontsluiting vraag en aanbod · projectkosten € 50.000 € 30.000" in (
        warnings
    )
    assert "2019 · Versnellingsbudget · projectkosten € 100.000 € 70.000 70,0 % 100,0 %" in warnings
    assert warnings.count("loopt achter") == 2


def test_a_plan_without_budget_has_no_spending_chart(client, region, member):
    DashboardPlanFactory(region=region, programme=ProgrammeFactory(code="zonder-geld"))
    page = dashboard(client, region, member)
    assert "Dit plan heeft geen begroting." in page
    assert svgs(page) == []


def page_queries(client, region) -> int:
    url = reverse("reporting:dashboard", args=[region.slug])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(plan, budget_lines: int, entries: int) -> None:
    for number in range(budget_lines):
        budget_line = BudgetLine.objects.create(
            plan=plan, year=2022, description=f"groei {number}", amount=Decimal("1000")
        )
        for day in range(entries):
            approved_expenditure(
                budget_line=budget_line,
                date=date(2022, 1 + day % 12, 1),
                amount=1,
                description="x",
            )


def test_query_count_does_not_grow_with_plans_entries_and_budget_lines(client, region, member):
    plan = rmt_plan(region)
    client.login(username=member.username, password=PASSWORD)
    client.get(reverse("reporting:dashboard", args=[region.slug]))  # warm up
    grow(plan, budget_lines=3, entries=3)
    few = page_queries(client, region)
    grow(plan, budget_lines=30, entries=30)
    for number in range(3):
        grow(rmt_plan(region, title=f"Extra {number}", code=f"extra-rmt-{number}"), 30, 3)
    many = page_queries(client, region)
    assert many == few
    assert (
        "Extra 2" in client.get(reverse("reporting:dashboard", args=[region.slug])).content.decode()
    )


# --- the chart itself -------------------------------------------------------------------------


def test_spending_chart_is_accessible_svg_in_dutch_euros():
    svg = charts.spending_chart(
        title="Begroting en uitgaven – RMT",
        labels=["2021-K3", "2021-K4", "2022-K1"],
        approved=[Decimal("10000"), Decimal("1030000.40"), None],
        expected=[Decimal("32443.53"), Decimal("132016.43"), Decimal("229411.70")],
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    (desc,) = root.findall(f".//{SVG}desc")
    assert desc.text == (
        "Goedgekeurd tot en met 2021-K4: € 1.030.000; volgens de begroting verwacht: € 132.016. "
        "De begroting loopt naar € 229.412 in 2022-K1."
    )
    assert "<script" not in svg
    assert "stroke-dasharray:8,5" in svg.replace(" ", "")  # the budget path is dashed
    assert charts.DARK_ORANGE in svg and charts.SKY_BLUE in svg


def test_spending_chart_with_nothing_approved_says_so():
    svg = charts.spending_chart(
        title="T", labels=["2019-01"], approved=[None], expected=[Decimal("100")]
    )
    assert "Er is nog niets goedgekeurd. De begroting loopt naar € 100 in 2019-01." in svg
