"""No lost updates. Every editable row carries a revision number; the form sends back the
revision it was loaded with, and a save succeeds only when nobody saved in between.
Used by the services and views of every app."""

import functools
from contextlib import contextmanager

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.forms import HiddenInput
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .history import with_history_actor


class ConcurrentEditError(Exception):
    """Someone else saved the same row after this form was loaded."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat nog in het "
                "formulier: vergelijk met de huidige gegevens en sla opnieuw op."
            )
        )


class Revisioned(models.Model):
    revision = models.PositiveIntegerField(_("revisie"), default=1, editable=False)

    class Meta:
        abstract = True


def unique_conflict(instance):
    """The stored row that `instance` would duplicate under one of its model's unique
    fields or unique constraints, or None."""
    model = type(instance)
    manager = model._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk is not None else manager.all()
    for field in model._meta.local_fields:
        if field.unique and not field.primary_key:
            found = others.filter(**{field.attname: getattr(instance, field.attname)}).first()
            if found is not None:
                return found
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
            continue
        try:
            constraint.validate(model, instance)  # honours the constraint's condition
        except ValidationError:
            names = [model._meta.get_field(name).attname for name in constraint.fields]
            found = others.filter(**{name: getattr(instance, name) for name in names})
            if constraint.condition is not None:
                found = found.filter(constraint.condition)
            if (found := found.first()) is not None:
                return found
    return None


@contextmanager
def conflict_on_duplicate(instance):
    """Around the insert of `instance`. Two people creating the same row at once (the first
    save of an empty grid cell, a new row with a unique name) both find nothing in their
    look-up, and the database refuses the second insert with an IntegrityError. This names
    the row on that error; `duplicates_are_conflicts`, around the service, turns it into the
    conflict screen once the service's transaction has rolled back."""
    try:
        yield
    except IntegrityError as error:
        if instance._state.adding:
            error.duplicate = instance
        raise


def duplicates_are_conflicts(service):
    """A service whose insert lost a race (see `conflict_on_duplicate`) raises
    ConcurrentEditError with the row that won, so the user compares and saves again, never
    an error page. Outside the service's own transaction (or savepoint), so the look-up runs
    after the rollback, and no extra savepoint is spent on every save."""

    @functools.wraps(service)
    def conflict_checked(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except IntegrityError as error:
            instance = getattr(error, "duplicate", None)
            current = unique_conflict(instance) if instance is not None else None
            if current is None:
                raise
            raise ConcurrentEditError(current) from None

    return conflict_checked


@duplicates_are_conflicts
def save_checked(instance, *, expected_revision: int | None, actor=None):
    """Validate and save `instance`; for an existing row, only if its revision in the database
    still equals `expected_revision` (the row is locked while we compare). `actor` is recorded
    as the author in the history, also outside a web request (commands, tasks)."""
    if actor is not None:
        with_history_actor(instance, actor)
    with transaction.atomic():
        if instance.pk is not None:
            current = type(instance).objects.select_for_update().get(pk=instance.pk)
            if expected_revision is None or current.revision != expected_revision:
                raise ConcurrentEditError(current)
            instance.revision = current.revision + 1
        instance.full_clean()
        with conflict_on_duplicate(instance):
            instance.save()
    return instance


def refuse_stale_save(form, error: ConcurrentEditError) -> None:
    """Someone saved in between: keep the user's input, show beside each field what is stored
    now, and take the current revision, so that saving again after comparing succeeds. A
    form field that is no field of the stored row's model (a plain form's, such as one
    number per category saved against its parent's revision) gets no such line."""
    current = error.current
    form.add_error(None, concurrent_edit_message(error))
    for name, field in form.fields.items():
        if name not in form.cleaned_data or isinstance(field.widget, HiddenInput):
            continue
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        stored = model_field.value_from_object(current)
        if stored != form.cleaned_data[name]:
            shown = getattr(current, name) if model_field.is_relation else stored
            if model_field.choices:
                shown = current._get_FIELD_display(model_field)
            form.add_error(
                name, gettext("Intussen opgeslagen: %(value)s") % {"value": localize(shown) or "–"}
            )
    data = form.data.copy()
    data[form.add_prefix("revision")] = str(current.revision)
    form.data = data


def concurrent_edit_message(error: ConcurrentEditError) -> str:
    when = getattr(error.current, "updated_at", None)
    if when is None:
        return str(error)
    saved_at = date_format(timezone.localtime(when), "d-m-Y H:i")
    return f"{error} " + gettext("Laatst opgeslagen op %(when)s.") % {"when": saved_at}
