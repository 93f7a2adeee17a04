"""Many new rows written in a few statements, faster than `bulk_create`.

`insert_rows(model, rows)` stores what `Model.objects.bulk_create(objs)` would store for
new objects built from the same values (each row a dict of field attnames to values; a
field left out takes its default, an auto_now or auto_now_add field must be given), and
returns the new primary keys in order. It builds no model instance and adapts only the
values the ORM would change before the driver takes them (JSON, datetimes, UUIDs,
decimals… through the field's own `get_db_prep_save`): on SQLite in multi-row INSERT …
RETURNING statements of up to 500 rows (without Django's limit of 999 parameters a
statement: the library's own), on PostgreSQL in statements of 100 rows bound on the server
(_insert_postgresql), the rows' ids returned in the order of the VALUES as bulk_create
counts on — or, for rows whose ids were taken first (`allocate_ids`), sent without
RETURNING as they are made, inside `pipelined` and `checked_when_written`. Like
bulk_create it sends no signal and calls no `save()`. For a write of tens of thousands of rows (an import) the
difference is several seconds. `update_rows(model, names, rows)` sets a few fields of many
rows by primary key.
"""

from __future__ import annotations

import contextlib
import sqlite3
from itertools import chain

from django.db import connections, router
from django.db.models import Field

ROWS_PER_STATEMENT = 500
PG_ROWS_PER_STATEMENT = 100
# Types whose values the ORM adapts (JSON text or Jsonb, datetimes as SQLite's text,
# UUIDs as SQLite's hex, decimals as text…); any other value goes as it is.
_ADAPTED = {"JSONField", "DateTimeField", "DateField", "TimeField", "UUIDField", "DecimalField", "DurationField",
            "BinaryField", "FileField", "ImageField"}


def _max_params(connection) -> int:
    if connection.vendor == "sqlite":
        limit = getattr(connection.connection, "getlimit", None)  # Python 3.11+
        return limit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if limit else connection.features.max_query_params
    return 65535  # PostgreSQL's protocol


def _adapter(field, connection):
    """The field's adaptation of a value, or None where there is none. The last value
    adapted is remembered: rows written together mostly share their times."""
    if field.get_internal_type() not in _ADAPTED:
        return None
    json = field.get_internal_type() == "JSONField"  # None is JSON's null there, not SQL's NULL
    last = [object(), None]

    def adapt(value):
        if value is last[0]:
            return last[1]
        adapted = None if value is None and not json else field.get_db_prep_save(value, connection)
        last[0], last[1] = value, adapted
        return adapted

    return adapt


def server_binding(connection, *, raw: bool = False):
    """A cursor of psycopg's own on the connection of `connection` (PostgreSQL), binding
    parameters on the server: Django's binds them on the client (as literals quoted in
    Python, a value at a time), several seconds for the million values of an import.
    `raw`: for statements written with $1, $2… (never parsed by psycopg, which parses a
    long %s statement anew on each run)."""
    import psycopg

    connection.ensure_connection()
    return (psycopg.RawCursor if raw else psycopg.Cursor)(connection.connection)


@contextlib.contextmanager
def pipelined(model):
    """Within the block, on PostgreSQL, the INSERTs of insert_rows(…, returning=False)
    are sent as they are made, in psycopg's pipeline: the server writes them while this
    process builds the next rows (two cores at work instead of one waiting on the other);
    all are written, or the first error raised, when the block ends. A query whose
    answer is needed inside waits for what was sent before it. Elsewhere it does nothing."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.connection.pipeline():
        yield


@contextlib.contextmanager
def checked_when_written(model, *, deferred=()):
    """Within the block, on PostgreSQL, foreign keys are checked as each statement ends
    rather than all at commit (Django makes them DEFERRABLE INITIALLY DEFERRED): in a
    pipeline the server checks while this process builds the next rows, where at commit
    it would check tens of thousands of keys with everyone waiting. Rows must then be
    written after those they name, but for the keys `deferred` ([(model, field name)]:
    rows naming each other), checked at commit as before. Elsewhere it does nothing."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        yield
        return
    names = []
    with connection.cursor() as cursor:
        for other, field_name in deferred:
            column = other._meta.get_field(field_name).column
            constraints = connection.introspection.get_constraints(cursor, other._meta.db_table)
            names += [name for name, found in constraints.items()
                      if found["foreign_key"] and found["columns"] == [column]]
    quote = connection.ops.quote_name
    raw = server_binding(connection)
    raw.execute("SET CONSTRAINTS ALL IMMEDIATE")
    if names:
        raw.execute(f"SET CONSTRAINTS {', '.join(quote(name) for name in names)} DEFERRED")
    try:
        yield
    finally:
        raw.execute("SET CONSTRAINTS ALL DEFERRED")


def insert_rows(model, rows: list[dict], *, returning: bool = True, ids: list | None = None) -> list:
    """INSERT `rows` of `model`; their primary keys, in order (see the module's docstring),
    or nothing without `returning` (the rows give their keys, or none is needed). With
    `ids` (allocate_ids'), the rows are written with them, and they are returned."""
    if ids is not None:
        for row, pk in zip(rows, ids):
            row[model._meta.pk.attname] = pk
        insert_rows(model, rows, returning=False)
        return list(ids)
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    connection.ensure_connection()
    pk_name = model._meta.pk.attname
    # the primary key written when the rows hold it (allocate_ids), else the database's
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or pk_name in rows[0]]
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    adapters = [_adapter(f, connection) for f in fields]
    params = [tuple(adapt(row[name] if name in row else defaults[name]) if adapt
                    else (row[name] if name in row else defaults[name])
                    for name, adapt in zip(names, adapters)) for row in rows]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    tail = f" RETURNING {quote(model._meta.pk.column)}"
    if connection.vendor == "postgresql":
        return _insert_postgresql(connection, head, tail if returning else "", len(fields), params)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per = max(1, min(ROWS_PER_STATEMENT, _max_params(connection) // len(fields)))
    ids: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(params), per):
            batch = params[start:start + per]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, list(chain.from_iterable(batch)))
            ids += [found[0] for found in cursor.fetchall()]
    return ids


def _insert_postgresql(connection, head: str, tail: str, width: int, params: list[tuple]) -> list:
    """Statements of up to 100 rows with PostgreSQL's own placeholders, bound on the
    server (server_binding's raw cursor). Without `tail` (RETURNING) each is sent as it is
    made (see pipelined); with it they run in psycopg's pipeline (executemany) and give
    back the rows' ids in the order of the VALUES, as bulk_create counts on."""
    per = max(1, min(PG_ROWS_PER_STATEMENT, _max_params(connection) // width))
    whole = len(params) - len(params) % per
    raw = server_binding(connection, raw=True)

    def statement(count: int) -> str:
        return head + ", ".join("(" + ", ".join(f"${row * width + column + 1}" for column in range(width)) + ")"
                                for row in range(count)) + tail

    def values(batch) -> tuple:
        return tuple(chain.from_iterable(batch))

    if not tail:
        full = statement(per) if whole else ""
        for start in range(0, len(params), per):
            batch = params[start:start + per]
            raw.execute(full if len(batch) == per else statement(len(batch)), values(batch))
        return []
    ids: list = []
    if whole:
        raw.executemany(statement(per), [values(params[start:start + per]) for start in range(0, whole, per)],
                        returning=True)
        while True:
            ids += [found[0] for found in raw.fetchall()]
            if not raw.nextset():
                break
    if whole < len(params):
        raw.execute(statement(len(params) - whole), values(params[whole:]))
        ids += [found[0] for found in raw.fetchall()]
    return ids


def allocate_ids(model, count: int) -> list | None:
    """`count` new primary keys of `model` taken from its sequence (PostgreSQL), for rows
    that other rows must name before they are written (foreign keys are checked at
    commit there); None where the database has no sequence to take them from (SQLite)."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return None
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return [found[0] for found in cursor.fetchall()]


def instance_rows(objs: list) -> list[dict]:
    """The rows new instances of one model are written as (see insert_instances), their
    auto_now fields set now (pre_save) on the instances too."""
    model = type(objs[0])
    given = objs[0].pk is not None
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or given]
    # pre_save only where a field has its own (auto_now, files…): the others' is the attribute
    own = [f for f in fields if type(f).pre_save is not Field.pre_save]
    plain = [f.attname for f in fields if type(f).pre_save is Field.pre_save]
    rows = []
    for obj in objs:
        values = obj.__dict__
        row = {name: values[name] if name in values else getattr(obj, name) for name in plain}
        for f in own:
            row[f.attname] = f.pre_save(obj, True)
        rows.append(row)
    return rows


def insert_instances(objs: list, rows: list[dict] | None = None) -> None:
    """`insert_rows` for new instances of one model, as bulk_create saves them: auto_now
    fields set (pre_save), each instance given its pk and its saved state. Instances
    whose pk is set already (allocate_ids) are written with it; `rows`, when given, are
    their instance_rows (taken earlier, then completed by the caller)."""
    if not objs:
        return
    model = type(objs[0])
    rows = instance_rows(objs) if rows is None else rows
    alias = router.db_for_write(model)
    if objs[0].pk is not None:
        insert_rows(model, rows, returning=False)
    else:
        for obj, pk in zip(objs, insert_rows(model, rows)):
            obj.pk = pk
    for obj in objs:
        obj._state.adding, obj._state.db = False, alias


def update_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Set the fields `names` (attnames) of many rows of `model`, each row (pk, *values):
    on SQLite one UPDATE by primary key run for each row (executemany), on PostgreSQL one
    UPDATE … FROM unnest(one array a column). What a correlated subquery or a CASE over
    thousands of ids would do, without a plan that scans a table for each row of a freshly
    filled one (PostgreSQL has no statistics for it yet)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    adapters = [_adapter(f, connection) for f in fields]
    quote = connection.ops.quote_name
    params = [tuple(adapt(value) if adapt else value for adapt, value in zip(adapters, values)) + (pk,)
              for pk, *values in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, one array a column (a few columns)
            cursor = server_binding(connection)
            pk_field = model._meta.pk
            columns = [list(column) for column in zip(*params)]
            listed = [f"c{i}" for i in range(len(fields))]
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in [*fields, pk_field])
            cursor.execute(
                f"UPDATE {quote(model._meta.db_table)} SET "
                f"{', '.join(f'{quote(f.column)} = u.{c}' for f, c in zip(fields, listed))} "
                f"FROM unnest({arrays}) AS u({', '.join(listed)}, pk) "
                f"WHERE {quote(model._meta.db_table)}.{quote(pk_field.column)} = u.pk", columns)
            return
        cursor.executemany(f"UPDATE {quote(model._meta.db_table)} SET "
                           f"{', '.join(f'{quote(f.column)} = %s' for f in fields)} "
                           f"WHERE {quote(model._meta.pk.column)} = %s", params)
