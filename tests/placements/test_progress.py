"""Progress per target: the arithmetic of placements.progress (expected to date, status,
forecast, roll-up), and placements.selectors.progress.plan_progress on data built here: a flow sums
its periods, a stock takes its latest level, lines and plans add up their parts, and the
query count does not grow with the number of targets and periods."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from placements.progress import (
    PrognosisSpan,
    Progress,
    Status,
    Thresholds,
    combine,
    expected_by,
    forecast_for,
    progress_for,
    status_for,
)
from placements.selectors.progress import plan_progress, prognoses_with_realisation
from programmes.choices import Sector
from programmes.models import ActionPlan, PlanLine, Project
from programmes.services import periods_sync

# Fixtures programme, matches and jobs come from tests/placements/progress_world.py.
from tests.factories import PlanFactory, TargetFactory
from tests.placements.progress_world import BASELINE, record

DEFAULT = Thresholds()  # 90 / 70

RUNNING_ON = date(2019, 12, 30)


@pytest.fixture(autouse=True)
def the_plans_still_run(monkeypatch):
    """These tests judge the course of a plan while it runs (the thresholds): read on a day
    before the end of their 2019 plans, not today, when every one of them has ended and
    reads gehaald or niet gehaald (tested in test_ended.py)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: RUNNING_ON)


# --- the arithmetic (placements.progress) ----------------------------------------------------


def test_expected_pro_rata_over_the_targets_period():
    # Ten days, 100 to reach: 30 by the end of the third day.
    span = {"value": 100, "start": date(2021, 4, 1), "end": date(2021, 4, 10)}
    assert expected_by(**span, as_of=date(2021, 4, 3)) == 30
    assert expected_by(**span, as_of=date(2021, 3, 31)) == 0  # not started
    assert expected_by(**span, as_of=date(2021, 4, 10)) == 100
    assert expected_by(**span, as_of=date(2022, 1, 1)) == 100  # after the end: all of it


def test_expected_rounds_half_up():
    # 5 × 1 / 2 = 2,5 → 3
    assert (
        expected_by(value=5, start=date(2021, 1, 1), end=date(2021, 1, 2), as_of=date(2021, 1, 1))
        == 3
    )


def test_expected_by_prognose_for_a_flow():
    # SPT Drenthe: 40 in year 1 (10 months), 90 in year 2. After year 1, 40 are expected,
    # not the 59 that pro rata over the whole 130 would give.
    prognoses = [
        PrognosisSpan(date(2017, 9, 1), date(2018, 6, 30), 40),
        PrognosisSpan(date(2018, 7, 1), date(2019, 6, 30), 90),
    ]
    span = {"value": 130, "start": date(2017, 9, 1), "end": date(2019, 6, 30)}
    assert expected_by(**span, as_of=date(2018, 6, 30), prognoses=prognoses) == 40
    assert expected_by(**span, as_of=date(2018, 6, 30)) == 59  # pro rata, for contrast
    # Halfway year 2 (183 of 365 days): 40 + 90 × 183 / 365 = 85,1.
    assert expected_by(**span, as_of=date(2018, 12, 30), prognoses=prognoses) == 85
    assert expected_by(**span, as_of=date(2019, 6, 30), prognoses=prognoses) == 130


def test_expected_of_a_stock_grows_from_its_baseline():
    # Haaglanden market: 710 extra jobs by the end of 2016 above the nulmeting of 1-1-2013.
    # At the end of 2015, 1.095 of the 1.461 days have passed: 532 are expected, not the
    # 355 that growth from the target's own start (1-1-2015) would give.
    span = {"value": 710, "start": date(2015, 1, 1), "end": date(2016, 12, 31)}
    assert expected_by(**span, as_of=date(2015, 12, 31), origin=BASELINE) == 532
    assert expected_by(**span, as_of=date(2015, 12, 31)) == 355


def test_stock_prognoses_are_levels_not_added_up():
    prognoses = [
        PrognosisSpan(date(2015, 1, 1), date(2015, 12, 31), 300),
        PrognosisSpan(date(2016, 1, 1), date(2016, 12, 31), 710),
    ]
    span = {"value": 710, "start": date(2015, 1, 1), "end": date(2016, 12, 31)}
    stock = {**span, "origin": BASELINE, "prognoses": prognoses, "cumulative": True}
    assert expected_by(**stock, as_of=date(2015, 12, 31)) == 300
    assert expected_by(**stock, as_of=date(2016, 12, 31)) == 710  # not 300 + 710
    # Halfway 2016 (182 of 366 days): 300 + 410 × 182 / 366 = 503,9.
    assert expected_by(**stock, as_of=date(2016, 6, 30)) == 504


def test_first_stock_prognose_grows_from_the_baseline_not_from_zero_at_its_start():
    # The level at the start of the first prognose is not 0: the jobs since the nulmeting
    # count. Halfway 2015: 300 × 911 / 1.095 days since 1-1-2013 = 249,6.
    prognoses = [PrognosisSpan(date(2015, 1, 1), date(2015, 12, 31), 300)]
    expected = expected_by(
        value=300,
        start=date(2015, 1, 1),
        end=date(2015, 12, 31),
        as_of=date(2015, 6, 30),
        origin=BASELINE,
        prognoses=prognoses,
        cumulative=True,
    )
    assert expected == 250


@pytest.mark.parametrize(
    ("realised", "status"),
    [
        (120, Status.OP_KOERS),
        (90, Status.OP_KOERS),  # exactly 90 % of expected: on course
        (89, Status.RISICO),
        (70, Status.RISICO),  # exactly 70 %: at risk, not behind
        (69, Status.ACHTER),
        (0, Status.ACHTER),
    ],
)
def test_status_thresholds_at_the_boundaries(realised, status):
    assert status_for(realised=realised, expected=100, thresholds=DEFAULT) == status


def test_status_thresholds_are_the_programmes():
    strict = Thresholds(on_course_from=95, at_risk_from=80)
    assert status_for(realised=94, expected=100, thresholds=strict) == Status.RISICO
    assert status_for(realised=79, expected=100, thresholds=strict) == Status.ACHTER


def test_nothing_expected_yet_is_on_course():
    assert status_for(realised=0, expected=0, thresholds=DEFAULT) == Status.OP_KOERS


def test_status_labels_in_dutch():
    assert [str(status.label) for status in Status] == [
        "op koers",
        "risico",
        "achter",
        "geen gegevens",
        "gehaald",
        "niet gehaald",
    ]


def test_forecast_carries_the_pace_on_to_the_end():
    # 30 after a quarter of 100 days: 120 at the end.
    start, end = date(2021, 1, 1), date(2021, 4, 10)
    assert forecast_for(realised=30, start=start, end=end, as_of=date(2021, 1, 25)) == 120
    assert forecast_for(realised=30, start=start, end=end, as_of=end) == 30
    assert forecast_for(realised=30, start=start, end=end, as_of=date(2022, 1, 1)) == 30


def test_progress_of_a_flow():
    progress = progress_for(
        value=100,
        start=date(2021, 1, 1),
        end=date(2021, 4, 10),
        realised=20,
        as_of=date(2021, 1, 25),
        thresholds=DEFAULT,
    )
    assert (progress.expected, progress.forecast, progress.status) == (25, 80, Status.RISICO)
    assert progress.percentage == Decimal("20.0")
    assert progress.is_behind


def test_progress_of_a_stock_measures_from_the_baseline():
    # 478 market jobs at the end of 2015 against 532 expected: 89,8 %, at risk; the pace since
    # the nulmeting gives 638 at the end of 2016.
    progress = progress_for(
        value=710,
        start=date(2015, 1, 1),
        end=date(2016, 12, 31),
        realised=478,
        as_of=date(2015, 12, 31),
        thresholds=DEFAULT,
        stock_origin=BASELINE,
    )
    assert (progress.expected, progress.forecast, progress.status) == (532, 638, Status.RISICO)


def test_progress_as_of_after_the_end_is_judged_at_the_end():
    progress = progress_for(
        value=50,
        start=date(2019, 1, 1),
        end=date(2020, 12, 31),
        realised=41,
        as_of=date(2021, 3, 31),
        thresholds=DEFAULT,
    )
    assert progress.as_of == date(2020, 12, 31)
    assert (progress.expected, progress.forecast) == (50, 41)
    assert progress.status == Status.RISICO  # 82 %


def test_no_data_is_no_status():
    progress = progress_for(
        value=50,
        start=date(2019, 1, 1),
        end=date(2020, 12, 31),
        realised=None,
        as_of=None,
        thresholds=DEFAULT,
    )
    assert progress.status == Status.GEEN_GEGEVENS
    assert progress.percentage is None
    assert (progress.realised, progress.expected, progress.forecast) == (None, None, None)
    assert not progress.is_behind


@pytest.mark.parametrize(
    ("realised", "target", "percentage"),
    [(161, 350, Decimal("46.0")), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")), (5, 0, None)],
)
def test_percentage_has_one_decimal(realised, target, percentage):
    progress = Progress(target, realised, target, realised, date(2016, 12, 31), Status.OP_KOERS)
    assert progress.percentage == percentage


def test_combine_adds_up_the_parts():
    day = date(2020, 6, 30)
    parts = [
        Progress(50, 20, 25, 40, day, Status.ACHTER),
        Progress(90, 40, 45, 80, date(2020, 3, 31), Status.OP_KOERS),
        Progress(25, None, None, None, None, Status.GEEN_GEGEVENS),
    ]
    line = combine(parts, DEFAULT)
    # The target counts every part; realised, expected and forecast the parts that reported.
    assert (line.target, line.realised, line.expected, line.forecast) == (165, 60, 70, 120)
    assert line.as_of == day
    assert line.status == Status.RISICO  # 60 of 70 expected: 85,7 %


def test_combine_without_any_data():
    parts = [Progress(50, None, None, None, None, Status.GEEN_GEGEVENS)] * 2
    line = combine(parts, DEFAULT)
    assert (line.target, line.realised, line.status) == (100, None, Status.GEEN_GEGEVENS)
    assert combine([], DEFAULT).target == 0


# --- plan_progress on data built here ---------------------------------------------------------


def test_flow_sums_its_periods(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=100)
    record(target, [10, 20, 30, 15])
    progress = plan_progress(plan=plan).for_target(target.pk)
    assert progress.realised == 75
    assert progress.as_of == date(2019, 12, 31)
    assert progress.expected == 100
    assert progress.status == Status.RISICO  # 75 %


def test_stock_takes_its_latest_level_not_the_sum(programme, jobs):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=jobs, value=100)
    record(target, [40, 55, 70, 90])
    progress = plan_progress(plan=plan).for_target(target.pk)
    assert progress.realised == 90
    assert sum([40, 55, 70, 90]) == 255 != progress.realised  # summing levels would be wrong
    assert progress.status == Status.OP_KOERS


def test_flow_and_stock_with_the_same_counts(programme, matches, jobs):
    plan = PlanFactory(region=None, programme=programme)
    flow = TargetFactory(plan=plan, indicator=matches, value=200)
    stock = TargetFactory(plan=plan, indicator=jobs, value=200)
    record(flow, [40, 55, 70, 90])
    record(stock, [40, 55, 70, 90])
    result = plan_progress(plan=plan)
    assert result.for_target(flow.pk).realised == 255
    assert result.for_target(stock.pk).realised == 90
    assert result.plan_row("t-matches").progress.realised == 255
    assert result.plan_row("t-banen").progress.realised == 90


def test_stock_level_of_a_quarter_not_reported_again_is_kept(programme, jobs):
    # A stock's latest level is the last one reported: a quarter without a report does not
    # drop the target to nothing.
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=jobs, value=100)
    record(target, [40, 55, None, None])
    progress = plan_progress(plan=plan).for_target(target.pk)
    assert (progress.realised, progress.as_of) == (55, date(2019, 6, 30))


def test_stock_per_sector(programme, jobs):
    # Like Haaglanden: a stated total, and a target per sector with its own levels.
    plan = PlanFactory(region=None, programme=programme)
    total = TargetFactory(plan=plan, indicator=jobs, value=200)
    market = TargetFactory(plan=plan, indicator=jobs, value=110, sector=Sector.MARKT)
    government = TargetFactory(plan=plan, indicator=jobs, value=90, sector=Sector.OVERHEID)
    record(market, [30, 50, 70, 100], sector=Sector.MARKT)
    record(government, [20, 40, 50, 60], sector=Sector.OVERHEID)
    result = plan_progress(plan=plan)
    assert result.for_target(market.pk).realised == 100
    assert result.for_target(government.pk).realised == 60
    assert result.for_target(total.pk).realised == 160  # the two latest levels
    assert result.plan_row("t-banen", Sector.MARKT).progress.status == Status.OP_KOERS
    assert result.plan_row("t-banen", Sector.OVERHEID).progress.status == Status.ACHTER  # 60/90
    assert result.plan_row("t-banen").progress.percentage == Decimal("80.0")


def test_stock_per_sector_on_one_target_when_a_sector_reports_late(programme, jobs):
    # One target for both sectors (like Gooi en Vechtstreek): the government's last level
    # still counts when only the market has reported the latest quarter.
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=jobs, value=200)
    record(target, [30, 50, 70, 100], sector=Sector.MARKT)
    record(target, [20, 40, 60, None], sector=Sector.OVERHEID)
    progress = plan_progress(plan=plan).for_target(target.pk)
    assert progress.realised == 160  # 100 market (K4) + 60 government (K3)
    assert progress.as_of == date(2019, 12, 31)


def test_flow_sources_add_up(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=100)
    record(target, [10, 10], source="UWV")
    record(target, [5, None, 5], source="WSP")
    assert plan_progress(plan=plan).for_target(target.pk).realised == 30


def test_as_of_cuts_off_later_periods(programme, matches, jobs):
    plan = PlanFactory(region=None, programme=programme)
    flow = TargetFactory(plan=plan, indicator=matches, value=100)
    stock = TargetFactory(plan=plan, indicator=jobs, value=100)
    record(flow, [10, 20, 30, 15])
    record(stock, [40, 55, 70, 90])
    result = plan_progress(plan=plan, as_of=date(2019, 6, 30))
    assert result.as_of == date(2019, 6, 30)
    assert result.for_target(flow.pk).realised == 30  # K1 + K2
    assert result.for_target(stock.pk).realised == 55  # the level at the end of K2
    assert result.for_target(flow.pk).as_of == date(2019, 6, 30)
    # A date inside a quarter counts the quarters that ended by then.
    assert plan_progress(plan=plan, as_of=date(2019, 8, 15)).for_target(flow.pk).realised == 30
    assert plan_progress(plan=plan, as_of=date(2019, 3, 30)).for_target(flow.pk).realised is None


def test_flow_expected_by_prognose(programme, matches):
    # Like the carrousel: 45 a year; after one year 45 are expected, whatever the target.
    plan = PlanFactory(region=None, programme=programme, end_date=date(2020, 12, 31))
    target = TargetFactory(plan=plan, indicator=matches, value=90)
    target.prognoses.create(
        label="2019", start_date=date(2019, 1, 1), end_date=date(2019, 12, 31), value=60
    )
    target.prognoses.create(
        label="2020", start_date=date(2020, 1, 1), end_date=date(2020, 12, 31), value=30
    )
    record(target, [10, 10, 10, 10])
    progress = plan_progress(plan=plan).for_target(target.pk)
    assert (progress.realised, progress.expected) == (40, 60)  # pro rata would be 45
    assert progress.status == Status.ACHTER  # 40 of 60: 66,7 %


@pytest.fixture
def structure(programme, matches):
    """A plan with two lines: "Zonder doel" states no target of its own (its projects have 10
    and 20), "Met doel" states 100 while its one project has 40."""
    plan = PlanFactory(region=None, programme=programme)
    without = PlanLine.objects.create(plan=plan, title="Zonder doel", position=1)
    with_own = PlanLine.objects.create(plan=plan, title="Met doel", position=2)
    projects = {
        title: Project.objects.create(line=line, title=title, position=position)
        for position, (line, title) in enumerate(
            [(without, "A"), (without, "B"), (with_own, "C")], start=1
        )
    }
    targets = {
        "A": TargetFactory(plan=plan, indicator=matches, value=10, project=projects["A"]),
        "B": TargetFactory(plan=plan, indicator=matches, value=20, project=projects["B"]),
        "C": TargetFactory(plan=plan, indicator=matches, value=40, project=projects["C"]),
        "Met doel": TargetFactory(plan=plan, indicator=matches, value=100, line=with_own),
    }
    record(targets["A"], [2, 2, 2, 3])  # 9
    record(targets["B"], [1, 2, 3])  # 6, K4 not reported
    record(targets["C"], [10, 10, 10, 20])  # 50
    return {"plan": plan, "lines": {"without": without, "with": with_own}, "targets": targets}


def test_line_without_target_is_the_sum_of_its_projects(structure):
    result = plan_progress(plan=structure["plan"])
    (row,) = result.lines[structure["lines"]["without"].pk]
    assert row.target is None
    assert (row.progress.target, row.progress.realised) == (30, 15)
    # A expects 10 by the end of the year, B 15 by the end of K3 (its last report): 15 of 25.
    assert (row.progress.expected, row.progress.status) == (25, Status.ACHTER)


def test_line_with_its_own_target_uses_it(structure):
    result = plan_progress(plan=structure["plan"])
    (row,) = result.lines[structure["lines"]["with"].pk]
    assert row.target == structure["targets"]["Met doel"]
    assert (row.progress.target, row.progress.realised) == (100, 50)  # not 40
    assert row.progress.status == Status.ACHTER


def test_plan_without_target_adds_up_its_lines(structure):
    row = plan_progress(plan=structure["plan"]).plan_row("t-matches")
    assert row.target is None
    assert (row.progress.target, row.progress.realised) == (130, 65)  # 30 + 100; 15 + 50


def test_plan_with_its_own_target_uses_it(structure, matches):
    own = TargetFactory(plan=structure["plan"], indicator=matches, value=150)
    row = plan_progress(plan=structure["plan"]).plan_row("t-matches")
    assert row.target == own
    assert (row.progress.target, row.progress.realised) == (150, 65)
    assert row.progress.percentage == Decimal("43.3")


def test_behind_lists_the_targets_at_risk_or_behind(structure):
    result = plan_progress(plan=structure["plan"])
    behind = {row.target.pk for row in result.behind}
    targets = structure["targets"]
    # A: 9 of 10 (op koers); B: 6 of 20 (achter); C: 50 of 40; the line: 50 of 100.
    assert behind == {targets["B"].pk, targets["Met doel"].pk}


def test_plan_without_targets(programme):
    result = plan_progress(plan=PlanFactory(region=None, programme=programme))
    assert (result.targets, result.plan, dict(result.lines)) == ([], [], {})
    assert result.thresholds == DEFAULT


def test_thresholds_come_from_the_programme(programme, matches):
    programme.on_course_from, programme.at_risk_from = 75, 50
    programme.save()
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=100)
    record(target, [20, 20, 20, 20])
    assert plan_progress(plan=plan).for_target(target.pk).status == Status.OP_KOERS  # 80 %


def _grown_plan(programme, indicators, *, lines, projects, periods, title):
    """`lines` lines with `projects` projects each, one target per project and indicator,
    and a realisation in every one of `periods` months, plus a prognose per target."""
    plan = ActionPlan.objects.create(
        programme=programme,
        title=title,
        start_date=date(2019, 1, 1),
        end_date=date(2019, periods, 28),
        period_length=ActionPlan.PeriodLength.MAAND,
    )
    periods_sync(plan=plan)
    for line_number in range(lines):
        line = PlanLine.objects.create(plan=plan, title=f"Lijn {line_number}")
        for project_number in range(projects):
            project = Project.objects.create(line=line, title=f"Project {project_number}")
            for indicator in indicators:
                target = TargetFactory(plan=plan, indicator=indicator, value=50, project=project)
                target.prognoses.create(
                    start_date=plan.start_date, end_date=plan.end_date, value=40
                )
                record(target, [3] * periods)
    assert plan.periods.count() == periods
    return plan


def test_query_count_does_not_grow(programme, matches, jobs, django_assert_num_queries):
    small = _grown_plan(programme, [matches], lines=1, projects=3, periods=4, title="Klein")
    large = _grown_plan(programme, [matches, jobs], lines=3, projects=5, periods=8, title="Groot")
    assert small.targets.count() == 3
    assert large.targets.count() == 30
    with django_assert_num_queries(3):
        small_result = plan_progress(plan=small)
    with django_assert_num_queries(3):
        large_result = plan_progress(plan=large)
    # Reading the result runs no further queries.
    with django_assert_num_queries(0):
        assert small_result.plan_row("t-matches").progress.realised == 3 * 3 * 4
        assert large_result.plan_row("t-matches").progress.realised == 15 * 3 * 8
        assert large_result.plan_row("t-banen").progress.realised == 15 * 3
        assert all(row.progress.status for row in large_result.targets)
        assert len(large_result.lines) == 3


# --- prognose against realisation --------------------------------------------------------------


def test_prognoses_with_realisation_of_a_flow_sums_each_span(programme, matches):
    plan = PlanFactory(region=None, programme=programme, end_date=date(2020, 12, 31))
    target = TargetFactory(plan=plan, indicator=matches, value=90)
    for year in (2019, 2020):
        target.prognoses.create(
            label=str(year), start_date=date(year, 1, 1), end_date=date(year, 12, 31), value=45
        )
    record(target, [4, 7, 11, 14, 12, 6, 13, 16])
    rows = list(prognoses_with_realisation(target=target))
    assert [(row.label, row.value, row.realised) for row in rows] == [
        ("2019", 45, 36),
        ("2020", 45, 47),
    ]


def test_prognoses_with_realisation_of_a_stock_takes_each_spans_last_level(programme, jobs):
    plan = PlanFactory(region=None, programme=programme, end_date=date(2020, 12, 31))
    target = TargetFactory(plan=plan, indicator=jobs, value=300)
    for year, value in ((2019, 150), (2020, 300)):
        target.prognoses.create(
            label=str(year), start_date=date(year, 1, 1), end_date=date(year, 12, 31), value=value
        )
    record(target, [50, 60, 70, 80, 90, 100, 110, 120], sector=Sector.MARKT)
    # The government sector has not reported the last quarter of 2020: its K3 level counts.
    record(target, [10, 20, 30, 40, 50, 60, 70, None], sector=Sector.OVERHEID)
    rows = list(prognoses_with_realisation(target=target))
    assert [(row.label, row.value, row.realised) for row in rows] == [
        ("2019", 150, 120),  # 80 + 40 at the end of 2019
        ("2020", 300, 190),  # 120 (K4) + 70 (K3)
    ]


def test_prognoses_with_realisation_without_realisations(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=10)
    target.prognoses.create(start_date=plan.start_date, end_date=plan.end_date, value=10)
    (row,) = prognoses_with_realisation(plan=plan)
    assert (row.value, row.realised) == (10, None)


def test_status_labels_in_both_languages():
    """ "risico" as a status is "at risk" in English; as a plan's risk it stays "risk"."""
    with translation.override("en"):
        assert str(Status.RISICO.label) == "at risk"
        assert str(Status.OP_KOERS.label) == "on track"
    with translation.override("nl"):
        assert str(Status.RISICO.label) == "risico"


def test_grid_and_import_share_one_rule_for_where_counts_go(programme, jobs):
    """A plan's market target above a line target without sector adds up that line: the
    grid and the import both leave it out, so no job is counted twice."""
    from placements.imports.plan_index import PlanIndex
    from placements.rules import leaf_targets

    plan = PlanFactory(region=None, programme=programme)
    line = PlanLine.objects.create(plan=plan, title="Werkgeversdienstverlening")
    market = TargetFactory(plan=plan, indicator=jobs, value=70, sector=Sector.MARKT)
    on_line = TargetFactory(plan=plan, indicator=jobs, value=50, line=line)
    targets = [market, on_line]
    assert leaf_targets(targets) == [on_line]
    assert PlanIndex(plan).leaf_targets() == [on_line]
