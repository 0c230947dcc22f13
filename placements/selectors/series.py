"""Realisation over time: what the dashboard and the reports draw, one point per reporting
period of a plan-level indicator."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Prefetch, Sum

from programmes.models import Prognosis, ReportingPeriod, Target

from ..progress import expected_by
from .counted import FLOW, counted_for
from .progress import prognosis_spans, stock_baseline


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
        prognoses=prognosis_spans(target),
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
