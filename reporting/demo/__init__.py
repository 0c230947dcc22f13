"""Demo data: the reference data (regions, municipalities, programmes, indicators, national
targets), demo users, and the five worked examples of the source documents.

Every row is found by its natural key and only created when missing, so loading twice changes
nothing (and adds no history rows). Names of private persons never appear: roles only."""

from collections import Counter

from django.db import models

from programmes.models import ActionPlan
from programmes.services import periods_sync
from regions.models import GoverningBody, Membership, Organisation


class Tally(Counter):
    """How many rows of each model one run created."""

    def add(self, model: type[models.Model], count: int = 1) -> None:
        if count:
            self[model] += count

    def describe(self) -> str:
        """In Dutch, for people: "1 actieplan, 6 activiteiten"."""
        parts = []
        for model, count in self.items():
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            parts.append(f"{count} {name}")
        return ", ".join(parts)


def ensure(tally: Tally, model: type[models.Model], defaults: dict | None = None, **lookup):
    """The row matching `lookup`, created with `defaults` when missing. Never updates: a second
    run saves nothing, so simple-history records nothing either."""
    obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
    if created:
        tally.add(model)
    return obj


def ensure_plan(tally: Tally, defaults: dict | None = None, **lookup):
    """An action plan, with the reporting periods its period length gives it."""
    plan = ensure(tally, ActionPlan, defaults=defaults, **lookup)
    periods_sync(plan=plan)
    return plan


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


def ensure_seats(tally: Tally, body, seats, organisations: dict) -> None:
    """Memberships from rows of (role title, organisation key, seat category, function); a key
    that names no organisation leaves the seat without one (a vacancy, say)."""
    for role_title, key, seat, function in seats:
        ensure(
            tally,
            Membership,
            body=body,
            role_title=role_title,
            defaults={
                "organisation": organisations.get(key),
                "seat_category": seat,
                "function": function,
            },
        )
