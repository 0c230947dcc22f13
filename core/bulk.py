"""Writing many rows at once, with their history: PostgreSQL's COPY where the database is
PostgreSQL, batched INSERTs (bulk_create) elsewhere. For the imports, which record tens of
thousands of rows in one transaction after checking them once (docs/decisions/0018): a row
at a time would cost a dozen queries per row.

The rows are tuples in the order of the named columns (field attnames), never model objects:
building 100.000 objects costs more than writing them; their history is written by the
database from the rows themselves. Nothing here validates: the caller checked every row by
the rules the single-row services use."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection, models
from django.db.models import Value

BATCH = 2_000  # rows per INSERT where there is no COPY


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _column(model: type[models.Model], name: str) -> str:
    """The database column of `model`'s field `name` (or attname)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.column)


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]
) -> None:
    """Insert `rows` into `model`'s table in one go. A row the database refuses (a
    constraint) raises Django's IntegrityError, as a save would, and the caller's
    transaction rolls back."""
    rows = list(rows)
    if not rows:
        return
    if not _is_postgresql():
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(_column(model, column)) for column in columns)
    statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def insert_history(rows: models.QuerySet, *, history_type: str, actor, when: datetime) -> int:
    """The django-simple-history rows of the rows just inserted ("+") or changed ("~"),
    selected by `rows`: the rows a save() would have added, each with the row's state now,
    written by the database itself in one INSERT … SELECT. Returns how many."""
    model = rows.model
    historical = model.history.model
    tracked = [
        field.attname for field in historical._meta.fields if field.attname in _fields(model)
    ]
    selected = (
        rows.order_by()
        .annotate(
            history_date_=Value(when, output_field=models.DateTimeField()),
            history_type_=Value(history_type, output_field=models.CharField()),
            history_user_id_=Value(getattr(actor, "pk", None), output_field=models.IntegerField()),
        )
        .values_list(*tracked, "history_date_", "history_type_", "history_user_id_")
    )
    select, params = selected.query.sql_with_params()
    quote = connection.ops.quote_name
    names = [_column(historical, name) for name in tracked]
    names += ["history_date", "history_type", "history_user_id"]
    statement = (
        f"INSERT INTO {quote(historical._meta.db_table)} "
        f"({', '.join(quote(name) for name in names)}) {select}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _fields(model: type[models.Model]) -> set[str]:
    return {field.attname for field in model._meta.concrete_fields}


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
    assert isinstance(field, models.Field) and model._meta.pk is not None
    settings = [f"{quote(_column(model, column))} = v.value"] + [
        f"{quote(_column(model, name))} = %s" for name in fixed
    ]
    key_column = quote(str(model._meta.pk.column))
    statement = (
        f"UPDATE {quote(model._meta.db_table)} AS t SET {', '.join(settings)} "
        f"FROM unnest(%s::bigint[], %s::{field.db_type(connection)}[]) AS v(id, value) "
        f"WHERE t.{key_column} = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [*fixed.values(), [pk for pk, _v in values], [value for _pk, value in values]],
        )
