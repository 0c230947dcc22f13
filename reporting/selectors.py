"""Reads for reporting: the figures of a plan as one plain dictionary, gathered through the
other apps' selectors, ready to be frozen into a report."""

from decimal import Decimal

from budgets import selectors as budget_selectors
from placements import selectors as placement_selectors
from programmes import selectors as programme_selectors


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def plan_figures(*, plan) -> dict:
    """Targets, realisations and budget of a plan; JSON-serialisable, a fixed query count."""
    rollup = programme_selectors.plan_target_rollup(plan=plan)
    budget = budget_selectors.plan_budget(plan=plan)
    realised = placement_selectors.realised_per_target(plan=plan)
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
