"""placements.selectors.series.plans_series: realisation over time per plan-level indicator,
with the target path. A flow runs up, a stock shows its level, the last point equals
plan_progress, and the query count does not grow with plans, targets, periods or realisations."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.selectors.progress import plan_progress, plans_progress
from placements.selectors.series import plans_series
from programmes.choices import Sector
from programmes.models import ActionPlan, Indicator, PlanLine, Project

# Fixtures programme, matches and jobs come from tests/placements/progress_world.py.
from tests.factories import PlanFactory, TargetFactory
from tests.placements.progress_world import record
from tests.programmes.helpers import HAAGLANDEN, MIDDEN_GELDERLAND, plan

pytestmark = pytest.mark.django_db


def realised(points):
    return [point.realised_to_date for point in points]


def expected(points):
    return [point.expected_to_date for point in points]


def test_flow_runs_up_and_stops_at_the_peildatum(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=100)
    record(target, [10, None, 15])
    record(target, [5], source="WSP")  # two sources in one period add up
    points = plans_series(plans=[plan])[plan.pk][(matches.pk, "")]
    assert [point.period_code for point in points] == ["2019-K1", "2019-K2", "2019-K3", "2019-K4"]
    assert realised(points) == [15, 15, 30, None]
    # Pro rata over the year: 90/365, 181/365, 273/365, all.
    assert expected(points) == [25, 50, 75, 100]
    assert points[-1].end_date == date(2019, 12, 31)


def test_stock_shows_its_level_per_sector_and_keeps_a_late_sectors_level(programme, jobs):
    plan = PlanFactory(region=None, programme=programme)
    total = TargetFactory(plan=plan, indicator=jobs, value=200)
    market = TargetFactory(plan=plan, indicator=jobs, value=110, sector=Sector.MARKT)
    government = TargetFactory(plan=plan, indicator=jobs, value=90, sector=Sector.OVERHEID)
    record(market, [30, 50, 70, 100], sector=Sector.MARKT)
    record(government, [20, 40, 50, None], sector=Sector.OVERHEID)
    series = plans_series(plans=[plan])[plan.pk]
    assert realised(series[(jobs.pk, Sector.MARKT)]) == [30, 50, 70, 100]
    assert realised(series[(jobs.pk, Sector.OVERHEID)]) == [20, 40, 50, 50]  # K3 level kept
    assert realised(series[(jobs.pk, "")]) == [50, 90, 120, 150]
    # The last point is what plan_progress says.
    progress = plan_progress(plan=plan)
    assert progress.for_target(total.pk).realised == 150
    # A stock's target path grows from the baseline (1-1-2013), so it starts high.
    assert expected(series[(jobs.pk, "")])[0] > 150
    assert expected(series[(jobs.pk, "")])[-1] == 200


def test_plan_without_own_target_adds_up_its_lines(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    line_a = PlanLine.objects.create(plan=plan, title="A", position=1)
    line_b = PlanLine.objects.create(plan=plan, title="B", position=2)
    project = Project.objects.create(line=line_b, title="B1")
    TargetFactory(plan=plan, indicator=matches, value=40, line=line_a)
    b1 = TargetFactory(plan=plan, indicator=matches, value=60, project=project)
    record(b1, [6, 6, 6, 6])
    points = plans_series(plans=[plan])[plan.pk][(matches.pk, "")]
    assert expected(points)[-1] == 100  # 40 (line A) + 60 (project of line B)
    assert realised(points) == [6, 12, 18, 24]
    assert plan_progress(plan=plan).plan_row("t-matches").progress.realised == 24


def test_as_of_cuts_off_later_periods(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=100)
    record(target, [10, 20, 30, 40])
    points = plans_series(plans=[plan], as_of=date(2019, 6, 30))[plan.pk][(matches.pk, "")]
    assert realised(points) == [10, 30, None, None]
    assert expected(points)[-1] == 100  # the target path still runs to the end


def test_nothing_reported_yet(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    TargetFactory(plan=plan, indicator=matches, value=100)
    points = plans_series(plans=[plan])[plan.pk][(matches.pk, "")]
    assert realised(points) == [None] * 4


def test_sector_never_reported_has_no_line(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=100)
    TargetFactory(plan=plan, indicator=matches, value=50, sector=Sector.OVERHEID)
    record(target, [10, 20], sector=Sector.MARKT)
    series = plans_series(plans=[plan])[plan.pk]
    assert realised(series[(matches.pk, Sector.OVERHEID)]) == [None] * 4
    assert realised(series[(matches.pk, "")]) == [10, 30, None, None]


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_query_count_does_not_grow(programme, matches, jobs):
    first = PlanFactory(region=None, programme=programme, title="Een")
    record(TargetFactory(plan=first, indicator=matches, value=100), [1, 2])
    plans = ActionPlan.objects.filter(programme=programme)
    few = count_queries(lambda: plans_series(plans=plans))
    for number in range(5):
        more = PlanFactory(
            region=None, programme=programme, start_date=date(2018, 1, 1), title=f"Plan {number}"
        )
        for line_number in range(3):
            line = PlanLine.objects.create(plan=more, title=f"L{line_number}")
            record(
                TargetFactory(plan=more, indicator=matches, value=10, line=line),
                [1, 2, 3, 4, 5, 6, 7],
            )
            record(
                TargetFactory(plan=more, indicator=jobs, value=10, line=line, sector="markt"),
                [1, 2, 3],
                sector="markt",
            )
    many = count_queries(lambda: plans_series(plans=plans))
    assert few == many == 4


def test_demo_haaglanden_levels_per_quarter(demo):
    haaglanden = plan(HAAGLANDEN)
    banen = Indicator.objects.get(code="banen")
    series = plans_series(plans=ActionPlan.objects.filter(pk=haaglanden.pk))[haaglanden.pk]
    market = series[(banen.pk, Sector.MARKT)]
    government = series[(banen.pk, Sector.OVERHEID)]
    both = series[(banen.pk, "")]
    assert [point.period_code for point in both][:2] == ["2015-K1", "2015-K2"]
    assert realised(market)[:8] == [372, 405, 441, 478, 517, 560, 604, 652]
    assert realised(government)[:8] == [360, 400, 445, 492, 545, 598, 650, 701]
    assert realised(both)[7] == 1353
    assert expected(market)[7] == 710 and expected(government)[7] == 690
    assert expected(both)[7] == 1400


def test_demo_midden_gelderland_runs_up_to_376_of_415(demo):
    midden = plan(MIDDEN_GELDERLAND)
    matches = Indicator.objects.get(code="matches")
    points = plans_series(plans=[midden])[midden.pk][(matches.pk, "")]
    assert realised(points)[:8] == [11, 38, 83, 143, 202, 229, 297, 376]
    assert all(value is None for value in realised(points)[8:])
    assert expected(points)[-1] == 415
    # The last realised point is the plan's progress.
    progress = plans_progress(plans=ActionPlan.objects.filter(pk=midden.pk))[midden.pk]
    assert progress.plan_row("matches").progress.realised == 376
