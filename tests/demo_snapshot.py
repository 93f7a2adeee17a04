"""The demo district seeded once per test process, then replayed into each test.

Seeding runs the real code (users, review workflows, file processing, the search
index) and costs seconds; a hundred tests need it. The first test that asks for it
seeds it and records what seeding changed, table by table, with the files it wrote;
later tests replay those rows and files inside their own transaction, which the test
then rolls back as usual. Replaying is refused (and the real seeding runs) when the
database is not in the state the recording started from.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


@dataclass
class _Table:
    name: str
    key: list[str]  # primary-key columns
    columns: list[str]
    inserted: list[tuple] = field(default_factory=list)
    updated: list[tuple] = field(default_factory=list)
    deleted: list[tuple] = field(default_factory=list)  # keys


@dataclass
class Recording:
    tables: list[_Table]
    media: Path


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables(cursor) -> list[tuple[str, list[str]]]:
    """(table, key columns) of every table the project's database holds."""
    names = connection.introspection.table_names(cursor, include_views=False)
    virtual = set()
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        virtual = {row[0] for row in cursor.fetchall()}
    shadows = {v + suffix for v in virtual for suffix in _FTS_SHADOWS}
    found = []
    for name in names:
        if name in virtual or name in shadows:
            continue  # the full-text index follows its table through triggers
        key = connection.introspection.get_primary_key_columns(cursor, name)
        if key:
            found.append((name, list(key)))
    return found


def _read(cursor, table: str, key: list[str]) -> tuple[list[str], dict]:
    cursor.execute(f"SELECT * FROM {_quote(table)}")
    columns = [c[0] for c in cursor.description]
    index = [columns.index(k) for k in key]
    return columns, {tuple(row[i] for i in index): tuple(row) for row in cursor.fetchall()}


def _state() -> dict:
    with connection.cursor() as cursor:
        return {table: (key, *_read(cursor, table, key)) for table, key in _tables(cursor)}


def record(seed, media_dir: Path) -> Recording:
    """Run `seed` and keep what it changed in the database and under MEDIA_ROOT."""
    before = _state()
    seed()
    after = _state()
    tables = []
    for name, (key, columns, rows) in after.items():
        old_columns, old_rows = before.get(name, (key, columns, {}))[1:]
        if old_columns != columns:
            raise RuntimeError(f"seeding changed the columns of {name}")
        table = _Table(name, key, columns)
        for pk, row in rows.items():
            if pk not in old_rows:
                table.inserted.append(row)
            elif old_rows[pk] != row:
                table.updated.append(row)
        table.deleted = [pk for pk in old_rows if pk not in rows]
        if table.inserted or table.updated or table.deleted:
            tables.append(table)
    shutil.rmtree(media_dir, ignore_errors=True)
    if Path(settings.MEDIA_ROOT).exists():
        shutil.copytree(settings.MEDIA_ROOT, media_dir)
    else:
        media_dir.mkdir(parents=True)
    return Recording(tables, media_dir)


def _where(key: list[str]) -> str:
    return " AND ".join(f"{_quote(k)} = %s" for k in key)


def replay(recording: Recording) -> bool:
    """Write the recorded changes again; False (nothing written) when the rows it would
    insert are already there, i.e. the database is not where the recording started."""
    with transaction.atomic(), connection.cursor() as cursor:  # foreign keys checked at the end
        for table in recording.tables:
            if not table.inserted:
                continue
            key_index = [table.columns.index(k) for k in table.key]
            probe = table.inserted[0]
            cursor.execute(f"SELECT 1 FROM {_quote(table.name)} WHERE {_where(table.key)}",
                           [probe[i] for i in key_index])
            if cursor.fetchone():
                return False
        for table in recording.tables:
            try:
                _write(cursor, table)
            except Exception as error:
                raise RuntimeError(f"replaying {table.name}: {error}") from error
        if connection.vendor == "postgresql":
            _advance_sequences(cursor, recording)
    shutil.copytree(recording.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return True


def _write(cursor, table: _Table) -> None:
    quoted = _quote(table.name)
    key_index = [table.columns.index(k) for k in table.key]
    if table.deleted:
        cursor.executemany(f"DELETE FROM {quoted} WHERE {_where(table.key)}", table.deleted)
    if table.updated:
        assignments = ", ".join(f"{_quote(c)} = %s" for c in table.columns if c not in table.key)
        values = [[v for c, v in zip(table.columns, row) if c not in table.key] + [row[i] for i in key_index]
                  for row in table.updated]
        cursor.executemany(f"UPDATE {quoted} SET {assignments} WHERE {_where(table.key)}", values)
    if table.inserted:
        columns = ", ".join(_quote(c) for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        cursor.executemany(f"INSERT INTO {quoted} ({columns}) VALUES ({marks})", table.inserted)


def _advance_sequences(cursor, recording: Recording) -> None:
    """Rows came with their ids: move each identity sequence past them (setval is not
    undone by the rollback; later ids are only higher)."""
    for table in recording.tables:
        if table.key != ["id"] or not table.inserted:
            continue
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [_quote(table.name)])
        sequence = cursor.fetchone()[0]
        if sequence:
            cursor.execute(f"SELECT setval(%s, GREATEST((SELECT MAX(id) FROM {_quote(table.name)}), 1))", [sequence])
