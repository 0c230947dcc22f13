"""Ended plans read as ended (issue 9): once the reference date (today, or a report's as_of)
reaches the end of a target's period, its status is final, gehaald (realised ≥ target) or
niet gehaald, with the final figure in place of expected and forecast. Before the end the
thresholds judge the course as they always did."""

from datetime import date

import pytest

from placements.progress import (
    BEHIND,
    Progress,
    Status,
    Thresholds,
    combine,
    has_ended,
    progress_for,
)
from placements.selectors.progress import plan_progress
from programmes.choices import Sector

# Fixtures programme, matches and jobs come from tests/placements/progress_world.py.
from tests.factories import PlanFactory, TargetFactory
from tests.placements.progress_world import BASELINE, record

DEFAULT = Thresholds()  # 90 / 70
START, END = date(2019, 1, 1), date(2019, 12, 31)


def read(realised, reference, *, value=100, as_of=END, **extra) -> Progress:
    return progress_for(
        value=value,
        start=START,
        end=END,
        realised=realised,
        as_of=as_of,
        thresholds=DEFAULT,
        reference=reference,
        **extra,
    )


def test_a_period_has_ended_on_its_last_day_and_after():
    assert not has_ended(END, date(2019, 12, 30))
    assert has_ended(END, END)  # a report as of the last day is the final report
    assert has_ended(END, date(2026, 12, 1))
    assert not has_ended(END, None)


@pytest.mark.parametrize("reference", [END, date(2020, 1, 1), date(2026, 12, 1)])
def test_at_and_after_the_end_the_status_is_final(reference):
    short = read(75, reference)
    assert (short.status, short.percentage, short.ended) == (Status.NIET_GEHAALD, 75, True)
    # The whole target was due; the final figure takes the forecast's place.
    assert (short.expected, short.forecast) == (100, 75)
    assert read(100, reference).status == Status.GEHAALD  # exactly 100 %: gehaald
    assert read(130, reference).status == Status.GEHAALD
    assert read(99, reference).status == Status.NIET_GEHAALD


def test_before_the_end_the_thresholds_stay():
    day = date(2019, 12, 30)
    assert read(95, day).status == Status.OP_KOERS
    assert read(75, day).status == Status.RISICO
    assert read(50, day).status == Status.ACHTER
    assert not read(50, day).ended
    # Half-way through, on course at half the target: not yet gehaald or niet gehaald.
    halfway = read(50, date(2019, 7, 2), as_of=date(2019, 7, 2))
    assert (halfway.status, halfway.ended) == (Status.OP_KOERS, False)
    # Without a reference date, only the course is judged (as before issue 9).
    assert read(75, None).status == Status.RISICO


def test_an_ended_target_without_realisations_has_no_figures():
    nothing = read(None, date(2020, 1, 1), as_of=None)
    assert (nothing.status, nothing.ended) == (Status.GEEN_GEGEVENS, True)


def test_niet_gehaald_is_where_the_werkkamer_looks_gehaald_is_not():
    assert {Status.RISICO, Status.ACHTER, Status.NIET_GEHAALD} == BEHIND
    assert read(75, END).is_behind
    assert not read(100, END).is_behind


def test_a_roll_up_ends_when_all_its_parts_have():
    ended = [read(60, END, value=100), read(50, END, value=40)]
    line = combine(ended, DEFAULT)
    assert (line.target, line.realised, line.status, line.ended) == (
        140,
        110,
        Status.NIET_GEHAALD,
        True,
    )
    assert combine([read(100, END), read(40, END, value=40)], DEFAULT).status == Status.GEHAALD
    # One part still running: the sum is judged by the thresholds, the ended part counting
    # its whole target as expected.
    running = progress_for(
        value=100,
        start=START,
        end=date(2020, 12, 31),
        realised=50,
        as_of=END,
        thresholds=DEFAULT,
        reference=END,
    )
    mixed = combine([read(100, END), running], DEFAULT)
    assert not mixed.ended
    assert mixed.status in {Status.OP_KOERS, Status.RISICO, Status.ACHTER}


# --- plan_progress: today, or a report's as_of ------------------------------------------------


def test_plan_progress_reads_on_today_or_the_reports_date(programme, matches):
    plan = PlanFactory(region=None, programme=programme)
    target = TargetFactory(plan=plan, indicator=matches, value=100)
    record(target, [10, 20, 30, 15])  # 75 of 100 by 31-12-2019

    def status(**when):
        return plan_progress(plan=plan, **when).for_target(target.pk).status

    assert status(today=date(2019, 12, 30)) == Status.RISICO  # 75 %, before the end
    assert status(today=END) == Status.NIET_GEHAALD
    assert status() == Status.NIET_GEHAALD  # today, long after 2019
    # A report as of its period's end: the last quarter's report is final, an earlier one
    # is not, whatever today is.
    assert status(as_of=END) == Status.NIET_GEHAALD
    assert status(as_of=date(2019, 9, 30)) == Status.RISICO  # 60 of 75 expected: 80 %


def test_plan_progress_per_sector_after_the_end(programme, jobs):
    plan = PlanFactory(region=None, programme=programme)
    market = TargetFactory(plan=plan, indicator=jobs, value=50, sector=Sector.MARKT)
    government = TargetFactory(plan=plan, indicator=jobs, value=30, sector=Sector.OVERHEID)
    record(market, [10, 20, 30, 45], sector=Sector.MARKT)  # a stock: the level, 45
    record(government, [10, 20, 30, 31], sector=Sector.OVERHEID)
    result = plan_progress(plan=plan, today=date(2020, 1, 15))
    assert result.for_target(market.pk).status == Status.NIET_GEHAALD
    assert result.for_target(government.pk).status == Status.GEHAALD
    assert [row.target.pk for row in result.behind] == [market.pk]
    # The baseline stays the stock's origin while it runs.
    running = plan_progress(plan=plan, today=date(2019, 12, 30)).for_target(market.pk)
    assert running.status == Status.OP_KOERS  # 45 of 50 expected: 90 %
    assert jobs.baseline_date == BASELINE
