"""Reads for the meeting pages: a region's meetings per body, one meeting with its agenda and
decision list (besluitenlijst) and the action items those decisions gave, and the region's
open action items for the dashboard. Each reads a fixed number of queries, whatever the
number of meetings, items or decisions."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Prefetch, QuerySet

from ..models import ActionItem, AgendaItem, Decision, GoverningBody, Meeting

# What an agenda item or decision is about, read along in the same query.
AGENDA_SUBJECTS = ("proposal", "plan__region", "budget_change__plan", "report__plan")
DECISION_SUBJECTS = ("proposal", "plan__region", "budget_change__plan", "agenda_item")


@dataclass
class BodyMeetings:
    body: GoverningBody
    upcoming: list = field(default_factory=list)  # soonest first
    past: list = field(default_factory=list)  # latest first


def with_meeting_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """`meetings`, each with its number of agenda items (agenda_count) and of decisions
    (decision_count), in the same query: the counts the meeting list shows, and the API's
    meetings with it."""
    return meetings.annotate(
        agenda_count=Count("agenda_items", distinct=True),
        decision_count=Count("decisions", distinct=True),
    )


def meeting_list(*, region, today: date) -> list[BodyMeetings]:
    """The region's meetings per body (bodies by name): upcoming ones first, soonest first,
    then past ones, latest first; each with its number of agenda items and decisions
    (with_meeting_counts). One query."""
    meetings = with_meeting_counts(
        Meeting.objects.filter(body__region=region).select_related("body")
    ).order_by("body__name", "body_id", "date")
    groups: dict[int, BodyMeetings] = {}
    for meeting in meetings:
        group = groups.setdefault(meeting.body_id, BodyMeetings(body=meeting.body))
        (group.upcoming if meeting.date >= today else group.past).append(meeting)
    for group in groups.values():
        group.past.reverse()
    return list(groups.values())


def meeting_detail(*, region, pk: int) -> Meeting:
    """One meeting of `region` (Meeting.DoesNotExist otherwise) with its body."""
    return Meeting.objects.select_related("body__region").get(body__region=region, pk=pk)


def meeting_agenda(*, meeting) -> list[AgendaItem]:
    """The agenda in order, each item with its subject and whether it has been decided."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(*AGENDA_SUBJECTS)
        .annotate(decision_count=Count("decisions"))
        .order_by("position", "pk")
    )


def meeting_decisions(*, meeting) -> list[Decision]:
    """The besluitenlijst in number order, with what each decided and its action items (two
    queries)."""
    return list(
        Decision.objects.filter(meeting=meeting)
        .select_related(*DECISION_SUBJECTS)
        .prefetch_related(
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner_organisation").order_by(
                    F("due_date").asc(nulls_last=True), "pk"
                ),
            )
        )
        .order_by("number")
    )


def agenda_item_of(*, meeting, pk: int) -> AgendaItem:
    return AgendaItem.objects.select_related("meeting__body").get(meeting=meeting, pk=pk)


def decision_of(*, meeting, pk: int) -> Decision:
    return Decision.objects.select_related("meeting__body").get(meeting=meeting, pk=pk)


def decision_in_region(*, region, pk: int) -> Decision:
    return Decision.objects.select_related("meeting__body").get(meeting__body__region=region, pk=pk)


def action_item_in_region(*, region, pk: int) -> ActionItem:
    return ActionItem.objects.select_related("decision__meeting__body").get(
        decision__meeting__body__region=region, pk=pk
    )


def open_action_items(region) -> list[ActionItem]:
    """The region's action items not yet done (no completed_on), the first due first (those
    without a date last), each with its decision, meeting and body: one query."""
    return list(
        ActionItem.objects.filter(decision__meeting__body__region=region, completed_on__isnull=True)
        .select_related("decision__meeting__body", "owner_organisation")
        .order_by(F("due_date").asc(nulls_last=True), "decision__meeting__date", "pk")
    )
