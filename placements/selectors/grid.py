"""The entry grid: a plan's leaf targets (placements.rules) × its reporting periods, with the
counts typed in the grid and imported, and the totals computed by the database."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from programmes.choices import Sector, TargetGroup
from programmes.models import Indicator, ReportingPeriod, Target

from ..rules import leaf_targets
from .counted import FLOW, counted_for, counted_to_date

GRID_SOURCE = ""  # realisations typed in the grid have no source


def cell_key(target_id: int, period_id: int, sector: str = "", target_group: str = "") -> str:
    """A cell's name in forms and element ids: sector and group values hold no hyphen."""
    return f"{target_id}-{period_id}-{sector}-{target_group}"


def row_key(target_id: int, sector: str = "", target_group: str = "") -> str:
    return f"{target_id}-{sector}-{target_group}"


@dataclass
class GridCell:
    period: ReportingPeriod
    key: str
    in_target_period: bool
    count: int | None = None  # typed in the grid (source "")
    others: list[tuple[str, int]] = field(default_factory=list)  # imported: (source, count)


@dataclass
class GridRow:
    target: Target
    sector: str
    target_group: str
    cells: list[GridCell] = field(default_factory=list)
    total: int | None = None  # all sources: a flow's sum, a stock's latest level

    @property
    def key(self) -> str:
        return row_key(self.target.pk, self.sector, self.target_group)

    @property
    def breakdown_label(self) -> str:
        if self.target_group:
            group = TargetGroup(self.target_group).label
            return f"{Sector(self.sector).label}, {group}" if self.sector else str(group)
        return str(Sector(self.sector).label) if self.sector else ""


@dataclass
class GridGroup:
    """The rows of one indicator, with their totals per period and in all."""

    indicator: Indicator
    rows: list[GridRow] = field(default_factory=list)
    period_totals: list[int | None] = field(default_factory=list)
    total: int | None = None

    @property
    def is_stock(self) -> bool:
        return self.indicator.measure != FLOW


@dataclass
class Grid:
    periods: list
    groups: list[GridGroup]
    counts: dict[tuple, int]  # (target_id, period_id, sector, target_group) → grid count
    others: dict[tuple, dict[str, int]]  # the same key → {source: count} of imports
    targets: dict[int, Target]

    @property
    def rows(self) -> list[GridRow]:
        return [row for group in self.groups for row in group.rows]

    def cell(self, key: str) -> tuple[GridRow, GridCell] | None:
        for row in self.rows:
            for cell in row.cells:
                if cell.key == key:
                    return row, cell
        return None


def _breakdowns(target: Target) -> list[tuple[str, str]]:
    """(sector, target group) of a target's rows in the grid."""
    breakdown = target.indicator.breakdown
    if target.sector:
        sectors = [target.sector]
    elif breakdown == Indicator.Breakdown.SECTOR:
        sectors = list(Sector.values)
    else:
        sectors = [""]
    groups = list(TargetGroup.values) if breakdown == Indicator.Breakdown.TARGET_GROUP else [""]
    return [(sector, group) for sector in sectors for group in groups]


def grid_for(*, plan) -> Grid:
    """The entry grid of a plan: its leaf targets (per sector or target group where the
    indicator asks for it) × its reporting periods, with the counts typed in the grid, the
    counts imported from other sources, and the totals per row, period and indicator
    (computed by the database; a stock's row total is its latest level, not a sum).
    Four queries, whatever the number of targets, periods and realisations."""
    periods = list(plan.periods.select_related("closed_by").order_by("start_date"))
    all_targets = list(
        plan.targets.select_related("indicator", "line", "project").order_by(
            "indicator__name",
            "indicator_id",
            "line__position",
            "line_id",
            "project__position",
            "project_id",
            "sector",
        )
    )
    targets = leaf_targets(all_targets)
    # A cell holds the realisations of the target's lineage (counted_for), whichever
    # version recorded them, in the period of the same start date.
    by_lineage = {target.lineage_id: target for target in targets}
    period_at = {period.start_date: period for period in periods}
    recorded = counted_for(plans=[plan.pk]).filter(target__lineage__in=list(by_lineage))

    counts: dict[tuple, int] = {}
    others: dict[tuple, dict[str, int]] = defaultdict(dict)
    recorded_breakdowns: dict[int, set[tuple[str, str]]] = defaultdict(set)
    period_totals: dict[tuple, int] = defaultdict(int)
    for lineage_id, start_date, sector, group, source, number in recorded.values_list(
        "target__lineage_id", "period__start_date", "sector", "target_group", "source", "count"
    ).order_by("source"):
        target, period = by_lineage[lineage_id], period_at.get(start_date)
        recorded_breakdowns[target.pk].add((sector, group))
        if period is None:
            continue  # outside this version's periods: counted in the totals only
        key = (target.pk, period.pk, sector, group)
        period_totals[(target.indicator_id, period.pk)] += number
        if source == GRID_SOURCE:
            counts[key] = number
        else:
            others[key][source] = number

    # A stock counts its latest level per row; a flow every period.
    counted = counted_to_date(plans=[plan.pk]).filter(target__lineage__in=list(by_lineage))
    row_totals: dict[tuple, int] = {}
    indicator_totals: dict[int, int] = defaultdict(int)
    for row in (
        counted.values("target__lineage_id", "sector", "target_group")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        target = by_lineage[row["target__lineage_id"]]
        row_totals[(target.pk, row["sector"], row["target_group"])] = row["total"]
        indicator_totals[target.indicator_id] += row["total"]

    groups: dict[int, GridGroup] = {}
    for target in targets:
        group = groups.get(target.indicator_id)
        if group is None:
            group = groups[target.indicator_id] = GridGroup(
                target.indicator,
                period_totals=[
                    period_totals.get((target.indicator_id, period.pk)) for period in periods
                ],
                total=indicator_totals.get(target.indicator_id),
            )
        breakdowns = _breakdowns(target)
        # Counts recorded under a breakdown the grid would not offer (an import without
        # sector, say) still get a row, so nothing recorded is hidden.
        breakdowns += sorted(recorded_breakdowns[target.pk] - set(breakdowns))
        # Per cell only dictionary look-ups: a grid has thousands of cells.
        columns = [
            (
                period,
                period.pk,
                period.end_date >= target.start_date and period.start_date <= target.end_date,
            )
            for period in periods
        ]
        for sector, target_group in breakdowns:
            total = row_totals.get((target.pk, sector, target_group))
            row = GridRow(target, sector, target_group, total=total)
            for period, period_id, offered in columns:
                key = (target.pk, period_id, sector, target_group)
                imported = others.get(key)
                row.cells.append(
                    GridCell(
                        period=period,
                        key=cell_key(*key),
                        in_target_period=offered,
                        count=counts.get(key),
                        others=sorted(imported.items()) if imported else [],
                    )
                )
            group.rows.append(row)
    return Grid(
        periods=periods,
        groups=list(groups.values()),
        counts=counts,
        others=dict(others),
        targets={target.pk: target for target in targets},
    )
