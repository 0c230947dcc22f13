"""realised_per_lineage (one pass, a window) and counted_to_date (a NOT EXISTS per row) say
the one rule of realised to date twice, for speed: they must agree on every plan of the demo
and at every date, and on the cases the rule is made of."""

from datetime import date

import pytest
from django.db.models import Max, Q, Sum

from placements.models import Realisation
from placements.selectors.counted import LineageSums, counted_to_date, realised_per_lineage
from programmes.choices import Sector
from programmes.models import ActionPlan, Indicator, Target
from tests.factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


def by_the_rule(plans, as_of) -> dict[int, LineageSums]:
    return {
        row["target__lineage_id"]: LineageSums(
            row["total"], row["markt"], row["overheid"], row["as_of"]
        )
        for row in counted_to_date(plans=plans, as_of=as_of)
        .values("target__lineage_id")
        .annotate(
            total=Sum("count"),
            markt=Sum("count", filter=Q(sector=Sector.MARKT)),
            overheid=Sum("count", filter=Q(sector=Sector.OVERHEID)),
            as_of=Max("period__end_date"),
        )
        .order_by()
    }


def lineages_of(plans) -> list[int]:
    return list(Target.objects.filter(plan__in=plans).values_list("lineage_id", flat=True))


@pytest.mark.parametrize(
    "as_of", [None, date(2015, 6, 30), date(2016, 3, 31), date(2019, 12, 31), date(2021, 12, 15)]
)
def test_one_pass_agrees_with_the_rule_on_every_demo_plan(demo, as_of):
    checked = 0
    for plan in ActionPlan.objects.all():
        expected = by_the_rule([plan.pk], as_of)
        assert realised_per_lineage(lineages=lineages_of([plan.pk]), as_of=as_of) == expected
        checked += len(expected)
    if as_of is None:
        assert checked >= 9  # every demo lineage with realisations was read


def test_a_stock_counts_each_breakdowns_latest_level_and_a_flow_every_period():
    plan = PlanFactory(period_length=ActionPlan.PeriodLength.KWARTAAL)
    periods = list(plan.periods.order_by("start_date"))
    stock = Indicator.objects.create(
        code="t-banen",
        name="Banen",
        kind=Indicator.Kind.BANEN,
        measure=Indicator.Measure.STOCK,
        baseline_date=date(2013, 1, 1),
    )
    flow = Indicator.objects.create(code="t-matches", name="Matches", kind=Indicator.Kind.MATCHES)
    jobs = TargetFactory(plan=plan, indicator=stock, value=100)
    matches = TargetFactory(plan=plan, indicator=flow, value=100)
    # K4 not reported yet; overheid reported K1 and K2 only.
    for period, markt, overheid in zip(periods[:3], [10, 20, 30], [5, 7, None], strict=True):
        Realisation.objects.create(target=jobs, period=period, count=markt, sector="markt")
        if overheid is not None:
            Realisation.objects.create(
                target=jobs, period=period, count=overheid, sector="overheid"
            )
        Realisation.objects.create(target=matches, period=period, count=markt, source="UWV")
        Realisation.objects.create(target=matches, period=period, count=1, source="WSP")
    sums = realised_per_lineage(lineages=[jobs.lineage_id, matches.lineage_id])
    # markt's latest level (30, K3) and overheid's (7, K2: it kept its level).
    assert sums[jobs.lineage_id] == LineageSums(37, 30, 7, periods[2].end_date)
    # Every period of a flow, every source: 10 + 20 + 30 + 3 × 1.
    assert sums[matches.lineage_id] == LineageSums(63, None, None, periods[2].end_date)
    at_k1 = realised_per_lineage(lineages=[jobs.lineage_id], as_of=periods[0].end_date)
    assert at_k1[jobs.lineage_id] == LineageSums(15, 10, 5, periods[0].end_date)
    for as_of in (None, periods[0].end_date, periods[1].end_date):
        assert realised_per_lineage(
            lineages=[jobs.lineage_id, matches.lineage_id], as_of=as_of
        ) == by_the_rule([plan.pk], as_of)


def test_no_lineages_no_sums(db):
    assert realised_per_lineage(lineages=[]) == {}
