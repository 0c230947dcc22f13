"""Who made a change and why, in the history django-simple-history keeps of a row."""

from django.db.models import Model


def with_history_actor[Row: Model](instance: Row, actor) -> Row:
    """Name `actor` as the author of the next save or delete of `instance` in its history.
    In a request django-simple-history takes the request's user; services set the actor
    themselves, so a command, a task or a copy made for someone records its author too."""
    # The attribute django-simple-history reads; the model does not declare it.
    instance._history_user = actor  # type: ignore[attr-defined]
    return instance


def with_history_reason[Row: Model](instance: Row, reason: str) -> Row:
    """Give the next save of `instance` a reason in its history (django-simple-history keeps
    a hundred characters of it)."""
    instance._change_reason = reason[:100]  # type: ignore[attr-defined]
    return instance
