"""Turning django-simple-history records into readable change entries (who, when, what),
shared by the history selectors of programmes and budgets."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

# Bookkeeping a reader does not need: the entry already says who changed it and when.
IGNORED_FIELDS = {"revision", "updated_at", "created_at", "status_changed_at", "status_changed_by"}
ACTIONS = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    subject: str
    action: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    reason: str = ""


def _related_names(records, model) -> dict:
    """(related model, pk) → name, from the related objects select_related on `records`."""
    names = {}
    relations = [f for f in model._meta.concrete_fields if f.is_relation]
    for record in records:
        for relation in relations:
            if relation.name in record._state.fields_cache:
                related = record._state.fields_cache[relation.name]
                if related is not None:
                    names[(relation.related_model, related.pk)] = str(related)
    return names


def _display(model, field_name, value, lookups):
    if value is None or value == "":
        return "–"
    model_field = model._meta.get_field(field_name)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation:
        return lookups.get((model_field.related_model, value), f"#{value}")
    return value


def entries_from_records(records, *, model, describe, action_of=None) -> list[HistoryEntry]:
    """`records`: historical rows of one model, oldest first, with their foreign keys
    select_related (one query). Changes are computed between consecutive records of the same
    object, in memory; related objects are named from what the query already fetched, and
    `describe(record)` names the object the same way (no query per record). `action_of(record)`,
    where given, may name what happened in the domain's words with its reason (*goedgekeurd*,
    *afgekeurd* with why), as (action, reason); None keeps created / changed / deleted."""
    records = list(records)
    lookups = _related_names(records, model)
    previous_by_object = {}
    entries = []
    for record in records:
        previous = previous_by_object.get(record.id)
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=IGNORED_FIELDS)
            for change in delta.changes:
                verbose = model._meta.get_field(change.field).verbose_name
                changes.append(
                    (
                        verbose,
                        _display(model, change.field, change.old, lookups),
                        _display(model, change.field, change.new, lookups),
                    )
                )
        previous_by_object[record.id] = record
        if record.history_type == "~" and not changes:
            continue  # a save that changed nothing a person would see
        user = record.history_user
        action, reason = str(ACTIONS[record.history_type]), record.history_change_reason or ""
        if action_of is not None and (named := action_of(record)) is not None:
            action, reason = named
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else _("systeem"),
                kind=str(model._meta.verbose_name),
                subject=describe(record),
                action=str(action),
                changes=changes,
                reason=reason,
            )
        )
    return entries
