"""What awaits a decision by the person asking: spending entries and budget changes in the
regions where they hold the approving role, without what they recorded themselves (the
four-eyes rule, regions.permissions)."""

from django.db.models import Count, QuerySet, Sum

from programmes.models import ActionPlan
from regions.permissions import Action, limit_to_regions

from ..models import BudgetChange, Decision, Expenditure


def expenditures_awaiting_decision(*, user) -> QuerySet[Expenditure]:
    """Spending entries this user may approve or reject, oldest first (one query)."""
    rows = Expenditure.objects.filter(status=Decision.INGEDIEND).exclude(recorded_by=user)
    return (
        limit_to_regions(rows, user, Action.APPROVE_SPENDING, field="budget_line__plan__region")
        .exclude(budget_line__plan__status=ActionPlan.Status.AFGESLOTEN)
        .select_related(
            "budget_line__plan__region", "budget_line__line", "budget_line__project", "recorded_by"
        )
        .order_by("recorded_at", "pk")
    )


def budget_changes_awaiting_decision(*, user) -> QuerySet[BudgetChange]:
    """Budget changes of adopted plans this user may approve or reject (one query)."""
    rows = BudgetChange.objects.filter(
        status=Decision.INGEDIEND, plan__status=ActionPlan.Status.VASTGESTELD
    ).exclude(recorded_by=user)
    return (
        limit_to_regions(rows, user, Action.APPROVE_SPENDING, field="plan__region")
        .select_related("plan__region", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def awaiting_decision_summary(*, user) -> dict:
    """How many entries await this user's decision and their total (one query)."""
    return (
        expenditures_awaiting_decision(user=user)
        .order_by()
        .aggregate(count=Count("pk"), total=Sum("amount"))
    )
