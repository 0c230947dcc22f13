"""Freezing a report's figures: everything a report on a plan shows, as it stands at the
end of the report's period, gathered once from the selectors of programmes, placements and
budgets and stored as plain JSON-serialisable data, so the documents can be drawn again
later without the database."""

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from budgets import selectors as budget_selectors
from budgets.rules import Actual
from core.dates import month_end
from core.numbers import rounded_cents
from placements.selectors import progress as placement_progress
from placements.selectors import reconciliation as reconciliation_selectors
from placements.selectors.targets import stock_baseline
from programmes import selectors as programme_selectors
from programmes.choices import Sector

from ..models import ReportKind
from ..selectors.dashboard import compares_with_official_figures, reconciled_quarters
from .formatting import LANGUAGE

# 2: budget against actual (approved, awaiting, spent % against time %, warnings, the
# original budget) per year, category and budget line; the monthly overview. The documents
# still draw version 1 (planned, spent, remaining only).
FIGURES_VERSION = 2


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _money(value) -> str:
    return str(rounded_cents(value))


def _sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector else ""


def _progress_row(indicator, sector: str, progress, target=None) -> dict:
    """One indicator and sector of a plan, line or project: target, realised and status.
    `target` is the scope's own stated target (None: the sum of its parts)."""
    revised = target is not None and target.original_value not in (None, target.value)
    return {
        "indicator": indicator.name,
        "indicator_code": indicator.code,
        "measure": indicator.measure,
        "sector": sector,
        "sector_label": _sector_label(sector),
        "stated": target is not None,
        "description": target.description if target is not None else "",
        "target": progress.target,
        "original_target": target.original_value if revised else None,
        "revision_reason": target.revision_reason if revised else "",
        "realised": progress.realised,
        "percentage": str(progress.percentage) if progress.percentage is not None else None,
        "expected": progress.expected,
        "forecast": progress.forecast,
        "status": progress.status.value,
        "status_label": str(progress.status.label),
        "ended": progress.ended,  # final: gehaald / niet gehaald
        "peildatum": _iso(progress.as_of),
    }


def _series(progress, indicators: dict) -> list[dict]:
    """Realised and expected to date per reporting period, per plan-level indicator and
    sector: what the realisation charts draw (PlanProgress.series)."""
    per_scope = progress.series
    series = []
    for (indicator_id, sector), points in per_scope.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        series.append(
            {
                "indicator": indicator.name,
                "indicator_code": indicator.code,
                "unit": str(indicator.get_kind_display()),
                "sector": sector or "",
                "sector_label": _sector_label(sector or ""),
                "baseline_date": _iso(stock_baseline(indicator)),
                "points": [
                    {
                        "period": point.period_code,
                        "end_date": _iso(point.end_date),
                        "realised": point.realised_to_date,
                        "expected": point.expected_to_date,
                    }
                    for point in points
                ],
            }
        )
    return sorted(series, key=lambda row: (row["indicator"], row["sector"]))


def _prognosis_rows(plan, end_date: date) -> list[dict]:
    """Prognose against realisatie per sub-period. A sub-period still running at the end of
    the report's period shows no realisation yet: the report is as of its end date."""
    rows = []
    for prognosis in placement_progress.prognoses_with_realisation(plan=plan):
        target = prognosis.target
        finished = prognosis.end_date <= end_date
        realised = prognosis.realised if finished else None
        if finished and realised is None:
            realised = 0
        rows.append(
            {
                "line": target.line.title if target.line_id else "",
                "project": target.project.title if target.project_id else "",
                "indicator": target.indicator.name,
                "sector": target.sector,
                "sector_label": _sector_label(target.sector),
                "label": prognosis.label,
                "start_date": _iso(prognosis.start_date),
                "end_date": _iso(prognosis.end_date),
                "prognosis": prognosis.value,
                "realised": realised,
                "difference": realised - prognosis.value if realised is not None else None,
                "finished": finished,
            }
        )
    return rows


def _percentage(value: Decimal | None) -> str | None:
    # Unrounded: core.formatting rounds where it is shown.
    return str(value) if value is not None else None


def _actual(actual: Actual) -> dict:
    """Budget against actual of one part (budgets.rules.Actual) as plain data. "spent" is the
    approved spending: only approved entries count as spent."""
    warning = actual.warning
    return {
        "planned": _money(actual.budgeted),
        "original": _money(actual.original),
        "changed": actual.is_changed,
        "spent": _money(actual.approved),
        "awaiting": _money(actual.awaiting),
        "remaining": _money(actual.remaining),
        "spent_percentage": _percentage(actual.spent_percentage),
        "time_percentage": _percentage(actual.time_percentage),
        "warning": warning.value if warning else "",
        "warning_label": str(warning.label) if warning else "",
    }


def _budget(actuals, plan_budget) -> dict:
    """Budget against actual per year and for the plan (budgets.selectors.actuals)."""
    years = [{"year": year, **_actual(actual)} for year, actual in sorted(actuals.per_year.items())]
    unassigned = sum(plan_budget.unassigned_per_year.values(), Decimal(0))
    return {"years": years, "total": _actual(actuals.plan), "plan_itself": _money(unassigned)}


def _budget_line_fields(line) -> dict:
    return {
        "id": line.pk,
        "year": line.year,
        "description": line.description or str(line.get_category_display()),
        "line": line.line.title if line.line_id else "",
        "project": line.project.title if line.project_id else "",
    }


def _budget_categories(actuals) -> list[dict]:
    """Budget against actual per category with its budget lines (an RMT's four budgets)."""
    return [
        {
            "category": category,
            "label": label,
            **_actual(actuals.per_category[category]),
            "lines": [
                {**_budget_line_fields(line), **_actual(actuals.per_budget_line[line.pk])}
                for line in lines
            ],
        }
        for category, label, lines in actuals.categories
    ]


def _period_actual(part) -> dict:
    """One part of the monthly overview: the figures at the period's end, with what was
    approved to the end of the period before and the change since (PeriodActual)."""
    return {
        **_actual(part.current),
        "approved_in_period": _money(part.approved_in_period),
        "previous_cumulative": _money(part.previous.approved),
    }


def _monthly_overview(overview) -> dict:
    """The treasurer's overview of the report's period (a month, for a monthly schedule)."""
    per_category, per_line = overview.per_category, overview.per_budget_line
    start, end = overview.start_date, overview.end_date
    return {
        "start_date": _iso(start),
        "end_date": _iso(end),
        "previous_end": _iso(overview.previous_end),
        "single_month": start.day == 1 and month_end(start) == end,
        "categories": [
            {
                "category": category,
                "label": label,
                **_period_actual(per_category[category]),
                "lines": [
                    {**_budget_line_fields(line), **_period_actual(per_line[line.pk])}
                    for line in lines
                ],
            }
            for category, label, lines in overview.now.categories
        ],
        "total": _period_actual(overview.plan),
    }


def _reconciliation(plan, end_date: date, indicators) -> dict | None:
    """Our count beside UWV's official figures for the plan's region and programme, as the
    dashboard shows it, at the newest peildata up to the report's period end: for a regional
    plan that counts the Banenafspraak's jobs (compares_with_official_figures, decided on the
    targets already read), None for any other. Rows per peildatum: each sector, then the
    total; an empty list when the region has no official figures yet."""
    if plan.region is None or not compares_with_official_figures(indicators):
        return None
    rows = reconciliation_selectors.region_reconciliation(
        region=plan.region, programme=plan.programme
    )
    return {
        "tolerance": str(plan.programme.reconciliation_tolerance),
        "rows": [
            {
                "peildatum": _iso(row.peildatum),
                "quarter": row.quarter,
                "sector": row.sector,
                "sector_label": _sector_label(row.sector) or str(_("totaal")),
                "own": row.own,
                "official": row.official,
                "difference": row.difference,
                "percentage": _percentage(row.percentage),
                "flagged": row.flagged,
            }
            for quarter in reconciled_quarters(rows, up_to=end_date)
            for row in quarter.rows
        ],
    }


def freeze_figures(
    *, plan, start_date: date, end_date: date, kind: str = ReportKind.VOORTGANG
) -> dict:
    """Everything a report on `plan` shows, as it stands at `end_date`, as plain
    JSON-serialisable data; an uitgavenoverzicht (FINANCIEEL) adds the treasurer's overview
    of the period. A fixed number of queries, whatever the number of lines, projects,
    targets, realisations, budget lines, entries, risks and activities."""
    with translation.override(LANGUAGE):
        return _freeze(plan=plan, start_date=start_date, end_date=end_date, kind=kind)


def _freeze(*, plan, start_date: date, end_date: date, kind: str) -> dict:
    progress = placement_progress.plan_progress(plan=plan, as_of=end_date, with_series=True)
    structure = programme_selectors.plan_structure(plan=plan)
    plan_budget = budget_selectors.plan_budget(plan=plan)
    overview = None
    if kind == ReportKind.FINANCIEEL:
        overview = budget_selectors.period_overview(
            plan=plan, start_date=start_date, end_date=end_date
        )
        actuals = overview.now
    else:
        actuals = budget_selectors.plan_actuals(plan=plan, as_of=end_date)
    indicators = {row.target.indicator_id: row.target.indicator for row in progress.targets}

    lines = []
    for line in structure:
        organisation = line.accountable_organisation
        lines.append(
            {
                "id": line.pk,
                "title": line.title,
                "organisation": organisation.name if organisation else "",
                "budget": _money(plan_budget.per_line.get(line.pk)),
                "rows": [
                    _progress_row(scope.indicator, scope.sector, scope.progress, scope.target)
                    for scope in progress.lines.get(line.pk, [])
                ],
                "projects": [
                    {
                        "id": project.pk,
                        "title": project.title,
                        "organisation": (
                            project.accountable_organisation.name
                            if project.accountable_organisation
                            else ""
                        ),
                        "contact_role": project.contact_role,
                        "budget": _money(plan_budget.per_project.get(project.pk)),
                        "rows": [
                            _progress_row(
                                row.target.indicator, row.target.sector, row.progress, row.target
                            )
                            for row in progress.project_rows(project.pk)
                        ],
                    }
                    for project in line.projects.all()
                ],
            }
        )

    summary = [
        _progress_row(scope.indicator, scope.sector, scope.progress, scope.target)
        for scope in progress.plan
    ]
    region = plan.region
    return {
        "version": FIGURES_VERSION,
        "kind": str(kind),
        "frozen_at": timezone.now().isoformat(),
        "period": {"start_date": _iso(start_date), "end_date": _iso(end_date)},
        "peildatum": _iso(progress.peildatum),
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "version": plan.version,
            "status": plan.status,
            "status_label": str(plan.get_status_display()),
            "start_date": _iso(plan.start_date),
            "end_date": _iso(plan.end_date),
            "region": region.name if region else str(_("landelijk")),
            "programme": plan.programme.name,
            "on_course_from": progress.thresholds.on_course_from,
            "at_risk_from": progress.thresholds.at_risk_from,
        },
        "summary": summary,
        "lines": lines,
        "prognoses": _prognosis_rows(plan, end_date),
        "series": _series(progress, indicators),
        # Budget against actual as of the period's end (version 2 on; version 1 had only
        # planned, spent and remaining).
        "budget": _budget(actuals, plan_budget),
        "budget_categories": _budget_categories(actuals),
        "budget_as_of": _iso(actuals.as_of),
        "lag_points": plan.programme.spending_lag_points,
        "monthly_overview": _monthly_overview(overview) if overview is not None else None,
        # Our count beside UWV's official figures (None: the plan counts no Banenafspraak
        # jobs; figures frozen before issue 14 have no key).
        "reconciliation": _reconciliation(plan, end_date, indicators.values()),
        # A plan that steers by its budget, not by targets (an RMT's plan of approach): the
        # report leads with budget per category, activities and risks.
        "budget_led": not summary and not progress.targets and plan_budget.total > 0,
        "risks": [
            {
                "description": risk.description,
                "likelihood": risk.likelihood,
                "likelihood_label": str(risk.get_likelihood_display()),
                "impact": risk.impact,
                "impact_label": str(risk.get_impact_display()),
                "mitigation": risk.mitigation,
                "owner_role": risk.owner_role,
            }
            for risk in programme_selectors.plan_risks(plan=plan)
        ],
        "activities": [
            {
                "description": activity.description,
                "owner_role": activity.owner_role,
                "project": activity.project.title if activity.project_id else "",
                "due": activity.due,
                "due_date": _iso(activity.due_date),
                "status": activity.status,
                "status_label": str(activity.get_status_display()),
            }
            for activity in programme_selectors.plan_activities(plan=plan)
        ],
    }
