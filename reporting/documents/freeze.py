"""Freezing a report's figures: everything a report on a plan shows, as it stands at the
end of the report's period, gathered once from the selectors of programmes, placements and
budgets and stored as plain JSON-serialisable data, so the documents can be drawn again
later without the database."""

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from budgets import selectors as budget_selectors
from core.numbers import rounded_cents
from placements.selectors import progress as placement_progress
from placements.selectors.targets import stock_baseline
from programmes import selectors as programme_selectors
from programmes.choices import Sector

from .formatting import LANGUAGE

FIGURES_VERSION = 1


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


def _budget(plan, end_date) -> tuple[dict, object]:
    spending = budget_selectors.plan_spending(plan=plan, as_of=end_date)
    budget = budget_selectors.plan_budget(plan=plan)
    years = [
        {
            "year": year,
            "planned": _money(row["budget"]),
            "spent": _money(row["spent"]),
            "remaining": _money(row["remaining"]),
        }
        for year, row in spending.items()
    ]
    spent = sum((Decimal(row["spent"]) for row in years), Decimal(0))
    total = {
        "planned": _money(budget.total),
        "spent": _money(spent),
        "remaining": _money(budget.total - spent),
    }
    unassigned = sum(budget.unassigned_per_year.values(), Decimal(0))
    return {"years": years, "total": total, "plan_itself": _money(unassigned)}, budget


def _budget_categories(plan, end_date) -> list[dict]:
    """Budget per category with its budget lines and what was spent by `end_date`."""
    return [
        {
            "category": category.category,
            "label": category.label,
            "planned": _money(category.planned),
            "spent": _money(category.spent),
            "remaining": _money(category.remaining),
            "lines": [
                {
                    "year": line.year,
                    "description": line.description or category.label,
                    "line": line.line.title if line.line_id else "",
                    "project": line.project.title if line.project_id else "",
                    "planned": _money(line.amount),
                    "spent": _money(line.spent),
                    "remaining": _money(line.amount - line.spent),
                }
                for line in category.lines
            ],
        }
        for category in budget_selectors.plan_budget_by_category(plan=plan, as_of=end_date)
    ]


def freeze_figures(*, plan, start_date: date, end_date: date) -> dict:
    """Everything a report on `plan` shows, as it stands at `end_date`, as plain
    JSON-serialisable data. A fixed number of queries, whatever the number of lines,
    projects, targets, realisations, budget lines, risks and activities."""
    with translation.override(LANGUAGE):
        return _freeze(plan=plan, start_date=start_date, end_date=end_date)


def _freeze(*, plan, start_date: date, end_date: date) -> dict:
    progress = placement_progress.plan_progress(plan=plan, as_of=end_date, with_series=True)
    structure = programme_selectors.plan_structure(plan=plan)
    budget, plan_budget = _budget(plan, end_date)
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
        "budget": budget,
        "budget_categories": _budget_categories(plan, end_date),
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
