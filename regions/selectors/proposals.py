"""Reads for the proposals (voorstellen) of a region: the list with a status filter, one
proposal with what it is paid from (dekking), and its way through the meetings (agenda items
and decisions). The cost figures (stated against computed) are budgets' selectors; the
views put them beside these."""

from dataclasses import dataclass
from datetime import date

from ..models import AgendaItem, Decision, Proposal


def proposal_list(*, region, status: str = ""):
    """The region's proposals, newest first, optionally with one status (a queryset: the
    view adds the cost figures in the same query)."""
    rows = Proposal.objects.filter(body__region=region).select_related("body")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-date", "-pk")


def proposal_detail(*, region, pk: int) -> Proposal:
    """One proposal of the region with its body and its dekking: the budget line with its
    plan, line and project, and the budget change with its plan (one query). Raises
    Proposal.DoesNotExist for a proposal of another region."""
    return Proposal.objects.select_related(
        "body",
        "budget_line__plan",
        "budget_line__line",
        "budget_line__project",
        "budget_change__plan",
    ).get(body__region=region, pk=pk)


def proposal_agenda_items(*, proposal: Proposal):
    """The agendas the proposal was put on, with meeting and body (one query)."""
    return (
        AgendaItem.objects.filter(proposal=proposal)
        .select_related("meeting__body")
        .order_by("meeting__date", "meeting_id", "position")
    )


@dataclass(frozen=True)
class StatusStep:
    """One step in a proposal's way through the meetings: put on an agenda (`decision` is
    None) or decided."""

    date: date
    body: str
    agenda_item: AgendaItem | None = None
    decision: Decision | None = None


def proposal_status_history(
    *, agenda_items: list[AgendaItem], decisions: list[Decision]
) -> list[StatusStep]:
    """The agenda items and decisions of a proposal as one list in meeting order, each
    meeting's agenda item before its decision (no query: both come selected)."""
    steps = [
        StatusStep(date=item.meeting.date, body=item.meeting.body.name, agenda_item=item)
        for item in agenda_items
    ] + [
        StatusStep(date=decision.meeting.date, body=decision.meeting.body.name, decision=decision)
        for decision in decisions
    ]
    return sorted(steps, key=lambda step: (step.date, step.decision is not None))
