"""Many new objects of one model added to the search index at once.

`add_bulk(backend, model, objects)` stores what `backend.add_bulk(model, objects)` stores.
On PostgreSQL, modelsearch's `add_items` builds a SearchVector expression per object and
compiles it into one INSERT with eight parameters an object: for 10,000 questions ~3 s
of Python (compiling, then psycopg binding 80,000 parameters) before the server starts.
Here each object's texts are gathered as `add_items` gathers them, the SQL of each shape
of vector (how many texts, their weights) is compiled once by modelsearch itself, and the
texts travel as a few arrays unnested by the server (`INSERT … SELECT … FROM unnest(…)`):
the same rows, the same vectors, in a fraction of the time. Other backends (SQLite's,
tests' dummy) get their own `add_bulk`.
"""

from __future__ import annotations

from django.db.models.sql.subqueries import InsertQuery
from modelsearch.utils import get_content_type_pk

from lms.core.bulk_insert import server_binding

try:  # only with PostgreSQL's driver installed
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        ObjectIndexer,
        PostgresSearchBackend,
    )
except ImportError:  # pragma: no cover - psycopg is a dependency of the project
    PostgresSearchBackend = None

_PARTS = ("title", "autocomplete", "body")
_SENTINEL = "\x01text{}\x01"  # stands for an object's text while a shape's SQL is compiled


def add_bulk(backend, model, objects, *, refresh: bool = True) -> None:
    """`refresh=False` leaves out PostgreSQL's update of its title norms (over the whole
    index, and a wait for everything sent before it in a pipeline), for a caller adding
    objects in several calls and refreshing once after (`add_bulk(…, [], refresh=True)`)."""
    objects = list(objects)
    if PostgresSearchBackend is None or not isinstance(backend, PostgresSearchBackend):
        if objects:
            backend.add_bulk(model, objects)
        return
    search_fields = model.get_search_fields()  # worked out once, not once an object
    if not search_fields:
        return
    index = backend.get_index_for_model(model)
    connection = index.write_connection
    compiler = InsertQuery(IndexEntry).get_compiler(connection=connection)
    content_type_pk = get_content_type_pk(model)
    groups: dict[tuple, list] = {}
    for obj in objects:
        gathered = _Gatherer(obj, backend, search_fields)
        shapes = tuple(getattr(gathered, part) for part in _PARTS)  # ((texts…), weights, autocomplete)
        key = tuple((weights, autocomplete) for _texts, weights, autocomplete in shapes)
        groups.setdefault(key, []).append((gathered, shapes))
    cursor = server_binding(connection)  # its arrays bound on the server; in a pipeline, sent at once
    for key, members in groups.items():
        sql, constants = _statement(compiler, connection, members[0][0], key)
        columns = [[gathered.id for gathered, _shapes in members]]
        for part_index, (weights, _autocomplete) in enumerate(key):
            for text_index in range(len(weights)):
                columns.append([shapes[part_index][0][text_index] for _gathered, shapes in members])
        columns.append([" ".join(shapes[0][0]) for _gathered, shapes in members])  # title_text
        columns.append([" ".join(shapes[2][0]) for _gathered, shapes in members])  # body_text
        cursor.execute(sql, [content_type_pk, *constants, *columns])
    if refresh:
        index._refresh_title_norms()


def _statement(compiler, connection, gathered, key) -> tuple[str, list]:
    """The INSERT for objects whose vectors have the shapes `key`: modelsearch's own SQL
    for each vector, compiled once, its texts read from the unnested arrays."""
    selects, constants, names = [], [], ["u.c0"]
    column = 1
    for part, (weights, autocomplete) in zip(_PARTS, key):
        texts = [(_SENTINEL.format(column + i), weight) for i, weight in enumerate(weights)]
        vector = ObjectIndexer.as_vector(gathered, texts, for_autocomplete=autocomplete)
        value = compiler.prepare_value(IndexEntry._meta.get_field(part), vector)
        sql, params = value.as_sql(compiler, connection)
        pieces = sql.split("%s")
        if len(pieces) != len(params) + 1:
            raise ValueError(f"unexpected SQL for the search vector: {sql}")
        out = [pieces[0]]
        for param, piece in zip(params, pieces[1:]):
            if isinstance(param, str) and param.startswith("\x01text"):
                out.append(f"u.c{int(param.strip(chr(1))[4:])}")
            else:
                out.append("%s")
                constants.append(param)
            out.append(piece)
        selects.append("".join(out))
        column += len(weights)
    names += [f"u.c{i}" for i in range(1, column)]
    names += [f"u.c{column}", f"u.c{column + 1}"]
    unnest = ", ".join(["%s::text[]"] * len(names))
    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    sql = f"""
        INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
        SELECT %s, u.c0, {selects[0]}, {selects[1]}, {selects[2]}, 1.0, u.c{column}, u.c{column + 1}
        FROM unnest({unnest}) AS u({", ".join(n[2:] for n in names)})
        ON CONFLICT (content_type_id, object_id)
        DO UPDATE SET title = EXCLUDED.title,
                      title_norm = 1.0,
                      autocomplete = EXCLUDED.autocomplete,
                      body = EXCLUDED.body,
                      title_text = EXCLUDED.title_text,
                      body_text = EXCLUDED.body_text
    """
    return sql, constants


if PostgresSearchBackend is not None:

    class _Gatherer(ObjectIndexer):
        """modelsearch's indexer whose vectors are kept as their texts and weights
        (what `as_vector` is given, stripped and without the empty ones, as it does)."""

        def __init__(self, obj, backend, search_fields):  # noqa: as ObjectIndexer's, the fields given
            self.obj = obj
            self.search_fields = search_fields
            self.config = backend.config
            self.autocomplete_config = backend.autocomplete_config

        def as_vector(self, texts, for_autocomplete=False):
            kept = [(text.strip(), weight) for text, weight in texts]
            kept = [(text, weight) for text, weight in kept if text]
            return tuple(t for t, _w in kept), tuple(w for _t, w in kept), for_autocomplete
