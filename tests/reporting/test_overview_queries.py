"""The national overview runs a fixed number of queries whatever the number of regions,
plans, targets and realisations: pinned on the demo data, and equal after more regions
got plans and the demo's plan grew (tests/test_selector_queries.grow). Speed itself is
measured by `make bench`, not here."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import Realisation
from programmes.models import ActionPlan, Indicator, Programme
from regions.models import Region
from tests.factories import LineFactory, PlanFactory, ProjectFactory, TargetFactory
from tests.test_selector_queries import grow

pytestmark = pytest.mark.django_db

# Session, user, programme, active plans, targets, prognoses, the sums per lineage, the
# user's roles (8).
OVERVIEW_MAX = 12


def page_queries(client, code: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reporting:overview", args=[code]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def plans_in_more_regions(code: str, indicator: str, sector: str, regions: int = 5) -> list:
    """An adopted plan in `regions` more regions: a line with three projects, each with a
    target and a count for every quarter (sources add up for a flow)."""
    programme = Programme.objects.get(code=code)
    added = []
    for region in Region.objects.filter(action_plans__isnull=True).order_by("name")[:regions]:
        plan = PlanFactory(
            region=region,
            programme=programme,
            status=ActionPlan.Status.VASTGESTELD,
            start_date=date(2019, 1, 1),
            end_date=date(2019, 12, 31),
            period_length=ActionPlan.PeriodLength.KWARTAAL,
        )
        line = LineFactory(plan=plan, position=1)
        for position in range(3):
            project = ProjectFactory(line=line, position=position)
            target = TargetFactory(
                plan=plan,
                project=project,
                indicator=Indicator.objects.get(code=indicator),
                sector=sector,
                value=100,
            )
            for number, period in enumerate(plan.periods.order_by("start_date"), start=1):
                for source in ("UWV", "WSP"):
                    Realisation.objects.create(
                        target=target, period=period, count=number, sector=sector, source=source
                    )
        added.append(region.name)
    return added


@pytest.mark.parametrize(
    ("code", "slug", "indicator", "sector"),
    [
        ("pow", "midden-gelderland", "matches", ""),  # flows
        ("banenafspraak", "haaglanden", "banen", "markt"),  # a stock per sector
    ],
)
def test_overview_queries_are_pinned_and_do_not_grow(demo, client, code, slug, indicator, sector):
    client.force_login(get_user_model().objects.get(username=f"werkkamerlid-{slug}"))
    client.get(reverse("reporting:overview", args=[code]))  # warm the session
    before, _html = page_queries(client, code)
    for plan in ActionPlan.objects.filter(region__slug=slug, programme__code=code):
        grow(plan)
    added = plans_in_more_regions(code, indicator, sector)
    after, html = page_queries(client, code)
    assert before <= OVERVIEW_MAX
    assert after == before
    assert all(name in html for name in added)  # the grown data is on the page
