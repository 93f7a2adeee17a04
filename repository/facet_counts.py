"""The catalogue's facet counts, kept as resources change (repository.models.FacetCount).

Browsing without a query counts, for each facet, the published resources the user may
see under the other active filters. Read from the resources, that is every published
row of the chosen grade (or subject…) grouped five ways, milliseconds on every page;
read from FacetCount it is a few hundred rows. A resource counts once, under its
combination of level, subject, grade, series and kind and under who may see it (0:
everyone; else its school, whose district's teachers see it), while it is published.

Every save and delete of a resource moves its count from the combination it had to the
one it has (signals below), in the same transaction, so that the counts commit or roll
back with it. Writes that bypass the model (queryset updates, bulk_create) call
`recount()`, as `make_synthetic_resources` and `refresh_catalogue_search` do.
"""

from __future__ import annotations

from django.db import connection

from repository.choices import Visibility

TABLE = "repository_facetcount"
KEY = ("level_id", "subject_id", "grade_id", "textbook_series_id", "kind", "school_id")
_BEFORE = "_facet_count_key_before"


def key_of(*, live, first_published_at, visibility, school_id, level_id, subject_id, grade_id,
           textbook_series_id, kind) -> tuple | None:
    """The combination a resource counts under, or None while it is not published."""
    if not (live and first_published_at):
        return None
    return (level_id, subject_id, grade_id, textbook_series_id or 0, kind,
            0 if visibility == Visibility.PUBLIC else school_id)


_FIELDS = ("live", "first_published_at", "visibility", "school_id", "level_id", "subject_id", "grade_id",
           "textbook_series_id", "kind")


def _key_of_instance(resource) -> tuple | None:
    return key_of(**{name: getattr(resource, name) for name in _FIELDS})


def add(key: tuple | None, delta: int) -> None:
    """Count `delta` resources more (or fewer) under `key`; a combination left with none goes."""
    if key is None or not delta:
        return
    columns = ", ".join(KEY)
    where = " AND ".join(f"{column} = %s" for column in KEY)
    with connection.cursor() as cursor:
        if delta > 0:
            cursor.execute(
                f"INSERT INTO {TABLE} ({columns}, n) VALUES ({', '.join(['%s'] * len(KEY))}, %s) "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {TABLE}.n + excluded.n",
                [*key, delta],
            )
        else:
            cursor.execute(f"UPDATE {TABLE} SET n = n - %s WHERE {where} AND n >= %s", [-delta, *key, -delta])
            cursor.execute(f"DELETE FROM {TABLE} WHERE {where} AND n = 0", list(key))


def recount(*, resource_table: str = "repository_resource") -> int:
    """Every count again from the resources (after writes that bypassed the model).
    Returns how many combinations there are."""
    columns = ", ".join(KEY)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}, n) "
            "SELECT level_id, subject_id, grade_id, COALESCE(textbook_series_id, 0), kind, "
            "CASE WHEN visibility = %s THEN 0 ELSE school_id END AS who, COUNT(*) "
            f"FROM {connection.ops.quote_name(resource_table)} WHERE live AND first_published_at IS NOT NULL "
            "GROUP BY level_id, subject_id, grade_id, COALESCE(textbook_series_id, 0), kind, "
            "CASE WHEN visibility = %s THEN 0 ELSE school_id END",
            [Visibility.PUBLIC.value, Visibility.PUBLIC.value],
        )
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


# --- read -------------------------------------------------------------------------------


TEXT_FIELDS = ("kind",)  # the facet fields that hold text; the others hold ids
# Typed NULLs: PostgreSQL types an untyped NULL of a subquery as text, which a UNION
# with a bigint column then refuses.
NO_ID, NO_TEXT = "CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)"


def per_field_sql(*, source: str, fields: tuple[str, ...], filters: dict[str, object], count: str,
                  scope: str = "1 = 1", scope_params=(), tag: int = 0) -> tuple[str, list]:
    """SELECT statements (UNION ALL) giving, for each facet field, the rows of `source`
    under `scope` and every active filter but the field's own, grouped by its value,
    then the rows under every filter: rows of (tag + field's index, id value, text value,
    `count`), read back by `read_counts`. `filters`: field -> the chosen value."""

    def where(skipped: str | None) -> tuple[str, list]:
        chosen = [(field, value) for field, value in filters.items() if field != skipped]
        return (f"WHERE {scope}" + "".join(f" AND {field} = %s" for field, _value in chosen),
                [*scope_params, *(value for _field, value in chosen)])

    parts, params = [], []
    for i, field in enumerate(fields):
        condition, values = where(field)
        number, text = (NO_ID, field) if field in TEXT_FIELDS else (field, NO_TEXT)
        parts.append(f"SELECT {tag + i}, {number}, {text}, {count} FROM {source} {condition} GROUP BY {field}")
        params += values
    condition, values = where(None)
    parts.append(f"SELECT {tag + len(fields)}, {NO_ID}, {NO_TEXT}, {count} FROM {source} {condition}")
    return " UNION ALL ".join(parts), [*params, *values]


def read_counts(rows, fields: tuple[str, ...], tag: int = 0) -> tuple[dict[str, dict], int]:
    """({field: {value: how many}}, total) from the rows of `per_field_sql` (others skipped)."""
    counts: dict[str, dict] = {field: {} for field in fields}
    total = 0
    for i, number, text, n in rows:
        if i == tag + len(fields):
            total = int(n or 0)
        elif tag <= i < tag + len(fields):
            value = text if number is None else (number or None)  # an id 0: none (no series)
            counts[fields[i - tag]][value] = int(n)
    return counts, total


def counted(*, filters: dict[str, object], districts: set[int] | None, fields: tuple[str, ...]):
    """({field: {value: how many}}, total) for browsing, from the counts table: for each
    facet field, the published resources under every active filter but its own, by
    value; the total under them all. `districts`: those whose teachers-only resources
    count too (None: every resource, for superusers)."""
    from lms.organisation.models import School

    scope, params = "1 = 1", []
    if districts is not None:
        scope = "school_id = 0"
        if districts:
            scope = (f"(school_id = 0 OR school_id IN (SELECT id FROM {School._meta.db_table} "
                     f"WHERE district_id IN ({', '.join(['%s'] * len(districts))})))")
            params = sorted(districts)
    sql, values = per_field_sql(source=TABLE, fields=fields, filters=filters, count="SUM(n)",
                                scope=scope, scope_params=params)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return read_counts(cursor.fetchall(), fields)


# --- kept by the model's signals ---------------------------------------------------------


def _stored_key(model, pk) -> tuple | None:
    """The combination the stored row counts under: the row, not the instance in hand
    (a save with update_fields writes only some of its fields)."""
    row = model.objects.filter(pk=pk).values(*_FIELDS).first() if pk is not None else None
    return key_of(**row) if row else None


def before_save(sender, instance, raw=False, **kwargs):
    if not raw:
        setattr(instance, _BEFORE, None if instance._state.adding else _stored_key(sender, instance.pk))


def after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = instance.__dict__.pop(_BEFORE, None)
    after = _stored_key(sender, instance.pk)
    if before != after:
        add(before, -1)
        add(after, +1)


def after_delete(sender, instance, **kwargs):
    add(_key_of_instance(instance), -1)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save

    from repository.models import Resource

    pre_save.connect(before_save, sender=Resource, dispatch_uid="repository-facet-count-before")
    post_save.connect(after_save, sender=Resource, dispatch_uid="repository-facet-count-after")
    post_delete.connect(after_delete, sender=Resource, dispatch_uid="repository-facet-count-delete")
