"""The blueprint editor split by question type (repository/questions/blueprint_editor.py,
exam_views.blueprint_list, blueprint_detail): the teacher ticks the types, the table comes
back with a column per type × level (numbers typed kept), is saved with its types, its
page adds it up per row, column, type and level; a count that is not a whole number is
refused in Vietnamese with everything typed still there; drawing fills each cell with
approved questions of its type and names the type of a cell it cannot fill; blueprints
stored before types (no "kinds") and the demo's still show and draw."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from factories import make_bank, make_question
from repository.models import Blueprint, Exam
from repository.questions import blueprint_editor, exam_services
from repository.questions.exams import blueprint as bp

TOPIC = "Số tự nhiên"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def essay(bank, stem, level="Biết"):
    return make_question(bank, topic=TOPIC, cognitive_level=level,
                         content={"kind": "essay", "stem": stem, "text_format": "plain"})


@pytest.fixture
def bank(demo):
    """Approved: 3 choice questions and 2 essays at Biết, a choice question at Hiểu."""
    bank = make_bank(demo)
    for n in range(3):
        make_question(bank, f"Câu trắc nghiệm {n}: \\(x + {n}\\)", topic=TOPIC, cognitive_level="Biết")
    essay(bank, "Tự luận 1: trình bày cách tính")
    essay(bank, "Tự luận 2: giải thích")
    make_question(bank, "Câu hiểu", topic=TOPIC, cognitive_level="Hiểu")
    return bank


def typed_form(**changes):
    """Choice: 2 × 2 points at Biết, 1 × 2 at Hiểu; essay: 1 × 4 at Biết (Biết 8 points = 80 %)."""
    form = {"name": "Giữa kì – có tự luận", "rows": "4", "kinds": ["single", "essay"],
            "table_kinds": ["single", "essay"], "topic-0": TOPIC,
            "count-0-0-single": "2", "points-0-0-single": "2", "count-0-1-single": "1", "points-0-1-single": "2",
            "count-0-0-essay": "1", "points-0-0-essay": "4",
            "share-0": "80", "share-1": "20", "share-2": "0", "total_points": "10"}
    form.update(changes)
    return form


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def test_ticking_types_redraws_the_table_by_type_and_keeps_what_was_typed(bank, login):
    client = login(bank.created_by)
    url = reverse("questions:blueprints", args=[bank.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="count-0-0"' in html and 'name="table_kinds"' not in html
    assert [m for m in re.findall(r'data-available="(\d+)"', html)][:3] == ["5", "1", "0"]

    shown = client.post(url, {"name": "Giữa kì", "rows": "4", "topic-0": TOPIC, "count-0-0": "2", "points-0-0": "2",
                              "share-0": "80", "kinds": ["essay", "single"]})
    html = shown.content.decode()
    assert shown.status_code == 200 and not Blueprint.objects.exists()
    assert "Bảng đã có các cột theo dạng câu hỏi đã chọn: điền các ô rồi lưu ma trận." in html
    # The columns in the order the exam prints its parts: choice first, then essays.
    assert re.findall(r'class="kind-head">([^<]+)<', html) == ["Trắc nghiệm", "Tự luận"]
    assert re.findall(r'name="table_kinds" value="(\w+)"', html) == ["single", "essay"]
    assert 'id="count-0-0-single" name="count-0-0-single" value="2"' in html  # carried to the first type
    assert 'id="points-0-0-single" name="points-0-0-single" value="2"' in html
    assert 'id="count-0-0-essay" name="count-0-0-essay" value=""' in html
    assert 'id="share-0" name="share-0" value="80"' in html and 'value="Giữa kì"' in html
    available = dict(re.findall(r'id="available-0-(\d-\w+)" data-available="(\d+)"', html))
    assert available == {"0-single": "3", "1-single": "1", "2-single": "0", "0-essay": "2", "1-essay": "0",
                         "2-essay": "0"}

    back = client.post(url, {**typed_form(), "kinds": []})  # unticked again: one column per level
    html = back.content.decode()
    assert back.status_code == 200 and "Bảng đã trở lại mỗi mức độ một cột, nhận câu hỏi thuộc mọi dạng." in html
    assert 'id="count-0-1" name="count-0-1" value="1"' in html  # only the choice column had Hiểu
    assert "Các số đã nhập ở những cột bị bỏ (Trắc nghiệm, Tự luận) không còn trong bảng." in html
    assert 'id="count-0-0" name="count-0-0" value=""' in html


def test_a_typed_blueprint_is_saved_with_its_types_and_added_up(bank, login):
    client = login(bank.created_by)
    saved = client.post(reverse("questions:blueprints", args=[bank.pk]), typed_form())
    row = Blueprint.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse("questions:blueprint", args=[row.pk])
    assert row.spec["kinds"] == ["single", "essay"]
    assert [(c["topic"], c["level"], c["kind"], c["count"], c["points"]) for c in row.spec["cells"]] == [
        (TOPIC, "Biết", "single", 2, 2.0), (TOPIC, "Hiểu", "single", 1, 2.0), (TOPIC, "Biết", "essay", 1, 4.0)]

    page = client.get(reverse("questions:blueprint", args=[row.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert re.findall(r'class="kind-head" data-kind="\w+">([^<]+)<', html) == ["Trắc nghiệm", "Tự luận"]
    body = text(page)
    assert f"{TOPIC} 2 × 2 1 × 2 — 1 × 4 — — Số câu: 4 Điểm: 10" in body  # the row and its total
    # each column's total, then the whole
    assert ("Tổng Số câu: 2 Điểm: 4 Số câu: 1 Điểm: 2 Số câu: 0 Điểm: 0 Số câu: 1 Điểm: 4 Số câu: 0 Điểm: 0 "
            "Số câu: 0 Điểm: 0 Số câu: 4 Điểm: 10") in body
    assert "Biết Số câu: 3 Điểm: 8 (80 %) 80 %" in body and "Hiểu Số câu: 1 Điểm: 2 (20 %) 20 %" in body
    assert "Trắc nghiệm Số câu: 3 Điểm: 6" in body and "Tự luận Số câu: 1 Điểm: 4" in body
    assert 'class="error-box"' not in html.split('id="draw-h"')[0]  # it adds up


def test_a_count_that_is_not_a_whole_number_is_refused_and_nothing_typed_is_lost(bank, login):
    client = login(bank.created_by)
    refused = client.post(reverse("questions:blueprints", args=[bank.pk]), typed_form(**{"count-0-0-essay": "1,5"}))
    html = refused.content.decode()
    assert refused.status_code == 400 and not Blueprint.objects.exists()
    assert ("“Số tự nhiên”, tự luận, “Biết”: số câu phải là số nguyên và điểm phải là một số."
            in html.replace("&ldquo;", "“").replace("&rdquo;", "”"))
    for field, value in [("count-0-0-essay", "1,5"), ("points-0-0-essay", "4"), ("count-0-0-single", "2"),
                         ("count-0-1-single", "1"), ("share-0", "80"), ("topic-0", TOPIC)]:
        assert f'name="{field}" value="{value}"' in html, field
    assert 'value="Giữa kì – có tự luận"' in html
    assert re.findall(r'name="(\S+)" value="[^"]*" input[^>]*aria-invalid="true"', html) == [
        "count-0-0-essay", "points-0-0-essay"]  # the cell to put right, marked
    assert re.findall(r'name="kinds" value="(\w+)" checked', html) == ["single", "essay"]

    # Points that do not add up to the levels' shares: the level named, nothing saved.
    off = client.post(reverse("questions:blueprints", args=[bank.pk]), typed_form(**{"points-0-0-essay": "3"}))
    assert off.status_code == 400 and not Blueprint.objects.exists()
    assert "Mức &#x27;Biết&#x27;: 7 điểm (70%), ma trận dự kiến 8 điểm (80%)." in off.content.decode()


def test_drawing_a_typed_blueprint_takes_questions_of_each_cells_type(bank, login):
    client = login(bank.created_by)
    client.post(reverse("questions:blueprints", args=[bank.pk]), typed_form())
    row = Blueprint.objects.get()
    drawn = client.post(reverse("questions:blueprint", args=[row.pk]),
                        {"title": "Kiểm tra giữa kì", "minutes": "45", "variant_count": "2"})
    exam = Exam.objects.get()
    assert drawn.status_code == 302 and drawn["Location"] == reverse("questions:exam", args=[exam.pk])
    kinds = dict(bank.questions.values_list("pk", "kind"))
    assert sorted((tuple(i["cell"]), kinds[i["question"]], i["points"]) for i in exam.items) == [
        ((TOPIC, "Biết", "essay"), "essay", 4.0),
        ((TOPIC, "Biết", "single"), "single", 2.0), ((TOPIC, "Biết", "single"), "single", 2.0),
        ((TOPIC, "Hiểu", "single"), "single", 2.0)]


def test_a_cell_the_bank_cannot_fill_names_its_type(bank, login):
    client = login(bank.created_by)
    client.post(reverse("questions:blueprints", args=[bank.pk]),
                typed_form(**{"count-0-0-essay": "3", "points-0-0-essay": "2", "count-0-0-single": "1"}))
    row = Blueprint.objects.get()
    page = client.post(reverse("questions:blueprint", args=[row.pk]),
                       {"title": "Đề", "minutes": "45", "variant_count": "2"})
    assert page.status_code == 400 and not Exam.objects.exists()
    assert re.findall(r"<li>([^<]+)</li>", page.content.decode().split("data-shortfalls>")[1].split("</ul>")[0]) == [
        "Chủ đề &#x27;Số tự nhiên&#x27;, mức &#x27;Biết&#x27;, tự luận: cần 3 câu, ngân hàng có 2 câu đã duyệt."]


def test_a_blueprint_stored_before_types_still_shows_and_draws(bank, login):
    """The JSON of a blueprint saved before question types: no "kinds", no cell "kind"."""
    old = {"version": 1, "title": "", "levels": ["Biết", "Hiểu", "Vận dụng"], "topics": [TOPIC],
           "shares": [["Biết", 80], ["Hiểu", 20], ["Vận dụng", 0]], "total_points": 10,
           "cells": [{"topic": TOPIC, "level": "Biết", "count": 4, "points": 2},
                     {"topic": TOPIC, "level": "Hiểu", "count": 1, "points": 2}]}
    row = Blueprint.objects.create(bank=bank, created_by=bank.created_by, name="Ma trận cũ", spec=old)
    client = login(bank.created_by)
    page = client.get(reverse("questions:blueprint", args=[row.pk]))
    assert page.status_code == 200 and 'class="kind-head"' not in page.content.decode()
    assert f"{TOPIC} 4 × 2 1 × 2 — Số câu: 5 Điểm: 10" in text(page)
    drawn = client.post(reverse("questions:blueprint", args=[row.pk]), {"title": "Đề", "minutes": "45",
                                                                         "variant_count": "1"})
    exam = Exam.objects.get()
    assert drawn.status_code == 302 and sorted(i["cell"][1] for i in exam.items) == ["Biết"] * 4 + ["Hiểu"]
    assert {i["cell"][2] for i in exam.items} == {""}  # any type: choice questions and essays alike


def test_the_demo_blueprints_show_and_an_exam_is_drawn_from_one(demo_content, login):
    from repository.models import QuestionBank

    for blueprint in Blueprint.objects.filter(bank__in=QuestionBank.objects.all()).select_related("bank"):
        client = login(blueprint.created_by)
        page = client.get(reverse("questions:blueprint", args=[blueprint.pk]))
        assert page.status_code == 200 and 'class="error-box"' not in page.content.decode().split('id="draw-h"')[0]
        assert client.get(reverse("questions:blueprints", args=[blueprint.bank_id])).status_code == 200
    blueprint = Blueprint.objects.order_by("pk").first()
    exams = Exam.objects.count()
    drawn = login(blueprint.created_by).post(reverse("questions:blueprint", args=[blueprint.pk]),
                                             {"title": "Đề luyện tập", "minutes": "45", "variant_count": "2"})
    assert drawn.status_code == 302 and Exam.objects.count() == exams + 1


def test_rearranged_keeps_a_cell_typed_under_one_type_only():
    posted = blueprint_editor.Posted(topics=[TOPIC], table_kinds=["single", "essay"], kinds=["essay"],
                                     values={(0, 0, "single"): ("2", "1"), (0, 0, "essay"): ("1", "3"),
                                             (0, 1, "single"): ("1", "1")})
    kept, dropped = blueprint_editor.rearranged(posted)
    assert kept.values == {(0, 0, "essay"): ("1", "3")} and kept.table_kinds == ["essay"]
    assert dropped == ["Trắc nghiệm"]
    spec, errors = blueprint_editor.spec_of(kept, ["Biết", "Hiểu"])
    assert errors == [] and spec.kinds == ["essay"] and spec.cells == [bp.Cell(TOPIC, "Biết", 1, 3.0, kind="essay")]
