"""The demo's rows: each found by its natural key and only created when missing, so loading
twice changes nothing (and adds no history rows). A missing row is written through the service
of its app where there is one, as a user's row would be: a plan is made as a concept, gets its
lines, targets and budget, and is then adopted; counts are recorded, periods closed and
corrected through placements' services. Names of private persons never appear: roles only."""

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from budgets.models import Expenditure
from budgets.services.spending import expenditure_approve, expenditure_record, expenditure_reject
from core.formatting import rows_counted
from placements.models import Correction, Realisation
from placements.services import realisation_record
from programmes.models import ActionPlan
from programmes.services import (
    child_save,
    period_close,
    plan_change_status,
    plan_create,
    plan_decide,
    plan_row_save,
)
from regions.models import (
    ActionItem,
    AgendaItem,
    Decision,
    GoverningBody,
    Meeting,
    Membership,
    Organisation,
    SeatRule,
)
from regions.services import (
    action_item_complete,
    action_item_save,
    agenda_item_save,
    decision_record,
    meeting_save,
    membership_save,
    seat_rules_set,
)


class Tally(Counter):
    """How many rows of each model one run created."""

    def add(self, model: type[models.Model], count: int = 1) -> None:
        if count:
            self[model] += count

    def describe(self) -> str:
        """In Dutch, for people: "1 actieplan, 6 activiteiten"."""
        return rows_counted(self)


def ensure(
    tally: Tally,
    model: type[models.Model],
    defaults: dict | None = None,
    *,
    save: Callable[[models.Model], models.Model] | None = None,
    **lookup,
):
    """The row matching `lookup`, created with `defaults` when missing: by `save` (a service
    that saves the new row and returns it) when given, else saved as it is (a model without a
    service). Never updates: a second run saves nothing, so simple-history records nothing
    either."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **(defaults or {}))
        if save is None:
            obj.save()
        else:
            obj = save(obj)
        tally.add(model)
    return obj


def ensure_child(tally: Tally, plan, model: type[models.Model], /, defaults=None, **lookup):
    """A row of `plan` with a revision (line, project, target, activity, risk, budget line,
    funding, staff cost), created through programmes' child_save while the plan is a
    concept."""

    def save(row):
        return child_save(plan=plan, instance=row, expected_revision=None)

    return ensure(tally, model, defaults, save=save, **lookup)


def ensure_plan_row(tally: Tally, plan, model: type[models.Model], /, defaults=None, **lookup):
    """A row of `plan` without a revision (prognosis, reporting period, key figure), created
    through programmes' plan_row_save while the plan is a concept."""
    return ensure(
        tally, model, defaults, save=lambda row: plan_row_save(plan=plan, instance=row), **lookup
    )


def ensure_plan(tally: Tally, defaults: dict, **lookup) -> ActionPlan:
    """An action plan, made by plan_create as a concept with the reporting periods its period
    length gives it; plan_reach_status takes it further once its rows are in."""
    plan = ActionPlan.objects.filter(**lookup).first()
    if plan is None:
        version = lookup.pop("version", 1)
        plan = plan_create(actor=None, **lookup, **defaults)
        if version != 1:
            # The source document's own version number; its earlier versions are not in the
            # demo, so there is no predecessor to make it from. Its history says the same.
            ActionPlan.objects.filter(pk=plan.pk).update(version=version)
            plan.history.update(version=version)
            plan.version = version
        tally.add(ActionPlan)
    return plan


# The steps a plan takes from concept (programmes.services.TRANSITIONS).
STATUS_STEPS = [
    ActionPlan.Status.CONCEPT,
    ActionPlan.Status.TER_BESPREKING,
    ActionPlan.Status.VASTGESTELD,
    ActionPlan.Status.AFGESLOTEN,
]


def plan_reach_status(plan: ActionPlan, status: str) -> None:
    """Take `plan` step by step to `status` through plan_change_status, as its board did. A
    plan there already (a second load) is left as it is."""
    while STATUS_STEPS.index(plan.status) < STATUS_STEPS.index(status):
        next_status = STATUS_STEPS[STATUS_STEPS.index(plan.status) + 1]
        plan_change_status(
            plan=plan, actor=None, new_status=next_status, expected_revision=plan.revision
        )


def ensure_organisations(tally: Tally, region, rows) -> dict:
    """Organisations from rows of (key, name, kind), in `region` (None: national), by key."""
    return {
        key: ensure(tally, Organisation, name=name, region=region, defaults={"kind": kind})
        for key, name, kind in rows
    }


def ensure_body(tally: Tally, region, name, kind, frequency, description, parent=None):
    """A governing body of `region`, found by its name."""
    return ensure(
        tally,
        GoverningBody,
        region=region,
        name=name,
        defaults={
            "kind": kind,
            "meeting_frequency": frequency,
            "description": description,
            "parent": parent,
        },
    )


def ensure_seats(tally: Tally, body, seats, organisations: dict, *, start=None) -> None:
    """Memberships from rows of (role title, organisation key, seat category, function); a key
    that names no organisation leaves the seat without one (a vacancy, say). `start`: the day
    they all took their seats, when the source gives one."""
    for role_title, key, seat, function in seats:
        ensure_member(
            tally,
            body,
            role_title,
            organisations.get(key),
            seat,
            function,
            start=start,
        )


def ensure_member(
    tally: Tally, body, role_title, organisation, seat, function, *, start=None, end=None
) -> Membership:
    """One membership of `body`, found by its role title, written through membership_save. One
    with an `end` is saved first as it began and then ended, as the secretary records a seat
    falling vacant: the membership's history shows the day it ended."""

    def save(member):
        ended = member.end_date
        member.end_date = None
        member = membership_save(membership=member, expected_revision=None)
        if ended is not None:
            member.end_date = ended
            member = membership_save(membership=member, expected_revision=member.revision)
        return member

    return ensure(
        tally,
        Membership,
        body=body,
        role_title=role_title,
        defaults={
            "organisation": organisation,
            "seat_category": seat,
            "function": function,
            "start_date": start,
            "end_date": end,
        },
        save=save,
    )


def ensure_seat_rules(tally: Tally, body, seats: dict[str, int]) -> None:
    """The body's composition rule ({"werkgevers": 3, ...}) through seat_rules_set, once: a
    body that has a rule keeps it (seat_rules_set replaces rows, a second load must not)."""
    if not SeatRule.objects.filter(body=body).exists():
        tally.add(SeatRule, len(seat_rules_set(body=body, seats=seats)))


def ensure_meeting(tally: Tally, body, day: date, **defaults) -> Meeting:
    """The meeting of `body` on `day` (one a day), through meeting_save."""
    return ensure(
        tally,
        Meeting,
        defaults,
        save=lambda meeting: meeting_save(meeting=meeting, expected_revision=None),
        body=body,
        date=day,
    )


def ensure_agenda_item(tally: Tally, meeting, title: str, **defaults) -> AgendaItem:
    """An item on `meeting`'s agenda found by its title, put at the end through
    agenda_item_save (a proposal on it becomes geagendeerd)."""
    return ensure(
        tally,
        AgendaItem,
        defaults,
        save=lambda item: agenda_item_save(item=item, expected_revision=None),
        meeting=meeting,
        title=title,
    )


def ensure_decision(tally: Tally, item: AgendaItem, text: str, outcome: str, **subject):
    """A line of the decision list of `item`'s meeting about `item`, found by its text: through
    decision_record, or, about a plan version, programmes' plan_decide (which adopts a plan
    ter bespreking when the outcome is aangenomen). `subject`: proposal=, plan= or
    budget_change=."""

    def save(decision):
        if decision.plan_id:
            return plan_decide(decision=decision, actor=None)
        return decision_record(decision=decision, actor=None)

    return ensure(
        tally,
        Decision,
        {"agenda_item": item, "outcome": outcome, **subject},
        save=save,
        meeting=item.meeting,
        text=text,
    )


def ensure_action_item(
    tally: Tally,
    decision,
    description: str,
    owner_role: str,
    *,
    due: date | None,
    done: date | None = None,
    organisation=None,
) -> ActionItem:
    """An action item of `decision`, through action_item_save; one `done` is then marked done
    on that day through action_item_complete (it leaves the dashboard)."""

    def save(item):
        item = action_item_save(item=item, expected_revision=None)
        if done is not None:
            item = action_item_complete(item=item, on=done, expected_revision=item.revision)
        return item

    return ensure(
        tally,
        ActionItem,
        {"owner_role": owner_role, "due_date": due, "owner_organisation": organisation},
        save=save,
        decision=decision,
        description=description,
    )


def programme_manager(region):
    """The demo programme manager of `region` (users.py): who closes periods and corrects."""
    return get_user_model().objects.get(username=f"programmamanager-{region.slug}")


def penningmeester(region):
    """The demo penningmeester of `region` (users.py): who approves the spending."""
    return get_user_model().objects.get(username=f"penningmeester-{region.slug}")


def _past(day: date) -> datetime:
    """Ten in the morning of `day`, Dutch time: a moment in the demo's past."""
    return timezone.make_aware(datetime.combine(day, time(10)))


def ensure_realisations(
    tally: Tally, target, periods: dict, counts: dict, *, source: str, sector: str = ""
) -> dict:
    """Realisations of `target` per period code ({"2019-K1": 5}), as delivered by `source`,
    by period code."""
    return {
        code: ensure_realisation(tally, target, periods[code], count, source=source, sector=sector)
        for code, count in counts.items()
    }


def ensure_realisation(
    tally: Tally, target, period, count: int, *, source: str, sector: str = ""
) -> Realisation:
    """One count of `target` in an open `period`, recorded through realisation_record."""

    def record(row):
        return realisation_record(
            target=target,
            period=period,
            count=row.count,
            sector=sector,
            source=source,
            expected_count=None,
        )

    return ensure(
        tally,
        Realisation,
        target=target,
        period=period,
        sector=sector,
        target_group="",
        source=source,
        defaults={"count": count},
        save=record,
    )


def close_periods(plan, *, until: date, actor, after: timedelta = timedelta(weeks=6)) -> None:
    """Close the periods of `plan` that end on or before `until` through period_close, each
    as if reported `after` its end. Periods closed already keep their date and closer."""
    for period in plan.periods.filter(end_date__lte=until, closed_at__isnull=True):
        period_close(period=period, actor=actor)
        plan.periods.filter(pk=period.pk).update(closed_at=_past(period.end_date + after))


def ensure_correction(
    tally: Tally, realisation, *, count: int, reason: str, actor, on: date
) -> None:
    """A correction of `realisation` in its closed period, made once through the service (so
    the realisation's history and the correction keep the old value beside the new one), as
    if made `on` that day."""
    if realisation.corrections.exists():
        return
    realisation_record(
        target=realisation.target,
        period=realisation.period,
        count=count,
        sector=realisation.sector,
        target_group=realisation.target_group,
        source=realisation.source,
        expected_count=realisation.count,
        reason=reason,
        actor=actor,
    )
    realisation.corrections.update(corrected_at=_past(on))
    tally.add(Correction)


def ensure_expenditure(
    tally: Tally,
    budget_line,
    *,
    reference: str,
    on: date,
    amount,
    description: str,
    counterparty: str = "",
    recorder,
    approver=None,
    rejection: str = "",
    recorded_after: timedelta = timedelta(days=2),
    decided_after: timedelta = timedelta(days=5),
    found_by: str = "reference",
) -> Expenditure:
    """A spending entry on `budget_line` with `reference`, dated `on`, found again by its
    budget line and `found_by` (its reference, or its date). A missing one is recorded by
    `recorder` through expenditure_record and, when an `approver` is given, approved by them,
    or rejected with `rejection`, through the four-eyes services; without one it waits for
    approval. As if recorded `recorded_after` and decided `decided_after` the entry's date
    (the services stamp the moment itself)."""

    def record(row):
        entry = expenditure_record(
            budget_line=budget_line,
            actor=recorder,
            date=row.date,
            amount=row.amount,
            description=row.description,
            reference=row.reference,
            counterparty=row.counterparty,
        )
        moments = {"recorded_at": _past(on + recorded_after)}
        if approver is not None:
            if rejection:
                expenditure_reject(expenditure=entry, actor=approver, reason=rejection)
            else:
                expenditure_approve(expenditure=entry, actor=approver)
            moments["decided_at"] = _past(on + decided_after)
        Expenditure.objects.filter(pk=entry.pk).update(**moments)
        return entry

    fields = {
        "reference": reference,
        "date": on,
        "amount": amount,
        "description": description,
        "counterparty": counterparty,
    }
    key = {found_by: fields.pop(found_by)}
    return ensure(tally, Expenditure, budget_line=budget_line, **key, defaults=fields, save=record)
