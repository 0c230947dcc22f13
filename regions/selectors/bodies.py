"""Reads for a region's bodies and partner organisations: who sits where, whether a body's
current members fit its composition rule (3-3-1), when seats fell vacant and were filled
again, and the meetings a body's frequency proposes next.

Each body function reads the body's memberships, seat rules and meetings once (or uses what
a selector prefetched), so a page with many bodies stays at a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.functional import Promise

from core.dates import add_months

from ..models import (
    GoverningBody,
    Meeting,
    MeetingFrequency,
    Membership,
    Organisation,
    Region,
    SeatCategory,
)

CATEGORY_ORDER = {value: index for index, value in enumerate(SeatCategory.values)}


# ---------------------------------------------------------------------------------------------
# Querysets


def current_q(on: date, prefix: str = "") -> Q:
    """Memberships current on `on`: started (or no start) and not ended (or no end)."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


def is_current(membership: Membership, on: date) -> bool:
    return (membership.start_date is None or membership.start_date <= on) and (
        membership.end_date is None or membership.end_date >= on
    )


def region_bodies_with_composition(*, region: Region, on: date) -> list[GoverningBody]:
    """The region's bodies with parent, seat rules and the memberships that have not ended
    before `on` prefetched, each with `composition` (body_composition on that day): no query
    per body (three in all), and former members, who never count for it, are not read."""
    current = Membership.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    bodies = list(
        region.governing_bodies.select_related("parent")
        .prefetch_related(Prefetch("memberships", queryset=current), "seat_rules")
        .order_by("name")
    )
    for body in bodies:
        cast(Any, body).composition = body_composition(body, on=on)  # read by the template
    return bodies


def body_detail(*, region: Region, pk: int) -> GoverningBody:
    """One body of `region` with its parent, memberships (organisations), seat rules and
    meetings prefetched (four queries). Raises GoverningBody.DoesNotExist for another
    region's body."""
    return (
        GoverningBody.objects.filter(region=region)
        .select_related("parent", "region")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
            "seat_rules",
            Prefetch("meetings", queryset=Meeting.objects.order_by("date")),
        )
        .get(pk=pk)
    )


def region_membership(*, region: Region, body_pk: int, pk: int) -> Membership:
    return Membership.objects.select_related("body", "organisation").get(
        pk=pk, body_id=body_pk, body__region=region
    )


def organisations_for_region(*, region: Region) -> QuerySet[Organisation]:
    """The organisations a body of `region` may seat: the region's own and national ones."""
    return Organisation.objects.filter(Q(region=region) | Q(region__isnull=True)).order_by("name")


# ---------------------------------------------------------------------------------------------
# Partner organisations


@dataclass
class OrganisationKindGroup:
    kind: str
    label: str | Promise  # Organisation.Kind's lazy label, translated when shown
    organisations: list[Organisation] = field(default_factory=list)


def region_organisations(*, region: Region, on: date) -> list[Organisation]:
    """The region's partner organisations: its own, and national ones (UWV, FNV, SZW) that
    hold a membership current on `on` in one of its bodies. Each has `current_memberships`
    (in this region's bodies, current on `on`, with the body). Two queries whatever the
    number of rows."""
    current = (
        Membership.objects.filter(current_q(on), body__region=region)
        .select_related("body")
        .order_by("body__name", "function", "role_title")
    )
    return list(
        partner_organisations(own=Q(region=region), seated_in=current)
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("name")
    )


def partner_organisations(*, own: Q, seated_in: QuerySet[Membership]) -> QuerySet[Organisation]:
    """The one rule of who is a region's partner: the organisations `own` selects (a
    region's own), and national ones (UWV, FNV, SZW) that hold one of the memberships
    `seated_in` (the current memberships of the region's bodies). The partner organisations
    page asks it for one region, the API for the regions its principal reads."""
    seated = seated_in.filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(own | (Q(region__isnull=True) & Exists(seated)))


def organisations_by_kind(organisations: list[Organisation]) -> list[OrganisationKindGroup]:
    """Organisations grouped by kind, in Organisation.Kind's order; empty kinds left out."""
    groups = {
        value: OrganisationKindGroup(kind=value, label=label)
        for value, label in Organisation.Kind.choices
    }
    for organisation in organisations:
        groups[organisation.kind].organisations.append(organisation)
    return [group for group in groups.values() if group.organisations]


# ---------------------------------------------------------------------------------------------
# Composition


@dataclass(frozen=True)
class SeatCount:
    """One seat category of a body on a day: the seats its rule gives and how many seated
    members (chair or lid) it has."""

    category: str
    label: str
    seats: int
    filled: int

    @property
    def vacant(self) -> int:
        return max(self.seats - self.filled, 0)

    @property
    def surplus(self) -> int:
        return max(self.filled - self.seats, 0)

    @property
    def fits(self) -> bool:
        return self.filled == self.seats

    @property
    def without_seats(self) -> bool:
        """Members sit in a category the rule gives no seats."""
        return self.seats == 0 and self.filled > 0


@dataclass(frozen=True)
class Composition:
    """A body's composition on a day against its rule. Without a rule there is nothing to
    fit (`has_rule` False, `fits` True)."""

    on: date
    counts: list[SeatCount]

    @property
    def has_rule(self) -> bool:
        return any(count.seats for count in self.counts)

    @property
    def formation(self) -> str:
        """The rule as people say it: "3-3-1" (seats per category, in SeatCategory's order)."""
        return "-".join(str(count.seats) for count in self.counts if count.seats)

    @property
    def rule_counts(self) -> list[SeatCount]:
        return [count for count in self.counts if count.seats]

    @property
    def problems(self) -> list[SeatCount]:
        if not self.has_rule:
            return []
        return [count for count in self.counts if not count.fits]

    @property
    def fits(self) -> bool:
        return not self.problems

    @property
    def vacant(self) -> int:
        return sum(count.vacant for count in self.counts) if self.has_rule else 0


def _memberships(body: GoverningBody) -> list[Membership]:
    """The body's memberships: prefetched, or read once and kept on the body."""
    return list(body.memberships.all())


def body_composition(body: GoverningBody, *, on: date) -> Composition:
    """Compare the members seated on `on` (voorzitter or lid, current that day) with the
    body's seat rule, per category: filled, vacant, too many, or members in a category the
    rule gives no seats."""
    seats = {rule.seat_category: rule.seats for rule in body.seat_rules.all()}
    filled: dict[str, int] = {}
    for membership in _memberships(body):
        if membership.holds_seat and is_current(membership, on):
            filled[membership.seat_category] = filled.get(membership.seat_category, 0) + 1
    labels = dict(SeatCategory.choices)
    counts = [
        SeatCount(
            category=category,
            label=str(labels[category]),
            seats=seats.get(category, 0),
            filled=filled.get(category, 0),
        )
        for category in SeatCategory.values
        if category in seats or category in filled
    ]
    return Composition(on=on, counts=counts)


# ---------------------------------------------------------------------------------------------
# Seat history


@dataclass
class SeatVacancy:
    """A seat of `category` that fell vacant on `since` (the day after `left` ended) and, if
    so, was filled again on `filled_on` by `filled_by`."""

    category: str
    label: str
    since: date
    left: Membership
    filled_on: date | None = None
    filled_by: Membership | None = None

    @property
    def is_open(self) -> bool:
        return self.filled_on is None


@dataclass(frozen=True)
class SeatEvent:
    """One line of a body's seat history: a seat fell vacant, or was filled again."""

    VACANT = "vacant"
    FILLED = "filled"

    on: date
    kind: str
    vacancy: SeatVacancy

    @property
    def membership(self) -> Membership:
        if self.kind == self.VACANT:
            return self.vacancy.left
        # seat_history makes a filled event only of a vacancy that was filled (filled_on and
        # filled_by are set together).
        assert self.vacancy.filled_by is not None
        return self.vacancy.filled_by


def seat_history(body: GoverningBody, *, on: date | None = None) -> list[SeatEvent]:
    """When seats fell vacant and were filled again, newest first, up to `on` (default: every
    date known). A seat falls vacant when a seated membership (voorzitter or lid) ends and no
    other seated membership of its category takes it over: one that starts the next day, or
    one that started after the leaver (or the leaver's start is not known), before the leaver
    left, without filling a vacancy, and is still seated (an overlapping handover: the
    successor came before the predecessor left). A seated membership that
    starts while its category has an open vacancy fills the oldest one. Seats are counted per
    category from the membership dates alone: no rule, of today or of then, is applied to
    the past."""
    labels = dict(SeatCategory.choices)
    leaving: dict[tuple[str, date], list[Membership]] = {}
    joining: dict[tuple[str, date], list[Membership]] = {}
    for membership in _memberships(body):
        if not membership.holds_seat:
            continue
        if membership.end_date is not None:
            day = membership.end_date + timedelta(days=1)
            leaving.setdefault((membership.seat_category, day), []).append(membership)
        if membership.start_date is not None:
            joining.setdefault((membership.seat_category, membership.start_date), []).append(
                membership
            )
    days = sorted(set(leaving) | set(joining), key=lambda key: (CATEGORY_ORDER[key[0]], key[1]))
    vacancies: list[SeatVacancy] = []
    open_by_category: dict[str, list[SeatVacancy]] = {}
    # Who joined without filling a vacancy: a successor in waiting, until someone leaves.
    waiting_by_category: dict[str, list[Membership]] = {}
    for category, day in days:
        if on is not None and day > on:
            continue
        gone = sorted(leaving.get((category, day), []), key=lambda m: (m.role_title, m.pk))
        come = sorted(joining.get((category, day), []), key=lambda m: (m.role_title, m.pk))
        # Who starts the day after someone leaves takes the seat over: no vacancy.
        taken_over = min(len(gone), len(come))
        newcomers = come[taken_over:]
        open_ones = open_by_category.setdefault(category, [])
        waiting = waiting_by_category.setdefault(category, [])
        for newcomer in newcomers:
            if open_ones:
                vacancy = open_ones.pop(0)
                vacancy.filled_on, vacancy.filled_by = day, newcomer
            else:
                waiting.append(newcomer)
        # A successor who started after the leaver and is still seated today takes the seat
        # over (the latest to start first); one who has left since is no successor.
        waiting[:] = [m for m in waiting if m.end_date is None or m.end_date >= day]
        waiting.sort(key=lambda m: (m.start_date, m.role_title, m.pk))
        for left in gone[taken_over:]:
            successor = next(
                (
                    m
                    for m in reversed(waiting)
                    if m.start_date is not None  # a newcomer: started on an event's day
                    and m.start_date < day
                    and (left.start_date is None or m.start_date > left.start_date)
                ),
                None,
            )
            if successor is not None:
                waiting.remove(successor)
                continue
            vacancy = SeatVacancy(
                category=category, label=str(labels[category]), since=day, left=left
            )
            vacancies.append(vacancy)
            open_ones.append(vacancy)
    events = [SeatEvent(on=v.since, kind=SeatEvent.VACANT, vacancy=v) for v in vacancies]
    events += [
        SeatEvent(on=v.filled_on, kind=SeatEvent.FILLED, vacancy=v)
        for v in vacancies
        if v.filled_on is not None
    ]
    # Newest first; on one day a filling after the vacancy it closes.
    return sorted(
        events,
        key=lambda event: (event.on, event.kind == SeatEvent.FILLED, event.vacancy.category),
        reverse=True,
    )


# ---------------------------------------------------------------------------------------------
# Members and meetings on the body page


@dataclass(frozen=True)
class BodyMembers:
    current: list[Membership]
    former: list[Membership]
    upcoming: list[Membership]


FUNCTION_ORDER = {value: index for index, value in enumerate(Membership.Function.values)}


def body_members(body: GoverningBody, *, on: date) -> BodyMembers:
    """The body's members on `on`: current ones (chair first, then secretary, members and
    advisers), those still to start, and former ones (newest departure first)."""

    def order(membership):
        return (
            FUNCTION_ORDER[membership.function],
            CATEGORY_ORDER[membership.seat_category],
            membership.role_title,
        )

    current, former, upcoming = [], [], []
    for membership in _memberships(body):
        if membership.end_date is not None and membership.end_date < on:
            former.append(membership)
        elif membership.start_date is not None and membership.start_date > on:
            upcoming.append(membership)
        else:
            current.append(membership)
    former.sort(key=lambda m: (m.end_date, m.role_title), reverse=True)
    return BodyMembers(
        current=sorted(current, key=order),
        former=former,
        upcoming=sorted(upcoming, key=lambda m: (m.start_date, *order(m))),
    )


@dataclass(frozen=True)
class BodyCalendar:
    upcoming: list[Meeting]
    past: list[Meeting]


def body_meetings(body: GoverningBody, *, on: date, past_count: int = 5) -> BodyCalendar:
    """Upcoming meetings (from `on`, soonest first) and the last `past_count` ones (newest
    first)."""
    meetings = sorted(body.meetings.all(), key=lambda meeting: meeting.date)
    upcoming = [meeting for meeting in meetings if meeting.date >= on]
    past = [meeting for meeting in meetings if meeting.date < on]
    return BodyCalendar(upcoming=upcoming, past=list(reversed(past))[:past_count])


# ---------------------------------------------------------------------------------------------
# Planning


# Days between meetings, or months (the same day of the month, the last day where the month
# is shorter: 31 January, 28 February, 31 March).
# Keyed by the stored value (a MeetingFrequency member is that str, and hashes as it).
STEP_DAYS: dict[str, int] = {MeetingFrequency.WEKELIJKS: 7, MeetingFrequency.TWEEWEKELIJKS: 14}
STEP_MONTHS: dict[str, int] = {
    MeetingFrequency.MAANDELIJKS: 1,
    MeetingFrequency.TWEEMAANDELIJKS: 2,
    MeetingFrequency.KWARTAAL: 3,
    MeetingFrequency.HALFJAARLIJKS: 6,
    MeetingFrequency.JAARLIJKS: 12,
}


def _nth_meeting(anchor: date, frequency: str, number: int) -> date:
    if frequency in STEP_DAYS:
        return anchor + timedelta(days=STEP_DAYS[frequency] * number)
    return add_months(anchor, STEP_MONTHS[frequency] * number)


# The last meeting sets the rhythm unless it is longer ago than this many steps: then the
# proposals start from today.
LONG_PAST_STEPS = 2


def proposed_meeting_dates(body: GoverningBody, *, after: date, count: int = 4) -> list[date]:
    """The next `count` meeting dates the body's frequency proposes, all after `after`
    (today): in the rhythm of its last meeting on or before `after` (or from `after` itself
    when it has none, or the last one is more than two steps back), leaving out dates on
    which the body already meets. A body that meets ad hoc, or has no frequency, gets none."""
    frequency = body.meeting_frequency
    if frequency not in STEP_DAYS and frequency not in STEP_MONTHS:
        return []
    dates = {meeting.date for meeting in body.meetings.all()}
    held = [day for day in dates if day <= after]
    anchor = max(held) if held else after
    if _nth_meeting(anchor, frequency, LONG_PAST_STEPS) < after:
        anchor = after
    proposed: list[date] = []
    number = 1
    while len(proposed) < count:
        day = _nth_meeting(anchor, frequency, number)
        number += 1
        if day > after and day not in dates:
            proposed.append(day)
    return proposed
