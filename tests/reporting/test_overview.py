"""The national overview: every region with an active plan and realisations side by side for
a programme, sortable, the user's own region marked in words; any signed-in user; a query
count that does not grow with the number of regions and plans."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import ActionPlan
from regions.permissions import can_view_overview
from reporting.selectors.dashboard import programme_overview
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
def regions():
    """Three regions with data (100/200 behind, 180/200 on course, 150/200 at risk), one with
    an adopted plan but nothing realised, one with no plan, and a national plan."""
    behind = RegionFactory(code="AM81", name="Achterhoek")
    full_plan(behind, title="Plan Achterhoek")  # 100 of 200 by the end of 2019
    on_course = RegionFactory(code="AM82", name="Brabant")
    record(
        TargetFactory(
            plan=DashboardPlanFactory(region=on_course, title="Plan Brabant"),
            value=200,
            indicator=matches(),
        ),
        [45, 45, 45, 45],
    )
    at_risk = RegionFactory(code="AM83", name="Drenthe")
    record(
        TargetFactory(
            plan=DashboardPlanFactory(region=at_risk, title="Plan Drenthe"),
            value=200,
            indicator=matches(),
        ),
        [30, 40, 40, 40],
    )
    silent = RegionFactory(code="AM84", name="Flevoland")
    TargetFactory(
        plan=DashboardPlanFactory(region=silent, title="Plan Flevoland"),
        value=300,
        indicator=matches(),
    )
    RegionFactory(code="AM85", name="Groningen")
    national = DashboardPlanFactory(region=None, title="Landelijk plan")
    record(TargetFactory(plan=national, value=1000, indicator=matches()), [900])
    return {"behind": behind, "on_course": on_course, "at_risk": at_risk}


def overview(client, user, query: str = "") -> str:
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("reporting:overview", args=["proef"]) + query)
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


def region_order(page: str) -> list[str]:
    return [row.split(" ")[0] for row in rows(page)]


def test_regions_with_data_side_by_side(client, regions):
    page = overview(client, UserFactory(username="iemand"))
    # Their 2019 plans have ended: each status is final (issue 9), none reached 200.
    assert rows(page) == [
        "Achterhoek 200 100 50,0 % niet gehaald 31-12-2019 Plan Achterhoek",
        "Brabant 200 180 90,0 % niet gehaald 31-12-2019 Plan Brabant",
        "Drenthe 200 150 75,0 % niet gehaald 31-12-2019 Plan Drenthe",
    ]
    # Nothing invented: no row for a region without realisations or without a plan, and the
    # national plan is no region.
    for absent in ("Flevoland", "Groningen", "Landelijk plan"):
        assert absent not in page


def test_a_regions_active_plans_add_up(regions):
    # Two adopted plans running side by side on 30-12-2019: one row, their figures added up.
    # (Read on their last day, 31-12-2019, they have ended: the status would be final.)
    second = DashboardPlanFactory(
        region=regions["on_course"], title="Tweede plan", start_date=date(2019, 7, 1)
    )
    record(TargetFactory(plan=second, value=100, indicator=matches()), [10, 20])
    (group,) = programme_overview(
        programme=ProgrammeFactory(code="proef"), today=date(2019, 12, 30)
    )
    brabant = next(row for row in group.rows if row.region == regions["on_course"])
    assert [plan.title for plan in brabant.plans] == ["Plan Brabant", "Tweede plan"]
    progress = brabant.progress
    assert (progress.target, progress.realised, progress.expected) == (300, 210, 300)
    assert str(progress.percentage) == "70.0"
    assert progress.status.label == "risico"
    # Today (long after 2019) only the most recent of them is the region's active plan.
    (group,) = programme_overview(programme=ProgrammeFactory(code="proef"))
    brabant = next(row for row in group.rows if row.region == regions["on_course"])
    assert [plan.title for plan in brabant.plans] == ["Tweede plan"]


def test_concept_plans_do_not_count(client, regions):
    concept = DashboardPlanFactory(
        region=regions["behind"],
        title="Concept",
        start_date=date(2020, 1, 1),
        end_date=date(2020, 12, 31),
    )
    concept.status = ActionPlan.Status.CONCEPT
    concept.save()
    record(TargetFactory(plan=concept, value=999, indicator=matches()), [5])
    # The visible text, not the markup: an element id such as "indicator-2999" is no figure.
    shown = re.sub(r"<[^>]+>", " ", overview(client, UserFactory(username="iemand")))
    assert "999" not in shown


@pytest.mark.parametrize(
    ("query", "order"),
    [
        ("", ["Achterhoek", "Brabant", "Drenthe"]),
        ("?sort=-regio", ["Drenthe", "Brabant", "Achterhoek"]),
        ("?sort=percentage", ["Achterhoek", "Drenthe", "Brabant"]),
        ("?sort=-percentage", ["Brabant", "Drenthe", "Achterhoek"]),
        ("?sort=gerealiseerd", ["Achterhoek", "Drenthe", "Brabant"]),
        # All niet gehaald (ended), then by percentage.
        ("?sort=status", ["Achterhoek", "Drenthe", "Brabant"]),
        ("?sort=onzin", ["Achterhoek", "Brabant", "Drenthe"]),  # unknown: by region
    ],
)
def test_sortable_by_column(client, regions, query, order):
    assert region_order(overview(client, UserFactory(username="iemand"), query)) == order


def test_sort_links_say_how_the_table_is_sorted(client, regions):
    page = overview(client, UserFactory(username="iemand"), "?sort=percentage")
    assert re.search(
        r'<th scope="col" class="numeric" aria-sort="ascending"><a href="\?sort=-percentage"', page
    )
    assert page.count("aria-sort=") == 1
    assert "gesorteerd op realisatie (oplopend)" in page
    page = overview(client, UserFactory(username="iemand2"), "?sort=-percentage")
    assert 'aria-sort="descending"><a href="?sort=percentage"' in page


def test_own_region_is_marked_in_words(client, regions):
    member = UserFactory(username="lid-drenthe", role=(regions["at_risk"], Role.WERKKAMERLID))
    page = overview(client, member)
    marked = [row for row in rows(page) if "(uw regio)" in row]
    assert marked == ["Drenthe (uw regio) 200 150 75,0 % niet gehaald 31-12-2019 Plan Drenthe"]
    assert page.count('class="own-region"') == 1
    # Only the own region links to its dashboard: the others would refuse this user.
    assert reverse("reporting:dashboard", args=["drenthe"]) in page
    assert reverse("reporting:dashboard", args=["brabant"]) not in page


def test_no_region_marked_for_a_user_without_roles(client, regions):
    page = overview(client, UserFactory(username="iemand"))
    assert "(uw regio)" not in page and 'class="own-region"' not in page


def test_any_signed_in_user_may_read_it_anonymous_may_not(client, regions):
    assert is_login_redirect(client.get(reverse("reporting:overview", args=["proef"])))
    assert is_login_redirect(client.get(reverse("reporting:overview-index")))
    user = UserFactory(username="iemand")
    assert can_view_overview(user)
    assert not can_view_overview(AnonymousUser())
    user.is_active = False
    assert not can_view_overview(user)


def test_index_lists_programmes_and_the_menu_links_it(client, regions):
    client.login(username=UserFactory(username="iemand").username, password=PASSWORD)
    page = client.get(reverse("reporting:overview-index")).content.decode()
    assert f'href="{reverse("reporting:overview", args=["proef"])}"' in page
    assert "Programma proef" in page
    assert f'href="{reverse("reporting:overview-index")}"' in page  # in the main menu


def test_unknown_programme_is_404(client):
    client.login(username=UserFactory(username="iemand").username, password=PASSWORD)
    assert client.get(reverse("reporting:overview", args=["bestaat-niet"])).status_code == 404


def test_programme_without_data(client):
    DashboardPlanFactory(region=RegionFactory(code="AM86", name="Leeg"), title="Zonder realisaties")
    page = overview(client, UserFactory(username="iemand"))
    assert "Nog geen regio met een actief plan en realisaties voor dit programma." in page


MAX_QUERIES = 10


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reporting:overview", args=["proef"])).status_code == 200
    return len(queries)


def test_query_count_is_pinned_and_does_not_grow(client, regions, django_assert_max_num_queries):
    member = UserFactory(username="lid-drenthe", role=(regions["at_risk"], Role.WERKKAMERLID))
    client.login(username=member.username, password=PASSWORD)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("reporting:overview", args=["proef"]))
    before = page_queries(client)
    for number in range(6):
        region = RegionFactory(code=f"AM7{number}", name=f"Extra regio {number}")
        full_plan(region, title=f"Extra {number}")
        second = DashboardPlanFactory(region=region, title=f"Tweede {number}")
        record(TargetFactory(plan=second, value=50, indicator=matches()), [5, 5, 5])
    assert len(rows(overview(client, member))) == 9
    after = page_queries(client)
    assert after == before <= MAX_QUERIES


def test_demo_overview(client, demo):
    client.login(username="werkkamerlid-gooi-en-vechtstreek", password=PASSWORD)
    page = client.get(reverse("reporting:overview", args=["banenafspraak"])).content.decode()
    assert rows(page) == [
        # Both plans ended on 31-12-2016: final statuses (issue 9). Beside them the official
        # figure of the sample file at its latest peildatum and our difference (issue 14).
        "Gooi en Vechtstreek (uw regio) 350 161 46,0 % niet gehaald 31-12-2016 "
        "174 31-12-2016 -7,5 % Afwijking groter dan 5,0 % "
        "Banenafspraak 2016 Gooi en Vechtstreek",
        "Haaglanden 1.400 1.353 96,6 % niet gehaald 31-12-2016 1.333 31-12-2016 +1,5 % "
        "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden",
    ]
    page = client.get(reverse("reporting:overview", args=["pow"])).content.decode()
    assert rows(page) == [
        "Midden-Gelderland 415 376 90,6 % niet gehaald 31-12-2020 "
        "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
    ]
