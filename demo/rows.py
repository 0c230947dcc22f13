"""The demo's rows: each found by its natural key and only created when missing, so loading
twice changes nothing (and adds no history rows). Names of private persons never appear: roles
only."""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from placements.models import Correction, Realisation
from placements.services import realisation_record
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


def programme_manager(region):
    """The demo programme manager of `region` (users.py): who closes periods and corrects."""
    return get_user_model().objects.get(username=f"programmamanager-{region.slug}")


def _past(day: date) -> datetime:
    """Ten in the morning of `day`, Dutch time: a moment in the demo's past."""
    return timezone.make_aware(datetime.combine(day, time(10)))


def ensure_realisations(
    tally: Tally, target, periods: dict, counts: dict, *, source: str, sector: str = ""
) -> dict:
    """Realisations of `target` per period code ({"2019-K1": 5}), as delivered by `source`,
    by period code."""
    return {
        code: ensure(
            tally,
            Realisation,
            target=target,
            period=periods[code],
            sector=sector,
            target_group="",
            source=source,
            defaults={"count": count},
        )
        for code, count in counts.items()
    }


def close_periods(plan, *, until: date, actor, after: timedelta = timedelta(weeks=6)) -> None:
    """Close the periods of `plan` that end on or before `until`, each as if reported `after`
    its end. Periods closed already keep their date and closer."""
    for period in plan.periods.filter(end_date__lte=until, closed_at__isnull=True):
        period.closed_at = _past(period.end_date + after)
        period.closed_by = actor
        period.save(update_fields=["closed_at", "closed_by"])


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
