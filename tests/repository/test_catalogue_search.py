"""The catalogue's search follows what is published, and on PostgreSQL suggests a
better spelt query (repository/search.py). Through the catalogue's page."""

import re

import pytest
from django.db import connection

from factories import CATALOGUE, client_for, in_progress, make_resource, reviewer_for, submit
from repository.models import Resource

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="spelling suggestions and search vectors are PostgreSQL's (pg_trgm, tsvector)"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="what SQLite does instead of suggesting")

_RESULT = re.compile(r'data-resource="(\d+)"')
_SUGGESTION = re.compile(r'<p class="suggestion" id="suggestion">(.*?)</p>', re.S)


def found(client, **params) -> list[int]:
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    return [int(pk) for pk in _RESULT.findall(response.content.decode())]


def suggestion(client, **params) -> str | None:
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    match = _SUGGESTION.search(response.content.decode())
    return match.group(1) if match else None


def test_the_search_follows_an_approved_edit_of_a_published_resource(empty_catalogue):
    demo = empty_catalogue
    resource = make_resource(demo, "Quang hợp ở thực vật", keywords=["lá cây"])
    visitor = client_for()
    assert found(visitor, q="quang hop") == [resource.pk]
    assert found(visitor, q="la cay") == [resource.pk]

    edited = resource.get_latest_revision_as_object()
    edited.title = "Hô hấp tế bào"
    edited.keywords.set(["hiếu khí"])
    submit(edited, demo.user("giaovien.toan"))
    # in review: the published version is what is searched
    assert found(visitor, q="ho hap") == []
    assert found(visitor, q="quang hop") == [resource.pk]

    state = in_progress(resource)
    state.task.specific.on_action(state, reviewer_for(resource), "approve")
    assert Resource.objects.get(pk=resource.pk).title == "Hô hấp tế bào"
    assert found(visitor, q="ho hap") == [resource.pk]
    assert found(visitor, q="hieu khi") == [resource.pk]  # keywords saved after the row
    assert found(visitor, q="quang hop") == []
    assert found(visitor, q="la cay") == []


@postgresql_only
def test_each_resource_has_its_weighted_vector(empty_catalogue):
    resource = make_resource(empty_catalogue, "Đại số 7", description="Ôn tập", topic="Biểu thức", keywords=["STEM"])
    vector = Resource.objects.values_list("search_vector", flat=True).get(pk=resource.pk)
    lexemes = dict(re.findall(r"'([^']+)':(\S+)", vector))
    assert lexemes["dai"] == "1A" and lexemes["đại"] == "1A"  # folded and as typed
    assert lexemes["bieu"].endswith("B") and lexemes["stem"].endswith("B")
    assert lexemes["on"].endswith("C") and lexemes["toan"].endswith("C")  # the subject, Toán


@postgresql_only
def test_a_misspelt_search_suggests_the_closest_words_that_find_something(empty_catalogue):
    demo = empty_catalogue
    quang_hop = make_resource(demo, "Quang hợp ở thực vật")
    make_resource(demo, "Phân số thập phân")
    make_resource(demo, "Sinh sản ở sinh vật", visibility="teachers")
    visitor = client_for()

    assert found(visitor, q="quang hopp") == []
    html = client_for().get(CATALOGUE, {"q": "quang hopp"}).content.decode()
    assert ('<p class="suggestion" id="suggestion">Có phải bạn muốn tìm: '
            '<a href="?q=quang+hop" data-suggestion="quang hop">quang hop</a></p>') in html
    assert found(visitor, q="quang hop") == [quang_hop.pk]
    assert suggestion(visitor, q="phan soo") is not None and 'data-suggestion="phan so"' in suggestion(visitor, q="phan soo")
    assert suggestion(visitor, q="quang hop") is None  # found: nothing to suggest
    assert suggestion(visitor, q="xyzw qqqq") is None  # nothing close
    # a word of what only teachers see is never suggested to a visitor
    assert suggestion(visitor, q="sinh sann") is None
    assert 'data-suggestion="sinh san"' in suggestion(client_for(demo.user("giaovien.toan")), q="sinh sann")


@sqlite_only
def test_sqlite_suggests_nothing_and_answers_a_misspelt_search(empty_catalogue):
    make_resource(empty_catalogue, "Quang hợp ở thực vật")
    response = client_for().get(CATALOGUE, {"q": "quang hopp"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="suggestion"' not in html
    assert _RESULT.findall(html) == []


def test_pages_of_a_search_by_best_match_and_a_page_out_of_range(empty_catalogue, monkeypatch):
    """The page asked for comes with the counts (one statement); another page, such as
    the last one when the page asked for is out of range, is fetched apart."""
    from repository import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    demo = empty_catalogue
    made = [make_resource(demo, f"Hình học {n}") for n in range(3)]
    visitor = client_for()

    first, second = found(visitor, q="hinh hoc"), found(visitor, q="hinh hoc", page=2)
    assert len(first) == 2 and len(second) == 1
    assert sorted(first + second) == sorted(r.pk for r in made)
    assert found(visitor, q="hinh hoc", page=9) == second
    assert found(visitor, q="hinh hoc", page="x") == first
