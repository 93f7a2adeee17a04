"""Reads about resources: the public catalogue and who sees what in it, one's own
resources and their review status, the review queue, who may fetch a file.

Visibility: visitors (and students) see published, public resources; teachers,
reviewers and district officers also see the published resources their district
shares with its teachers only. Drafts never appear here; authors and reviewers see
them in the admin.
"""

from __future__ import annotations

import functools
import re
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse
from django.db.models import (
    BooleanField, Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Revision, TaskState, WorkflowState
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from lms.core.text import fold, search_fold
from lms.organisation.models import Level, School
from lms.accounts.models import RoleAssignment
from lms.permissions import assignments, can, officer_districts
from repository import facet_counts, filetypes, review, search
from repository.models import Grade, Licence, Resource, ResourceFile, Subject, TextbookSeries, Visibility
from repository.models import ResourceDocument
from repository.permissions import (
    TEACHING_ROLES, authoring_groups, is_author, resources_visible_in_admin, teacher_districts,
)

PAGE_SIZE = 12
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/"


# --- who sees what ----------------------------------------------------------------


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _districts_seen(user) -> set[int] | None:
    """The districts whose teachers-only resources the user sees besides the public ones
    (None: every resource, for a superuser)."""
    if _active(user) and user.is_superuser:
        return None
    return teacher_districts(user) if _active(user) else set()


def resources_visible(*, user) -> QuerySet[Resource]:
    """Published resources the user may see in the catalogue.

    Only FilterFields of Resource.search_fields are used, so that the queryset can be
    searched as it is.
    """
    # `live` alone is true for a row made in code and never published: ask for a date too.
    published = Resource.objects.filter(live=True, first_published_at__isnull=False)
    districts = _districts_seen(user)
    if districts is None:
        return published
    if not districts:
        return published.filter(visibility=Visibility.PUBLIC)
    schools = School.objects.filter(district__in=districts).values("pk")  # a subquery: no round trip
    return published.filter(
        Q(visibility=Visibility.PUBLIC) | Q(visibility=Visibility.TEACHERS, school_id__in=schools)
    )


def resource_draft_get(*, user, pk: int) -> tuple[Resource, str] | None:
    """The latest version of a resource not published, with its review status (draft,
    in review, sent back), for those who may read it (its authors; once submitted, the
    group's reviewers and the district's officers)."""
    resource = Resource.objects.filter(pk=pk, live=False).first()
    if resource is None or not can(user, "resource.view_draft", resource):
        return None
    return resource.get_latest_revision_as_object(), review_status(resource)


def resource_get_visible(*, user, pk: int) -> Resource | None:
    """The published version of a resource, if the user may see it.

    A published resource's row holds its published version: Wagtail keeps later
    edits in revisions until they are approved.
    """
    return (
        resources_visible(user=user)
        .filter(pk=pk)
        .select_related("level", "grade", "subject", "textbook_series", "school_year", "owner", "school",
                        "subject_group")
        .prefetch_related("co_authors", "keywords",
                          Prefetch("files", queryset=ResourceFile.objects.select_related("document")))
        .first()
    )


def resource_file_get_visible(*, user, resource_pk: int, file_pk: int) -> ResourceFile | None:
    """A file of a published resource the user may see."""
    return (
        ResourceFile.objects.filter(pk=file_pk, resource__in=resources_visible(user=user).filter(pk=resource_pk))
        .select_related("document", "resource")
        .first()
    )


def _document_ids_in_revision(revision) -> set[int]:
    files = (revision.content or {}).get("files") or []
    return {f.get("document") for f in files if isinstance(f, dict)}


def document_viewable(*, user, document) -> bool:
    """May the user fetch this repository file?

    Yes when a published resource they may see uses it, when they uploaded it, or when
    they may see a draft that uses it (its authors, its reviewers, the district's
    officers), including a file added in a revision still waiting for review.
    """
    if _active(user) and (user.is_superuser or document.uploaded_by_user_id == user.pk):
        return True
    if resources_visible(user=user).filter(files__document=document).exists():
        return True
    if not _active(user):
        return False
    using = Resource.objects.filter(files__document=document).select_related("school").prefetch_related("co_authors")
    if any(can(user, "resource.view_draft", r) for r in using):
        return True
    pending = (
        resources_visible_in_admin(user, Resource.objects.filter(has_unpublished_changes=True))
        .select_related("latest_revision", "school").prefetch_related("co_authors")
    )
    return any(
        r.latest_revision is not None
        and document.pk in _document_ids_in_revision(r.latest_revision)
        and can(user, "resource.view_draft", r)
        for r in pending
    )


# --- the catalogue ------------------------------------------------------------------


class Sort:
    """The orders offered. The default (no `sort` parameter) is the best match when
    searching and the newest otherwise, so that a new search ranks by relevance."""

    DEFAULT = ""
    RELEVANCE = "relevance"
    NEWEST = "newest"
    DOWNLOADS = "downloads"
    RATING = "rating"

    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NEWEST, _("Newest")),
        (DOWNLOADS, _("Most downloaded")),
        (RATING, _("Highest rated")),
    ]

    # Only FilterFields, so that search results sort the same way.
    ORDER_BY = {
        NEWEST: ("-first_published_at",),
        DOWNLOADS: ("-download_count", "-first_published_at"),
        RATING: ("-rating_average", "-rating_count", "-first_published_at"),
    }

    @classmethod
    def options(cls, *, searching: bool) -> list[tuple[str, str]]:
        """(value, label) for the sort menu; the first is the default."""
        labels = dict(cls.CHOICES)
        first = (cls.DEFAULT, labels[cls.RELEVANCE] if searching else labels[cls.NEWEST])
        rest = [cls.NEWEST] if searching else []
        return [first, *[(code, labels[code]) for code in (*rest, cls.DOWNLOADS, cls.RATING)]]


@dataclass(frozen=True)
class Dimension:
    param: str  # the GET parameter
    field: str  # the FilterField
    label: str
    model: type | None = None  # None: the kind, a choice


# Counted together by one grouped query (see _grouped).
DIMENSIONS = (
    Dimension("level", "level_id", _("School level"), Level),
    Dimension("grade", "grade_id", _("Grade"), Grade),
    Dimension("subject", "subject_id", _("Subject"), Subject),
    Dimension("series", "textbook_series_id", _("Textbook series"), TextbookSeries),
    Dimension("kind", "kind", _("Kind")),
)
# The last step of browsing (level → grade → subject → series → topic): the topics
# (chủ đề/bài) are the teachers' own words, hundreds per subject, so they are offered,
# and counted by a query of their own, once a subject is chosen.
TOPIC = Dimension("topic", "topic", _("Topic or lesson"))
TOPIC_MAX_LENGTH = 255


@dataclass
class CatalogueQuery:
    """What the visitor asked for, read leniently from GET parameters."""

    q: str = ""
    filters: dict[str, object] = field(default_factory=dict)  # param -> id or kind code
    sort: str = ""  # the order applied
    sort_param: str = ""  # the value the sort menu shows (Sort.DEFAULT or an explicit order)
    page: int = 1  # the page asked for (the paginator decides; a search fetches it with its counts)

    @classmethod
    def from_params(cls, params) -> CatalogueQuery:
        q = " ".join((params.get("q") or "").split())[:200]
        filters: dict[str, object] = {}
        for dim in DIMENSIONS:
            raw = (params.get(dim.param) or "").strip()
            if not raw:
                continue
            if dim.model is None:
                if raw in filetypes.KINDS:
                    filters[dim.param] = raw
            elif raw.isdigit() and len(raw) < 10:
                filters[dim.param] = int(raw)
        topic = " ".join((params.get(TOPIC.param) or "").split())
        if topic and "subject" in filters:
            filters[TOPIC.param] = topic[:TOPIC_MAX_LENGTH]
        searching = bool(search_terms(q))
        offered = {code for code, _label in Sort.options(searching=searching)} - {Sort.DEFAULT}
        sort_param = params.get("sort") or Sort.DEFAULT
        if sort_param not in offered:
            sort_param = Sort.DEFAULT
        sort = sort_param or (Sort.RELEVANCE if searching else Sort.NEWEST)
        raw_page = (params.get("page") or "").strip()
        page = int(raw_page) if raw_page.isdigit() and 0 < len(raw_page) < 7 and int(raw_page) > 0 else 1
        return cls(q=q, filters=filters, sort=sort, sort_param=sort_param, page=page)

    @property
    def terms(self) -> list[str]:
        return search_terms(self.q)

    def apply(self, queryset, *, skip: str | None = None):
        lookups = {
            dim.field: self.filters[dim.param]
            for dim in (*DIMENSIONS, TOPIC) if dim.param in self.filters and dim.param != skip
        }
        return queryset.filter(**lookups)


@dataclass
class FacetOption:
    value: object
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption]
    selected: object = None
    total: int = 0  # results with any value of this dimension (the "all" option)

    @property
    def selected_option(self) -> FacetOption | None:
        """The option chosen, for the list of active filters (looked for here: a template
        loop over a subject's hundreds of topics cost a tenth of the page)."""
        return next((option for option in self.options if option.selected), None)


@dataclass
class CatalogueResult:
    results: object  # a sliceable, countable sequence of Resource (a queryset or search results)
    facets: list[Facet]
    query: CatalogueQuery
    suggestion: str = ""  # a better spelt query when this one finds few (PostgreSQL only)


_WORD = re.compile(r"\w+")


def search_terms(q: str) -> list[str]:
    """The words of a query, folded with one spelling: what search matches and
    highlighting marks."""
    return _WORD.findall(search_fold(q))


def _search_query(q: str):
    """The folded words (matching the folded copy, whatever the accents) or the words
    as typed (matching title, description and keywords as written, so that an accented
    query ranks the exact spelling first)."""
    folded = " ".join(search_terms(q))
    typed = " ".join(_WORD.findall(unicodedata.normalize("NFC", q).lower()))
    if typed == folded:
        return PlainText(folded, operator="and")
    return Or([PlainText(folded, operator="and"), PlainText(typed, operator="and")])


def _search(queryset, q: str, *, relevance: bool):
    return get_search_backend().search(_search_query(q), queryset, order_by_relevance=relevance)


# Facet counts. Each facet counts the results under the other active filters, so a
# request needs five different counts plus the total. Rather than five GROUP BY
# queries (five full-text matches when searching) and a COUNT, one query groups the
# rows that matter to any facet (those that fail at most one active filter) by all
# five dimensions at once; the counts are summed from its few hundred rows.

FACET_FIELDS = tuple(dim.field for dim in DIMENSIONS)


def _facet_scope(queryset, query: CatalogueQuery):
    """The rows that count in some facet: every active filter but at most one holds."""
    active = [dim for dim in DIMENSIONS if dim.param in query.filters]
    if len(active) < 2:
        return queryset  # with one filter, its own facet counts everything
    either = Q()
    for skipped in active:
        either |= Q(**{dim.field: query.filters[dim.param] for dim in active if dim is not skipped})
    return queryset.filter(either)


def _facet_parts(queryset, query: CatalogueQuery) -> list:
    """The rows of _facet_scope in disjoint parts, one per active filter: those meeting
    every other filter, and (but for the first) failing this one. Each part is a range of
    a covering index (resource_facets_level_idx or _subject_idx), which an OR of the
    parts is not: PostgreSQL would read every row of the table that any part holds."""
    active = [dim for dim in DIMENSIONS if dim.param in query.filters]
    if len(active) < 2:
        return [queryset]
    parts = []
    for i, skipped in enumerate(active):
        part = queryset.filter(**{dim.field: query.filters[dim.param] for dim in active if dim is not skipped})
        if i:
            part = part.exclude(**{skipped.field: query.filters[skipped.param]})
        parts.append(part)
    return parts


def _grouped(queryset, *more) -> list[tuple]:
    """(level, grade, subject, series, kind, how many) for each combination found in
    `queryset` (and in each of `more`, in the same statement: UNION ALL)."""
    # COUNT(*), not COUNT(id): the facet index covers the query without the id.
    grouped = [qs.order_by().values(*FACET_FIELDS).annotate(n=Count("*")).values_list(*FACET_FIELDS, "n")
               for qs in (queryset, *more)]
    return _rows(grouped[0].union(*grouped[1:], all=True) if more else grouped[0])


def _rows(queryset) -> list[tuple]:
    """The rows of a values_list() queryset as the database gives them: hundreds of
    grouped rows cost the ORM's per-row conversion more than the query itself."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _tally(rows, query: CatalogueQuery) -> tuple[dict[str, dict], int]:
    """Facet counts (param -> value -> count) and the number of results, from _grouped rows."""
    counts = {dim.param: defaultdict(int) for dim in DIMENSIONS}
    wanted = [(i, query.filters[dim.param]) for i, dim in enumerate(DIMENSIONS) if dim.param in query.filters]
    total = 0
    for *values, n in rows:
        misses = [i for i, value in wanted if values[i] != value]
        if not misses:  # a result: it counts in every facet
            total += n
            for i, dim in enumerate(DIMENSIONS):
                counts[dim.param][values[i]] += n
        elif len(misses) == 1:  # only the facet of the filter it fails counts it
            i = misses[0]
            counts[DIMENSIONS[i].param][values[i]] += n
    return counts, total


def _browse_counts(user, query: CatalogueQuery) -> tuple[dict[str, dict], int]:
    """Facet counts and the number of results as _tally gives them, from the counts kept
    per facet combination (repository/facet_counts.py) rather than from the resources."""
    by_field, total = facet_counts.counted(
        filters={dim.field: query.filters[dim.param] for dim in DIMENSIONS if dim.param in query.filters},
        districts=_districts_seen(user), fields=FACET_FIELDS,
    )
    return {dim.param: by_field[dim.field] for dim in DIMENSIONS}, total


def _counts(queryset, query: CatalogueQuery, dim: Dimension) -> dict:
    """How many results each value of `dim` would give, under the other filters (for
    search backends that facet themselves, such as OpenSearch)."""
    scoped = query.apply(queryset, skip=dim.param).order_by()
    return dict(_search(scoped, query.q, relevance=False).facet(dim.field))


def _topic_counts(visible, query: CatalogueQuery) -> dict[str, int]:
    """How many results each topic would give under the other filters ("": no topic,
    counted in "all" only); none offered until a subject is chosen."""
    if "subject" not in query.filters:
        return {}
    scoped = query.apply(visible, skip=TOPIC.param).order_by()
    if query.terms and search.enabled():
        scoped = scoped.filter(search.matches(query.q))
    elif query.terms:
        found = _search(scoped, query.q, relevance=False)
        if not hasattr(found, "get_queryset"):
            return dict(found.facet(TOPIC.field))
        scoped = found.get_queryset()
    return dict(_rows(scoped.values("topic").annotate(n=Count("*")).values_list("topic", "n")))


def _labels(dim: Dimension, values) -> list[tuple[object, str]]:
    """(value, label) in the vocabulary's own order (topics: alphabetical)."""
    if dim is TOPIC:
        return [(topic, topic) for topic in sorted(values, key=_topic_order)]
    if dim.model is None:
        return [(code, str(kind.label)) for code, kind in filetypes.KINDS.items() if code in values]
    return [(obj.pk, str(obj)) for obj in _vocabulary(dim.model).values() if obj.pk in values]


@functools.lru_cache(maxsize=50_000)
def _topic_order(topic: str) -> tuple[str, str]:
    """Topics sort by their folded spelling: kept per process, as folding the few hundred
    topics of a subject again took a tenth of a fresh browsing page."""
    return fold(topic), topic


# The curriculum's terms and the schools, kept by each process for a minute at most,
# until the catalogue's cache version moves (saving any of them moves it: repository/cache.py).
VOCABULARY_SECONDS = 60
_vocabularies: dict = {}


def _vocabulary(model) -> dict:
    """pk -> object of every term of a vocabulary (level, grade, subject, series) or
    every school, in its order."""
    from lms.core import page_cache
    from repository import cache as catalogue_cache

    version = page_cache.version(catalogue_cache.NAMESPACE)
    found = _vocabularies.get(model)
    if found is None or found[0] != version or found[1] < time.monotonic():
        found = (version, time.monotonic() + VOCABULARY_SECONDS, {obj.pk: obj for obj in model.objects.all()})
        _vocabularies[model] = found
    return found[2]


_CARD_TERMS = (("level", Level), ("grade", Grade), ("subject", Subject), ("textbook_series", TextbookSeries),
               ("school", School))


# What a result card shows of a resource (templates/repository/catalogue.html): its
# rows are read with these columns only (not the description's neighbours, nor the
# search vector, which would be parsed for nothing).
CARD_FIELDS = ("pk", "title", "kind", "description", "download_count", "rating_count", "rating_average",
               *(name for name, _model in _CARD_TERMS))


def _cards_in_order(queryset, pks: list) -> list:
    """The resources of `pks` in that order, with the terms their cards name taken from
    _vocabulary rather than joined: planning a six-table join cost PostgreSQL more than
    running it."""
    return _with_terms(_in_order(queryset, pks))


def _with_thumbnails(resources: list) -> list:
    """Set `thumbnail_file_id` on each resource: its first file (in the files' order)
    that has a thumbnail, or None. One query for the page."""
    first: dict[int, int] = {}
    found = (ResourceFile.objects.filter(resource_id__in=[r.pk for r in resources])
             .exclude(Q(document__thumbnail="") | Q(document__thumbnail__isnull=True))
             .order_by("resource_id", "sort_order", "pk").values_list("resource_id", "pk"))
    for resource_id, file_id in found:
        first.setdefault(resource_id, file_id)
    for resource in resources:
        resource.thumbnail_file_id = first.get(resource.pk)
    return resources


def _with_terms(resources: list) -> list:
    """The cards' terms (see _cards_in_order) and thumbnails."""
    _with_thumbnails(resources)
    for name, model in _CARD_TERMS:
        terms = _vocabulary(model)
        field = Resource._meta.get_field(name)
        for resource in resources:
            term = terms.get(getattr(resource, field.attname))
            if term is not None:
                field.set_cached_value(resource, term)
    return resources


def _facets(counts: dict[str, dict], query: CatalogueQuery) -> list[Facet]:
    facets = []
    dims = DIMENSIONS
    if any(counts.get(TOPIC.param) or ()) or TOPIC.param in query.filters:
        dims = (*DIMENSIONS[:4], TOPIC, *DIMENSIONS[4:])  # after the series, as one browses
    for dim in dims:
        dim_counts = counts[dim.param]
        selected = query.filters.get(dim.param)
        shown = {value for value, n in dim_counts.items() if n and value not in (None, "")}
        if selected is not None:
            shown.add(selected)
        options = [
            FacetOption(value, label, dim_counts.get(value, 0), value == selected)
            for value, label in _labels(dim, shown)
        ]
        facets.append(Facet(dim.param, dim.label, options, selected, sum(dim_counts.values())))
    return facets


class _Counted:
    """Results whose number is already known (from the facet counts): Paginator asks
    count() of this instead of running a COUNT query. `page(start, stop)` fetches a slice."""

    def __init__(self, total: int, page):
        self.total = total
        self.page = page

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.page(key.start or 0, key.stop)
        return self.page(key, key + 1)[0]


def _sqlite_fts(backend) -> bool:
    if connection.vendor != "sqlite":
        return False
    try:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend
    except (ImportError, LookupError):
        return False
    return isinstance(backend, SQLiteSearchBackend)


def _sqlite_best_first(results, queryset):
    """`page(start, stop)` of the matches in `queryset`, best match first, as the SQLite
    backend orders them (bm25 score, then newest pk), but in one pass over the FTS5
    index. The backend itself scores each result with a correlated subquery that runs
    the whole MATCH again, once per result: minutes for a query matching thousands of
    resources among 100,000. Same query, same score expression, same tie-break."""
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import SQLiteFTSIndexEntry

    compiler = results.query_compiler
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(normalize(compiler.query), config=None),
    )
    score = compiler._build_rank_expression(compiler.get_search_vectors(), None)
    ranked = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(queryset.model))
        .annotate(score=score, _pk=Cast("index_entry__object_id", IntegerField()))
        .filter(Exists(queryset.order_by().filter(pk=OuterRef("_pk"))))  # one rowid lookup per match
        .order_by("score", "-_pk")
        .values_list("_pk", flat=True)
    )

    return lambda start, stop: _cards_in_order(queryset, list(ranked[start:stop]))


def catalogue_search(*, user, query: CatalogueQuery) -> CatalogueResult:
    """Published resources the user may see, filtered, searched and sorted, with the
    count of each filter value under the other active filters."""
    visible = resources_visible(user=user)
    topics = _topic_counts(visible, query)
    if query.filters.get(TOPIC.param) not in topics:
        # A topic of another subject (the form keeps it when the subject changes): drop it.
        query.filters.pop(TOPIC.param, None)
    cards = query.apply(visible).only(*CARD_FIELDS)
    # The five grouped facets count within the chosen topic; the topics, under the rest.
    base = visible.filter(topic=query.filters[TOPIC.param]) if TOPIC.param in query.filters else visible
    if not query.terms:
        if TOPIC.param in query.filters:  # topics are not in the counts table
            counts, total = _tally(_grouped(*_facet_parts(base, query)), query)
        else:
            counts, total = _browse_counts(user, query)
        counts[TOPIC.param] = topics
        ordered = cards.order_by(*Sort.ORDER_BY.get(query.sort, Sort.ORDER_BY[Sort.NEWEST]), "-pk")
        results = _Counted(total, lambda start, stop: _with_terms(list(ordered[start:stop])))
        return CatalogueResult(results=results, facets=_facets(counts, query), query=query)

    if search.enabled():
        return _catalogue_search_own(visible, base, cards, topics, query)
    in_scope = _search(_facet_scope(base, query).order_by(), query.q, relevance=False)
    if not hasattr(in_scope, "get_queryset"):
        # A backend that is not the database (OpenSearch): it counts facets itself and
        # gives the page's rows, which get their cards' terms as below.
        counts = {dim.param: _counts(visible, query, dim) for dim in DIMENSIONS}
        counts[TOPIC.param] = topics
        found = _ordered_search(cards, query)
        results = _Counted(found.count(), lambda start, stop: _with_terms(list(found[start:stop])))
        return CatalogueResult(results=results, facets=_facets(counts, query), query=query)
    # The database backends: the search is a filter on the queryset, grouped as above.
    counts, total = _tally(_grouped(in_scope.get_queryset()), query)
    counts[TOPIC.param] = topics
    # Rank only ids, then load the page's dozen rows with their joins: ranking the
    # joined rows of every match costs twice as much on PostgreSQL.
    found = _ordered_search(query.apply(visible).only("pk"), query)
    if query.sort == Sort.RELEVANCE and _sqlite_fts(found.backend):
        results = _Counted(total, _sqlite_best_first(found, cards))
    else:
        results = _Counted(total, lambda start, stop: _cards_in_order(cards, [r.pk for r in found[start:stop]]))
    return CatalogueResult(results=results, facets=_facets(counts, query), query=query)


# A search that finds at most this many results offers a better spelt query, if any.
FEW_RESULTS = 2


def _catalogue_search_own(visible, base, cards, topics, query: CatalogueQuery) -> CatalogueResult:
    """Search on the catalogue's own index (repository/search.py: `search_vector` and its
    GIN index on PostgreSQL, an FTS5 table on SQLite). One statement reads the matching
    rows once (those that count in some facet), groups them for the facet counts and
    keeps, of those under every active filter, the ids of the page asked for, best match
    first (or in the order asked for); the page's dozen rows are then loaded."""
    match = search.matches(query.q)
    scope = _facet_scope(base, query).filter(match)
    if query.sort == Sort.RELEVANCE:
        ranks, order = search.ranking(query.q)
        scope, names = scope.annotate(**ranks), list(ranks)
    else:
        order = Sort.ORDER_BY[query.sort]
        names = [name.lstrip("-") for name in order]
    order = (*order, "-pk")
    order_sql = ", ".join(f'm.{"id" if n == "-pk" else n.lstrip("-")} {"DESC" if n[0] == "-" else "ASC"}'
                          for n in order)
    start = (query.page - 1) * PAGE_SIZE
    counts, total, page_ids = _counts_and_page(scope, query, start, order_sql=order_sql, extra=names)

    def ordered():
        found = query.apply(visible).filter(match).order_by()
        if query.sort == Sort.RELEVANCE:
            found = found.annotate(**search.ranking(query.q)[0])
        return found.order_by(*order).values_list("pk", flat=True)

    counts[TOPIC.param] = topics
    suggestion = search.suggest(query.q, query.apply(visible)) if total <= FEW_RESULTS else ""
    return CatalogueResult(results=_Counted(total, _page_of(cards, start, page_ids, ordered)),
                           facets=_facets(counts, query), query=query, suggestion=suggestion)


def _page_of(cards, start: int, page_ids: list, ordered):
    """`page(first, stop)` for _Counted: the page fetched with the counts, or another
    (the paginator turns a page out of range into the last) by the `ordered()` ids."""

    def page(first, stop):
        if first == start:
            return _cards_in_order(cards, page_ids[: None if stop is None else stop - first])
        return _cards_in_order(cards, list(ordered()[first:stop]))

    return page


def _counts_and_page(scope, query: CatalogueQuery, start: int, *, order_sql: str, extra=()):
    """(facet counts as _tally gives them, the number of results, the ids of `scope`
    under every active filter from `start`, PAGE_SIZE of them in `order_sql` order),
    from one reading of the rows of `scope` (the CTE `m`: id, the facet fields, chosen,
    and the `extra` annotations), each facet grouped by the database."""
    chosen = Q(**{dim.field: query.filters[dim.param] for dim in DIMENSIONS if dim.param in query.filters})
    flag = Case(When(chosen, then=True), default=False, output_field=BooleanField()) if chosen else Value(True)
    inner = scope.order_by().annotate(chosen=flag)
    sql, params = inner.values_list("pk", *FACET_FIELDS, "chosen", *extra).query.sql_with_params()
    columns = ", ".join(["id", *FACET_FIELDS, "chosen", *extra])
    filters = {dim.field: query.filters[dim.param] for dim in DIMENSIONS if dim.param in query.filters}
    counting, counting_params = facet_counts.per_field_sql(
        source="m", fields=FACET_FIELDS, filters=filters, count="COUNT(*)", tag=_COUNTS_TAG)
    statement = (
        f"WITH m ({columns}) AS MATERIALIZED ({sql}) {counting} "
        f"UNION ALL SELECT * FROM (SELECT 0, {facet_counts.NO_ID}, {facet_counts.NO_TEXT}, m.id FROM m WHERE m.chosen "
        f"ORDER BY {order_sql} LIMIT %s OFFSET %s) p"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *counting_params, PAGE_SIZE, start])
        found = cursor.fetchall()
    by_field, total = facet_counts.read_counts(found, FACET_FIELDS, tag=_COUNTS_TAG)
    counts = {dim.param: by_field[dim.field] for dim in DIMENSIONS}
    return counts, total, [row[-1] for row in found if row[0] == 0]


_COUNTS_TAG = 1  # _counts_and_page's rows: 0 the page's ids, from 1 the counts


def _ordered_search(queryset, query: CatalogueQuery):
    if query.sort == Sort.RELEVANCE:
        return _search(queryset.order_by(), query.q, relevance=True)
    return _search(queryset.order_by(*Sort.ORDER_BY[query.sort]), query.q, relevance=False)


def _in_order(queryset, pks: list) -> list:
    found = queryset.order_by().in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


# --- one resource -------------------------------------------------------------------

def resource_authors(resource) -> list:
    return [resource.owner, *[u for u in resource.co_authors.all() if u.pk != resource.owner_id]]


def resource_licence_url(resource) -> str | None:
    return CC_BY_URL if resource.licence == Licence.CC_BY else None


def resource_learning_metadata(*, resource, url: str) -> dict:
    """schema.org LearningResource (LRMI) for the published version."""
    data = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "@id": url,
        "url": url,
        "name": resource.title,
        "description": resource.description or resource.topic or resource.title,
        "inLanguage": "vi",
        "learningResourceType": str(resource.get_kind_display()),
        "educationalLevel": [str(resource.level), str(resource.grade)],
        "about": {"@type": "Thing", "name": str(resource.subject)},
        "author": [{"@type": "Person", "name": a.get_full_name()} for a in resource_authors(resource)],
        "sourceOrganization": {"@type": "EducationalOrganization", "name": str(resource.school)},
        "keywords": ", ".join(sorted(t.name for t in resource.keywords.all())),
        "isAccessibleForFree": True,
        "encoding": [
            {"@type": "MediaObject", "name": f.document.filename, "encodingFormat": f.document.mime_type}
            for f in resource.files.all()
        ],
    }
    if resource.topic:
        data["teaches"] = resource.topic
    if resource.textbook_series_id:
        data["isBasedOn"] = {"@type": "Book", "name": str(resource.textbook_series)}
    licence = resource_licence_url(resource)
    if licence:
        data["license"] = licence
    if resource.first_published_at:
        data["datePublished"] = resource.first_published_at.isoformat()
    modified = resource.last_published_at or resource.first_published_at
    if modified:
        data["dateModified"] = modified.isoformat()
    return data


def rating_of(*, user, resource) -> int | None:
    if not _active(user):
        return None
    rating = resource.ratings.filter(user=user).first()
    return rating.stars if rating else None


# --- one's own resources, and what awaits review --------------------------------------


class ReviewStatus:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    NEEDS_CHANGES = "needs_changes"
    PUBLISHED = "published"
    PUBLISHED_WITH_DRAFT = "published_with_draft"
    PUBLISHED_CHANGES_IN_REVIEW = "published_changes_in_review"

    LABELS = {
        DRAFT: _("Draft"),
        IN_REVIEW: _("In review"),
        NEEDS_CHANGES: _("Sent back: needs changes"),
        PUBLISHED: _("Published"),
        PUBLISHED_WITH_DRAFT: _("Published; changes not yet submitted"),
        PUBLISHED_CHANGES_IN_REVIEW: _("Published; changes in review"),
    }


@dataclass
class OwnResource:
    resource: Resource
    status: str
    label: str
    role: str  # "owner" or "co_author"
    review_comment: str = ""  # what the reviewer said when sending it back
    reviewer: str = ""

    @property
    def waiting(self) -> bool:
        """Waiting for a decision: the authors may withdraw it, not change it."""
        return self.status in (ReviewStatus.IN_REVIEW, ReviewStatus.PUBLISHED_CHANGES_IN_REVIEW)


def last_send_back(resource) -> TaskState | None:
    """The task state that sent the resource back, with the reviewer's comment."""
    state = resource.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
        .select_related("finished_by").order_by("-finished_at").first()
    )


def review_status(resource) -> str:
    """Where a resource stands in its life cycle, for its authors."""
    state = resource.current_workflow_state  # in progress or needs changes, prefetched
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ReviewStatus.NEEDS_CHANGES
    in_review = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    if not resource.live:
        return ReviewStatus.IN_REVIEW if in_review else ReviewStatus.DRAFT
    if in_review:
        return ReviewStatus.PUBLISHED_CHANGES_IN_REVIEW
    if resource.has_unpublished_changes:
        return ReviewStatus.PUBLISHED_WITH_DRAFT
    return ReviewStatus.PUBLISHED


def _with_workflow_states(queryset):
    return queryset.prefetch_related(
        Prefetch("_workflow_states", queryset=WorkflowState.objects.active().order_by("-created_at"),
                 to_attr="_current_workflow_states")
    )


def resources_authored(*, user) -> list[OwnResource]:
    """Every resource the user owns or co-authors, newest change first, with its status."""
    if not _active(user):
        return []
    mine = (
        Resource.objects.filter(Q(owner=user) | Q(co_authors=user)).distinct()
        .select_related("subject", "grade", "subject_group").order_by("-updated_at", "-pk")
    )
    rows = []
    for resource in _with_workflow_states(mine):
        status = review_status(resource)
        role = "owner" if resource.owner_id == user.pk else "co_author"
        row = OwnResource(resource, status, ReviewStatus.LABELS[status], role)
        rejected = last_send_back(resource) if status == ReviewStatus.NEEDS_CHANGES else None
        if rejected is not None:
            row.review_comment = rejected.comment
            row.reviewer = rejected.finished_by.get_full_name() if rejected.finished_by else ""
        rows.append(row)
    return rows


def resources_sent_back_count(*, user) -> int:
    """How many of the user's resources wait for their changes (sent back in review)."""
    if not _active(user):
        return 0
    return sum(
        model.objects.filter(Q(owner=user) | Q(co_authors=user))
        .filter(_workflow_states__status=WorkflowState.STATUS_NEEDS_CHANGES)
        .values("pk").distinct().count()  # DISTINCT ids, not every column of the rows
        for model in review.reviewable_models()
    )


@dataclass
class ReviewItem:
    resource: object  # any reviewable content (repository.review)
    task_state: TaskState
    title: str  # as submitted
    edit_url: str | None = None  # the admin's editor (officers)
    review_url: str = ""  # the site's review page


def _reviewable_states(user):
    """Task states of resources waiting for this user's decision: each active task
    answers which it lets the user moderate (never the user's own work)."""
    return TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type__in=list(review.content_types())
    )


def review_queue_count(*, user) -> int:
    """How many submissions wait for this user's decision (the menu's number). One
    COUNT: the tasks already leave out the user's own work, except for superusers, who
    have no review-queue entry in the menu."""
    return _reviewable_states(user).count() if _active(user) else 0


def review_queue(*, user) -> list[ReviewItem]:
    """Resources waiting for this user's decision, oldest submission first.

    Each active task answers which of its task states the user may moderate (the
    subject group's reviewers, for example); the user's own work is never among them.
    """
    if not _active(user):
        return []
    states = list(
        _reviewable_states(user).select_related("workflow_state", "revision", "task")
        .order_by("started_at", "pk")
    )
    finder = AdminURLFinder(user)
    by_key = {}
    for type_id, model in review.content_types().items():
        ids = {int(s.workflow_state.object_id) for s in states if s.workflow_state.base_content_type_id == type_id}
        found = (model.objects.filter(pk__in=ids).select_related("owner", "subject", "grade", "subject_group__school")
                 .prefetch_related("co_authors"))
        by_key.update({(type_id, obj.pk): obj for obj in found})
    items = []
    for state in states:
        resource = by_key.get((state.workflow_state.base_content_type_id, int(state.workflow_state.object_id)))
        if resource is None or is_author(user, resource):
            continue
        title = state.revision.object_str if state.revision_id else resource.title
        items.append(ReviewItem(resource, state, title or resource.title, finder.get_edit_url(resource),
                                reverse("repository:review", args=[state.workflow_state_id])))
    return items


# --- thumbnails; the files teachers work with in the admin ----------------------------------


def thumbnail_shared_cache(resource) -> bool:
    """May shared caches keep the thumbnails of this resource's files? Only when everyone
    sees it; a day's delay is acceptable when it is later withdrawn."""
    return resource.live and resource.visibility == Visibility.PUBLIC


def document_get_viewable(*, user, pk: int) -> ResourceDocument | None:
    document = ResourceDocument.objects.filter(pk=pk).first()
    if document is None or not document_viewable(user=user, document=document):
        return None
    return document


def resources_editable(*, user) -> QuerySet[Resource]:
    """Resources whose editor the user may open: those they author, and those waiting
    for their review (the review task opens the editor to its reviewers)."""
    if not _active(user):
        return Resource.objects.none()
    if user.is_superuser:
        return Resource.objects.all()
    reviewing = _reviewable_states(user).values_list("workflow_state__object_id", flat=True)
    return Resource.objects.filter(
        Q(owner=user) | Q(co_authors=user) | Q(pk__in=[int(pk) for pk in reviewing])
    ).distinct()


def documents_in_hand(*, user) -> QuerySet[ResourceDocument]:
    """The repository files a user works with in the admin: their own uploads and the
    files of the resources they author, including files only in a revision that waits
    for review; for a district officer also the files of the district's submitted
    resources. Not those of submissions a reviewer reviews: she reads them
    (document_viewable) but never attaches them to her own work."""
    if not _active(user):
        return ResourceDocument.objects.none()
    held_ids = set(Resource.objects.filter(Q(owner=user) | Q(co_authors=user)).values_list("pk", flat=True))
    if officer_districts(user):
        held_ids |= set(resources_visible_in_admin(user, Resource.objects.all()).values_list("pk", flat=True))
    held = Resource.objects.filter(pk__in=held_ids)
    ids = set(ResourceFile.objects.filter(resource__in=held).values_list("document_id", flat=True))
    for resource in held.filter(has_unpublished_changes=True).select_related("latest_revision"):
        if resource.latest_revision is not None:
            ids |= _document_ids_in_revision(resource.latest_revision)
    ids.discard(None)
    return ResourceDocument.objects.filter(Q(uploaded_by_user=user) | Q(pk__in=ids))


def documents_awaiting_processing() -> QuerySet[ResourceDocument]:
    """Files whose processing has not happened (a lost task, a broker that was down) or
    failed (perhaps a reader fixed since): what `reprocess_documents` takes by default."""
    return ResourceDocument.objects.filter(
        processing__in=[ResourceDocument.Processing.PENDING, ResourceDocument.Processing.FAILED]
    )


# --- one submission, as its reviewer reads it --------------------------------------------


@dataclass
class Submission:
    """What the reviewer's page shows of a submission of any reviewable model."""

    workflow_state: WorkflowState
    task_state: TaskState
    submitted: object  # the version submitted (its revision), not the row
    published: object | None  # the version the public sees, if any: what changed is against it
    files: list = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)
    history: list[TaskState] = field(default_factory=list)


# The fields whose change a reviewer is shown, in the page's order.
COMPARED_FIELDS = ("kind", "title", "description", "level", "grade", "subject", "textbook_series", "topic",
                   "school_year", "subject_group", "licence", "visibility")


def _shown(obj, name: str) -> str:
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name, "")
    return "" if value is None else str(value)


def submission_changes(published, submitted) -> list[tuple[str, str, str]]:
    """Field label, value published, value submitted, for each field that differs
    (co-authors and files by name)."""
    if published is None:
        return []
    changes = []
    for name in COMPARED_FIELDS:
        if not hasattr(submitted, name):
            continue
        before, after = _shown(published, name), _shown(submitted, name)
        if before != after:
            changes.append((str(submitted._meta.get_field(name).verbose_name), before, after))
    pairs = [(str(_("co-authors")), lambda o: [u.get_full_name() for u in o.co_authors.all()])]
    if hasattr(submitted, "files"):
        pairs.append((str(_("Files")), lambda o: [f.document.filename for f in o.files.all() if f.document_id]))
    if getattr(submitted, "package_id", None) != getattr(published, "package_id", None):
        # An e-learning lecture's new package, by its file's name (with its upload's date,
        # since the same name is often sent again).
        pairs.append((str(_("e-learning package")), lambda o: [_package_name(o.package)] if o.package_id else []))
    for label, names in pairs:
        before, after = ", ".join(sorted(names(published))), ", ".join(sorted(names(submitted)))
        if before != after:
            changes.append((label, before, after))
    return changes


def _package_name(package) -> str:
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    return f"{package.original_name} ({date_format(localtime(package.created_at), 'SHORT_DATETIME_FORMAT')})"


def submission_get(*, user, workflow_state_pk: int) -> Submission | None:
    """A submission waiting for this user's decision (any reviewable model), or None."""
    if not _active(user):
        return None
    state = (WorkflowState.objects.filter(pk=workflow_state_pk, status=WorkflowState.STATUS_IN_PROGRESS)
             .select_related("current_task_state__revision", "current_task_state__task").first())
    if state is None or state.base_content_type_id not in review.content_types():
        return None
    obj = state.content_object
    task_state = state.current_task_state
    if obj is None or task_state is None or not task_state.task.specific.get_actions(obj, user):
        return None
    submitted = task_state.revision.as_object() if task_state.revision_id else obj
    published = obj if obj.live else None
    history = list(
        TaskState.objects.filter(workflow_state__base_content_type_id=state.base_content_type_id,
                                 workflow_state__object_id=state.object_id)
        .exclude(status=TaskState.STATUS_IN_PROGRESS).select_related("finished_by", "task")
        .order_by("-finished_at", "-pk")
    )
    return Submission(state, task_state, submitted, published, submitted.review_files(),
                      submission_changes(published, submitted), history)


# --- what an author may choose on a resource's form (the site's and the admin's) -----------


def filing_groups(*, user, resource=None) -> set[int]:
    """Subject groups `resource` may be filed under by `user`: the user's own, and the
    one it is filed under already (a co-author of another group keeps it there)."""
    groups = set(authoring_groups(user))
    if resource is not None and resource.pk and resource.subject_group_id:
        groups.add(resource.subject_group_id)
    return groups


def co_author_candidates(*, user, keep=()):
    """Who `user` may name co-author: the active teachers of the districts the user works
    in, any school, but the user; and those already named (`keep`), whatever became of
    them since, so that the form does not refuse what it was given."""
    from django.contrib.auth import get_user_model

    districts = {a.district_id for a in assignments(user) if a.district_id}
    teachers = RoleAssignment.objects.filter(role__in=TEACHING_ROLES, district__in=districts)
    new = Q(pk__in=teachers.values("user"), is_active=True)
    return get_user_model().objects.filter(new | Q(pk__in=[getattr(u, "pk", u) for u in keep])).exclude(pk=user.pk)


# --- e-learning lectures: their package, who plays it and how (lms.player asks) ------------


def latest_version(resource: Resource) -> Resource:
    """The version its authors last saved: a published resource's changes live in its
    latest revision, the row holds the published version."""
    if resource.latest_revision_id and resource.has_unpublished_changes:
        return resource.get_latest_revision_as_object()
    return resource


def _lectures_using(package):
    """Lectures whose row (the published or unpublished version) or latest revision (the
    version in review, for a published lecture) holds this package."""
    return (Resource.objects.filter(kind=filetypes.ELEARNING)
            .filter(Q(package=package) | Q(latest_revision__content__package=package.pk))
            .select_related("school", "latest_revision").prefetch_related("co_authors"))


def packages_in_use() -> set[int]:
    """The packages a lecture points at, in its row or in any revision (an approved
    version one may go back to, a version in review): lms.player.cleanup keeps them."""
    used = set(Resource.objects.filter(package__isnull=False).values_list("package_id", flat=True))
    revisions = Revision.objects.filter(base_content_type=ContentType.objects.get_for_model(Resource))
    used.update(pk for pk in revisions.values_list("content__package", flat=True) if isinstance(pk, int))
    return used


def lecture_play_mode(user, package) -> str | None:
    """The repository's policy for the player (lms.player.access): a published lecture
    the user may see is played tracked by a logged-in person and untracked by a visitor
    (public lectures only); the package of a lecture's latest version, not yet published
    (a draft, in review, sent back) or replacing the published one, is previewed, never
    recorded, by whoever may read that version (its authors; once submitted, its
    group's reviewers and the district's officers). Anyone else: None."""
    from lms.player import access

    published = resources_visible(user=user).filter(kind=filetypes.ELEARNING, package=package)
    if published.exists():
        return access.TRACK if _active(user) else access.PUBLIC
    if not _active(user):
        return None
    for resource in _lectures_using(package):
        if latest_version(resource).package_id == package.pk and can(user, "resource.view_draft", resource):
            return access.PREVIEW
    return None


def lecture_report_allowed(user, package) -> bool:
    """Who reads how a lecture's package is played (lms.player's reports): the
    lecture's authors and its district's officers."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    districts = officer_districts(user)
    return any(is_author(user, r) or r.school.district_id in districts for r in _lectures_using(package))


def lecture_package_get(*, user, pk: int):
    """The package of the latest version of lecture `pk`, for whoever may read that
    version (its authors; once submitted, its reviewers and the district's officers):
    the original zip they download. None otherwise."""
    resource = Resource.objects.filter(pk=pk, kind=filetypes.ELEARNING).select_related("school").first()
    if resource is None or not can(user, "resource.view_draft", resource):
        return None
    return latest_version(resource).package


@dataclass
class PackageFacts:
    """What the pages say about a lecture's package."""

    package: object
    status: str  # Package.Status
    progress: int
    text: str  # "Đang giải nén 45 %", "Sẵn sàng: SCORM 1.2, 3 bài", "Bị từ chối: …"
    version: str = ""
    tool: str = ""
    scos: int = 0
    lessons: int = 0

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def busy(self) -> bool:
        return self.status in ("waiting", "processing")

    def as_json(self) -> dict:
        return {"status": self.status, "progress": self.progress, "text": self.text, "ready": self.ready,
                "failed": self.failed}


def package_facts(package) -> PackageFacts | None:
    """The package's state in words (for its uploader's page, polled while it is
    unpacked) and, once ready, what it is made to (standard, tool, SCOs, lessons)."""
    from django.utils.translation import gettext, ngettext

    from lms.player.models import Package
    from lms.player.selectors import package_version

    if package is None:
        return None
    facts = PackageFacts(package, package.status, package.progress, "")
    if package.status == Package.Status.READY:
        items = list(package.items.values_list("href", "is_sco"))
        facts.version, facts.tool = package_version(package), package.tool
        facts.scos = sum(1 for _href, sco in items if sco)
        facts.lessons = sum(1 for href, _sco in items if href)
        facts.text = ngettext("Ready: %(version)s, %(count)d lesson", "Ready: %(version)s, %(count)d lessons",
                              facts.lessons) % {"version": facts.version, "count": facts.lessons}
    elif package.status == Package.Status.FAILED:
        facts.text = gettext("Refused: %(reason)s") % {"reason": package.error}
    elif package.status == Package.Status.PROCESSING:
        facts.text = gettext("Unpacking %(percent)d %%") % {"percent": package.progress}
    else:
        facts.text = gettext("Waiting to be unpacked")
    return facts
