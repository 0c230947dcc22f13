"""Progress against target and prognose: what was realised to date per target, rolled up to
lines and the plan, with status and forecast (placements.progress). Sums are computed by the
database in a fixed number of queries, whatever the number of targets, periods or
realisations."""

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

from programmes.choices import Sector
from programmes.models import Indicator, Prognosis, Target

from ..models import Realisation
from ..progress import PrognosisSpan, Progress, Thresholds, combine, progress_for
from .counted import FLOW, counted_to_date


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


def prognosis_spans(target: Target) -> list[PrognosisSpan]:
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
        prognoses=prognosis_spans(target),
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
    sums = _sums_by(
        counted_to_date(plans=plans if plans is not None else [plan.pk], as_of=as_of), targets
    )
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
