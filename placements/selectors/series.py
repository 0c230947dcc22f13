"""Realisation over time: what the dashboard and the reports draw, one point per reporting
period of a plan-level indicator."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Sum

from programmes.models import ReportingPeriod, Target

from ..progress import expected_by
from .counted import FLOW, counted_for, counts_to_date
from .targets import TargetRow, prognosis_spans, stock_baseline, target_rows


@dataclass(frozen=True)
class SeriesPoint:
    """One reporting period of a plan-level indicator (and sector): realised to date at the
    period's end against what the target asked for by then."""

    period_code: str
    end_date: date
    realised_to_date: int | None  # None: after the peildatum, or no level reported yet
    expected_to_date: int | None  # None: no target to measure against


def _expected_at(target: TargetRow, when: date) -> int:
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


def _measured_by(targets: list[TargetRow], key: tuple[int, str]) -> list[TargetRow]:
    """The targets a plan-level key is measured against, as plan_progress rolls them up: the
    plan's own target; else per line its own target, else that line's project targets."""
    matching = [t for t in targets if (t.indicator_id, t.sector) == key]
    own = [t for t in matching if t.line_id is None]
    if own:
        return own[:1]
    per_line: dict[int, list[TargetRow]] = defaultdict(list)
    for target in matching:
        assert target.line_id is not None  # the plan's own targets were returned above
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

    Realised to date at each period end is summed by the database by the rule progress
    sums (counted.counts_to_date), once per period end; only the lineages are added up here.
    Four queries, whatever the number of plans, targets, periods and realisations: targets,
    their prognoses, periods, and realised to date per lineage, sector and period end."""
    targets = target_rows(targets=Target.objects.filter(plan__in=plans))
    return series_of(targets=targets, plans=plans, as_of=as_of)


def series_of(
    *, targets: list[TargetRow], plans, as_of: date | None
) -> dict[int, dict[tuple, list]]:
    """plans_series of `targets` already read (targets.target_rows), as progress
    reads them (plan_progress(with_series=True)): two queries, periods and realisations."""
    periods: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for plan_id, code, end_date in (
        ReportingPeriod.objects.filter(plan__in=plans)
        .order_by("plan_id", "start_date")
        .values_list("plan_id", "code", "end_date")
    ):
        periods[plan_id].append((code, end_date))
    ends = sorted({end for plan_periods in periods.values() for _code, end in plan_periods})
    rows = counted_for(plans=plans)
    if as_of is not None:
        rows = rows.filter(period__end_date__lte=as_of)
    # Realised to date at every period end, by the rule progress sums (counts_to_date), per
    # lineage and sector: every version's target of the lineage reads the same rows.
    at = {
        f"at_{index}": Sum("count", filter=counts_to_date(min(end, as_of) if as_of else end))
        for index, end in enumerate(ends)
    }
    per_lineage: dict[int, list[dict]] = defaultdict(list)
    for row in (
        rows.values("target__lineage_id", "sector")
        .annotate(latest=Max("period__end_date"), **at)
        .order_by()
    ):
        row["to_date"] = {end: row[f"at_{index}"] for index, end in enumerate(ends)}
        per_lineage[row["target__lineage_id"]].append(row)

    by_plan: dict[int, list[TargetRow]] = defaultdict(list)
    for target in targets:
        by_plan[target.plan_id].append(target)
    result: dict[int, dict[tuple, list[SeriesPoint]]] = {}
    for plan_id, plan_targets in by_plan.items():
        series = result[plan_id] = {}
        for key in sorted({(t.indicator_id, t.sector) for t in plan_targets}):
            indicator_id, sector = key
            counted = [t for t in plan_targets if t.indicator_id == indicator_id]
            series[key] = _series(
                periods[plan_id],
                [row for target in counted for row in per_lineage.get(target.lineage_id, [])],
                sector=sector,
                stock=counted[0].indicator.measure != FLOW,
                measured=_measured_by(plan_targets, key),
            )
    return result


def _series(periods, rows, *, sector: str, stock: bool, measured) -> list[SeriesPoint]:
    """One point per period from the indicator's `rows` (per lineage and sector: realised to
    date at each period end, and the latest period reported)."""
    # The peildatum is the indicator's, as in plan_progress; a sector never reported has none.
    counted = [row for row in rows if not sector or row["sector"] == sector]
    peildatum = max(row["latest"] for row in rows) if counted else None
    points = []
    for code, end_date in periods:
        realised = None
        if peildatum is not None and end_date <= peildatum:
            sums = [row["to_date"][end_date] for row in counted]
            reported = [value for value in sums if value is not None]
            # A flow has counted nothing yet (0); a stock without a level yet has none.
            realised = sum(reported) if reported or not stock else None
        expected = sum(_expected_at(t, end_date) for t in measured) if measured else None
        points.append(SeriesPoint(code, end_date, realised, expected))
    return points
