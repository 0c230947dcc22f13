"""Progress against target and prognose: what was realised to date per target, rolled up to
lines and the plan, with status and forecast (placements.progress). Sums are computed by the
database in a fixed number of queries, whatever the number of targets, periods or
realisations."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.utils import timezone

from programmes.choices import Sector
from programmes.models import Indicator, Prognosis, Target

from ..models import Realisation
from ..progress import Progress, Thresholds, combine, progress_for
from .counted import FLOW, LineageSums, counted_to_date, realised_per_lineage
from .series import SeriesPoint, series_of
from .targets import ScopeRef, TargetRow, prognosis_spans, stock_baseline, target_rows


class Scope(StrEnum):
    """Where a target sits, and so which sums it is judged on."""

    PLAN = "plan"
    LINE = "line"
    PROJECT = "project"


def _add(first: int | None, second: int | None) -> int | None:
    """Sums where None means "nothing reported" (not 0)."""
    if first is None:
        return second
    return first if second is None else first + second


def _sums_by(per_lineage: dict[int, LineageSums], targets) -> dict[Scope, dict[tuple, dict]]:
    """Realised per scope (project, line, plan) and indicator of `targets`: in total and per
    sector, with the latest period end. The database sums per lineage (realised_per_lineage:
    one query, a row per lineage whatever the number of realisations); each lineage is then
    put where its target sits in each version, so a target moved to another line in a new
    version counts there."""
    sums: dict[Scope, dict[tuple, dict]] = {scope: {} for scope in Scope}
    for target in targets:
        row = per_lineage.get(target.lineage_id)
        if row is None:
            continue
        scopes = [(Scope.PLAN, target.plan_id)]
        if target.line_id:
            scopes.append((Scope.LINE, target.line_id))
        if target.project_id:
            scopes.append((Scope.PROJECT, target.project_id))
        for scope, scope_id in scopes:
            key = (scope_id, target.indicator_id)
            into = sums[scope].get(key)
            if into is None:
                sums[scope][key] = {
                    "total": row.total,
                    "markt": row.markt,
                    "overheid": row.overheid,
                    "as_of": row.as_of,
                }
                continue
            for name in ("total", "markt", "overheid"):
                into[name] = _add(into[name], row[name])
            into["as_of"] = max(filter(None, (into["as_of"], row.as_of)), default=None)
    return sums


@dataclass
class TargetProgress:
    target: TargetRow  # the Target's fields as progress reads them (targets.target_rows)
    progress: Progress


@dataclass
class ScopeProgress:
    """Progress of a plan or line for one indicator and sector: its own target's, or the
    sum of its parts' when it states none."""

    indicator: Indicator
    sector: str
    progress: Progress
    target: TargetRow | None = None  # the scope's own target, when it states one


@dataclass
class ProjectProgress:
    project: ScopeRef  # the project's id and title
    rows: list[TargetProgress] = field(default_factory=list)


@dataclass
class LineProgress:
    """A line of the plan with its rows (its own target, or its projects added up, per
    indicator and sector) and its projects with theirs."""

    line: ScopeRef  # the line's id and title
    rows: list[ScopeProgress] = field(default_factory=list)
    projects: list[ProjectProgress] = field(default_factory=list)


@dataclass(frozen=True)
class BehindRow:
    """A line or project behind (Status.is_behind) for one indicator and sector."""

    line: ScopeRef
    project: ScopeRef | None  # None: the line itself
    indicator: Indicator
    sector: str
    progress: Progress

    @property
    def line_title(self) -> str:
        return self.line.title

    @property
    def project_title(self) -> str:
        return self.project.title if self.project is not None else ""


@dataclass
class PlanProgress:
    """The one progress result every reader reads (the progress page, the dashboard, the
    overview, the frozen report and through it the PDF and the spreadsheets): per target,
    per line and project (`tree`), for the plan, the peildatum, what is behind, and, when
    asked for, the charted series (plans_series, by the same rule of realised to date)."""

    as_of: date | None
    thresholds: Thresholds
    targets: list[TargetProgress] = field(default_factory=list)
    lines: dict[int, list[ScopeProgress]] = field(default_factory=lambda: defaultdict(list))
    plan: list[ScopeProgress] = field(default_factory=list)
    tree: list[LineProgress] = field(default_factory=list)  # in the plan's order
    series: dict[tuple, list[SeriesPoint]] = field(default_factory=dict)  # (indicator id, sector)

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

    def project_rows(self, project_id: int) -> list[TargetProgress]:
        return next(
            (
                project.rows
                for line in self.tree
                for project in line.projects
                if project.project.pk == project_id
            ),
            [],
        )

    @property
    def peildatum(self) -> date | None:
        """The end of the latest period with a realisation (placements.progress)."""
        return max((row.progress.as_of for row in self.targets if row.progress.as_of), default=None)

    @property
    def behind(self) -> list[TargetProgress]:
        """Targets at risk or behind: where the Werkkamer should look."""
        return [row for row in self.targets if row.progress.is_behind]

    @property
    def behind_scopes(self) -> list[BehindRow]:
        """Lines (their own target, or their projects added up) and projects behind, line by
        line: what the dashboard and the report list first."""
        rows = []
        for line in self.tree:
            rows += [
                BehindRow(line.line, None, row.indicator, row.sector, row.progress)
                for row in line.rows
                if row.progress.is_behind
            ]
            rows += [
                BehindRow(
                    line.line,
                    project.project,
                    row.target.indicator,
                    row.target.sector,
                    row.progress,
                )
                for project in line.projects
                for row in project.rows
                if row.progress.is_behind
            ]
        return rows


def _progress_of(target: TargetRow, sums: dict, thresholds: Thresholds, reference) -> Progress:
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
        as_of=row["as_of"] if row and realised is not None else None,
        thresholds=thresholds,
        stock_origin=stock_baseline(target.indicator),
        prognoses=prognosis_spans(target),
        reference=reference,
    )


def reference_date(as_of: date | None, today: date | None) -> date:
    """The date progress is read on: a report's as_of, else today. A target whose period has
    ended by then has a final status (placements.progress.has_ended)."""
    return as_of or today or timezone.localdate()


def plan_progress(
    *, plan, as_of: date | None = None, today: date | None = None, with_series: bool = False
) -> PlanProgress:
    """Progress of every target of a plan, rolled up to lines and the plan. A line or plan
    without a stated target of its own for an indicator takes the sum of its parts. Read on
    `as_of` (a report), else `today` (default: the local date): a target ended by then is
    gehaald or niet gehaald. Three queries, whatever the number of targets, periods and
    realisations; `with_series` adds the charted series (up to `as_of`) in two more."""
    reference = reference_date(as_of, today)
    return _progress(
        plans=None, plan=plan, as_of=as_of, reference=reference, with_series=with_series
    ).get(plan.pk) or PlanProgress(as_of=as_of, thresholds=_thresholds(plan.programme))


def plans_progress(
    *, plans, as_of: date | None = None, today: date | None = None, with_series: bool = False
) -> dict[int, PlanProgress]:
    """plan_progress for a queryset of plans at once (a dashboard of all of a region's plans):
    the same queries, whatever the number of plans."""
    reference = reference_date(as_of, today)
    return _progress(
        plans=plans, plan=None, as_of=as_of, reference=reference, with_series=with_series
    )


def _thresholds(programme) -> Thresholds:
    return Thresholds(programme.on_course_from, programme.at_risk_from)


def _progress(*, plans, plan, as_of, reference, with_series: bool) -> dict[int, PlanProgress]:
    targets = target_rows(
        targets=Target.objects.filter(plan__in=plans) if plans is not None else plan.targets.all()
    )
    # Project and line ids may be equal: each scope has its own table of sums.
    scope = plans if plans is not None else [plan.pk]
    lineages = sorted({target.lineage_id for target in targets})
    sums = _sums_by(realised_per_lineage(lineages=lineages, as_of=as_of), targets)
    results: dict[int, PlanProgress] = {}
    by_plan: dict[int, list[TargetRow]] = defaultdict(list)
    for target in targets:
        by_plan[target.plan_id].append(target)
    for plan_id, plan_targets in by_plan.items():
        thresholds = Thresholds(*plan_targets[0].thresholds)
        results[plan_id] = _plan_result(plan_targets, sums, thresholds, as_of, reference)
    if with_series:
        charted = series_of(targets=targets, plans=scope, as_of=as_of)
        for plan_id, result in results.items():
            result.series = charted.get(plan_id, {})
    return results


def _plan_result(targets, sums, thresholds: Thresholds, as_of, reference) -> PlanProgress:
    result = PlanProgress(as_of=as_of, thresholds=thresholds)
    per_line: dict[int, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    plan_own: dict[tuple, TargetProgress] = {}
    for target in targets:
        scope = Scope.PROJECT if target.project_id else Scope.LINE if target.line_id else Scope.PLAN
        progress = _progress_of(target, sums[scope], thresholds, reference)
        row = TargetProgress(target, progress)
        result.targets.append(row)
        key = (target.indicator_id, target.sector)
        if scope == Scope.PLAN:
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
    result.tree = _tree(result)
    return result


def _tree(result: PlanProgress) -> list[LineProgress]:
    """Lines and their projects with targets, in the plan's order (targets are read ordered
    by line and project position)."""
    lines: dict[int, LineProgress] = {}
    projects: dict[int, ProjectProgress] = {}
    for row in result.targets:
        target = row.target
        # Read with the target (target_rows), so reading them costs no query.
        plan_line, project_of = target.line, target.project
        if plan_line is None:
            continue
        line = lines.get(plan_line.pk)
        if line is None:
            line = lines[plan_line.pk] = LineProgress(plan_line, result.lines.get(plan_line.pk, []))
        if project_of is not None:
            project = projects.get(project_of.pk)
            if project is None:
                project = projects[project_of.pk] = ProjectProgress(project_of)
                line.projects.append(project)
            project.rows.append(row)
    return list(lines.values())


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
        counted_to_date(plans=[plan.pk])
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
    sums = counted_to_date(plans=[plan.pk]).aggregate(
        markt=Sum("count", filter=Q(sector=Sector.MARKT)),
        overheid=Sum("count", filter=Q(sector=Sector.OVERHEID)),
        total=Sum("count"),
    )
    return {key: value or 0 for key, value in sums.items()}
