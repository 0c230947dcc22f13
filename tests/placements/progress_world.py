"""A small world for the progress and series tests, beside the demo data: a programme, a flow
(matches) and a stock (jobs) indicator; plans and targets come from tests/factories.py."""

from datetime import date

import pytest

from placements.models import Realisation
from programmes.models import Indicator, Programme

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


def record(target, counts, *, sector="", source="UWV"):
    """Realisations per period in order: a None skips a period."""
    periods = list(target.plan.periods.order_by("start_date"))
    for period, count in zip(periods, counts, strict=False):
        if count is not None:
            Realisation.objects.create(
                target=target, period=period, count=count, sector=sector, source=source
            )
