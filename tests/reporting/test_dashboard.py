"""The region dashboard: what the Werkkamer reads before a meeting. Figures on the page for
data built here and for the demo data, the charts with their text alternatives, what is
behind, activities and risks; who may open it; and a query count that does not grow with
the number of plans, targets or realisations."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes import selectors as programme_selectors
from programmes.models import ActionPlan, Activity, Risk
from tests.factories import (
    DashboardPlanFactory,
    ProgrammeFactory,
    RegionFactory,
    TargetFactory,
    UserFactory,
)
from tests.programmes.helpers import is_login_redirect

from .dashboard_helpers import (
    PASSWORD,
    Role,
    full_plan,
    matches,
    record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(code="AM91", name="Proefregio")


@pytest.fixture
def plan(region):
    return full_plan(region)


@pytest.fixture
def member(region):
    return UserFactory(username="werkkamerlid-proef", role=(region, Role.WERKKAMERLID))


def dashboard(client, region, user) -> str:
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("reporting:dashboard", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, element_id: str) -> str:
    """The text of the element with `element_id` (a table), tags removed."""
    match = re.search(rf'<table[^>]*id="{element_id}".*?</table>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.S)


def test_headline_figures_with_status_in_words(client, region, plan, member):
    page = dashboard(client, region, member)
    figures = section(page, f"plan-{plan.pk}-figures")
    # Target 200, realised 10+20+30+40 = 100 by 31-12-2019: 50,0 %. The plan has ended
    # (issue 9): the status is final, niet gehaald, and the final figure replaces the
    # expected and the forecast.
    assert "Proefmatches 200 100 50,0 % niet gehaald afgelopen 100 (eindstand) 31-12-2019" in (
        figures
    )
    assert 'class="progress-status progress-status--niet_gehaald">niet gehaald<' in page


def test_realisation_chart_with_its_text_alternatives(client, region, plan, member):
    page = dashboard(client, region, member)
    charts = svgs(page)
    assert len(charts) == 2  # realisation and budget
    realisation = charts[0]
    assert 'role="img"' in realisation
    assert "<title" in realisation and "Proefmatches – Proefplan" in realisation
    assert "Gerealiseerd tot en met 2019-K4: 100 matches." in realisation  # the <desc>
    assert "<script" not in page.split("<main", 1)[1]
    # The table behind the chart: realised to date and the target path per quarter.
    table = re.search(r'<details>.*?class="chart-table".*?</details>', page, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))
    assert "Tabel bij de grafiek: Proefmatches per periode" in text
    assert "2019-K1 31-03-2019 10 49" in text  # 200 × 90/365 = 49,3
    assert "2019-K4 31-12-2019 100 200" in text


def test_budget_against_actual_and_its_chart(client, region, plan, member):
    page = dashboard(client, region, member)
    budget = section(page, f"plan-{plan.pk}-budget")
    # Begroot, goedgekeurd, wacht op goedkeuring, resterend, besteed %, tijd verstreken %,
    # signaal: 800.000 of 1.030.000 is 77,7 %, 22,3 points behind the year's time: no signal.
    assert "2019 € 1.030.000 € 800.000 € 0 € 230.000 77,7 % 100,0 % geen signaal" in budget
    assert "Totaal € 2.000.000 € 800.000 € 0 € 1.200.000 40,0 %" in budget
    # The plan runs twelve months: a point per month, approved spending cumulative against
    # the budget expected by each month's end (1.030.000 × 31/365 by 31 January).
    chart = svgs(page)[1]
    assert "Begroting en uitgaven – Proefplan" in chart
    assert "Goedgekeurd tot en met 2019-12: € 800.000" in chart
    spending = section(page, f"plan-{plan.pk}-spending-table")
    assert "2019-01 31-01-2019 € 0 € 87.479" in spending
    assert "2019-06 30-06-2019 € 800.000" in spending
    assert "2019-12 31-12-2019 € 800.000 € 1.030.000" in spending


def test_lines_and_projects_behind(client, region, plan, member):
    page = dashboard(client, region, member)
    behind = section(page, f"plan-{plan.pk}-behind")
    # The line adds its projects up: 100 of 200; Jobcoaching 60 of 160. The plan has ended:
    # what fell short is niet gehaald, and stays in the list (issue 9).
    line = "Werkgeversdienstverlening Proefplan (lijn) Proefmatches 200 100 afgelopen niet gehaald"
    assert line in behind
    assert "Jobcoaching Proefplan" in behind and "60" in behind
    assert "Banenmarkt" not in behind  # 40 of 40: gehaald


def test_open_activities_by_due_date_and_risks(client, region, plan, member):
    page = dashboard(client, region, member)
    activities = section(page, f"plan-{plan.pk}-activities")
    assert "Startbijeenkomst" not in activities  # gereed
    order = [activities.index(text) for text in ("Werkgeversontbijt", "Evaluatie", "Doorlopend")]
    assert order == sorted(order)
    # Every one is past its date now (the undated one by the plan's end): te laat (issue 9).
    assert "01-09-2019 te laat" in activities
    assert "Doorlopend overleg UWV – te laat" in activities
    risks = section(page, f"plan-{plan.pk}-risks")
    assert "Te weinig werkgevers doen mee midden hoog Ambassadeurs inzetten WSP" in risks


def test_only_the_first_activities_per_plan(client, region, plan, member):
    for day in range(1, 13):
        Activity.objects.create(
            plan=plan,
            description=f"Overleg {day:02}",
            owner_role="WSP",
            due_date=date(2019, 1, day),
        )
    activities = section(dashboard(client, region, member), f"plan-{plan.pk}-activities")
    assert "Overleg 08" in activities and "Overleg 09" not in activities


def test_region_without_active_plans(client, region, member):
    DashboardPlanFactory(region=region, status=ActionPlan.Status.CONCEPT)
    page = dashboard(client, region, member)
    assert "Deze regio heeft geen actieve plannen." in page
    assert "<svg" not in page


# --- which plans are active ------------------------------------------------------------------


def active(region, today):
    return list(programme_selectors.active_plans(region=region, today=today))


def test_active_plans_rule(region):
    old = DashboardPlanFactory(region=region, title="2019", status=ActionPlan.Status.AFGESLOTEN)
    running = DashboardPlanFactory(
        region=region, title="2020", start_date=date(2020, 1, 1), end_date=date(2020, 12, 31)
    )
    concept = DashboardPlanFactory(
        region=region,
        title="2021 concept",
        start_date=date(2021, 1, 1),
        end_date=date(2021, 12, 31),
        status=ActionPlan.Status.CONCEPT,
    )
    other_programme = DashboardPlanFactory(
        region=region, title="Ander programma", programme=ProgrammeFactory(code="ander")
    )
    # In 2020 the running adopted plan; the other programme shows its latest adopted plan
    # (ordered by region, programme name).
    assert active(region, date(2020, 6, 1)) == [other_programme, running]
    # In 2021 none runs (the 2021 plan is a concept): the latest adopted or closed one.
    assert active(region, date(2021, 6, 1)) == [other_programme, running]
    # In 2019 the 2019 plan ran, though it is closed now: closed plans are not running.
    assert active(region, date(2019, 6, 1)) == [other_programme, old]
    # Before any plan started: nothing.
    assert active(region, date(2018, 6, 1)) == []
    assert concept not in active(region, date(2021, 6, 1))


def test_two_adopted_plans_running_at_once_both_show(region):
    first = DashboardPlanFactory(region=region, title="A")
    second = DashboardPlanFactory(
        region=region, title="B", start_date=date(2019, 7, 1), end_date=date(2020, 6, 30)
    )
    assert active(region, date(2019, 9, 1)) == [first, second]


# --- who may open it -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.WERKKAMERLID, 200), (Role.SECRETARIS, 200), (Role.PROGRAMMAMANAGER, 200)],
)
def test_the_regions_roles_may_open_it(client, region, plan, role, status):
    user = UserFactory(username=f"{role}-proef", role=(region, role))
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("reporting:dashboard", args=[region.slug]))
    assert response.status_code == status
    assert "Proefmatches" in response.content.decode()


def test_beheerder_may_open_it(client, region, plan):
    UserFactory(username="beheer", is_superuser=True, is_staff=True)
    client.login(username="beheer", password=PASSWORD)
    assert client.get(reverse("reporting:dashboard", args=[region.slug])).status_code == 200


def test_other_regions_and_users_without_role_are_refused(client, region, plan):
    other = RegionFactory(code="AM92", name="Andere regio")
    for user in (
        UserFactory(username="elders", role=(other, Role.PROGRAMMAMANAGER)),
        UserFactory(username="zonder-rol"),
    ):
        client.login(username=user.username, password=PASSWORD)
        response = client.get(reverse("reporting:dashboard", args=[region.slug]))
        assert response.status_code == 403
        assert "Proefmatches" not in response.content.decode()


def test_anonymous_goes_to_login(client, region, plan):
    assert is_login_redirect(client.get(reverse("reporting:dashboard", args=[region.slug])))


def test_unknown_region_is_404(client, member):
    client.login(username=member.username, password=PASSWORD)
    assert client.get(reverse("reporting:dashboard", args=["nergens"])).status_code == 404


def test_region_page_links_to_the_dashboard(client, region, member):
    client.login(username=member.username, password=PASSWORD)
    page = client.get(reverse("regions:detail", args=[region.slug])).content.decode()
    assert f'href="{reverse("reporting:dashboard", args=[region.slug])}"' in page


# --- queries ---------------------------------------------------------------------------------

# Issue 12, + open action items, + the menu's unread notifications (issue 15); see
# tests/reporting/test_dashboard_queries.py.
MAX_QUERIES = 16


def page_queries(client, region) -> int:
    url = reverse("reporting:dashboard", args=[region.slug])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_is_pinned_and_does_not_grow(
    client, region, plan, member, django_assert_max_num_queries
):
    client.login(username=member.username, password=PASSWORD)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("reporting:dashboard", args=[region.slug]))
    before = page_queries(client, region)
    # More plans (each adopted and running side by side in 2019 under its own programme),
    # each with lines, projects, targets, realisations, budget, activities and risks.
    for number in range(4):
        more = full_plan(region, title=f"Extra {number}", code=f"extra-{number}")
        line = more.lines.create(title="Extra lijn", position=2)
        for project_number in range(3):
            project = line.projects.create(title=f"P{project_number}")
            record(
                TargetFactory(plan=more, value=10, indicator=matches(), project=project),
                [1, 2, 3, 4],
            )
        Risk.objects.create(plan=more, description="Nog een risico")
    assert len(programme_selectors.active_plans(region=region)) == 5
    after = page_queries(client, region)
    assert after == before <= MAX_QUERIES


# --- the demo data ---------------------------------------------------------------------------


def test_demo_dashboards(client, demo):
    client.login(username="werkkamerlid-haaglanden", password=PASSWORD)
    page = client.get(reverse("reporting:dashboard", args=["haaglanden"])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # The 710 and 690 sector targets with their latest levels (stock: 2016-K4), and the total.
    # The plan ended on 31-12-2016 (issue 9): final statuses beside the nulmeting.
    baseline = "nulmeting 01-01-2013: 0"
    assert "Dit plan is afgelopen op 31-12-2016." in text
    market = f"Banen (Banenafspraak) (marktsector) (stand) 710 {baseline} 652 91,8 % niet gehaald"
    assert market in text
    government = (
        f"Banen (Banenafspraak) (overheidssector) (stand) 690 {baseline} 701 101,6 % gehaald"
    )
    assert government in text
    assert f"Banen (Banenafspraak) (stand) 1.400 {baseline} 1.353 96,6 % niet gehaald" in text
    assert "2016-K4 31-12-2016 1.353 1.400" in text  # the chart's table
    # No budget in this plan: only the realisation charts, the total's and each sector's.
    assert len(svgs(page)) == 3
    assert "Dit plan heeft geen begroting." in text

    client.login(username="secretaris-midden-gelderland", password=PASSWORD)
    page = client.get(reverse("reporting:dashboard", args=["midden-gelderland"])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Matches 415 376 90,6 % niet gehaald" in text  # ended on 31-12-2020
    # Planned, spent (the demo's illustrative half-year bookings) and remaining per year.
    assert "2019 € 1.000.000 € 863.240 € 0 € 136.760 86,3 % 100,0 % geen signaal" in text
    assert "2020 € 1.000.000 € 927.360 € 0 € 72.640 92,7 % 100,0 % geen signaal" in text
    # Behind, now the plan has ended: De Ontmoeting (138 of 165) and the app project (14 of
    # 25) did not make it (issue 9: niet gehaald instead of risico and achter).
    assert "De Ontmoeting (lijn) Matches 165 138 afgelopen niet gehaald" in text
    app = "Digitale ontsluiting vraag en aanbod (lijn De Ontmoeting) Matches 25 14 afgelopen"
    assert f"{app} niet gehaald" in text
    # A Werkkamer member of Midden-Gelderland does not read Haaglanden's dashboard.
    assert client.get(reverse("reporting:dashboard", args=["haaglanden"])).status_code == 403
