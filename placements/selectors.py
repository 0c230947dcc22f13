"""Reads for realisations: what was achieved per target and period, and progress against
target and prognose. Sums are computed by the database in a fixed number of queries,
whatever the number of targets, periods or realisations."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    When,
)
from django.utils import timezone

from programmes.choices import Sector, TargetGroup
from programmes.models import Indicator, Prognosis, ReportingPeriod, Target

from .models import Correction, Delivery, Realisation
from .progress import (
    PrognosisSpan,
    Progress,
    Thresholds,
    combine,
    expected_by,
    progress_for,
)
from .rules import leaf_targets

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


def _plans(plan, plans):
    return plans if plans is not None else [plan.pk]


def _counted(plan, as_of: date | None, plans=None):
    """Realisations that count towards "realised to date": every period of a flow, only the
    latest reported period of a stock (its level), both up to `as_of`. For one `plan`, or
    for a queryset of `plans` (counted_for)."""
    rows = counted_for(plans=_plans(plan, plans))
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


def _add(first: int | None, second: int | None) -> int | None:
    """Sums where None means "nothing reported" (not 0)."""
    if first is None:
        return second
    return first if second is None else first + second


def _sums_by(rows, targets) -> dict[str, dict[tuple, dict]]:
    """Realised per scope (project, line, plan) and indicator of `targets`: in total and per
    sector, with the latest period end. The database sums per lineage (one query, a row per
    target whatever the number of realisations); each lineage is then put where its target
    sits in each version, so a target moved to another line in a new version counts there."""
    per_lineage = {
        row["target__lineage_id"]: row
        for row in rows.values("target__lineage_id")
        .annotate(
            total=Sum("count"),
            markt=Sum("count", filter=Q(sector=Sector.MARKT)),
            overheid=Sum("count", filter=Q(sector=Sector.OVERHEID)),
            as_of=Max("period__end_date"),
        )
        .order_by()
    }
    sums: dict[str, dict[tuple, dict]] = {"project": {}, "line": {}, "plan": {}}
    for target in targets:
        row = per_lineage.get(target.lineage_id)
        if row is None:
            continue
        scopes = [("plan", target.plan_id)]
        if target.line_id:
            scopes.append(("line", target.line_id))
        if target.project_id:
            scopes.append(("project", target.project_id))
        for scope, scope_id in scopes:
            key = (scope_id, target.indicator_id)
            into = sums[scope].setdefault(
                key, {"total": None, "markt": None, "overheid": None, "as_of": None}
            )
            for name in ("total", "markt", "overheid"):
                into[name] = _add(into[name], row[name])
            into["as_of"] = max(filter(None, (into["as_of"], row["as_of"])), default=None)
    return sums


@dataclass
class TargetProgress:
    target: Target
    progress: Progress


@dataclass
class ScopeProgress:
    """Progress of a plan or line for one indicator and sector: its own target's, or the
    sum of its parts' when it states none."""

    indicator: Indicator
    sector: str
    progress: Progress
    target: Target | None = None  # the scope's own target, when it states one


@dataclass
class PlanProgress:
    as_of: date | None
    thresholds: Thresholds
    targets: list[TargetProgress] = field(default_factory=list)
    lines: dict[int, list[ScopeProgress]] = field(default_factory=lambda: defaultdict(list))
    plan: list[ScopeProgress] = field(default_factory=list)

    def for_target(self, target_id: int) -> Progress | None:
        return next((row.progress for row in self.targets if row.target.pk == target_id), None)

    def plan_row(self, indicator_code: str, sector: str = "") -> ScopeProgress | None:
        return next(
            (
                row
                for row in self.plan
                if row.indicator.code == indicator_code and row.sector == sector
            ),
            None,
        )

    @property
    def behind(self) -> list[TargetProgress]:
        """Targets at risk or behind: where the Werkkamer should look."""
        return [row for row in self.targets if row.progress.is_behind]


def stock_baseline(indicator: Indicator) -> date | None:
    """The nulmeting a stock indicator grows from, where its level was 0 (None for a flow):
    what progress counts from, and what the dashboard and the report show and chart."""
    return indicator.baseline_date if indicator.measure != FLOW else None


def _prognosis_spans(target: Target) -> list[PrognosisSpan]:
    """The target's prognoses (prefetched, in date order) for placements.progress."""
    return [PrognosisSpan(p.start_date, p.end_date, p.value) for p in target.prognoses.all()]


def _progress_of(target: Target, sums: dict, thresholds: Thresholds, reference) -> Progress:
    if target.project_id:
        key = (target.project_id, target.indicator_id)
    elif target.line_id:
        key = (target.line_id, target.indicator_id)
    else:
        key = (target.plan_id, target.indicator_id)
    row = sums.get(key)
    realised = row[target.sector or "total"] if row else None
    return progress_for(
        value=target.value,
        start=target.start_date,
        end=target.end_date,
        realised=realised,
        as_of=row["as_of"] if realised is not None else None,
        thresholds=thresholds,
        stock_origin=stock_baseline(target.indicator),
        prognoses=_prognosis_spans(target),
        reference=reference,
    )


def reference_date(as_of: date | None, today: date | None) -> date:
    """The date progress is read on: a report's as_of, else today. A target whose period has
    ended by then has a final status (placements.progress.has_ended)."""
    return as_of or today or timezone.localdate()


def plan_progress(*, plan, as_of: date | None = None, today: date | None = None) -> PlanProgress:
    """Progress of every target of a plan, rolled up to lines and the plan. A line or plan
    without a stated target of its own for an indicator takes the sum of its parts. Read on
    `as_of` (a report), else `today` (default: the local date): a target ended by then is
    gehaald or niet gehaald. Three queries, whatever the number of targets, periods and
    realisations."""
    reference = reference_date(as_of, today)
    return _progress(plans=None, plan=plan, as_of=as_of, reference=reference).get(
        plan.pk
    ) or PlanProgress(as_of=as_of, thresholds=_thresholds(plan.programme))


def plans_progress(
    *, plans, as_of: date | None = None, today: date | None = None
) -> dict[int, PlanProgress]:
    """plan_progress for a queryset of plans at once (a dashboard of all of a region's plans):
    the same three queries, whatever the number of plans."""
    reference = reference_date(as_of, today)
    return _progress(plans=plans, plan=None, as_of=as_of, reference=reference)


def _thresholds(programme) -> Thresholds:
    return Thresholds(programme.on_course_from, programme.at_risk_from)


def _progress(*, plans, plan, as_of, reference) -> dict[int, PlanProgress]:
    targets = list(
        (Target.objects.filter(plan__in=plans) if plans is not None else plan.targets.all())
        .select_related("indicator", "line", "project", "plan__programme")
        .prefetch_related(Prefetch("prognoses", queryset=Prognosis.objects.order_by("start_date")))
        .order_by(
            "plan_id",
            "line__position",
            "line_id",
            "project__position",
            "project_id",
            "indicator__name",
            "sector",
        )
    )
    # Project and line ids may be equal: each scope has its own table of sums.
    sums = _sums_by(_counted(plan, as_of, plans=plans), targets)
    results: dict[int, PlanProgress] = {}
    by_plan: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        by_plan[target.plan_id].append(target)
    for plan_id, plan_targets in by_plan.items():
        thresholds = _thresholds(plan_targets[0].plan.programme)
        results[plan_id] = _plan_result(plan_targets, sums, thresholds, as_of, reference)
    return results


def _plan_result(targets, sums, thresholds: Thresholds, as_of, reference) -> PlanProgress:
    result = PlanProgress(as_of=as_of, thresholds=thresholds)
    per_line: dict[int, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    plan_own: dict[tuple, TargetProgress] = {}
    for target in targets:
        scope = "project" if target.project_id else "line" if target.line_id else "plan"
        progress = _progress_of(target, sums[scope], thresholds, reference)
        row = TargetProgress(target, progress)
        result.targets.append(row)
        key = (target.indicator_id, target.sector)
        if scope == "plan":
            plan_own[key] = row
        else:
            per_line[target.line_id][key].append(row)

    indicators = {target.indicator_id: target.indicator for target in targets}
    per_plan: dict[tuple, list[Progress]] = defaultdict(list)
    for line_id, keys in per_line.items():
        for key, rows in keys.items():
            own = next((row for row in rows if not row.target.project_id), None)
            progress = own.progress if own else combine([row.progress for row in rows], thresholds)
            scope_row = ScopeProgress(
                indicators[key[0]], key[1], progress, own.target if own else None
            )
            result.lines[line_id].append(scope_row)
            per_plan[key].append(progress)
    for key in plan_own.keys() | per_plan.keys():
        own = plan_own.get(key)
        progress = own.progress if own else combine(per_plan[key], thresholds)
        result.plan.append(
            ScopeProgress(indicators[key[0]], key[1], progress, own.target if own else None)
        )
    result.plan.sort(key=lambda row: (row.indicator.name, row.sector))
    for rows in result.lines.values():
        rows.sort(key=lambda row: (row.indicator.name, row.sector))
    return result


def _realised_in_span(stock: bool):
    """Realised of the outer prognose's target within the prognose's period: the sum of a
    flow's periods, or a stock's level at the last period inside it, per breakdown (a
    correlated subquery)."""
    rows = Realisation.objects.filter(
        target__lineage=OuterRef("target__lineage"),
        period__start_date__gte=OuterRef("start_date"),
        period__end_date__lte=OuterRef("end_date"),
    )
    if stock:
        later = Realisation.objects.filter(
            target__lineage=OuterRef("target__lineage"),
            sector=OuterRef("sector"),
            target_group=OuterRef("target_group"),
            period__end_date__gt=OuterRef("period__end_date"),
            period__end_date__lte=OuterRef(OuterRef("end_date")),
        )
        rows = rows.filter(~Exists(later))
    return Subquery(
        rows.values("target__lineage").annotate(total=Sum("count")).values("total")[:1],
        output_field=IntegerField(),
    )


def prognoses_with_realisation(*, target=None, plan=None):
    """Each prognose (of one target, or of every target of a plan) with what was realised in
    that same sub-period: prognose against realisatie, as SPT Drenthe reports (one query)."""
    prognoses = Prognosis.objects.select_related(
        "target__indicator", "target__line", "target__project"
    )
    prognoses = prognoses.filter(target=target) if target else prognoses.filter(target__plan=plan)
    return prognoses.annotate(
        realised=Case(
            When(target__indicator__measure=FLOW, then=_realised_in_span(stock=False)),
            default=_realised_in_span(stock=True),
        )
    ).order_by("target__line__position", "target__project__position", "target_id", "start_date")


def realised_per_target(*, plan) -> dict[int, int]:
    """Realised to date per target of a plan, with flow and stock each counted rightly, the
    realisations of earlier versions included (one query)."""
    realised = Subquery(
        _counted(plan, None)
        .filter(target__lineage=OuterRef("lineage"))
        .values("target__lineage")
        .annotate(total=Sum("count"))
        .values("total")[:1],
        output_field=IntegerField(),
    )
    return dict(
        plan.targets.annotate(realised=realised)
        .filter(realised__isnull=False)
        .values_list("pk", "realised")
        .order_by()
    )


def realised_per_sector(*, plan) -> dict[str, int]:
    """Realised jobs per sector (marktsector/overheidssector) for a plan (one query)."""
    sums = _counted(plan, None).aggregate(
        markt=Sum("count", filter=Q(sector=Sector.MARKT)),
        overheid=Sum("count", filter=Q(sector=Sector.OVERHEID)),
        total=Sum("count"),
    )
    return {key: value or 0 for key, value in sums.items()}


def realisations_for(*, plan):
    """Every realisation that counts for the plan (counted_for), with the target and period
    it was recorded on (which may be an earlier version's)."""
    return (
        counted_for(plans=[plan.pk])
        .select_related(
            "target__indicator", "target__line", "target__project", "period", "recorded_by"
        )
        .order_by("target__lineage_id", "period__start_date")
    )


def corrections_for(*, plan):
    """Corrections in closed periods of the realisations that count for the plan, also
    those made in an earlier version, newest first, with the old and new value."""
    return Correction.objects.filter(realisation__in=counted_for(plans=[plan.pk])).select_related(
        "realisation__target__indicator",
        "realisation__target__line",
        "realisation__target__project",
        "realisation__period",
        "corrected_by",
    )


def deliveries_for(*, plan, limit: int = 20):
    """The plan's latest deliveries with who uploaded them (one query; the file's bytes are
    left in the database)."""
    return (
        Delivery.objects.filter(plan=plan)
        .select_related("uploaded_by")
        .defer("content", "results")
        .order_by("-uploaded_at", "-pk")[:limit]
    )


# The entry grid: leaf targets × reporting periods.

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
    counted = _counted(plan, None).filter(target__lineage__in=list(by_lineage))
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
        for sector, target_group in breakdowns:
            total = row_totals.get((target.pk, sector, target_group))
            row = GridRow(target, sector, target_group, total=total)
            for period in periods:
                key = (target.pk, period.pk, sector, target_group)
                row.cells.append(
                    GridCell(
                        period=period,
                        key=cell_key(*key),
                        in_target_period=period.end_date >= target.start_date
                        and period.start_date <= target.end_date,
                        count=counts.get(key),
                        others=sorted(others.get(key, {}).items()),
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


# Realisation over time: what the dashboard and the reports draw.


@dataclass(frozen=True)
class SeriesPoint:
    """One reporting period of a plan-level indicator (and sector): realised to date at the
    period's end against what the target asked for by then."""

    period_code: str
    end_date: date
    realised_to_date: int | None  # None: after the peildatum, or no level reported yet
    expected_to_date: int | None  # None: no target to measure against


def _expected_at(target: Target, when: date) -> int:
    """What `target` asks for by `when`, by the same rule as its progress (prognoses first,
    a stock from its baseline)."""
    stock_origin = stock_baseline(target.indicator)
    return expected_by(
        value=target.value,
        start=target.start_date,
        end=target.end_date,
        as_of=min(when, target.end_date),
        origin=stock_origin or target.start_date,
        prognoses=_prognosis_spans(target),
        cumulative=stock_origin is not None,
    )


def _measured_by(targets: list[Target], key: tuple[int, str]) -> list[Target]:
    """The targets a plan-level key is measured against, as plan_progress rolls them up: the
    plan's own target; else per line its own target, else that line's project targets."""
    matching = [t for t in targets if (t.indicator_id, t.sector) == key]
    own = [t for t in matching if t.line_id is None]
    if own:
        return own[:1]
    per_line: dict[int, list[Target]] = defaultdict(list)
    for target in matching:
        per_line[target.line_id].append(target)
    measured = []
    for line_targets in per_line.values():
        line_own = [t for t in line_targets if t.project_id is None]
        measured += line_own[:1] or line_targets
    return measured


def plans_series(*, plans, as_of: date | None = None) -> dict[int, dict[tuple, list]]:
    """Per plan, per plan-level (indicator id, sector) key, one SeriesPoint per reporting
    period of the plan: the chart of realisation over time with the target path.

    Realised to date follows plan_progress, so the last point equals the plan's progress:
    - a flow: the running sum of every period up to and including this one;
    - a stock: the level, added up over its breakdowns (target, sector, target group); each
      breakdown counts its latest level reported up to this period, so a sector that has not
      reported this quarter yet keeps its last level rather than dropping out;
    - a sector key counts that sector's realisations, the key without sector all of them;
    - periods after the peildatum (the latest period with a realisation of the indicator, up
      to `as_of`) have none, so the line stops where the reporting stops.
    Expected to date is the target path: the plan's own target for the key, else the sum of
    its lines' (a line's own target, else its projects'), by placements.progress.expected_by.

    Four queries, whatever the number of plans, targets, periods and realisations: targets,
    their prognoses, periods, and realisations summed per breakdown and period by the
    database."""
    targets = list(
        Target.objects.filter(plan__in=plans)
        .select_related("indicator")
        .prefetch_related(Prefetch("prognoses", queryset=Prognosis.objects.order_by("start_date")))
        .order_by("plan_id", "pk")
    )
    periods: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for plan_id, code, end_date in (
        ReportingPeriod.objects.filter(plan__in=plans)
        .order_by("plan_id", "start_date")
        .values_list("plan_id", "code", "end_date")
    ):
        periods[plan_id].append((code, end_date))
    rows = counted_for(plans=plans)
    if as_of is not None:
        rows = rows.filter(period__end_date__lte=as_of)
    # Per lineage, in period order: (period end, sector, target group, count of all sources);
    # every version's target of the lineage reads the same rows.
    per_lineage: dict[int, list[tuple[date, str, str, int]]] = defaultdict(list)
    for lineage_id, end_date, sector, target_group, total in (
        rows.values("target__lineage_id", "period__start_date", "sector", "target_group")
        .annotate(total=Sum("count"), end_date=Max("period__end_date"))
        .values_list("target__lineage_id", "end_date", "sector", "target_group", "total")
        .order_by("end_date")
    ):
        per_lineage[lineage_id].append((end_date, sector, target_group, total))
    reported = {target.pk: per_lineage.get(target.lineage_id, []) for target in targets}

    by_plan: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        by_plan[target.plan_id].append(target)
    result: dict[int, dict[tuple, list[SeriesPoint]]] = {}
    for plan_id, plan_targets in by_plan.items():
        series = result[plan_id] = {}
        for key in sorted({(t.indicator_id, t.sector) for t in plan_targets}):
            indicator_id, sector = key
            counted = [t for t in plan_targets if t.indicator_id == indicator_id]
            rows_of_indicator = sorted(
                (end, target.pk, row_sector, group, total)
                for target in counted
                for end, row_sector, group, total in reported[target.pk]
            )
            series[key] = _series(
                periods[plan_id],
                rows_of_indicator,
                sector=sector,
                stock=counted[0].indicator.measure != FLOW,
                measured=_measured_by(plan_targets, key),
            )
    return result


def _series(periods, rows, *, sector: str, stock: bool, measured) -> list[SeriesPoint]:
    """Walk the periods once, taking in the reported rows (sorted by period end) as they
    pass. `rows` are (period end, target id, sector, target group, count)."""
    # The peildatum is the indicator's, as in plan_progress; a sector never reported has none.
    reported = any(not sector or row[2] == sector for row in rows)
    peildatum = rows[-1][0] if reported else None
    position = 0
    latest: dict[tuple, int] = {}  # a stock's last level per breakdown so far
    running = 0  # a flow's sum so far
    points = []
    for code, end_date in periods:
        while position < len(rows) and rows[position][0] <= end_date:
            _end, target_id, row_sector, group, count = rows[position]
            position += 1
            if sector and row_sector != sector:
                continue
            running += count
            latest[(target_id, row_sector, group)] = count
        realised = None
        if peildatum is not None and end_date <= peildatum:
            if not stock:
                realised = running
            elif latest:
                realised = sum(latest.values())
        expected = sum(_expected_at(t, end_date) for t in measured) if measured else None
        points.append(SeriesPoint(code, end_date, realised, expected))
    return points
