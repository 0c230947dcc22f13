"""The realisations that count: for a plan version (counted_for), and towards realised to
date (counted_to_date, and summed per lineage in one pass: realised_per_lineage). Every reader
of placements reads realisations through these."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Window,
)

from programmes.choices import Sector
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
    target group): every period of a flow, only the latest level of a stock. The charts sum
    it once per period end (series.plans_series); progress sums the same rule per lineage in
    one pass (realised_per_lineage, below): change the two together."""
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


@dataclass(frozen=True)
class LineageSums:
    """Realised to date of one lineage: in total and per sector (None: nothing reported),
    and the end of the latest period it counts (its peildatum)."""

    total: int | None
    markt: int | None
    overheid: int | None
    as_of: date | None

    def __getitem__(self, name: str) -> int | None:
        # "total", or a sector's value: what a target with that sector is judged on.
        return getattr(self, name)


def realised_per_lineage(*, lineages, as_of: date | None = None) -> dict[int, LineageSums]:
    """Realised to date of each of `lineages` (the lineage ids of a plan version's targets:
    what counted_for counts for it), summed in one query and one pass over the rows: total,
    markt, overheid and the latest period end counted. The same rule as
    counts_to_date, said with a window instead of a NOT EXISTS per row (which at national
    scale cost an index probe per realisation): a flow counts every period, a stock the
    rows whose period ends on the latest end of their breakdown (lineage, sector, target
    group). Periods after `as_of` are left out before the latest is taken, as
    counts_to_date(as_of) leaves them out. Given as ids (which progress has read with the
    targets), the lineages are found by their index rather than by a join over all targets."""
    rows = Realisation.objects.filter(target__lineage__in=lineages)
    if as_of is not None:
        rows = rows.filter(period__end_date__lte=as_of)
    counted = rows.annotate(
        counted_lineage=F("target__lineage_id"),
        counted_end=F("period__end_date"),
        counted_flow=ExpressionWrapper(
            Q(target__indicator__measure=FLOW), output_field=BooleanField()
        ),
        counted_latest=Window(
            Max("period__end_date"),
            partition_by=[F("target__lineage_id"), F("sector"), F("target_group")],
        ),
    ).values("counted_lineage", "sector", "count", "counted_end", "counted_flow", "counted_latest")
    try:
        inner, params = counted.order_by().query.sql_with_params()
    except EmptyResultSet:  # no lineages
        return {}
    # The ORM aggregates before it filters on a window, so the sum over the window's rows is
    # said in SQL around the ORM's query (which keeps the joins and the rule's filters).
    sql = f"""
        SELECT counted_lineage,
               SUM("count"),
               SUM("count") FILTER (WHERE sector = %s),
               SUM("count") FILTER (WHERE sector = %s),
               MAX(counted_end)
        FROM ({inner}) AS counted
        WHERE counted_flow OR counted_end = counted_latest
        GROUP BY counted_lineage"""
    with connections[counted.db].cursor() as cursor:
        cursor.execute(sql, (Sector.MARKT, Sector.OVERHEID, *params))
        return {
            lineage: LineageSums(total, markt, overheid, sql_date(latest))
            for lineage, total, markt, overheid, latest in cursor.fetchall()
        }


def sql_date(value) -> date | None:
    """A date read by raw SQL: PostgreSQL gives a date, SQLite (the embedded default) the
    text it stores ("2016-12-31"), which the ORM would have converted but raw SQL does not."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
