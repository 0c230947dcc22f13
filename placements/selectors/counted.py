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


def counted_to_date(*, plans, as_of: date | None = None):
    """Realisations that count towards "realised to date": every period of a flow, only the
    latest reported period of a stock (its level), both up to `as_of`: what "realised to
    date" sums, for progress, the grid's totals and the charts. For `plans` as counted_for
    takes them."""
    rows = counted_for(plans=plans)
    if as_of is not None:
        rows = rows.filter(period__end_date__lte=as_of)
    # Latest per breakdown: a sector that has not reported the last period keeps its level.
    later = Realisation.objects.filter(
        target__lineage=OuterRef("target__lineage"),
        sector=OuterRef("sector"),
        target_group=OuterRef("target_group"),
        period__end_date__gt=OuterRef("period__end_date"),
    )
    if as_of is not None:
        later = later.filter(period__end_date__lte=as_of)
    return rows.filter(Q(target__indicator__measure=FLOW) | ~Exists(later))
