"""Reads for spending (uitgaven) and its approval: the entries of a plan for its money page,
and what awaits a decision. Each function runs one query, whatever the number of entries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from programmes.models import ActionPlan

from ..models import Decision, Expenditure
from .budget import _money


@dataclass(frozen=True)
class Awaiting:
    """Entries of a plan that wait for the second pair of eyes, and their sum."""

    count: int
    total: Decimal


def plan_expenditures(*, plan: ActionPlan, status: str | None = None) -> QuerySet[Expenditure]:
    """A plan's spending entries, newest first, with their budget line, the people who
    recorded and decided them and what a counter-entry corrects (one query). `status` (a
    Decision value) narrows them to entries awaiting, approved or rejected."""
    entries = Expenditure.objects.filter(budget_line__plan=plan)
    if status:
        entries = entries.filter(status=status)
    return entries.select_related("budget_line", "recorded_by", "decided_by", "corrects").order_by(
        "-date", "-pk"
    )


def awaiting_total(*, plan: ActionPlan) -> Awaiting:
    """How many entries of a plan await approval and their sum (one query)."""
    totals = Expenditure.objects.filter(
        budget_line__plan=plan, status=Decision.INGEDIEND
    ).aggregate(count=Count("pk"), total=Sum("amount"))
    return Awaiting(count=totals["count"], total=_money(totals["total"]))
