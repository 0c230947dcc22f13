"""The realisations that count: for a plan version (counted_for), and towards realised to
date (counted_to_date). Every reader of placements reads realisations through these two."""

from datetime import date

from django.db.models import Exists, OuterRef, Q

from programmes.models import Indicator, Target

from ..models import Realisation

FLOW = Indicator.Measure.FLOW


def counted_for(*, plans):
    """The realisations that count for a plan version, or for each of `plans` (ids or a
    queryset): the one rule every reader reads through (progress, grid, charts, import,
    reports, dashboard, overview).

    A realisation belongs to what is counted, not to one version's copy of a target: every
    copy of a target shares its lineage (programmes.TargetLineage), so a version counts the
    realisations of its targets' lineages, whichever version recorded them. A version's own
    target and period for a realisation are the target of the same lineage in that version
    and the period with the same start date (periods are matched by their dates)."""
    lineages = Target.objects.filter(plan__in=plans).values("lineage_id")
    return Realisation.objects.filter(target__lineage__in=lineages)


def counts_to_date(as_of: date | None = None) -> Q:
    """The one rule of realised to date, as a condition on a realisation: it counts at
    `as_of` (None: whatever is reported) when its period has ended by then and, for a stock,
    no later period up to `as_of` reported a level of the same breakdown (lineage, sector,
    target group): every period of a flow, only the latest level of a stock. Progress sums
    it once (counted_to_date), the charts once per period end (series.plans_series)."""
    # Latest per breakdown: a sector that has not reported the last period keeps its level.
    later = Realisation.objects.filter(
        target__lineage=OuterRef("target__lineage"),
        sector=OuterRef("sector"),
        target_group=OuterRef("target_group"),
        period__end_date__gt=OuterRef("period__end_date"),
    )
    condition = Q(target__indicator__measure=FLOW)
    if as_of is not None:
        later = later.filter(period__end_date__lte=as_of)
        return Q(period__end_date__lte=as_of) & (condition | Q(~Exists(later)))
    return condition | Q(~Exists(later))


def counted_to_date(*, plans, as_of: date | None = None):
    """Realisations that count towards "realised to date" at `as_of` (counts_to_date), for
    `plans` as counted_for takes them: what progress and the grid's totals sum."""
    return counted_for(plans=plans).filter(counts_to_date(as_of))
