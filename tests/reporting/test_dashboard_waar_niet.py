""" "Waar niet?" on the dashboard (issue 9): each sector's status and chart beside the total,
a stock's nulmeting beside its target and drawn in its chart, and Komende activiteiten that
lists what is still to come, with what is overdue marked te laat."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.choices import Sector
from programmes.models import Activity, Indicator
from tests.factories import DashboardPlanFactory, RegionFactory, TargetFactory, UserFactory

from .dashboard_helpers import (
    PASSWORD,
    Role,
    matches,
    record,
)

pytestmark = pytest.mark.django_db

BASELINE = date(2013, 1, 1)


@pytest.fixture
def region():
    return RegionFactory(code="AM92", name="Sectorregio")


@pytest.fixture
def member(region):
    return UserFactory(username="werkkamerlid-sector", role=(region, Role.WERKKAMERLID))


def dashboard(client, region, user) -> str:
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("reporting:dashboard", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def text_of(page: str, element: str, element_id: str) -> str:
    match = re.search(rf'<{element}[^>]*id="{element_id}".*?</{element}>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0))).strip()


@pytest.fixture
def jobs():
    return Indicator.objects.create(
        code="sector-banen",
        name="Banen",
        kind="banen",
        measure=Indicator.Measure.STOCK,
        baseline_date=BASELINE,
        breakdown=Indicator.Breakdown.SECTOR,
    )


@pytest.fixture
def sector_plan(region, jobs):
    """A 2019 plan of 100 jobs = 60 market + 40 government: the market stops at 45, the
    government reaches 55, so the total (100) is gehaald while the market is not."""
    plan = DashboardPlanFactory(region=region)
    TargetFactory(plan=plan, value=100, indicator=jobs)
    market = TargetFactory(plan=plan, value=60, indicator=jobs)
    market.sector = Sector.MARKT
    market.save()
    government = TargetFactory(plan=plan, value=40, indicator=jobs)
    government.sector = Sector.OVERHEID
    government.save()
    record(market, [10, 20, 30, 45], sector=Sector.MARKT)
    record(government, [15, 30, 45, 55], sector=Sector.OVERHEID)
    return plan


def test_each_sector_has_its_status_and_chart(client, region, member, sector_plan, jobs):
    page = dashboard(client, region, member)
    plan, key = sector_plan.pk, jobs.pk
    total = text_of(page, "tr", f"plan-{plan}-row-{key}-totaal")
    market = text_of(page, "tr", f"plan-{plan}-row-{key}-markt")
    government = text_of(page, "tr", f"plan-{plan}-row-{key}-overheid")
    # The total made it; the market did not: that is where the board should look.
    assert "100 nulmeting 01-01-2013: 0 100 100,0 % gehaald" in total
    assert "(marktsector)" in market and "60 nulmeting 01-01-2013: 0 45 75,0 % niet gehaald" in (
        market
    )
    assert "40 nulmeting 01-01-2013: 0 55 137,5 % gehaald" in government
    # In colour and in words, like every status.
    (market_html,) = re.findall(rf'<tr id="plan-{plan}-row-{key}-markt".*?</tr>', page, re.S)
    assert 'class="progress-status progress-status--niet_gehaald">niet gehaald<' in market_html
    # A chart for the total and for each sector, each with its status in words.
    for sector, caption in (
        ("totaal", "Banen: 100 van 100 (100,0 %), gehaald"),
        ("markt", "Banen (marktsector): 45 van 60 (75,0 %), niet gehaald"),
        ("overheid", "Banen (overheidssector): 55 van 40 (137,5 %), gehaald"),
    ):
        figure = re.search(
            rf'<figure[^>]*id="plan-{plan}-chart-{key}-{sector}".*?</figure>', page, re.S
        )
        assert figure, sector
        assert "<svg" in figure.group(0)
        figure_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", figure.group(0)))
        assert caption in figure_text
        assert "nulmeting 01-01-2013: 0" in figure_text


def test_the_nulmeting_is_drawn_as_the_charts_first_point(client, region, member, sector_plan):
    page = dashboard(client, region, member)
    chart = re.findall(r"<svg.*?</svg>", page, re.S)[0]
    assert "nulmeting 01-01-2013" in chart
    # Its place on the axis comes before the first quarter.
    assert chart.index("nulmeting 01-01-2013") < chart.index("2019-K1")


def test_a_flow_shows_no_nulmeting(client, region, member):
    plan = DashboardPlanFactory(region=region)
    record(TargetFactory(plan=plan, value=200, indicator=matches()), [10, 20, 30, 40])
    page = dashboard(client, region, member)
    assert "nulmeting" not in page


@pytest.fixture
def running_plan(region):
    """A plan running today, with activities: late, done, dropped, upcoming, undated."""
    today = timezone.localdate()
    plan = DashboardPlanFactory(
        region=region,
        title="Lopend plan",
        start_date=today - timedelta(days=200),
        end_date=today + timedelta(300),
    )

    def activity(description, due, status=Activity.Status.GEPLAND):
        Activity.objects.create(
            plan=plan, description=description, owner_role="WSP", due_date=due, status=status
        )

    activity("Te laat overleg", today - timedelta(days=10))
    activity("Klaar overleg", today - timedelta(days=20), Activity.Status.GEREED)
    activity("Klaar en later", today + timedelta(days=20), Activity.Status.GEREED)
    activity("Vervallen overleg", today + timedelta(days=5), Activity.Status.VERVALLEN)
    activity("Komend overleg", today + timedelta(days=30), Activity.Status.BEZIG)
    activity("Vandaag overleg", today)
    activity("Doorlopend overleg", None)
    return plan


def test_upcoming_activities_and_the_late_ones_marked(client, region, member, running_plan):
    page = dashboard(client, region, member)
    activities = text_of(page, "table", f"plan-{running_plan.pk}-activities")
    rows = re.findall(
        r"<tr[^>]*>.*?</tr>",
        re.search(rf'id="plan-{running_plan.pk}-activities".*?</table>', page, re.S).group(0),
        re.S,
    )
    late = [row for row in rows if "Te laat overleg" in row]
    assert late and "te laat" in late[0] and 'class="overdue-row"' in late[0]
    for upcoming in ("Komend overleg", "Vandaag overleg", "Doorlopend overleg"):
        (row,) = [row for row in rows if upcoming in row]
        assert "te laat" not in row, upcoming
    for absent in ("Klaar overleg", "Klaar en later", "Vervallen overleg"):
        assert absent not in activities
    # The late one first, then what is coming by date (the undated one by the plan's end).
    order = [
        activities.index(text)
        for text in ("Te laat overleg", "Vandaag overleg", "Komend overleg", "Doorlopend")
    ]
    assert order == sorted(order)


def test_an_old_plans_activities_are_late_not_upcoming(client, region, member):
    """Haaglanden's 2015–2016 plan names its activities "2015–2016", without a date: by the
    plan's end they were due, so today they are te laat, never komend."""
    old = DashboardPlanFactory(
        region=region, title="Plan 2015", start_date=date(2015, 1, 1), end_date=date(2016, 12, 31)
    )
    Activity.objects.create(plan=old, description="Werkgeverscommunicatie", owner_role="RWB")
    Activity.objects.create(
        plan=old,
        description="Pilot afgerond",
        owner_role="RWB",
        due_date=date(2015, 6, 1),
        status=Activity.Status.GEREED,
    )
    page = dashboard(client, region, member)
    activities = text_of(page, "table", f"plan-{old.pk}-activities")
    assert "Werkgeverscommunicatie RWB – te laat" in activities
    assert "Pilot afgerond" not in activities
    assert "Dit plan is afgelopen op 31-12-2016." in page
