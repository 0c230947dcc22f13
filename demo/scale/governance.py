"""The governance rows of one synthetic region (decision 0014), at the sizes a real region has:
three bodies (a Werkkamer in 3-3-1-1 formation, a steering group, a working group) with their
composition rules and about ten memberships each, one seat that fell vacant; a year of
meetings (monthly, every two weeks, monthly: 12, 26 and 12 up to a month ahead of `today`),
about five agenda items and three decisions per meeting held, action items from some
decisions (most done, a few open), and ten proposals to the Werkkamer with a staff-cost line
each, most of them decided.

Like the rest of the scale data: bulk_create where later rows need the ids, insert_rows
(COPY on PostgreSQL) for the leaves, no history rows. remove.py deletes it all."""

from datetime import timedelta
from decimal import Decimal

from budgets.models import StaffCost
from regions.models import (
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    MeetingFrequency,
    Membership,
    Proposal,
    SeatCategory,
    SeatRule,
)

Seat = SeatCategory
Function = Membership.Function
Purpose = AgendaItem.Purpose
Outcome = Decision.Outcome

# name, kind, frequency, days between meetings, seats per category
BODIES = [
    (
        "Werkkamer",
        GoverningBody.Kind.WERKKAMER,
        MeetingFrequency.MAANDELIJKS,
        30,
        {Seat.WERKGEVERS: 3, Seat.OVERHEID: 3, Seat.WERKNEMERS: 1, Seat.ONDERWIJS: 1},
    ),
    (
        "Stuurgroep",
        GoverningBody.Kind.STUURGROEP,
        MeetingFrequency.TWEEWEKELIJKS,
        14,
        {Seat.OVERHEID: 3, Seat.WERKGEVERS: 2, Seat.WERKNEMERS: 1, Seat.ONDERWIJS: 1},
    ),
    (
        "Werkgroep",
        GoverningBody.Kind.WERKGROEP,
        MeetingFrequency.MAANDELIJKS,
        30,
        {Seat.OVERHEID: 3, Seat.WERKGEVERS: 2, Seat.WERKNEMERS: 1},
    ),
]
ROLE_BY_SEAT = {
    Seat.WERKGEVERS: "vertegenwoordiger werkgevers",
    Seat.OVERHEID: "wethouder Werk",
    Seat.WERKNEMERS: "bestuurder vakbond",
    Seat.ONDERWIJS: "bestuurder onderwijs",
}
AGENDA = [
    ("Opening en vaststelling van de agenda", Purpose.KENNISNAME),
    ("Voortgang actieplannen", Purpose.BESPREKING),
    ("Financiële stand van zaken", Purpose.BESPREKING),
    ("Mededelingen partners", Purpose.KENNISNAME),
    ("Rondvraag en sluiting", Purpose.KENNISNAME),
]
PROPOSALS = 10


def build_governance(builder) -> None:
    """The governance rows of `builder`'s region (a demo.scale.region.RegionBuilder after its
    plans and budgets)."""
    region, rng, today = builder.region, builder.rng, builder.today
    organisations = builder.organisations
    current = [plan for plan in builder.plans if plan.end_date >= today] or builder.plans[-1:]
    bodies = builder._bulk(
        GoverningBody,
        [
            GoverningBody(
                region=region,
                name=f"{name} {region.name}",
                kind=kind,
                meeting_frequency=frequency,
                description="Gegenereerd voor metingen op landelijke schaal.",
            )
            for name, kind, frequency, _days, _seats in BODIES
        ],
    )
    builder._bulk(
        SeatRule,
        [
            SeatRule(body=body, seat_category=category, seats=count)
            for body, (*_rest, seats) in zip(bodies, BODIES, strict=True)
            for category, count in seats.items()
        ],
    )
    start = today - timedelta(days=335)
    members = []
    for body, (*_rest, seats) in zip(bodies, BODIES, strict=True):
        chair = True
        for category, count in seats.items():
            for number in range(1, count + 1):
                members.append(
                    Membership(
                        body=body,
                        role_title=f"{ROLE_BY_SEAT[category]} ({number})",
                        organisation=organisations[number % len(organisations)]
                        if category == Seat.OVERHEID
                        else None,
                        seat_category=category,
                        function=Function.VOORZITTER if chair else Function.LID,
                        start_date=start,
                    )
                )
                chair = False
        # The seat that fell vacant: its successor is the "(1)" member above.
        members.append(
            Membership(
                body=body,
                role_title=f"{ROLE_BY_SEAT[Seat.OVERHEID]} (voorganger)",
                organisation=organisations[0],
                seat_category=Seat.OVERHEID,
                function=Function.LID,
                start_date=start - timedelta(days=365),
                end_date=start - timedelta(days=1),
            )
        )
        members.append(
            Membership(
                body=body,
                role_title="ambtelijk secretaris",
                organisation=organisations[0],
                seat_category=Seat.OVERIG,
                function=Function.SECRETARIS,
                start_date=start,
            )
        )
    builder._bulk(Membership, members)

    meetings = []
    for body, (_name, _kind, _frequency, days, _seats) in zip(bodies, BODIES, strict=True):
        day = start + timedelta(days=rng.randrange(days))
        while day <= today + timedelta(days=30):
            meetings.append(Meeting(body=body, date=day, location=f"Regiokantoor {region.name}"))
            day += timedelta(days=days)
    meetings = builder._bulk(Meeting, meetings)
    werkkamer = bodies[0]
    held = [m for m in meetings if m.date < today]
    werkkamer_held = [m for m in held if m.body_id == werkkamer.pk]
    upcoming = [m for m in meetings if m.date >= today and m.body_id == werkkamer.pk]

    proposals = _proposals(builder, werkkamer, current)
    # Proposal i goes on Werkkamer meeting i (held ones first), decided there when held.
    on_agenda = {}
    slots = werkkamer_held[-(PROPOSALS - 2) :] + upcoming[:1]
    for proposal, meeting in zip(proposals, slots, strict=False):
        on_agenda[meeting.pk] = proposal

    items = []
    for meeting in meetings:
        for position, (title, purpose) in enumerate(AGENDA, start=1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=title,
                    purpose=purpose,
                    plan=current[position % len(current)] if position == 2 else None,
                )
            )
        proposal = on_agenda.get(meeting.pk)
        if proposal is not None:
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=len(AGENDA) + 1,
                    title=proposal.subject,
                    purpose=Purpose.BESLUITVORMING,
                    proposal=proposal,
                )
            )
    items = builder._bulk(AgendaItem, items)
    by_meeting: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)

    decisions, statuses = [], {}
    for meeting in held:
        agenda = by_meeting[meeting.pk]
        rows = [
            (agenda[1], "Kennisgenomen van de voortgang.", Outcome.KENNISGENOMEN, {}),
            (agenda[2], "Kennisgenomen van de financiële stand.", Outcome.KENNISGENOMEN, {}),
            (agenda[3], "Ingestemd met de mededelingen.", Outcome.AANGENOMEN, {}),
        ]
        if len(agenda) > len(AGENDA):
            item = agenda[-1]
            outcome = Outcome.AANGEHOUDEN if rng.random() < 0.15 else Outcome.AANGENOMEN
            statuses[item.proposal_id] = outcome
            rows[2] = (item, f"Besloten over {item.title}.", outcome, {"proposal": item.proposal})
        for number, (item, text, outcome, subject) in enumerate(rows, start=1):
            decisions.append(
                Decision(
                    meeting=meeting,
                    agenda_item=item,
                    number=number,
                    text=text,
                    outcome=outcome,
                    recorded_by=builder.secretary,
                    **subject,
                )
            )
    decisions = builder._bulk(Decision, decisions)
    for status in (Proposal.Status.AANGENOMEN, Proposal.Status.AANGEHOUDEN):
        Proposal.objects.filter(
            pk__in=[pk for pk, outcome in statuses.items() if outcome == status]
        ).update(status=status)
    upcoming_ids = [p.pk for pk, p in on_agenda.items() if p.pk not in statuses]
    Proposal.objects.filter(pk__in=upcoming_ids).update(status=Proposal.Status.GEAGENDEERD)

    # Action items from every third decision of a meeting; those due a month ago or more
    # are done, except one in ten (overdue, honestly).
    actions = []
    for decision in decisions[2::3]:
        due = decision.meeting.date + timedelta(days=rng.choice([14, 28, 42]))
        done = due < today - timedelta(days=30) and rng.random() > 0.1
        actions.append(
            (
                decision.pk,
                f"Uitwerken: {decision.agenda_item.title}"[:300],
                "ambtelijk secretaris",
                due,
                due - timedelta(days=rng.randrange(0, 7)) if done else None,
                1,
            )
        )
    builder._insert(
        ActionItem,
        ["decision_id", "description", "owner_role", "due_date", "completed_on", "revision"],
        actions,
    )


def _proposals(builder, werkkamer, plans) -> list[Proposal]:
    """Ten proposals to the Werkkamer, each drawing on a budget line of a current plan and
    with one staff-cost line there (hours × weeks × rate, against a stated total that now and
    then differs, as the Gooi en Vechtstreek one does)."""
    rng, today = builder.rng, builder.today
    plan_ids = {plan.pk for plan in plans}
    budget_lines = [line for line in builder.budget_lines if line.plan_id in plan_ids]
    proposals, costs = [], []
    for number in range(1, PROPOSALS + 1):
        budget_line = budget_lines[number % len(budget_lines)]
        hours, weeks, rate = rng.choice([16, 24, 32, 36]), rng.randrange(10, 45), 50
        computed = Decimal(hours * weeks * rate)
        stated = computed if rng.random() < 0.8 else computed + 2000
        proposals.append(
            Proposal(
                body=werkkamer,
                reference=f"{builder.region.code}-{today.year}-{number:03}",
                date=today - timedelta(days=340 - 30 * number),
                contact_role="beleidsmedewerker arbeidsmarkt",
                unit="Sturing",
                subject=f"Inzet projectleider {number} – {builder.region.name}",
                decision_points="1. Het voorstel vaststellen.\n2. Het bedrag beschikbaar stellen.",
                core_message="Gegenereerd voor metingen op landelijke schaal.",
                finances="Uren per week × weken × uurtarief.",
                budget_line=budget_line,
                stated_total=stated,
            )
        )
        costs.append((budget_line, hours, weeks, rate, stated))
    proposals = builder._bulk(Proposal, proposals)
    builder._bulk(
        StaffCost,
        [
            StaffCost(
                plan_id=budget_line.plan_id,
                proposal=proposal,
                role_title="projectleider",
                hours_per_week=Decimal(hours),
                weeks=Decimal(weeks),
                hourly_rate=Decimal(rate),
                stated_amount=stated,
            )
            for proposal, (budget_line, hours, weeks, rate, stated) in zip(
                proposals, costs, strict=True
            )
        ],
    )
    return proposals
