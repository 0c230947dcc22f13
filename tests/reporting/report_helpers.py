"""Helpers of the report pipeline tests: a realisation on the one target of a plan from
tests.factories.ReportedPlanFactory (a report schedule: tests.factories.ReportScheduleFactory)."""

from placements import services as placement_services
from regions.models import RoleAssignment

Role = RoleAssignment.Role
PASSWORD = "demo"


def record(plan, period_code: str, count: int | None):
    """Set the plan's one target's realisation in a period (e.g. "2024-K1")."""
    target = plan.targets.get()
    period = plan.periods.get(code=period_code)
    current = target.realisations.filter(period=period).first()
    return placement_services.realisation_record(
        target=target,
        period=period,
        count=count,
        expected_count=current.count if current else None,
    )
