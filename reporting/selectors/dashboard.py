"""Reads for reporting: the region dashboard and the national overview, gathered through
the other apps' selectors. A report's figures are frozen by reporting.documents.freeze;
`plan_figures` is only the worker's smoke test (reporting.tasks.plan_figures)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from budgets import selectors as budget_selectors
from placements.progress import Progress, Thresholds, combine, has_ended
from placements.selectors import progress as placement_progress
from placements.selectors import reconciliation
from placements.selectors.progress import BehindRow, ScopeProgress
from placements.selectors.series import SeriesPoint
from placements.selectors.targets import stock_baseline
from programmes import selectors as programme_selectors
from programmes.choices import Sector

if TYPE_CHECKING:
    from budgets.selectors import PlanActuals, SpendingPoint
    from placements.selectors.reconciliation import ReconciliationRow
    from programmes.models import ActionPlan, Activity, Indicator, Programme, Risk
    from regions.models import Region


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def plan_figures(*, plan) -> dict:
    """Targets, realisations and budget of a plan; JSON-serialisable, a fixed query count."""
    rollup = programme_selectors.plan_target_rollup(plan=plan)
    budget = budget_selectors.plan_budget(plan=plan)
    realised = placement_progress.realised_per_target(plan=plan)
    return {
        "plan": {"id": plan.pk, "title": plan.title, "version": plan.version},
        "targets": [
            {
                "indicator": indicator.name,
                "sector": sector,
                "stated": figure.stated,
                "computed": figure.computed,
                "discrepancy": figure.is_discrepancy,
            }
            for indicator, sector, figure in rollup.rows(rollup.plan)
        ],
        "realised_per_target": {str(target_id): total for target_id, total in realised.items()},
        "budget": {
            "total": _plain(budget.total),
            "per_year": {str(year): _plain(amount) for year, amount in budget.per_year.items()},
        },
    }


# The region dashboard and the national overview: many plans in a fixed number of queries.


@dataclass
class SeriesChart:
    """Realisation over time of one plan-level indicator (and sector)."""

    indicator: Indicator
    sector: str
    points: list[SeriesPoint]
    progress: Progress | None = None  # the headline row the chart draws

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label) if self.sector else ""

    @property
    def baseline_date(self) -> date | None:
        """A stock's nulmeting, where the chart starts (its level there is 0: a stock counts
        what was added since)."""
        return stock_baseline(self.indicator)


@dataclass
class PlanDashboard:
    plan: ActionPlan
    headline: list[ScopeProgress]
    charts: list[SeriesChart] = field(default_factory=list)
    actuals: PlanActuals | None = None  # budget against actual (budgets.selectors.plans_actuals)
    spending_points: list[SpendingPoint] = field(default_factory=list)
    behind: list[BehindRow] = field(default_factory=list)  # PlanProgress.behind_scopes
    activities: list[Activity] = field(default_factory=list)  # upcoming, overdue marked
    risks: list[Risk] = field(default_factory=list)
    ended: bool = False  # the plan's period is over: its figures are final


def _charted(headline: list) -> list:
    """Which plan-level rows get a chart: every one, the total and each sector ("waar
    niet?": a total on course can hide a sector that is not)."""
    return list(headline)


def _has_realisations(points) -> bool:
    """A chart only where something was realised: an empty line tells nothing the headline
    figures ("geen gegevens") do not."""
    return any(point.realised_to_date is not None for point in points or [])


def region_dashboard(*, region, today: date | None = None) -> list[PlanDashboard]:
    """Everything the region dashboard shows, per active plan (programmes.selectors.
    active_plans). A fixed number of queries (about fifteen), whatever the number of plans,
    targets, periods, realisations, budget lines, activities and risks."""
    plan_list = list(programme_selectors.active_plans(region=region, today=today))
    if not plan_list:
        return []
    ids = [plan.pk for plan in plan_list]
    progress = placement_progress.plans_progress(plans=ids, today=today, with_series=True)
    as_of = today or timezone.localdate()
    actuals = budget_selectors.plans_actuals(plans=plan_list, as_of=as_of)
    spending = budget_selectors.plans_spending_per_month(plans=plan_list, as_of=as_of)
    activities = programme_selectors.plans_open_activities(plans=ids, today=today)
    risks = programme_selectors.plans_risks(plans=ids)
    dashboards = []
    for plan in plan_list:
        plan_progress = progress.get(plan.pk)
        headline = plan_progress.plan if plan_progress else []
        plan_series = plan_progress.series if plan_progress else {}
        dashboards.append(
            PlanDashboard(
                plan=plan,
                headline=headline,
                charts=[
                    SeriesChart(
                        row.indicator,
                        row.sector,
                        plan_series[(row.indicator.pk, row.sector)],
                        row.progress,
                    )
                    for row in _charted(headline)
                    if _has_realisations(plan_series.get((row.indicator.pk, row.sector)))
                ],
                actuals=actuals[plan.pk],
                spending_points=budget_selectors.spending_per_period(
                    plan=plan, actuals=actuals[plan.pk], months=spending[plan.pk]
                ),
                behind=plan_progress.behind_scopes if plan_progress else [],
                activities=activities.get(plan.pk, []),
                risks=risks.get(plan.pk, []),
                ended=has_ended(plan.end_date, as_of),
            )
        )
    return dashboards


# Our count beside UWV's official figures (placements.selectors.reconciliation).

# How many peildata the dashboard and a report show: two years of quarters.
RECONCILED_QUARTERS = 8


def compares_with_official_figures(indicators) -> bool:
    """Whether a plan with targets of these indicators is compared with the official
    figures: UWV publishes the Banenafspraak's extra jobs (the banen indicator), nothing else.
    Decided on indicators already read, so asking costs no query."""
    return any(indicator.code == reconciliation.BANEN_INDICATOR for indicator in indicators)


@dataclass
class ReconciledQuarter:
    """One peildatum: each sector's row, then the total."""

    peildatum: date
    quarter: str
    rows: list[ReconciliationRow]


@dataclass
class ProgrammeReconciliation:
    """A programme's comparison on a region's dashboard: its tolerance and the newest
    RECONCILED_QUARTERS peildata, newest first (none: the region has no official figures)."""

    programme: Programme
    quarters: list[ReconciledQuarter]

    @property
    def tolerance(self) -> Decimal:
        return self.programme.reconciliation_tolerance

    @property
    def flagged(self) -> int:
        return sum(row.flagged for quarter in self.quarters for row in quarter.rows)


def reconciled_quarters(
    rows: list[ReconciliationRow], *, up_to: date | None = None
) -> list[ReconciledQuarter]:
    """region_reconciliation's rows (newest first) grouped per peildatum: the newest
    RECONCILED_QUARTERS peildata up to `up_to` (a report's period end), when given."""
    quarters: dict[date, ReconciledQuarter] = {}
    for row in rows:
        if up_to is not None and row.peildatum > up_to:
            continue
        if row.peildatum not in quarters:
            if len(quarters) == RECONCILED_QUARTERS:
                break
            quarters[row.peildatum] = ReconciledQuarter(row.peildatum, row.quarter, [])
        quarters[row.peildatum].rows.append(row)
    return list(quarters.values())


def region_reconciliations(
    *, region, dashboards: list[PlanDashboard]
) -> list[ProgrammeReconciliation]:
    """Per programme of the region's active plans that counts the Banenafspraak's jobs
    (compares_with_official_figures, read from the dashboards' headline rows), our count
    beside the official one: region_reconciliation's three queries per such programme (one
    when the region has no official figures); none for a region without such a plan."""
    programmes: dict[int, Programme] = {}
    for dashboard in dashboards:
        plan = dashboard.plan
        if compares_with_official_figures(row.indicator for row in dashboard.headline):
            programmes.setdefault(plan.programme_id, plan.programme)
    return [
        ProgrammeReconciliation(
            programme,
            reconciled_quarters(
                reconciliation.region_reconciliation(region=region, programme=programme)
            ),
        )
        for programme in programmes.values()
    ]


@dataclass
class OverviewRow:
    region: Region
    progress: Progress  # the region's active plans added up
    plans: list[ActionPlan] = field(default_factory=list)
    # The official total at the region's latest peildatum beside our count there
    # (with_official_figures), for the indicator the official figures count.
    official: ReconciliationRow | None = None


@dataclass
class OverviewGroup:
    indicator: Indicator
    rows: list[OverviewRow] = field(default_factory=list)
    official: bool = False  # its rows carry the official figures (with_official_figures)


def _added_up(parts: list[Progress], thresholds: Thresholds) -> Progress:
    return combine(parts, thresholds) if len(parts) > 1 else parts[0]


def programme_overview(*, programme, today: date | None = None) -> list[OverviewGroup]:
    """All regions side by side for a programme, per indicator: each region's active plans
    (programmes.selectors.active_plans), their plan-level totals added up (target, realised,
    expected, forecast), the status by the programme's thresholds. Only regions with an active
    plan that has realisations appear: nothing is invented for the others. National plans are
    left out. The realisations are summed by the database (plans_progress): a fixed number of
    queries, whatever the number of regions and plans."""
    plans = list(programme_selectors.active_plans(programme=programme, today=today))
    progress = placement_progress.plans_progress(plans=[plan.pk for plan in plans], today=today)
    thresholds = Thresholds(programme.on_course_from, programme.at_risk_from)
    per_indicator: dict[int, Indicator] = {}
    parts: dict[tuple[int, int], list[Progress]] = defaultdict(list)
    plans_of: dict[tuple[int, int], list] = defaultdict(list)
    regions = {}
    for plan in plans:
        plan_progress, region = progress.get(plan.pk), plan.region
        if plan_progress is None or region is None:  # active_plans leaves out national plans
            continue
        totals = {row.indicator.pk for row in plan_progress.plan if not row.sector}
        by_indicator: dict[int, list[Progress]] = defaultdict(list)
        for row in plan_progress.plan:
            # The plan's total; a plan that states only sector targets adds its sectors up.
            if not row.sector or row.indicator.pk not in totals:
                per_indicator[row.indicator.pk] = row.indicator
                by_indicator[row.indicator.pk].append(row.progress)
        for indicator_id, rows in by_indicator.items():
            key = (indicator_id, region.pk)
            parts[key].append(_added_up(rows, thresholds))
            plans_of[key].append(plan)
            regions[region.pk] = region
    groups = {
        indicator_id: OverviewGroup(indicator)
        for indicator_id, indicator in sorted(per_indicator.items(), key=lambda i: i[1].name)
    }
    for (indicator_id, region_id), rows in parts.items():
        combined = _added_up(rows, thresholds)
        if combined.realised is None:
            continue
        groups[indicator_id].rows.append(
            OverviewRow(regions[region_id], combined, plans_of[(indicator_id, region_id)])
        )
    for group in groups.values():
        group.rows.sort(key=lambda row: row.region.name)
    return [group for group in groups.values() if group.rows]


def with_official_figures(*, programme, groups: list[OverviewGroup]) -> list[OverviewGroup]:
    """The overview's groups with the official figures beside each region: for the indicator
    the official figures count (compares_with_official_figures), each region's official total
    at its latest peildatum (overview_reconciliation: three queries whatever the number of
    regions; none for a programme without that indicator)."""
    official_groups = [
        group for group in groups if compares_with_official_figures([group.indicator])
    ]
    if not official_groups:
        return groups
    totals = reconciliation.overview_reconciliation(programme=programme)
    for group in official_groups:
        group.official = True
        for row in group.rows:
            row.official = totals.get(row.region.pk)
    return groups
