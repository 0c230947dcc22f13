"""A small region with one plan, a target and realisations, for the report pipeline tests
(quicker than the demo data, and free to change)."""

from datetime import date

from placements import services as placement_services
from programmes import services as programme_services
from programmes.models import ActionPlan, Indicator, Programme, Target
from regions.models import RoleAssignment
from reporting.models import ReportSchedule

Role = RoleAssignment.Role
PASSWORD = "demo"


def make_plan(region, *, title="Proefplan", start=date(2024, 1, 1), end=date(2024, 12, 31)):
    programme, _ = Programme.objects.get_or_create(code="proef", defaults={"name": "Proef"})
    indicator, _ = Indicator.objects.get_or_create(
        code="proef-matches", defaults={"name": "matches", "kind": "matches"}
    )
    plan = ActionPlan.objects.create(
        region=region,
        programme=programme,
        title=title,
        start_date=start,
        end_date=end,
        period_length=ActionPlan.PeriodLength.KWARTAAL,
    )
    programme_services.periods_sync(plan=plan)
    line = plan.lines.create(title="Lijn")
    Target.objects.create(
        plan=plan,
        line=line,
        project=line.projects.create(title="Project"),
        indicator=indicator,
        value=100,
        start_date=start,
        end_date=end,
    )
    return plan


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


def make_schedule(plan, **fields) -> ReportSchedule:
    defaults = {
        "kind": "voortgang",
        "frequency": ReportSchedule.Frequency.KWARTAAL,
        "audience": ReportSchedule.Audience.BESTUUR,
        "contact_role": "secretaris Werkkamer",
    }
    return ReportSchedule.objects.create(plan=plan, **{**defaults, **fields})
