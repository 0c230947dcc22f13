"""Writes for the governance network: bodies and their seats, meetings planned from a body's
frequency, agendas, the decision list and its action items, and proposals.

The proposal's status is this module's alone: on an agenda it becomes geagendeerd
(`agenda_item_save`), a decision makes it aangenomen, aangehouden or verworpen
(`decision_record`). No form, admin page or command sets it. A decision that adopts a plan
version is recorded by `programmes.services.plan_decide`, which calls `decision_record` and
then adopts the plan: the plan's rules are programmes'."""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.concurrency import save_checked
from core.formatting import show_date
from core.history import with_history_actor
from notifications.models import Notification
from notifications.services import notify

from ..models import (
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    Membership,
    Proposal,
    RoleAssignment,
    SeatRule,
)
from ..permissions import Action, users_who_can


class GovernanceError(ValidationError):
    """A governance rule refused the write; the message says which, in Dutch."""


Status = Proposal.Status
Outcome = Decision.Outcome

# A decision's outcome is the proposal's new status.
PROPOSAL_STATUS_BY_OUTCOME = {
    Outcome.AANGENOMEN: Status.AANGENOMEN,
    Outcome.AANGEHOUDEN: Status.AANGEHOUDEN,
    Outcome.VERWORPEN: Status.VERWORPEN,
}


def body_save(*, body: GoverningBody, expected_revision: int | None, actor=None) -> GoverningBody:
    return save_checked(body, expected_revision=expected_revision, actor=actor)


def membership_save(
    *, membership: Membership, expected_revision: int | None, actor=None
) -> Membership:
    """Add a member or change one; ending a membership (`end_date`) is how a seat falls
    vacant, so the row stays and the body's history shows it."""
    return save_checked(membership, expected_revision=expected_revision, actor=actor)


@transaction.atomic
def seat_rules_set(
    *,
    body: GoverningBody,
    seats: dict[str, int],
    expected_revision: int | None = None,
    actor=None,
) -> list[SeatRule]:
    """Replace the body's composition rule: seats per category ({"werkgevers": 3, ...}); a
    category with 0 seats has none. The rule is part of the body: it is saved against the
    body's revision (the one the form was loaded with; None: the revision `body` has) and
    counts it up, so a second secretary's stale rule is refused (ConcurrentEditError), not
    written over the first one's."""
    if expected_revision is None:
        expected_revision = body.revision
    # Locks the body's row, compares the revision and counts it up (the body's own fields as
    # stored: only the rule changes here).
    stored = GoverningBody.objects.select_for_update().get(pk=body.pk)
    save_checked(stored, expected_revision=expected_revision, actor=actor)
    body.revision = stored.revision
    wanted = {category: count for category, count in seats.items() if count}
    existing = {rule.seat_category: rule for rule in SeatRule.objects.filter(body=body)}
    rules = []
    for category, count in wanted.items():
        rule = existing.get(category) or SeatRule(body=body, seat_category=category)
        changed = rule.pk is None or rule.seats != count
        rule.seats = count
        rule.full_clean(exclude=["body"], validate_unique=False)
        rules.append((rule, changed))
    # Row by row, so the rule's history shows what changed, by whom (a category given 0
    # seats is deleted, its last row stays in the history).
    for category, rule in existing.items():
        if category not in wanted:
            _authored(rule, actor).delete()
    for rule, changed in rules:
        if changed:
            _authored(rule, actor).save()
    return [rule for rule, _changed in rules]


def _authored(row, actor):
    """The row, with `actor` as the author of its next history entry (as save_checked does)."""
    return with_history_actor(row, actor) if actor is not None else row


def meeting_body_fixed(meeting: Meeting) -> bool:
    """A meeting with agenda items or decisions belongs to its body for good: its agenda's
    proposals are that body's, and its decisions are that body's decisions."""
    return meeting.pk is not None and (
        AgendaItem.objects.filter(meeting_id=meeting.pk).exists()
        or Decision.objects.filter(meeting_id=meeting.pk).exists()
    )


def meeting_body_refusal() -> str:
    return _("Het orgaan van deze vergadering ligt vast: er staan agendapunten of besluiten bij.")


@transaction.atomic
def meeting_save(*, meeting: Meeting, expected_revision: int | None, actor=None) -> Meeting:
    """Plan a meeting or change it. Its body changes only while it has no agenda items and
    no decisions (the row is locked first, so an item added meanwhile is seen)."""
    if meeting.pk is not None:
        stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if stored.body_id != meeting.body_id and meeting_body_fixed(stored):
            raise GovernanceError({"body": meeting_body_refusal()})
    return save_checked(meeting, expected_revision=expected_revision, actor=actor)


@transaction.atomic
def meetings_plan(*, body: GoverningBody, dates: list[date], actor=None) -> list[Meeting]:
    """The secretary confirms proposed dates (`regions.selectors.proposed_meeting_dates`):
    each becomes a meeting of the body. A date the body already meets on is refused."""
    taken = set(Meeting.objects.filter(body=body, date__in=dates).values_list("date", flat=True))
    if taken:
        raise GovernanceError(
            _("Op %(dates)s vergadert %(body)s al.")
            % {"dates": ", ".join(show_date(day) for day in sorted(taken)), "body": body.name}
        )
    return [
        meeting_save(meeting=Meeting(body=body, date=day), expected_revision=None, actor=actor)
        for day in sorted(set(dates))
    ]


def _locked_proposal(proposal_id: int) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal_id)


def _locked_item(item_id: int) -> AgendaItem:
    return AgendaItem.objects.select_for_update().get(pk=item_id)


def _has_subject(item: AgendaItem) -> bool:
    return any(getattr(item, f"{name}_id") for name in AgendaItem.SUBJECTS)


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, expected_revision: int | None, actor=None) -> AgendaItem:
    """Put an item on a meeting's agenda (at the end unless it has a position) or change it.
    A proposal on the agenda becomes geagendeerd; one decided for good cannot go on again."""
    replaced_proposal_id = None
    # Locks, always in this order: meeting, agenda item, proposal. The meeting's row keeps its
    # body fixed while the item is checked against it (meeting_save locks it too).
    item.meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=item.meeting_id)
    )
    # Only a proposal newly put on this item is checked and made geagendeerd: editing the
    # title of an item whose proposal was decided leaves the proposal's status alone.
    attaches = bool(item.proposal_id)
    if item.pk is not None:
        # Locked before the checks: a decision recorded meanwhile (decision_record locks the
        # item too) is seen, not overwritten.
        stored = _locked_item(item.pk)
        attaches = attaches and stored.proposal_id != item.proposal_id
        if stored.decisions.exists() and stored.proposal_id != item.proposal_id:
            raise GovernanceError(
                _("Over dit agendapunt is al besloten: het voorstel blijft wat het was.")
            )
        if stored.proposal_id and stored.proposal_id != item.proposal_id:
            replaced_proposal_id = stored.proposal_id
    if item.position is None:
        last = AgendaItem.objects.filter(meeting_id=item.meeting_id).aggregate(Max("position"))
        item.position = (last["position__max"] or 0) + 1
    if attaches:
        assert item.proposal_id is not None  # attaches only when the item has a proposal
        proposal = _locked_proposal(item.proposal_id)
        if not proposal.is_open:
            raise GovernanceError(
                _("Over voorstel %(reference)s is al besloten (%(status)s).")
                % {"reference": proposal.reference, "status": proposal.get_status_display()}
            )
        item.proposal = proposal  # as locked: its body is checked against the meeting's
        if not item.title:
            item.title = proposal.subject
        item.purpose = AgendaItem.Purpose.BESLUITVORMING
    saved = save_checked(item, expected_revision=expected_revision, actor=actor)
    if attaches and proposal.status != Status.GEAGENDEERD:
        proposal.status = Status.GEAGENDEERD
        save_checked(proposal, expected_revision=proposal.revision, actor=actor)
    if replaced_proposal_id:
        _release_proposal(replaced_proposal_id, actor=actor)
    return saved


def _release_proposal(proposal_id: int, *, actor=None) -> None:
    """A proposal taken off an agenda (the item deleted, or given another proposal): when it
    is on no agenda any more where it awaits a decision, it is what it was before: aangehouden
    when a meeting held it over, otherwise concept."""
    proposal = _locked_proposal(proposal_id)
    if proposal.status != Status.GEAGENDEERD:
        return
    if proposal.agenda_items.filter(decisions__isnull=True).exists():
        return
    held = proposal.decisions.filter(outcome=Outcome.AANGEHOUDEN).exists()
    proposal.status = Status.AANGEHOUDEN if held else Status.CONCEPT
    save_checked(proposal, expected_revision=proposal.revision, actor=actor)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor=None) -> AgendaItem:
    """Move an item one place up or down its agenda: it swaps places with its neighbour. The
    meeting's items are locked, so two secretaries reordering at once do not interleave; the
    agenda is numbered 1, 2, 3, ... again on the way."""
    if direction not in ("up", "down"):
        raise GovernanceError(_("Kies omhoog of omlaag."))
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("position", "pk")
    )
    index = next(number for number, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            row.position = position
            save_checked(row, expected_revision=row.revision, actor=actor)
    return next(row for row in items if row.pk == item.pk)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor=None) -> None:
    """Take an item off the agenda; one with a decision is history and stays. A proposal that
    is then on no agenda without a decision goes back to concept."""
    # Locked before the check: a decision recorded meanwhile (decision_record locks the item
    # too) waits for the delete, or the delete for it and then refuses.
    item = _locked_item(item.pk)
    if item.decisions.exists():
        raise GovernanceError(_("Over dit agendapunt is besloten: het blijft op de agenda."))
    proposal_id = item.proposal_id
    item.delete()
    if proposal_id:
        _release_proposal(proposal_id, actor=actor)


@transaction.atomic
def decision_record(*, decision: Decision, actor=None) -> Decision:
    """Add a decision to a meeting's besluitenlijst (numbered after the last). About a
    proposal, it must be on this meeting's agenda, and its outcome becomes the proposal's
    status. About a plan version or budget change, it is the link those pages show as
    "besloten in"; adopting the plan is `programmes.services.plan_decide`."""
    if decision.pk is not None:
        raise GovernanceError(_("Een vastgelegd besluit wordt gewijzigd, niet opnieuw vastgelegd."))
    # Locks, in agenda_item_save's order: meeting, agenda item, proposal.
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=decision.meeting_id)
    )
    decision.meeting = meeting
    item = None
    if decision.agenda_item_id:
        item = _locked_item(decision.agenda_item_id)
    elif decision.proposal_id:
        item = (
            AgendaItem.objects.select_for_update()
            .filter(meeting=meeting, proposal_id=decision.proposal_id)
            .first()
        )
    if item is not None:
        decision.agenda_item = item
        # An item about something (a proposal, plan, budget change, report) is decided once;
        # one without (rondvraag) may carry several decisions.
        if _has_subject(item) and item.decisions.exists():
            raise GovernanceError({"agenda_item": _("Over dit agendapunt is al besloten.")})
    proposal = None
    if decision.proposal_id:
        proposal = _locked_proposal(decision.proposal_id)
        if item is None or item.proposal_id != proposal.pk:
            raise GovernanceError(
                {
                    "proposal": _(
                        "Voorstel %(reference)s staat niet op de agenda van deze vergadering."
                    )
                    % {"reference": proposal.reference}
                }
            )
        if not proposal.is_open:
            raise GovernanceError(
                {
                    "proposal": _("Over voorstel %(reference)s is al besloten (%(status)s).")
                    % {"reference": proposal.reference, "status": proposal.get_status_display()}
                }
            )
    last = meeting.decisions.aggregate(Max("number"))["number__max"] or 0
    decision.number = last + 1
    decision.recorded_by = actor if actor is not None and actor.is_authenticated else None
    saved = save_checked(decision, expected_revision=None, actor=actor)
    if proposal is not None:
        proposal.status = PROPOSAL_STATUS_BY_OUTCOME[decision.outcome]
        save_checked(proposal, expected_revision=proposal.revision, actor=actor)
    return saved


def decision_update(*, decision: Decision, expected_revision: int | None, actor=None) -> Decision:
    """Correct a decision's wording. What it decided and its outcome stand: a different
    decision is a new one, in a meeting."""
    stored = Decision.objects.get(pk=decision.pk)
    fixed = ("meeting_id", "outcome", "proposal_id", "plan_id", "budget_change_id", "number")
    if any(getattr(stored, name) != getattr(decision, name) for name in fixed):
        raise GovernanceError(
            _(
                "De uitkomst en het onderwerp van een besluit liggen vast; leg een nieuw "
                "besluit vast."
            )
        )
    return save_checked(decision, expected_revision=expected_revision, actor=actor)


def action_item_owners(item: ActionItem, region):
    """The users who must act on an action item. It names them by a function, free text
    ("programmamanager", "penningmeester / budgethouder", "wethouder Den Haag"), and
    perhaps an organisation; but no user belongs to an organisation in the product (an
    organisation account is a login, not a membership). So: where the function names one or
    more of the product's roles, the users holding those roles in the region; otherwise the
    region's secretaries, who keep the decision list and pass the item on."""
    words = set(re.findall(r"\w+", item.owner_role.lower()))
    with translation.override(settings.LANGUAGE_CODE):
        named = [
            role
            for role in RoleAssignment.Role
            if words & ({role.value} | set(re.findall(r"\w+", str(role.label).lower())))
        ]
    if named:
        return (
            RoleAssignment.objects.filter(region=region, role__in=named, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
        )
    return None


def _action_item_notify(item: ActionItem, *, actor) -> None:
    """Tell the action item's owners (action_item_owners), or the region's secretaries when
    its function names no role or nobody holds the roles it names; never who recorded it.
    The subject names the meeting, not the item's free text (which may name a person): the
    page behind the link shows it."""
    decision = Decision.objects.select_related("meeting__body__region").get(pk=item.decision_id)
    meeting = decision.meeting
    region = meeting.body.region
    owners = action_item_owners(item, region)
    recipients = [assignment.user for assignment in owners] if owners is not None else []
    if not recipients:
        recipients = list(users_who_can(Action.MANAGE_MEETINGS, region))
    actor_pk = getattr(actor, "pk", None)
    recipients = [user for user in recipients if user.pk != actor_pk]
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("besluit %(number)s, uiterlijk %(due)s (%(body)s, %(date)s)")
            if item.due_date
            else _("besluit %(number)s (%(body)s, %(date)s)")
        ) % {
            "number": decision.number,
            "due": show_date(item.due_date),
            "body": meeting.body.name,
            "date": show_date(meeting.date),
        }
    notify(
        Notification.Kind.ACTION_ITEM,
        recipients=recipients,
        key=f"action-item:{item.pk}",
        subject=subject,
        link=reverse("regions:meeting-detail", args=[region.slug, meeting.pk])
        + f"#decision-{decision.pk}",
        region=region,
    )


@transaction.atomic
def action_item_save(*, item: ActionItem, expected_revision: int | None, actor=None) -> ActionItem:
    """Add or change an action item. Whoever it names is told (once per item: changed to
    name someone else, the new owner is told too; see action_item_owners)."""
    saved = save_checked(item, expected_revision=expected_revision, actor=actor)
    if saved.is_open:
        _action_item_notify(saved, actor=actor)
    return saved


def action_item_complete(
    *, item: ActionItem, on: date, expected_revision: int | None, actor=None
) -> ActionItem:
    """Mark an action item done: it leaves the dashboard, and stays in the decision list."""
    item.completed_on = on
    return save_checked(item, expected_revision=expected_revision, actor=actor)


def proposal_body_fixed(proposal: Proposal) -> bool:
    """A proposal on an agenda, or decided, is addressed to its body for good."""
    return proposal.pk is not None and (
        AgendaItem.objects.filter(proposal_id=proposal.pk).exists()
        or Decision.objects.filter(proposal_id=proposal.pk).exists()
    )


def proposal_body_refusal() -> str:
    return _(
        "Aan welk orgaan dit voorstel is gericht ligt vast: het staat op een agenda of er is "
        "over besloten."
    )


@transaction.atomic
def proposal_save(*, proposal: Proposal, expected_revision: int | None, actor=None) -> Proposal:
    """Create or edit a proposal. Its status is never taken from the input: a new one is a
    concept, an existing one keeps what its meetings made it. A proposal decided for good
    (aangenomen or verworpen) is what the body decided on: it is read-only. Its body (aan)
    changes only while it is on no agenda and undecided."""
    if proposal.pk is None:
        proposal.status = Status.CONCEPT
    else:
        # Locked first (agenda_item_save and decision_record lock it too), then checked.
        stored = _locked_proposal(proposal.pk)
        proposal.status = stored.status
        proposal_require_open(proposal)
        if stored.body_id != proposal.body_id and proposal_body_fixed(stored):
            raise GovernanceError({"body": proposal_body_refusal()})
    return save_checked(proposal, expected_revision=expected_revision, actor=actor)


def proposal_require_open(proposal: Proposal) -> None:
    """Refuse a change to a proposal that is aangenomen or verworpen (its text and its cost
    lines are what the body decided on), with the Dutch message the form shows."""
    if not proposal.is_open:
        raise GovernanceError(
            _(
                "Over voorstel %(reference)s is besloten (%(status)s): het voorstel en zijn "
                "kosten liggen vast."
            )
            % {"reference": proposal.reference, "status": proposal.get_status_display()}
        )
