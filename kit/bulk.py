"""Writing thousands of rows at once in PostgreSQL: COPY for new rows (several times
quicker than INSERT for rows of text, and the table's triggers still fire for each row), and
one UPDATE from arrays for changed ones."""

from __future__ import annotations

from typing import Any, cast

from django.db import connection, models


def copy_insert(
    objects: list[models.Model], *, key: str | None, scope: models.Q | None = None
) -> None:
    """Insert new objects of one model with COPY, then give each its id, read back by
    ``key``, a field unique among them (within ``scope`` when the field is unique there);
    with no ``key`` the objects are left without ids."""
    if not objects:
        return
    model = type(objects[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row(
                [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
            )
    if key is None:
        return
    rows = model._base_manager.filter(**{f"{key}__in": [getattr(obj, key) for obj in objects]})
    if scope is not None:
        rows = rows.filter(scope)
    ids = dict(rows.values_list(key, "pk"))
    for obj in objects:
        obj.pk = ids[getattr(obj, key)]
        obj._state.adding = False


def update_from_arrays(
    model: type[models.Model], rows: list[tuple[Any, ...]], columns: list[str]
) -> int:
    """Set ``columns`` of each row given as ``(pk, value, ...)``, in one statement; the
    values' SQL types are the columns' own."""
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk
    # The columns are concrete fields, each a column of the table with a type of its own.
    fields = [cast("models.Field[Any, Any]", model._meta.get_field(name)) for name in columns]
    types = [cast(str, field.db_type(connection)) for field in (pk, *fields)]
    arrays = ", ".join(f"%s::{kind.split('(')[0]}[]" for kind in types)
    names = ", ".join(["_pk", *(f"_{i}" for i in range(len(fields)))])
    sets = ", ".join(
        f"{connection.ops.quote_name(field.column)} = v._{i}" for i, field in enumerate(fields)
    )
    values = [list(column) for column in zip(*rows, strict=True)]
    prepared = [
        values[0],
        *(
            [field.get_db_prep_save(value, connection) for value in column]
            for field, column in zip(fields, values[1:], strict=True)
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({names}) "  # noqa: S608 (quoted names of the model)
            f"WHERE {table}.{connection.ops.quote_name(pk.column)} = v._pk",
            prepared,
        )
        updated: int = cursor.rowcount
        return updated
