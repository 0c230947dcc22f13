"""What a target brings to progress and to the charts alike: a stock's baseline and the
prognoses as spans, for placements.progress."""

from datetime import date

from programmes.models import Indicator, Target

from ..progress import PrognosisSpan
from .counted import FLOW


def stock_baseline(indicator: Indicator) -> date | None:
    """The nulmeting a stock indicator grows from, where its level was 0 (None for a flow):
    what progress counts from, and what the dashboard and the report show and chart."""
    return indicator.baseline_date if indicator.measure != FLOW else None


def prognosis_spans(target: Target) -> list[PrognosisSpan]:
    """The target's prognoses (prefetched, in date order) for placements.progress."""
    return [
        PrognosisSpan(start=p.start_date, end=p.end_date, value=p.value)
        for p in target.prognoses.all()
    ]
