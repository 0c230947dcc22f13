"""Writing many rows at once, with their history: PostgreSQL's COPY where the database is
PostgreSQL, batched INSERTs (bulk_create) elsewhere. For the imports, which record tens of
thousands of rows in one transaction after checking them once (docs/decisions/0018): a row
at a time would cost a dozen queries per row.

The rows are tuples in the order of the named columns (field attnames), never model objects:
building 100.000 objects costs more than writing them. Nothing here validates: the caller
checked every row by the rules the single-row services use."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection, models

BATCH = 2_000  # rows per INSERT where there is no COPY


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys of `model`'s table, taken from its sequence (PostgreSQL), so
    rows written by COPY can be referred to (history, corrections) without reading back."""
    if count == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    with_ids: bool = False,
) -> list[int]:
    """Insert `rows` into `model`'s table in one go. With `with_ids`, returns the new
    primary keys in the order of the rows. A row the database refuses (a constraint) raises
    Django's IntegrityError, as a save would, and the caller's transaction rolls back."""
    rows = list(rows)
    if not rows:
        return []
    if not _is_postgresql():
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [instance.pk for instance in objects] if with_ids else []
    ids: list[int] = []
    if with_ids:
        ids = reserve_ids(model, len(rows))
        columns = [model._meta.pk.attname, *columns]
        rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def insert_history(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    history_type: str,
    actor,
    when: datetime,
) -> None:
    """The django-simple-history rows of rows just inserted ("+") or changed ("~"): `rows`
    hold each row's state after the write, its primary key first, then `columns` (every
    field the history keeps). The same rows a save() would add, written at once."""
    historical = model.history.model  # type: ignore[attr-defined]
    user_id = getattr(actor, "pk", None)
    insert_rows(
        historical,
        [
            model._meta.pk.attname,
            *columns,
            "history_date",
            "history_type",
            "history_user_id",
            "history_change_reason",
        ],
        ((*row, when, history_type, user_id, None) for row in rows),
    )


def update_rows(
    model: type[models.Model], column: str, values: Sequence[tuple[int, object]], **fixed
) -> None:
    """Set `column` per row ((primary key, value) pairs) and the `fixed` columns on all of
    them, in one statement on PostgreSQL (an UPDATE from unnested arrays)."""
    if not values:
        return
    if not _is_postgresql():
        objects = model._default_manager.in_bulk([pk for pk, _value in values])
        for pk, value in values:
            instance = objects[pk]
            setattr(instance, column, value)
            for name, fixed_value in fixed.items():
                setattr(instance, name, fixed_value)
        model._default_manager.bulk_update(
            list(objects.values()), [column, *fixed], batch_size=BATCH
        )
        return
    quote = connection.ops.quote_name
    field = model._meta.get_field(column)
    settings = [f"{quote(field.column)} = v.value"] + [
        f"{quote(model._meta.get_field(name).column)} = %s" for name in fixed
    ]
    pk = quote(model._meta.pk.column)
    statement = (
        f"UPDATE {quote(model._meta.db_table)} AS t SET {', '.join(settings)} "
        f"FROM unnest(%s::bigint[], %s::{field.db_type(connection)}[]) AS v(id, value) "
        f"WHERE t.{pk} = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [*fixed.values(), [pk for pk, _v in values], [value for _pk, value in values]],
        )
