"""The repository's public catalogue, through its pages: browse, filter, search without
accents, sort; who sees what; a resource's page, its files, downloads and ratings; the
files Wagtail serves; a teacher's own resources and a reviewer's queue."""

import json
import re
from html.parser import HTMLParser

import pytest
from wagtail.models import WorkflowState
from django.test import Client
from django.utils import timezone

from factories import CATALOGUE, client_for, make_document, make_resource, submit

import samples
from repository.models import (
    DownloadMark,
    Grade,
    Resource,
    ResourceDocument,
    ResourceFile,
    ResourceRating,
    Subject,
    TextbookSeries,
)

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


# --- reading pages -----------------------------------------------------------------------


class PageParser(HTMLParser):
    """The facets (param -> {value: count}), result ids in order, meta tags, JSON-LD."""

    def __init__(self):
        super().__init__()
        self.facets, self.results, self.meta, self.json_ld = {}, [], [], []
        self._facet = self._value = None
        self._in_ld = False
        self._ld = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "fieldset" and "data-facet" in a:
            self._facet = a["data-facet"]
            self.facets[self._facet] = {}
        elif tag == "label" and "data-value" in a:
            self._value = a["data-value"]
        elif tag == "span" and "data-count" in a and self._facet and self._value is not None:
            self.facets[self._facet][self._value] = int(a["data-count"])
            self._value = None
        elif tag == "li" and "resource-card" in (a.get("class") or ""):
            self.results.append(int(a["data-resource"]))
        elif tag == "meta" and a.get("name", "").startswith("DC"):
            self.meta.append((a["name"], a.get("content", "")))
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld, self._ld = True, ""

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self._facet = None
        elif tag == "script" and self._in_ld:
            self.json_ld.append(json.loads(self._ld))
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self._ld += data


def parse(response) -> PageParser:
    assert response.status_code == 200, response.status_code
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def found(client, **params) -> list[int]:
    return parse(client.get(CATALOGUE, params)).results


# --- search -------------------------------------------------------------------------------


def test_search_without_accents_finds_accented_titles(empty_catalogue):
    demo = empty_catalogue
    toan6 = make_resource(demo, "Toán lớp 6 – Hình học trực quan")
    dia = make_resource(demo, "Địa lý 8 – Khí hậu Việt Nam", author="giaovien.van",
                        group="Tổ Ngữ văn – Lịch sử – Địa lý", grade=8, subject="lich-su-dia-li")
    daiso = make_resource(demo, "Đại số 7 – Biểu thức đại số", grade=7)
    van = make_resource(demo, "Ngữ văn 6 – Thánh Gióng", author="giaovien.van",
                        group="Tổ Ngữ văn – Lịch sử – Địa lý", subject="ngu-van")
    visitor = client_for()

    assert found(visitor, q="toan lop 6") == [toan6.pk]
    assert found(visitor, q="dia ly") == [dia.pk]
    assert found(visitor, q="Địa lý") == [dia.pk]
    assert found(visitor, q="dai so") == [daiso.pk]  # đ is d
    assert found(visitor, q="ĐẠI SỐ") == [daiso.pk]
    assert found(visitor, q="thanh giong") == [van.pk]
    assert found(visitor, q="viet nam") == [dia.pk]  # stacked diacritics
    assert found(visitor, q="khong co dau") == []
    assert set(found(visitor)) == {toan6.pk, dia.pk, daiso.pk, van.pk}


def test_spelling_variants_are_one_in_the_index_and_in_the_query(empty_catalogue):
    """i/y after a consonant ("lí/lý", "kĩ/kỹ", "mĩ/mỹ") and "qui/quy" are one spelling."""
    demo = empty_catalogue
    khi_hau = make_resource(demo, "Khí hậu Việt Nam", author="giaovien.van",
                            group="Tổ Ngữ văn – Lịch sử – Địa lý", grade=8, subject="lich-su-dia-li")
    ky_nang = make_resource(demo, "Kỹ năng đọc bản đồ", author="giaovien.van",
                            group="Tổ Ngữ văn – Lịch sử – Địa lý", grade=8, subject="lich-su-dia-li")
    quy_tac = make_resource(demo, "Qui tắc làm tròn số", grade=7)
    visitor = client_for()

    # the subject is "Lịch sử và Địa lí": its name is searched too, in either spelling
    for q in ("dia li", "dia ly", "Địa lý", "địa lí", "DIA LI"):
        assert set(found(visitor, q=q)) == {khi_hau.pk, ky_nang.pk}, q
    for q in ("ki nang", "kĩ năng", "kỹ năng", "KY NANG"):
        assert found(visitor, q=q) == [ky_nang.pk], q
    for q in ("quy tac", "qui tắc", "quy tắc"):
        assert found(visitor, q=q) == [quy_tac.pk], q
    html = client_for().get(CATALOGUE, {"q": "ki nang"}).content.decode()
    assert "<mark>Kỹ</mark> <mark>năng</mark> đọc bản đồ" in html


def test_the_index_is_rebuilt_when_the_search_folding_changes(empty_catalogue, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from wagtail.search.models import IndexEntry

    from lms.core.text import SEARCH_FOLD_VERSION
    from repository.search import forget as forget_catalogue_index

    settings.VAR_DIR = tmp_path
    resource = make_resource(empty_catalogue, "Mỹ thuật 6 – Vẽ tranh")
    # as if indexed with an older folding: nothing in the index answers the new spelling
    IndexEntry.objects.filter(object_id=str(resource.pk), content_type__model="resource").delete()
    forget_catalogue_index([resource.pk])  # the catalogue's own (repository/search.py)
    assert found(client_for(), q="mi thuat") == []
    out = StringIO()
    call_command("update_index_if_changed", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert (tmp_path / ".search-fold-version").read_text().strip() == str(SEARCH_FOLD_VERSION)
    assert found(client_for(), q="mi thuat") == [resource.pk]
    out = StringIO()
    call_command("update_index_if_changed", stdout=out)
    assert "up to date" in out.getvalue()


def test_every_syllable_counts_even_those_that_are_english_stop_words(empty_catalogue):
    """Folded Vietnamese is full of English stop words ("so", "do", "to", "an", "no");
    a search must not drop them (PostgreSQL's default text search config does)."""
    demo = empty_catalogue
    so_do = make_resource(demo, "Sơ đồ tư duy – Phân số")
    tu_duy = make_resource(demo, "Tư duy phản biện – Phân tích", grade=7)
    an_toan = make_resource(demo, "An toàn giao thông", grade=8)
    visitor = client_for()

    assert found(visitor, q="so do tu duy") == [so_do.pk]
    assert found(visitor, q="phan so") == [so_do.pk]
    assert found(visitor, q="an toan") == [an_toan.pk]
    assert set(found(visitor, q="tu duy")) == {so_do.pk, tu_duy.pk}


@pytest.mark.parametrize("q", ['"', "*", "toan*", "NOT toan", "toan OR", "(toan", "toan:", "-toan", "' OR 1=1 --",
                               "NEAR(toan)", "a" * 300, "   ", "%", "_"])
def test_odd_queries_do_not_break_the_search(empty_catalogue, q):
    toan = make_resource(empty_catalogue, "Toán 6")
    response = client_for().get(CATALOGUE, {"q": q})
    assert response.status_code == 200
    results = parse(response).results
    assert results in ([], [toan.pk])


def test_search_covers_description_keywords_and_extracted_text(empty_catalogue):
    demo = empty_catalogue
    teacher = demo.user("giaovien.toan")
    by_text = make_resource(demo, "Bài 5", files=[make_document(teacher, "bai5.pdf", text="Phương trình bậc hai một ẩn")])
    by_keyword = make_resource(demo, "Bài 6", keywords=["số tự nhiên"])
    by_description = make_resource(demo, "Bài 7", description="Luyện tập về phân số thập phân")
    visitor = client_for()

    assert found(visitor, q="phuong trinh bac hai") == [by_text.pk]
    assert found(visitor, q="so tu nhien") == [by_keyword.pk]
    assert found(visitor, q="luyen tap phan so") == [by_description.pk]
    assert found(visitor, q="Luyện tập") == [by_description.pk]


def test_a_search_ranks_title_matches_first_and_accents_as_typed_first(empty_catalogue):
    demo = empty_catalogue
    teacher = demo.user("giaovien.toan")
    in_text = make_resource(demo, "Ôn tập cuối kỳ", files=[make_document(teacher, "on-tap.pdf", text="phân số thập phân")])
    in_title = make_resource(demo, "Phân số thập phân")
    dai = make_resource(demo, "Dại dột và khôn ngoan", subject="ngu-van", author="giaovien.van",
                        group="Tổ Ngữ văn – Lịch sử – Địa lý")
    dai_so = make_resource(demo, "Đại số: các phép tính")
    visitor = client_for()

    assert found(visitor, q="phan so") == [in_title.pk, in_text.pk]
    assert found(visitor, q="dai")[0] in {dai.pk, dai_so.pk} and len(found(visitor, q="dai")) == 2
    assert found(visitor, q="Đại") == [dai_so.pk, dai.pk]  # the exact spelling first
    html = visitor.get(CATALOGUE, {"q": "phan so", "sort": ""}).content.decode()
    assert '<option value="" selected>' in html  # a new search sorts by relevance


def test_matched_words_are_highlighted_whatever_their_accents_and_html_is_escaped(empty_catalogue):
    demo = empty_catalogue
    make_resource(demo, "Toán lớp 6 <b>nâng cao</b>", description="Ôn tập toán lớp 6 & bài tập")
    html = client_for().get(CATALOGUE, {"q": "toan LOP"}).content.decode()

    assert "<mark>Toán</mark> <mark>lớp</mark> 6 &lt;b&gt;nâng cao&lt;/b&gt;" in html
    assert "Ôn tập <mark>toán</mark> <mark>lớp</mark> 6 &amp; bài tập" in html
    assert "<b>nâng cao</b>" not in html


def test_highlight_maps_folded_matches_back_to_the_original_characters():
    from repository.templatetags.catalogue import highlight_html

    assert highlight_html("Đại số và đọc hiểu", ["dai", "doc"]) == "<mark>Đại</mark> số và <mark>đọc</mark> hiểu"
    # decomposed (NFD) letters keep their combining marks inside the mark
    nfd = "Ti\u0301n ho\u0323c"
    assert highlight_html(nfd, ["hoc"]) == "Ti\u0301n <mark>ho\u0323c</mark>"
    assert highlight_html("a<b>", ["b"]) == "a&lt;<mark>b</mark>&gt;"
    assert highlight_html("bài toán", []) == "bài toán"


# --- filters, facets, sort, pages ---------------------------------------------------------------


@pytest.fixture
def shelf(empty_catalogue):
    demo = empty_catalogue
    van = {"author": "giaovien.van", "group": "Tổ Ngữ văn – Lịch sử – Địa lý"}
    return {
        "t6_kn": make_resource(demo, "Toán 6 – Tập hợp", series="ket-noi"),
        "t6_ct_ws": make_resource(demo, "Toán 6 – Phiếu bài tập", series="chan-troi", kind="worksheet"),
        "t7_kn": make_resource(demo, "Toán 7 – Số hữu tỉ", grade=7, series="ket-noi"),
        "v6_kn": make_resource(demo, "Ngữ văn 6 – Truyện", subject="ngu-van", series="ket-noi", **van),
        "t6_draft": make_resource(demo, "Toán 6 – Bản nháp", series="ket-noi", state="draft"),
        "t6_teachers": make_resource(demo, "Toán 6 – Nội bộ", series="ket-noi", visibility="teachers"),
        "th4": make_resource(demo, "Tiếng Việt 4 – Đọc", author="giaovien.th", school="TH-KD", group="Tổ 4–5",
                             grade=4, subject="tieng-viet", series="canh-dieu"),
    }


def ids(*objs):
    return {str(o.pk) for o in objs}


def test_filters_combine_and_facet_counts_follow_the_other_filters(shelf):
    toan, van = Subject.objects.get(code="toan"), Subject.objects.get(code="ngu-van")
    g6, g7 = Grade.objects.get(number=6), Grade.objects.get(number=7)
    thcs = g6.level
    visitor = client_for()

    page = parse(visitor.get(CATALOGUE, {"subject": toan.pk}))
    assert set(page.results) == {shelf["t6_kn"].pk, shelf["t6_ct_ws"].pk, shelf["t7_kn"].pk}
    # the subject's own counts ignore the subject filter; the others apply it
    assert page.facets["subject"] == {str(toan.pk): 3, str(van.pk): 1, str(Subject.objects.get(code="tieng-viet").pk): 1}
    assert page.facets["grade"] == {str(g6.pk): 2, str(g7.pk): 1}
    assert page.facets["kind"] == {"lesson_plan": 2, "worksheet": 1}
    assert page.facets["level"] == {str(thcs.pk): 3}

    page = parse(visitor.get(CATALOGUE, {"subject": toan.pk, "grade": g6.pk}))
    assert set(page.results) == {shelf["t6_kn"].pk, shelf["t6_ct_ws"].pk}
    assert page.facets["subject"] == {str(toan.pk): 2, str(van.pk): 1}
    assert page.facets["grade"] == {str(g6.pk): 2, str(g7.pk): 1}
    series = {s.code: str(s.pk) for s in TextbookSeries.objects.all()}
    assert page.facets["series"] == {series["ket-noi"]: 1, series["chan-troi"]: 1}

    page = parse(visitor.get(CATALOGUE, {"subject": toan.pk, "grade": g6.pk, "kind": "worksheet",
                                         "series": series["chan-troi"], "level": thcs.pk}))
    assert page.results == [shelf["t6_ct_ws"].pk]

    # with words to search, the counts come from the search's facets
    page = parse(visitor.get(CATALOGUE, {"q": "toan", "grade": g6.pk}))
    assert set(page.results) == {shelf["t6_kn"].pk, shelf["t6_ct_ws"].pk}
    assert page.facets["subject"] == {str(toan.pk): 2}
    assert page.facets["grade"] == {str(g6.pk): 2, str(g7.pk): 1}
    assert page.facets["kind"] == {"lesson_plan": 1, "worksheet": 1}


def test_browse_ends_with_the_topics_of_the_chosen_subject(empty_catalogue):
    demo = empty_catalogue
    van = {"author": "giaovien.van", "group": "Tổ Ngữ văn – Lịch sử – Địa lý", "subject": "ngu-van"}
    sets = [make_resource(demo, f"Tập hợp – tiết {i}", topic="Bài 1. Tập hợp") for i in (1, 2)]
    fractions = make_resource(demo, "Phân số bằng nhau", topic="Bài 23. Phân số", kind="worksheet")
    make_resource(demo, "Toán 6 – ôn tập")  # no topic: only under "all"
    giong = make_resource(demo, "Thánh Gióng", topic="Truyện truyền thuyết", **van)
    toan, ngu_van = Subject.objects.get(code="toan"), Subject.objects.get(code="ngu-van")
    visitor = client_for()

    assert "topic" not in parse(visitor.get(CATALOGUE)).facets  # hundreds: only within a subject
    response = visitor.get(CATALOGUE, {"subject": toan.pk})
    page = parse(response)
    assert page.facets["topic"] == {"Bài 1. Tập hợp": 2, "Bài 23. Phân số": 1}
    all_topics = re.search(r'<label for="f-topic-all">[^<]*<span class="count">\((\d+)\)', response.content.decode())
    assert all_topics.group(1) == "4"  # "all" counts the resource without a topic too

    page = parse(visitor.get(CATALOGUE, {"subject": toan.pk, "topic": "Bài 1. Tập hợp"}))
    assert set(page.results) == {r.pk for r in sets}
    assert page.facets["topic"] == {"Bài 1. Tập hợp": 2, "Bài 23. Phân số": 1}  # the other topics stay offered
    assert page.facets["kind"] == {"lesson_plan": 2}  # the other facets count within the topic

    # searching narrows the topics too
    page = parse(visitor.get(CATALOGUE, {"q": "phan so", "subject": toan.pk}))
    assert page.facets["topic"] == {"Bài 23. Phân số": 1}
    assert page.results == [fractions.pk]

    # a topic left over from another subject (the form keeps it) is dropped, not an empty page
    page = parse(visitor.get(CATALOGUE, {"subject": ngu_van.pk, "topic": "Bài 1. Tập hợp"}))
    assert page.results == [giong.pk]
    # and without a subject, a topic is not a filter
    assert len(found(visitor, topic="Bài 1. Tập hợp")) == 5


def test_a_teacher_counts_what_the_teachers_see(shelf):
    toan = Subject.objects.get(code="toan")
    page = parse(client_for(shelf["t6_kn"].owner).get(CATALOGUE, {"subject": toan.pk}))
    assert shelf["t6_teachers"].pk in page.results
    assert page.facets["subject"][str(toan.pk)] == 4


def test_bad_filter_values_are_ignored(shelf):
    assert len(found(client_for(), subject="abc", kind="nope", grade="99999999999", sort="drop")) == 5


def test_sort_orders(empty_catalogue):
    demo = empty_catalogue
    old = make_resource(demo, "Ôn tập chương 1")
    mid = make_resource(demo, "Ôn tập chương 2")
    new = make_resource(demo, "Ôn tập chương 3")
    now = timezone.now()
    for days, resource, downloads, average, count in ((30, old, 10, 3.0, 2), (20, mid, 5, 4.5, 2), (10, new, 0, 0, 0)):
        Resource.objects.filter(pk=resource.pk).update(
            first_published_at=now - timezone.timedelta(days=days), download_count=downloads,
            rating_average=average, rating_count=count,
        )
    visitor = client_for()

    assert found(visitor) == [new.pk, mid.pk, old.pk]  # newest first by default
    assert found(visitor, sort="newest") == [new.pk, mid.pk, old.pk]
    assert found(visitor, sort="downloads") == [old.pk, mid.pk, new.pk]
    assert found(visitor, sort="rating") == [mid.pk, old.pk, new.pk]
    # the same orders over search results
    assert found(visitor, q="on tap", sort="downloads") == [old.pk, mid.pk, new.pk]
    assert found(visitor, q="on tap", sort="rating") == [mid.pk, old.pk, new.pk]
    assert found(visitor, q="on tap", sort="newest") == [new.pk, mid.pk, old.pk]
    assert found(visitor, q="chuong 2") == [mid.pk]


def test_pages_keep_the_search_and_filters(empty_catalogue, monkeypatch):
    from repository import selectors

    demo = empty_catalogue
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    made = [make_resource(demo, f"Hình học {n}") for n in range(3)]
    make_resource(demo, "Ngữ văn khác", author="giaovien.van", group="Tổ Ngữ văn – Lịch sử – Địa lý", subject="ngu-van")
    visitor = client_for()

    response = visitor.get(CATALOGUE, {"q": "hinh hoc", "sort": "newest"})
    first = parse(response).results
    assert len(first) == 2
    next_link = re.search(r'href="(\?[^"]+)" rel="next"', response.content.decode()).group(1)
    assert "q=hinh+hoc" in next_link and "sort=newest" in next_link and "page=2" in next_link
    second = parse(visitor.get(CATALOGUE + next_link.replace("&amp;", "&"))).results
    assert len(second) == 1
    assert set(first + second) == {r.pk for r in made}


# --- visibility -------------------------------------------------------------------------------


@pytest.mark.parametrize("username, sees_teachers", [
    (None, False), ("hocsinh.6a", False), ("giaovien.toan", True), ("giaovien.th", True),
    ("thamdinh.toan", True), ("chuyenvien", True),
], ids=["visitor", "student", "author", "teacher-other-school", "reviewer", "officer"])
def test_who_sees_what_in_the_catalogue(demo, mixed, username, sees_teachers, request):
    role = request.node.callspec.id
    client = client_for(demo.user(username) if username else None)
    expected = {mixed["public"].pk} | ({mixed["teachers"].pk} if sees_teachers else set())

    assert set(found(client)) == expected
    assert set(found(client, q="bai giang")) == expected
    # drafts and items in review are never listed; at their address, only those who may
    # read them get a page, marked with its state (tests/repository/test_file_presentation.py)
    reads = {"draft": {"author"}, "in_review": {"author", "reviewer", "officer"}}
    for key in ("draft", "in_review"):
        page = client.get(f"{CATALOGUE}{mixed[key].pk}/")
        if role in reads[key]:
            assert page.status_code == 200 and "data-review-state" in page.content.decode()
        else:
            assert page.status_code == 404
    teachers_page = client.get(f"{CATALOGUE}{mixed['teachers'].pk}/")
    assert teachers_page.status_code == (200 if sees_teachers else 404)


def test_the_page_shows_the_published_version_not_a_newer_draft(empty_catalogue):
    demo = empty_catalogue
    resource = make_resource(demo, "Phiên bản đã duyệt", description="Nội dung đã duyệt")
    resource.title, resource.description = "Phiên bản mới chưa duyệt", "Nội dung chưa duyệt"
    submit(resource, resource.owner)
    visitor = client_for()

    html = visitor.get(f"{CATALOGUE}{resource.pk}/").content.decode()
    assert "Phiên bản đã duyệt" in html and "Nội dung đã duyệt" in html
    assert "chưa duyệt" not in html
    assert found(visitor, q="phien ban moi") == []
    assert found(visitor, q="phien ban da duyet") == [resource.pk]


# --- the resource page ----------------------------------------------------------------------


def test_resource_page_metadata_json_ld_and_dublin_core(empty_catalogue):
    demo = empty_catalogue
    teacher = demo.user("giaovien.toan")
    files = [make_document(teacher, "Giáo án Toán 6.pdf"), make_document(teacher, "Hình minh hoạ.png", samples.png()),
             make_document(teacher, "Giáo án Toán 6.docx", samples.docx())]
    resource = make_resource(
        demo, "Kế hoạch bài dạy Toán 6 – Tập hợp", description="Bài 1, chương I", topic="Bài 1. Tập hợp",
        series="ket-noi", keywords=["tập hợp", "số tự nhiên"], files=files, co_authors=["totruong.toan"],
    )
    response = client_for().get(f"{CATALOGUE}{resource.pk}/")
    html = response.content.decode()
    page = parse(response)

    for text in ("Kế hoạch bài dạy Toán 6 – Tập hợp", "Trung học cơ sở", "Lớp 6", "Toán", "Kết nối tri thức",
                 "Bài 1. Tập hợp", "2025–2026", "Hoàng Minh Đức", "Nguyễn Văn Hùng", "Trường THCS Nguyễn Trãi",
                 "tập hợp", "số tự nhiên"):
        assert text in html, text
    assert f'href="{CC_BY}" rel="license"' in html

    # each file: an inline preview where the browser can show it, and a counted download
    preview = f"{CATALOGUE}{resource.pk}/tep/{{}}/xem/"
    pdf_file, png_file, docx_file = resource.files.order_by("sort_order")
    assert re.search(rf'<iframe[^>]+src="{re.escape(preview.format(pdf_file.pk))}"', html)
    assert re.search(rf'<img[^>]+src="{re.escape(preview.format(png_file.pk))}"', html)
    assert preview.format(docx_file.pk) not in html
    for f in (pdf_file, png_file, docx_file):
        assert f'href="{CATALOGUE}{resource.pk}/tep/{f.pk}/tai-ve/"' in html
        assert f'data-processing="{f.document.processing}"' in html  # not processed yet in this test

    (ld,) = page.json_ld
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "LearningResource"
    assert ld["name"] == "Kế hoạch bài dạy Toán 6 – Tập hợp"
    assert ld["description"] == "Bài 1, chương I"
    assert ld["inLanguage"] == "vi"
    assert ld["license"] == CC_BY
    assert ld["educationalLevel"] == ["Trung học cơ sở", "Lớp 6"]
    assert ld["about"]["name"] == "Toán"
    assert ld["learningResourceType"]
    assert [a["name"] for a in ld["author"]] == ["Hoàng Minh Đức", "Nguyễn Văn Hùng"]
    assert ld["url"] == f"http://testserver{CATALOGUE}{resource.pk}/"
    assert set(ld["keywords"].split(", ")) == {"tập hợp", "số tự nhiên"}
    assert ld["datePublished"].startswith(str(resource.first_published_at.date()))
    assert "dateModified" in ld

    meta = dict(page.meta)
    assert meta["DC.title"] == "Kế hoạch bài dạy Toán 6 – Tập hợp"
    assert [v for k, v in page.meta if k == "DC.creator"] == ["Hoàng Minh Đức", "Nguyễn Văn Hùng"]
    assert meta["DC.language"] == "vi"
    assert meta["DC.rights"] == CC_BY
    assert meta["DC.identifier"] == ld["url"]
    assert {"Toán", "tập hợp", "số tự nhiên"} <= {v for k, v in page.meta if k == "DC.subject"}
    assert meta["DC.date"] == timezone.localtime(resource.first_published_at).date().isoformat()  # the district's day


def test_json_ld_cannot_be_broken_out_of(empty_catalogue):
    resource = make_resource(empty_catalogue, "Bài </script><script>alert(1)</script>", licence="internal")
    response = client_for().get(f"{CATALOGUE}{resource.pk}/")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    (ld,) = parse(response).json_ld
    assert ld["name"] == "Bài </script><script>alert(1)</script>"
    assert "license" not in ld


def test_processing_errors_are_shown(empty_catalogue):
    demo = empty_catalogue
    doc = make_document(demo.user("giaovien.toan"), "Hỏng.pdf")
    ResourceDocument.objects.filter(pk=doc.pk).update(processing="failed", processing_error="Tệp PDF bị hỏng")
    resource = make_resource(demo, "Bài có tệp lỗi", files=[doc])
    html = client_for().get(f"{CATALOGUE}{resource.pk}/").content.decode()
    assert 'data-processing="failed"' in html and "Tệp PDF bị hỏng" in html


def test_download_is_counted_and_keeps_the_vietnamese_name(empty_catalogue):
    demo = empty_catalogue
    data = samples.pdf("Tap hop")
    doc = make_document(demo.user("giaovien.toan"), "Giáo án Toán 6 – Tập hợp.pdf", data)
    resource = make_resource(demo, "Giáo án tập hợp", files=[doc])
    file_pk = resource.files.get().pk
    url = f"{CATALOGUE}{resource.pk}/tep/{file_pk}/tai-ve/"
    visitor = client_for()

    for expected in (1, 1):  # the same visitor again today: not counted again
        response = visitor.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
        resource.refresh_from_db()
        assert resource.download_count == expected
    assert Client(REMOTE_ADDR="198.51.100.7").get(url).status_code == 200  # someone else
    resource.refresh_from_db()
    assert resource.download_count == 2
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Gi%C3%A1o%20%C3%A1n%20To%C3%A1n%206%20%E2%80%93%20T%E1%BA%ADp%20h%E1%BB%A3p.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"

    assert visitor.head(url).status_code == 200  # a HEAD is not a download
    resource.refresh_from_db()
    assert resource.download_count == 2

    preview = visitor.get(f"{CATALOGUE}{resource.pk}/tep/{file_pk}/xem/")
    assert preview.status_code == 200 and preview["Content-Disposition"].startswith("inline")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    resource.refresh_from_db()
    assert resource.download_count == 2  # previews are not downloads

    page = client_for().get(f"{CATALOGUE}{resource.pk}/").content.decode()
    assert 'data-downloads="2"' in page


@pytest.fixture
def downloadable(empty_catalogue):
    demo = empty_catalogue
    data = samples.pdf("Dem luot tai")
    doc = make_document(demo.user("giaovien.toan"), "Đếm lượt tải.pdf", data)
    resource = make_resource(demo, "Bài đếm lượt tải", files=[doc])
    url = f"{CATALOGUE}{resource.pk}/tep/{resource.files.get().pk}/tai-ve/"

    def downloads():
        resource.refresh_from_db()
        return resource.download_count

    return demo, resource, url, downloads


def anonymous(ip="203.0.113.5", agent="Mozilla/5.0 (Windows NT 10.0) Firefox/140.0"):
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def test_the_same_visitor_counts_once_a_day(downloadable):
    _demo, _resource, url, downloads = downloadable
    visitor = anonymous()
    for _ in range(3):
        assert visitor.get(url).status_code == 200
    assert anonymous().get(url).status_code == 200  # a new client, same address and browser
    assert downloads() == 1


def test_different_anonymous_visitors_count_separately(downloadable):
    _demo, _resource, url, downloads = downloadable
    assert anonymous("203.0.113.5").get(url).status_code == 200
    assert anonymous("203.0.113.6").get(url).status_code == 200
    assert anonymous("203.0.113.6", agent="Mozilla/5.0 (Linux; Android 14) Chrome/130").get(url).status_code == 200
    assert downloads() == 3


def test_raw_addresses_are_not_stored(downloadable):
    _demo, resource, url, _downloads = downloadable
    anonymous("203.0.113.77").get(url)
    (mark,) = DownloadMark.objects.filter(resource=resource)
    assert mark.visitor.startswith("a:") and len(mark.visitor) <= 64
    assert "203.0.113.77" not in mark.visitor and "Firefox" not in mark.visitor
    assert mark.day == timezone.localdate()


def test_a_logged_in_user_counts_once_whatever_the_address(downloadable):
    demo, resource, url, downloads = downloadable
    user = demo.user("giaovien.toan")
    for ip in ("203.0.113.5", "198.51.100.9"):
        client = anonymous(ip)
        client.force_login(user)
        assert client.get(url).status_code == 200
    assert downloads() == 1
    assert DownloadMark.objects.get(resource=resource).visitor == f"u:{user.pk}"


def test_one_byte_ranges_from_zero_count_once_and_later_ranges_never(downloadable):
    _demo, _resource, url, downloads = downloadable
    late = anonymous("203.0.113.20")
    response = late.get(url, HTTP_RANGE="bytes=10-")
    assert response.status_code == 206
    assert downloads() == 0  # a range that does not start at byte 0 is not a download

    visitor = anonymous("203.0.113.21")
    for _ in range(5):
        response = visitor.get(url, HTTP_RANGE="bytes=0-0")
        assert response.status_code == 206 and response["Content-Range"].startswith("bytes 0-0/")
    assert downloads() == 1


def test_the_next_day_the_same_visitor_counts_again(downloadable, monkeypatch):
    _demo, resource, url, downloads = downloadable
    visitor = anonymous()
    visitor.get(url)
    visitor.get(url)
    assert downloads() == 1
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    visitor.get(url)
    visitor.get(url)
    assert downloads() == 2
    assert sorted(DownloadMark.objects.filter(resource=resource).values_list("day", flat=True))[-1] == tomorrow


def test_the_day_is_the_districts_local_date(downloadable, settings):
    from datetime import datetime
    from unittest import mock
    from zoneinfo import ZoneInfo

    _demo, resource, url, _downloads = downloadable
    # 18:30 UTC on 1 June is 01:30 on 2 June in Hà Nội (UTC+7)
    moment = datetime(2026, 6, 1, 18, 30, tzinfo=ZoneInfo("UTC"))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        anonymous().get(url)
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert DownloadMark.objects.get(resource=resource).day.isoformat() == "2026-06-02"


def test_a_clash_on_the_days_mark_counts_once(downloadable):
    from repository import services

    _demo, resource, _url, downloads = downloadable
    assert services.resource_count_download(resource=resource, visitor="a:x") is True
    assert services.resource_count_download(resource=resource, visitor="a:x") is False
    assert services.resource_count_download(resource=resource, visitor="a:y") is True
    assert downloads() == 2


def test_downloads_of_hidden_resources_are_not_found_and_not_counted(mixed):
    visitor = client_for()
    for key in ("teachers", "draft"):
        resource = mixed[key]
        f = resource.files.get()
        assert visitor.get(f"{CATALOGUE}{resource.pk}/tep/{f.pk}/tai-ve/").status_code == 404
        assert visitor.get(f"{CATALOGUE}{resource.pk}/tep/{f.pk}/xem/").status_code == 404
        resource.refresh_from_db()
        assert resource.download_count == 0
    # a file of one resource is not reachable through another
    other = mixed["teachers"].files.get()
    assert visitor.get(f"{CATALOGUE}{mixed['public'].pk}/tep/{other.pk}/tai-ve/").status_code == 404
    teacher = client_for(mixed["teachers"].owner)
    f = mixed["teachers"].files.get()
    assert teacher.get(f"{CATALOGUE}{mixed['teachers'].pk}/tep/{f.pk}/tai-ve/").status_code == 200


# --- ratings ---------------------------------------------------------------------------------


def rate(client, resource, stars):
    return client.post(f"{CATALOGUE}{resource.pk}/danh-gia/", {"stars": stars})


def test_teachers_rate_and_the_average_follows(empty_catalogue):
    demo = empty_catalogue
    resource = make_resource(demo, "Bài giảng được đánh giá")
    van, th = client_for(demo.user("giaovien.van")), client_for(demo.user("giaovien.th"))

    response = rate(van, resource, 4)
    assert response.status_code == 302 and response["Location"] == f"{CATALOGUE}{resource.pk}/"
    resource.refresh_from_db()
    assert (resource.rating_average, resource.rating_count) == (4, 1)

    rate(th, resource, 5)
    resource.refresh_from_db()
    assert (resource.rating_average, resource.rating_count) == (4.5, 2)

    rate(van, resource, 2)  # rating again replaces the first one
    resource.refresh_from_db()
    assert (resource.rating_average, resource.rating_count) == (3.5, 2)
    assert ResourceRating.objects.filter(resource=resource).count() == 2

    page = van.get(f"{CATALOGUE}{resource.pk}/").content.decode()
    assert 'data-rating-average="3.50"' in page and 'data-rating-count="2"' in page
    assert re.search(r'id="stars-2" value="2" checked', page)


@pytest.mark.parametrize("who, stars, status", [
    (None, 4, 302),  # to log in
    ("hocsinh.6a", 4, 403),
    ("giaovien.toan", 5, 403),  # the author
    ("giaovien.van", 6, 400),
    ("giaovien.van", 0, 400),
    ("giaovien.van", "năm", 400),
], ids=["visitor", "student", "author", "six", "zero", "not-a-number"])
def test_ratings_that_are_refused(empty_catalogue, who, stars, status):
    demo = empty_catalogue
    resource = make_resource(demo, "Bài giảng")
    response = rate(client_for(demo.user(who) if who else None), resource, stars)

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")
    if status == 400:
        html = response.content.decode()
        assert 'id="rating-error"' in html and 'role="alert"' in html
        assert "Bài giảng" in html
    assert not ResourceRating.objects.exists()
    resource.refresh_from_db()
    assert resource.rating_count == 0


def test_rating_form_is_offered_to_teachers_only(empty_catalogue):
    demo = empty_catalogue
    resource = make_resource(demo, "Bài giảng")
    url = f"{CATALOGUE}{resource.pk}/"
    assert 'name="stars"' in client_for(demo.user("giaovien.van")).get(url).content.decode()
    for user in (None, demo.user("hocsinh.6a"), demo.user("giaovien.toan")):
        assert 'name="stars"' not in client_for(user).get(url).content.decode()


def test_a_draft_cannot_be_rated(demo, mixed):
    teacher = client_for(demo.user("giaovien.van"))
    assert rate(teacher, mixed["draft"], 5).status_code == 404
    assert not ResourceRating.objects.exists()


# --- files served by Wagtail (/documents/...) --------------------------------------------------


def test_wagtail_serves_files_only_to_those_who_may_see_them(demo, mixed):
    public, teachers, draft, in_review = (mixed[k].files.get().document for k in ("public", "teachers", "draft", "in_review"))
    visitor, student = client_for(), client_for(demo.user("hocsinh.6a"))
    teacher_elsewhere = client_for(demo.user("giaovien.th"))
    reviewer = client_for(demo.user("thamdinh.toan"))
    author = client_for(demo.user("giaovien.toan"))
    other_group_teacher = client_for(demo.user("giaovien.van"))

    assert visitor.get(public.url).status_code == 200
    for doc in (teachers, draft, in_review):
        assert visitor.get(doc.url).status_code == 404, doc
        assert student.get(doc.url).status_code == 404, doc
    assert teacher_elsewhere.get(teachers.url).status_code == 200
    for doc in (draft, in_review):
        assert teacher_elsewhere.get(doc.url).status_code == 404
        assert other_group_teacher.get(doc.url).status_code == 404
        assert author.get(doc.url).status_code == 200  # their own upload
    assert reviewer.get(in_review.url).status_code == 200  # reviews the author's group
    assert reviewer.get(draft.url).status_code == 404  # never submitted: the author's alone


def test_a_file_added_in_a_revision_in_review_reaches_its_reviewers_only(empty_catalogue):
    demo = empty_catalogue
    teacher = demo.user("giaovien.toan")
    resource = make_resource(demo, "Bài giảng có bản sửa")
    added = make_document(teacher, "Phụ lục mới.pdf")
    resource.files.add(ResourceFile(document=added, sort_order=1))
    submit(resource, teacher)
    assert not ResourceFile.objects.filter(document=added).exists()  # only in the revision

    assert client_for(demo.user("thamdinh.toan")).get(added.url).status_code == 200
    assert client_for(demo.user("giaovien.van")).get(added.url).status_code == 404
    assert client_for().get(added.url).status_code == 404
    assert client_for(teacher).get(added.url).status_code == 200


# --- my resources, the review queue, the menu -------------------------------------------------


def test_my_resources_lists_every_status_with_what_the_author_may_do(empty_catalogue):
    demo = empty_catalogue
    mine = {
        state: make_resource(demo, f"Của tôi – {state}", state=state)
        for state in ("draft", "in_review", "needs_changes", "published", "published_changes_in_review")
    }
    co_written = make_resource(demo, "Viết chung", author="giaovien.van", group="Tổ Ngữ văn – Lịch sử – Địa lý",
                               co_authors=["giaovien.toan"])
    someone_elses = make_resource(demo, "Của người khác", author="giaovien.van", group="Tổ Ngữ văn – Lịch sử – Địa lý")

    response = client_for(demo.user("giaovien.toan")).get(f"{CATALOGUE}cua-toi/")
    html = response.content.decode()
    rows = dict(re.findall(r'<tr data-resource="(\d+)" data-status="(\w+)">', html))

    assert rows == {**{str(r.pk): state for state, r in mine.items()}, str(co_written.pk): "published"}
    assert str(someone_elses.pk) not in rows
    for r in [*mine.values(), co_written]:
        assert f'<a href="/hoc-lieu/{r.pk}/">{r.title}</a>' in html  # its page (a draft's too, for its authors)
    waiting = [mine["in_review"], mine["published_changes_in_review"]]
    for r in waiting:  # withdrawn from review to be changed, not edited in review
        assert f'action="/hoc-lieu/{r.pk}/rut-lai/"' in html and f"/hoc-lieu/{r.pk}/sua/" not in html
    for r in [mine["draft"], mine["needs_changes"], mine["published"], co_written]:
        assert f'href="/hoc-lieu/{r.pk}/sua/"' in html and f"/hoc-lieu/{r.pk}/rut-lai/" not in html
    assert "/admin/" not in html


def test_my_resources_is_for_teachers(demo):
    assert client_for(demo.user("hocsinh.6a")).get(f"{CATALOGUE}cua-toi/").status_code == 403
    assert client_for().get(f"{CATALOGUE}cua-toi/").status_code == 302


def test_review_queue_shows_the_reviewers_group_and_never_their_own_work(empty_catalogue):
    demo = empty_catalogue
    van = {"author": "giaovien.van", "group": "Tổ Ngữ văn – Lịch sử – Địa lý"}
    from_teacher = make_resource(demo, "Của giáo viên tổ Toán", state="in_review")
    changes = make_resource(demo, "Bản sửa của bài đã duyệt", state="published_changes_in_review")
    from_reviewer = make_resource(demo, "Của chính người thẩm định", author="thamdinh.toan", state="in_review")
    other_group = make_resource(demo, "Của tổ Ngữ văn", state="in_review", subject="ngu-van", **van)
    make_resource(demo, "Đã bị trả lại", state="needs_changes")
    make_resource(demo, "Còn là nháp", state="draft")

    def queue(username):
        response = client_for(demo.user(username)).get(f"{CATALOGUE}cho-duyet/")
        assert response.status_code == 200
        return [int(pk) for pk in re.findall(r'<tr data-resource="(\d+)">', response.content.decode())], response

    pks, response = queue("thamdinh.toan")
    assert pks == [from_teacher.pk, changes.pk]
    state = WorkflowState.objects.get(object_id=str(from_teacher.pk), status="in_progress")
    assert f'<a href="/hoc-lieu/cho-duyet/{state.pk}/">Của giáo viên tổ Toán</a>' in response.content.decode()
    pks, _response = queue("totruong.toan")  # the group's leader also reviews the reviewer's own work
    assert set(pks) == {from_teacher.pk, changes.pk, from_reviewer.pk}
    assert other_group.pk not in pks


def test_review_queue_is_for_reviewers(demo):
    for username in ("giaovien.toan", "hocsinh.6a"):
        assert client_for(demo.user(username)).get(f"{CATALOGUE}cho-duyet/").status_code == 403


@pytest.mark.parametrize("username, present, absent", [
    (None, {"catalogue", "login"}, {"my_resources", "review_queue"}),
    ("hocsinh.6a", {"catalogue"}, {"my_resources", "review_queue"}),
    ("giaovien.toan", {"catalogue", "my_resources"}, {"review_queue"}),
    ("thamdinh.toan", {"catalogue", "my_resources", "review_queue"}, set()),
], ids=["visitor", "student", "teacher", "reviewer"])
def test_menu_entries(demo, username, present, absent):
    html = client_for(demo.user(username) if username else None).get("/").content.decode()
    keys = set(re.findall(r'data-nav="(\w+)"', html))
    assert present <= keys and not (absent & keys)
    for key in present - {"login"}:
        url = re.search(rf'href="([^"]+)" data-nav="{key}"', html).group(1)
        assert client_for(demo.user(username) if username else None).get(url).status_code == 200


def test_the_officer_previews_a_submitted_draft_in_the_admin(empty_catalogue):
    """The admin's revision preview (officers; reviewers read submissions on the site's
    review page, and get 403 here)."""
    demo = empty_catalogue
    teacher = demo.user("giaovien.toan")
    picture = make_document(teacher, "Hình vẽ.png", samples.png())
    resource = make_resource(demo, "Bài đang chờ duyệt", state="in_review", keywords=["hình học"], files=[picture])
    url = f"/admin/snippets/repository/resource/history/{resource.pk}/revisions/{resource.latest_revision_id}/view/"

    response = client_for(demo.user("chuyenvien")).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bài đang chờ duyệt" in html and "hình học" in html
    shown = f"/hoc-lieu/tep/{picture.pk}/xem/"  # the public page's rule, through the document's URL
    assert f'<img class="preview-image" src="{shown}"' in html
    assert client_for(demo.user("chuyenvien")).get(shown).status_code == 200
    assert client_for(demo.user("thamdinh.toan")).get(url).status_code == 403


def test_a_renamed_school_or_subject_shows_on_the_cards_at_once(empty_catalogue):
    """The cards' terms come from a per-process copy of the vocabularies, read again as
    soon as one of them is saved (the catalogue's cache version moves)."""
    demo = empty_catalogue
    make_resource(demo, "Phiếu bài tập Hình học")
    client = client_for()
    assert "Trường THCS Nguyễn Trãi" in client.get(CATALOGUE).content.decode()
    school = demo.school("THCS-NT")
    school.name = "Trường THCS Nguyễn Trãi (cơ sở 2)"
    school.save()
    assert "Trường THCS Nguyễn Trãi (cơ sở 2)" in client.get(CATALOGUE).content.decode()
    subject = Subject.objects.get(code="toan")
    subject.name = "Toán học"
    subject.save()
    assert "Toán học · Lớp 6" in client.get(CATALOGUE).content.decode()
