"""A small world of plans, targets and realisations built in the test (no demo data), for the
progress and series tests: a programme, a flow (matches) and a stock (jobs) indicator."""

from datetime import date

import pytest

from placements.models import Realisation
from programmes.models import ActionPlan, Indicator, Programme, Target
from programmes.services import periods_sync

BASELINE = date(2013, 1, 1)


@pytest.fixture
def programme(db):
    return Programme.objects.create(code="test", name="Testprogramma")


@pytest.fixture
def matches(db):
    return Indicator.objects.create(code="t-matches", name="Matches", kind="matches")


@pytest.fixture
def jobs(db):
    return Indicator.objects.create(
        code="t-banen",
        name="Banen",
        kind="banen",
        measure=Indicator.Measure.STOCK,
        baseline_date=BASELINE,
        breakdown=Indicator.Breakdown.SECTOR,
    )


def make_plan(programme, start=date(2019, 1, 1), end=date(2019, 12, 31), title="Testplan"):
    plan = ActionPlan.objects.create(
        programme=programme, title=title, start_date=start, end_date=end
    )
    periods_sync(plan=plan)
    return plan


def make_target(plan, indicator, value, *, line=None, project=None, sector=""):
    return Target.objects.create(
        plan=plan,
        line=line or (project.line if project else None),
        project=project,
        indicator=indicator,
        sector=sector,
        value=value,
        start_date=plan.start_date,
        end_date=plan.end_date,
    )


def record(target, counts, *, sector="", source="UWV"):
    """Realisations per period in order: a None skips a period."""
    periods = list(target.plan.periods.order_by("start_date"))
    for period, count in zip(periods, counts, strict=False):
        if count is not None:
            Realisation.objects.create(
                target=target, period=period, count=count, sector=sector, source=source
            )
