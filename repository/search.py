"""The catalogue's own full-text search (PostgreSQL and SQLite), and its spelling
suggestions (PostgreSQL).

Each resource carries `search_vector`, a `tsvector` of its folded words (and of its
words as typed, so that an accented query ranks the exact spelling first), weighted:
A the title, B the topic and keywords, C the description and subject, D its files'
text. A GIN index answers `search_vector @@ query` on the resource table itself, so the
catalogue filters, counts its facets and ranks (`ts_rank`) without joining Wagtail's
search index by a text id. The vector and the query are written here, in Python, as
`tsvector` / `tsquery` literals: PostgreSQL's parser, whose idea of a letter depends on
the cluster's locale, never sees Vietnamese text.

Vectors follow the rows: after a resource is saved or published (signals below), after
its files' text is extracted (repository.processing) and when the search folding
changes (`manage.py update_index_if_changed` → `refresh_catalogue_search`).

Suggestions ("Có phải bạn muốn tìm…"): `repository_search_word` holds the folded words
of the published resources with the number of resources using each, with a pg_trgm
index; a word of a query that finds few results and that is rare or unknown is replaced
by the most similar frequent word. New words are added as resources are indexed;
`manage.py refresh_catalogue_search --words` recounts them all.

SQLite has its own index too: an FTS5 table of the same folded words (title apart),
kept by the same hooks (migration 0016, `sqlite_schema`); there is no suggestion there.
OpenSearch keeps Wagtail's search backend.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.contrib.postgres.search import SearchQueryField
from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from lms.core.text import search_fold

WORD_TABLE = "repository_search_word"
_WORD = re.compile(r"\w+")
_SUGGESTIBLE = re.compile(r"[a-z]{2,}")  # folded words only: no digits, no accents
MAX_WORD = 60  # longer "words" (hashes, runs of letters from a bad PDF) are not indexed
MAX_POSITIONS = 2  # per lexeme and weight: enough to rank, keeps the vectors small
MAX_POSITION = 16383  # PostgreSQL's limit
FILES_TEXT_CHARS = 20000  # per file, as Resource.folded_text


# --- when it applies -----------------------------------------------------------------


def database_backend() -> bool:
    """Wagtail's search runs on the database (not OpenSearch)."""
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    return backend in ("wagtail.search.backends.database", "modelsearch.backends.database")


def enabled() -> bool:
    """The catalogue searches its own index: `search_vector` on PostgreSQL, the FTS5 table
    SQLITE_FTS on SQLite (made by migration 0016 where SQLite has FTS5), with Wagtail's
    database backend (not OpenSearch)."""
    if not database_backend():
        return False
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and _sqlite_ready()


# SQLite: the folded words (and those of the title as typed) of each resource, in a
# table that an FTS5 index follows through triggers (an external-content table).
SQLITE_TEXT = "repository_search_text"
SQLITE_FTS = "repository_search_fts"
_sqlite_checked: set = set()


def _sqlite_ready() -> bool:
    key = connection.settings_dict["NAME"]
    if key not in _sqlite_checked:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SQLITE_FTS])
            if cursor.fetchone() is None:
                return False
        _sqlite_checked.add(key)
    return True


def sqlite_schema() -> list[str]:
    """The statements that make SQLite's catalogue index (migration 0016)."""
    return [
        f"CREATE TABLE IF NOT EXISTS {SQLITE_TEXT} (resource_id integer PRIMARY KEY, title text NOT NULL, "
        "body text NOT NULL)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FTS} USING fts5(title, body, content='{SQLITE_TEXT}', "
        "content_rowid='resource_id', tokenize='unicode61 remove_diacritics 0', detail='column')",
        f"CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXT}_ai AFTER INSERT ON {SQLITE_TEXT} BEGIN "
        f"INSERT INTO {SQLITE_FTS} (rowid, title, body) VALUES (new.resource_id, new.title, new.body); END",
        f"CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXT}_ad AFTER DELETE ON {SQLITE_TEXT} BEGIN "
        f"INSERT INTO {SQLITE_FTS} ({SQLITE_FTS}, rowid, title, body) "
        "VALUES ('delete', old.resource_id, old.title, old.body); END",
        f"CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXT}_au AFTER UPDATE ON {SQLITE_TEXT} BEGIN "
        f"INSERT INTO {SQLITE_FTS} ({SQLITE_FTS}, rowid, title, body) "
        "VALUES ('delete', old.resource_id, old.title, old.body); "
        f"INSERT INTO {SQLITE_FTS} (rowid, title, body) VALUES (new.resource_id, new.title, new.body); END",
        f"CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXT}_resource_ad AFTER DELETE ON repository_resource BEGIN "
        f"DELETE FROM {SQLITE_TEXT} WHERE resource_id = old.id; END",
        # The matches' facet fields and visibility read from this narrow index rather than
        # from the resources' wide rows: a quarter less time for a common word.
        "CREATE INDEX IF NOT EXISTS repository_resource_search_idx ON repository_resource (id, level_id, "
        "grade_id, subject_id, textbook_series_id, kind, visibility, live, first_published_at, school_id)",
    ]


def sqlite_texts(parts: list[tuple[str, str, bool]]) -> tuple[str, str]:
    """(title, body) of SQLite's index: the folded words, and as typed where the part
    keeps them; the title apart (it ranks first)."""
    texts = []
    for _weight, text, typed_too in parts:
        folded, typed = _words(text)
        texts.append(" ".join(folded + typed if typed_too else folded))
    return texts[0], " ".join(texts[1:])


# --- vectors ---------------------------------------------------------------------------


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _words(text: str) -> tuple[list[str], list[str]]:
    """The folded words and the words as typed (lower case, NFC) of a text: what a
    query's words are matched and ranked by (match_words, typed_words)."""
    return match_words(text), typed_words(text or "")


def vector_literal(parts: list[tuple[str, str, bool]]) -> str:
    """A `tsvector` literal of (weight, text, keep the typed words too) parts, in order.

    Positions run on from part to part; each lexeme keeps at most MAX_POSITIONS per weight.
    """
    positions: dict[str, list[str]] = defaultdict(list)
    kept: dict[tuple[str, str], int] = defaultdict(int)
    offset = 0
    for weight, text, typed_too in parts:
        folded, typed = _words(text)
        for words in (folded, typed) if typed_too else (folded,):
            for i, word in enumerate(words):
                if kept[word, weight] >= MAX_POSITIONS:
                    continue
                kept[word, weight] += 1
                positions[word].append(f"{min(offset + i + 1, MAX_POSITION)}{weight}")
        offset += len(folded) + 1
    return " ".join(f"{_quote(word)}:{','.join(dict.fromkeys(pos))}" for word, pos in positions.items())


def resource_parts(*, title, description, topic, subject, keywords, files_text) -> list[tuple[str, str, bool]]:
    """(weight, text, with its words as typed too): the words as typed only where they
    rank (the title, the topic and keywords), so that the vectors stay small (the
    facet counts read the matching rows)."""
    return [
        ("A", title, True),
        ("B", " ".join([topic, *keywords]), True),
        ("C", " ".join([description, subject]), False),
        ("D", " ".join(text[:FILES_TEXT_CHARS] for text in files_text), False),
    ]


def _lecture_texts(resource_model, pks) -> dict[int, list[str]]:
    """An e-learning lecture's words besides its own: its package's title and the titles
    of its parts (the table of contents), searched as a file's text is."""
    try:
        package_field = resource_model._meta.get_field("package")
    except FieldDoesNotExist:  # a historical model from before lectures
        return {}
    item_model = package_field.related_model._meta.get_field("items").related_model
    lectures = list(resource_model.objects.filter(pk__in=pks, package__isnull=False)
                    .values_list("pk", "package_id", "package__title"))
    titles = defaultdict(list)
    for package_id, title in (item_model.objects.filter(package_id__in={row[1] for row in lectures})
                              .order_by("package_id", "sort_order").values_list("package_id", "title")):
        titles[package_id].append(title)
    texts: dict[int, list[str]] = {}
    for pk, package_id, package_title in lectures:
        text = " ".join(filter(None, [package_title, *titles[package_id]]))
        if text:
            texts[pk] = [text]
    return texts


def _rows(resource_model, pks):
    """(pk, parts) for these resources, in a few queries (historical models too)."""
    tag_model = resource_model._meta.get_field("tagged_items").related_model
    file_model = resource_model._meta.get_field("files").related_model
    keywords = defaultdict(list)
    for pk, name in tag_model.objects.filter(content_object_id__in=pks).values_list("content_object_id", "tag__name"):
        keywords[pk].append(name)
    texts = defaultdict(list, _lecture_texts(resource_model, pks))
    for pk, text in (file_model.objects.filter(resource_id__in=pks).order_by("sort_order", "pk")
                     .values_list("resource_id", "document__text")):
        if text:
            texts[pk].append(text)
    rows = resource_model.objects.filter(pk__in=pks).values_list(
        "pk", "title", "description", "topic", "subject__name", "live", "first_published_at"
    )
    for pk, title, description, topic, subject, live, published_at in rows:
        parts = resource_parts(title=title, description=description, topic=topic, subject=subject or "",
                               keywords=keywords[pk], files_text=texts[pk])
        yield pk, parts, bool(live and published_at)


def refresh(pks, *, resource_model=None, words: bool = True) -> int:
    """Rewrite the index entries of these resources from their rows (PostgreSQL's vectors,
    SQLite's FTS5 text) and, on PostgreSQL, add their new words to the suggestions'
    vocabulary. Returns how many were written."""
    if connection.vendor == "sqlite":
        return _refresh_sqlite(pks, resource_model=resource_model)
    if connection.vendor != "postgresql":
        return 0
    if resource_model is None:
        from repository.models import Resource as resource_model
    pks = list(pks)
    if not pks:
        return 0
    values, new_words = [], set()
    for pk, parts, published in _rows(resource_model, pks):
        values.append((pk, vector_literal(parts)))
        if words and published:
            for _weight, text, _typed in parts:
                new_words.update(w for w in _WORD.findall(search_fold(text)) if _SUGGESTIBLE.fullmatch(w))
    if not values:
        return 0
    table = connection.ops.quote_name(resource_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS r SET search_vector = v.vector::tsvector "
            f"FROM (VALUES {', '.join(['(%s::bigint, %s)'] * len(values))}) AS v(id, vector) WHERE r.id = v.id",
            [x for row in values for x in row],
        )
        if new_words and _word_table_exists(cursor):
            cursor.execute(
                f"INSERT INTO {WORD_TABLE} (word, documents) SELECT unnest(%s::text[]), 1 "
                "ON CONFLICT (word) DO NOTHING",
                [sorted(new_words)],
            )
    return len(values)


def _refresh_sqlite(pks, *, resource_model=None) -> int:
    if not _sqlite_ready():
        return 0
    if resource_model is None:
        from repository.models import Resource as resource_model
    pks = list(pks)
    rows = [(pk, *sqlite_texts(parts)) for pk, parts, _published in _rows(resource_model, pks)] if pks else []
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(pks), 500):
            chunk = pks[start:start + 500]
            cursor.execute(f"DELETE FROM {SQLITE_TEXT} WHERE resource_id IN ({', '.join(['%s'] * len(chunk))})", chunk)
        if rows:
            cursor.executemany(f"INSERT INTO {SQLITE_TEXT} (resource_id, title, body) VALUES (%s, %s, %s)", rows)
    return len(rows)


def forget(pks) -> None:
    """Take resources out of the catalogue's own index (as if never indexed)."""
    from repository.models import Resource

    pks = list(pks)
    if connection.vendor == "sqlite" and _sqlite_ready():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_TEXT} WHERE resource_id IN ({', '.join(['%s'] * len(pks))})", pks)
    elif connection.vendor == "postgresql":
        Resource.objects.filter(pk__in=pks).update(search_vector=None)


def refresh_all(*, resource_model=None, batch: int = 1000, log=None) -> int:
    """Every resource's vector (or SQLite's text), batch by batch; then the vocabulary
    recounted (PostgreSQL)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return 0
    if resource_model is None:
        from repository.models import Resource as resource_model
    pks = list(resource_model.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(pks), batch):
        with transaction.atomic():
            done += refresh(pks[start:start + batch], resource_model=resource_model, words=False)
        if log and (start // batch) % 20 == 19:
            log(f"  {done}/{len(pks)} search vectors")
    if connection.vendor == "sqlite" and _sqlite_ready():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {SQLITE_FTS} ({SQLITE_FTS}) VALUES ('optimize')")
    refresh_words(resource_table=resource_model._meta.db_table)
    return done


def refresh_words(*, resource_table: str = "repository_resource") -> int:
    """The vocabulary recounted from the published resources' vectors (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        if not _word_table_exists(cursor):
            return 0
        cursor.execute(f"DELETE FROM {WORD_TABLE}")
        cursor.execute(
            f"INSERT INTO {WORD_TABLE} (word, documents) "
            "SELECT word, ndoc FROM ts_stat(%s) WHERE word ~ '^[a-z]{2,}$'",
            [f"SELECT search_vector FROM {connection.ops.quote_name(resource_table)} "
             "WHERE live AND first_published_at IS NOT NULL AND search_vector IS NOT NULL"],
        )
        return cursor.rowcount


def _word_table_exists(cursor) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [WORD_TABLE])
    return cursor.fetchone()[0]


def on_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A resource saved: its vector from the row as stored (a published resource's row
    holds its published version; an edit waits in a revision)."""
    if raw or not enabled():
        return
    if update_fields is not None and not {"title", "description", "topic", "subject", "live"} & set(update_fields):
        return
    refresh([instance.pk])


def on_published(sender, instance, **kwargs):
    """Published: again, now that its files and keywords are saved too (a cluster's
    children are written after the row, after post_save and the search index's update
    that post_save makes, which therefore saw the keywords and files of before)."""
    if not database_backend():
        return
    from wagtail.search import index

    index.insert_or_update_object(instance)
    if enabled():
        refresh([instance.pk])


def on_package_ready(sender, package, **kwargs):
    """A lecture's package unpacked (after the lecture was saved): its titles are words of
    the lectures that hold it."""
    if not enabled():
        return
    from repository.models import Resource

    pks = list(Resource.objects.filter(package=package).values_list("pk", flat=True))
    if pks:
        refresh(pks)


def connect() -> None:
    from django.db.models.signals import post_save
    from wagtail.signals import published

    from lms.player.signals import package_ready
    from repository.models import Resource

    post_save.connect(on_saved, sender=Resource, dispatch_uid="repository-search-vector")
    published.connect(on_published, sender=Resource, dispatch_uid="repository-search-vector-published")
    package_ready.connect(on_package_ready, dispatch_uid="repository-search-vector-package")


# --- queries ---------------------------------------------------------------------------


def _and(words: list[str]) -> str:
    return " & ".join(_quote(w) for w in dict.fromkeys(words))


def _tsquery(literal: str):
    return Cast(Value(literal), output_field=SearchQueryField())


def match_words(q: str) -> list[str]:
    return [w for w in _WORD.findall(search_fold(q)) if len(w) <= MAX_WORD]


def _fts_and(words: list[str]) -> str:
    return " AND ".join(f'"{w}"' for w in dict.fromkeys(words))  # \w+ words: no quote inside


def _fts_hits(expression: str) -> Q:
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {SQLITE_FTS} WHERE {SQLITE_FTS} MATCH %s", [expression]))


def matches(q: str):
    """A condition: the resource holds every folded word of `q`."""
    words = match_words(q)
    if not words:  # only words too long to be indexed: nothing (as SQL, for one statement)
        return Q(pk__isnull=True)
    if connection.vendor == "sqlite":
        return _fts_hits(_fts_and(words))
    return Func(F("search_vector"), _tsquery(_and(words)), template="%(expressions)s",
                arg_joiner=" @@ ", output_field=BooleanField())


def typed_words(q: str) -> list[str]:
    return [w for w in _WORD.findall(unicodedata.normalize("NFC", q).lower()) if len(w) <= MAX_WORD]


def ranking(q: str) -> tuple[dict, tuple[str, ...]]:
    """(annotations, order) that rank the matches of `q`, best first. PostgreSQL:
    `ts_rank` (rank). SQLite: the words as typed in the title first, then the folded words
    in the title, then the rest (the caller breaks ties, newest first): bm25 over every
    match of a common word cost more than the rest of the page."""
    if connection.vendor != "sqlite":
        return {"rank": rank(q)}, ("-rank",)
    folded, typed = match_words(q), typed_words(q)

    def in_title(words):
        if not words:
            return Value(0, output_field=IntegerField())
        hit = _fts_hits("{title} : (" + _fts_and(words) + ")")
        return Case(When(hit, then=Value(1)), default=Value(0), output_field=IntegerField())

    typed_first = in_title(typed) if typed and typed != folded else Value(0, output_field=IntegerField())
    return {"typed_title": typed_first, "folded_title": in_title(folded)}, ("-typed_title", "-folded_title")


def rank(q: str):
    """How well a resource matches `q`: by weight (title first), and higher when the
    words are there as typed too ("Đại" ranks "Đại số" above "Dại dột")."""
    folded, typed = match_words(q), typed_words(q)
    literal = _and(folded)
    if typed and typed != folded:
        literal = f"({literal}) | ({_and(typed)})"
    return Func(F("search_vector"), _tsquery(literal), function="ts_rank", output_field=FloatField())


# --- suggestions -----------------------------------------------------------------------

SIMILARITY = 0.35  # pg_trgm similarity a replacement needs
MORE_COMMON = 5  # a known word is replaced only by one used this many times more


def suggest(q: str, queryset) -> str:
    """A query like `q` whose rare or unknown words are replaced by the most similar
    common ones, if it finds something in `queryset` (what the visitor may see under the
    active filters); "" if there is none."""
    words = match_words(q)
    if connection.vendor != "postgresql" or not words or len(words) > 8:
        return ""
    with connection.cursor() as cursor:
        if not _word_table_exists(cursor):
            return ""
        cursor.execute(f"SELECT word, documents FROM {WORD_TABLE} WHERE word = ANY(%s)", [words])
        known = dict(cursor.fetchall())
        better = []
        for word in words:
            replacement = None
            if _SUGGESTIBLE.fullmatch(word):
                # `%` (similarity above pg_trgm's threshold, 0.3) lets the trigram index
                # find the candidates; then the closest, the most used first.
                cursor.execute(
                    f"SELECT word FROM {WORD_TABLE} WHERE word %% %s AND similarity(word, %s) >= %s "
                    "AND documents > %s ORDER BY similarity(word, %s) DESC, documents DESC, word LIMIT 1",
                    [word, word, SIMILARITY, known.get(word, 0) * MORE_COMMON, word],
                )
                row = cursor.fetchone()
                replacement = row[0] if row else None
            better.append(replacement or word)
    if better == words:
        return ""
    suggestion = " ".join(better)
    return suggestion if queryset.filter(matches(suggestion)).exists() else ""
