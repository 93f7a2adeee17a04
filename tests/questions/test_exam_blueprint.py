"""Blueprints (ma trận đề, repository/questions/exams/blueprint.py): rows, columns and the
whole added up, the levels' points checked against the intended shares to the hundredth
of a point, every problem named by its row or column in Vietnamese; the JSON the bank
stores read back as it was."""

import json

import pytest
from django.utils import translation

from repository.questions import interchange as qi
from repository.questions.exams import blueprint as bp
from repository.questions.exams.blueprint import Blueprint, Cell

LEVELS = ["Biết", "Hiểu", "Vận dụng"]
TOPICS = ["Hàm số", "Mũ và lôgarit", "Hình học không gian"]


def good() -> Blueprint:
    """40 choice questions of 0,25 point: Biết 16 (4 points), Hiểu 12 (3), Vận dụng 12 (3)."""
    counts = {"Hàm số": (6, 4, 4), "Mũ và lôgarit": (5, 4, 4), "Hình học không gian": (5, 4, 4)}
    cells = [Cell(topic, level, count, 0.25) for topic, row in counts.items() for level, count in zip(LEVELS, row)]
    return Blueprint(levels=list(LEVELS), topics=list(TOPICS), cells=cells,
                     shares={"Biết": 40, "Hiểu": 30, "Vận dụng": 30}, total_points=10, title="Toán 12 – giữa kì I")


def messages(blueprint):
    with translation.override("vi"):
        return [p.message for p in bp.check(blueprint)]


def test_a_blueprint_that_adds_up_has_no_problems_and_its_totals():
    blueprint = good()
    assert bp.check(blueprint) == []
    sums = bp.totals(blueprint)
    assert sums.rows["Hàm số"] == bp.Total(14, 3.5)
    assert sums.rows["Mũ và lôgarit"] == bp.Total(13, 3.25)
    assert sums.levels == {"Biết": bp.Total(16, 4.0), "Hiểu": bp.Total(12, 3.0), "Vận dụng": bp.Total(12, 3.0)}
    assert sums.overall == bp.Total(40, 10.0)
    assert sums.share("Biết", 10) == 40.0
    assert sums.kinds == {}


def test_points_off_the_intended_shares_name_each_level():
    blueprint = good()
    blueprint.cell("Hàm số", "Biết").count = 5
    blueprint.cell("Hàm số", "Hiểu").count = 5
    assert messages(blueprint) == [
        "Mức 'Biết': 3,75 điểm (37,5%), ma trận dự kiến 4 điểm (40%).",
        "Mức 'Hiểu': 3,25 điểm (32,5%), ma trận dự kiến 3 điểm (30%).",
    ]
    problems = bp.check(blueprint)
    assert [(p.level, p.topic) for p in problems] == [("Biết", ""), ("Hiểu", "")]


def test_shares_that_do_not_add_up_to_100_percent():
    blueprint = good()
    blueprint.shares = {"Biết": 40, "Hiểu": 30, "Vận dụng": 20}
    assert messages(blueprint) == [
        "Mức 'Vận dụng': 3 điểm (30%), ma trận dự kiến 2 điểm (20%).",
        "Tỉ lệ dự kiến của các mức cộng lại là 90%, không phải 100%.",
    ]


def test_a_total_that_is_not_the_stated_one():
    blueprint = good()
    blueprint.cells.append(Cell("Hình học không gian", "Vận dụng cao", 1, 1.0))
    blueprint.cell("Hình học không gian", "Vận dụng").count = 5
    assert messages(blueprint) == [
        "Một ô ghi mức 'Vận dụng cao', nhưng ma trận không có cột này.",
        "Mức 'Vận dụng': 3,25 điểm (32,5%), ma trận dự kiến 3 điểm (30%).",
        "Ma trận cộng lại được 11,25 điểm, không phải 10 điểm.",
    ]


def test_points_are_compared_to_the_hundredth():
    # a third each: 0,9999 + 0,9999 + 1,0002 of 3 points are 1 point each to the hundredth
    blueprint = Blueprint(levels=list(LEVELS), topics=["Hàm số"], total_points=3,
                          cells=[Cell("Hàm số", level, 1, 1.0) for level in LEVELS],
                          shares={"Biết": 33.33, "Hiểu": 33.33, "Vận dụng": 33.34})
    assert bp.check(blueprint) == []
    blueprint.cell("Hàm số", "Biết").points = 0.99
    blueprint.cell("Hàm số", "Hiểu").points = 1.01
    assert messages(blueprint) == [
        "Mức 'Biết': 0,99 điểm (33%), ma trận dự kiến 1 điểm (33,33%).",
        "Mức 'Hiểu': 1,01 điểm (33,67%), ma trận dự kiến 1 điểm (33,33%).",
    ]


def test_wrong_cells_rows_and_columns_are_named():
    blueprint = good()
    blueprint.topics.append("Số phức")
    blueprint.cells += [
        Cell("Nguyên hàm", "Biết", 1, 0.25),
        Cell("Hàm số", "Hiểu", 1, 0.25),
        Cell("Mũ và lôgarit", "Hiểu", -1, 0.25),
    ]
    blueprint.cell("Hình học không gian", "Biết").points = 0
    blueprint.shares = {"Biết": 40, "Hiểu": 30, "Vận dụng cao": 30}
    assert messages(blueprint) == [
        "Chủ đề 'Hình học không gian', mức 'Biết': điểm mỗi câu phải lớn hơn 0.",
        "Một ô ghi chủ đề 'Nguyên hàm', nhưng ma trận không có hàng này.",
        "Chủ đề 'Hàm số', mức 'Hiểu' xuất hiện hai lần trong ma trận.",
        "Chủ đề 'Mũ và lôgarit', mức 'Hiểu': số câu phải là số nguyên từ 0 trở lên, không phải -1.",
        "Chủ đề 'Mũ và lôgarit', mức 'Hiểu' xuất hiện hai lần trong ma trận.",
        "Chủ đề 'Số phức' chưa có câu hỏi nào.",
        "Tỉ lệ dự kiến ghi mức 'Vận dụng cao', nhưng ma trận không có cột này.",
        "Mức 'Biết': 3 điểm (30%), ma trận dự kiến 4 điểm (40%).",
        "Mức 'Hiểu': 3,25 điểm (32,5%), ma trận dự kiến 3 điểm (30%).",
        "Mức 'Vận dụng' chưa có tỉ lệ điểm dự kiến.",
        "Ma trận cộng lại được 9,25 điểm, không phải 10 điểm.",
    ]
    problems = bp.check(blueprint)
    assert (problems[5].topic, problems[5].level) == ("Số phức", "")


def test_names_are_compared_folded():
    blueprint = good()
    blueprint.cell("Hàm số", "Biết").topic = "ham  so"
    blueprint.cell("Mũ và lôgarit", "Hiểu").level = "HIEU"
    assert bp.check(blueprint) == []
    assert bp.totals(blueprint).rows["Hàm số"] == bp.Total(14, 3.5)


def test_twice_named_rows_and_columns_and_empty_blueprints():
    blueprint = Blueprint(levels=["Biết", "biet"], topics=[], shares={"Biết": 100}, total_points=0)
    assert messages(blueprint) == [
        "Ma trận chưa có chủ đề nào (hàng).",
        "Mức 'biet' xuất hiện hai lần.",
        "Tổng điểm phải lớn hơn 0, không phải 0.",
    ]
    assert messages(Blueprint(levels=[], topics=["Hàm số"], shares={})) == [
        "Ma trận chưa có mức độ nhận thức nào (cột).",
        "Chủ đề 'Hàm số' chưa có câu hỏi nào.",
        "Ma trận cộng lại được 0 điểm, không phải 10 điểm.",
    ]


def with_kinds() -> Blueprint:
    """The 2025 layout in small: choice 0,25, true/false statements 1, essay 1,5 points."""
    return Blueprint(
        levels=["Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao"], topics=["Hàm số", "Tích phân"],
        kinds=[qi.SINGLE, qi.TRUE_FALSE_GROUP, qi.ESSAY], total_points=10,
        shares={"Nhận biết": 30, "Thông hiểu": 30, "Vận dụng": 25, "Vận dụng cao": 15},
        cells=[Cell("Hàm số", "Nhận biết", 8, 0.25, qi.SINGLE), Cell("Tích phân", "Nhận biết", 4, 0.25, qi.SINGLE),
               Cell("Hàm số", "Thông hiểu", 1, 1.0, qi.TRUE_FALSE_GROUP),
               Cell("Tích phân", "Thông hiểu", 2, 1.0, qi.TRUE_FALSE_GROUP),
               Cell("Hàm số", "Vận dụng", 1, 1.0, qi.TRUE_FALSE_GROUP), Cell("Tích phân", "Vận dụng", 1, 1.5, qi.ESSAY),
               Cell("Hàm số", "Vận dụng cao", 1, 1.5, qi.ESSAY)])


def test_kind_columns_are_added_up_and_named():
    blueprint = with_kinds()
    assert bp.check(blueprint) == []
    sums = bp.totals(blueprint)
    assert sums.kinds == {qi.SINGLE: bp.Total(12, 3.0), qi.TRUE_FALSE_GROUP: bp.Total(4, 4.0),
                          qi.ESSAY: bp.Total(2, 3.0)}
    blueprint.cells.append(Cell("Hàm số", "Nhận biết", 1, 0.5, qi.NUMERIC))
    blueprint.cell("Hàm số", "Nhận biết", qi.SINGLE).count = 6
    blueprint.cell("Tích phân", "Thông hiểu", qi.TRUE_FALSE_GROUP).points = 1.25
    blueprint.kinds.append("poll")
    assert messages(blueprint) == [
        "'poll' không phải là một loại câu hỏi.",
        "Chủ đề 'Hàm số', mức 'Nhận biết': ma trận không có cột loại câu hỏi 'numeric'.",
        "Mức 'Thông hiểu': 3,5 điểm (35%), ma trận dự kiến 3 điểm (30%).",
        "Ma trận cộng lại được 10,5 điểm, không phải 10 điểm.",
    ]


def test_json_round_trip():
    for blueprint in (good(), with_kinds()):
        data = bp.to_json(blueprint)
        assert json.loads(json.dumps(data)) == data
        assert bp.from_json(data) == blueprint
        assert bp.from_json(json.dumps(data, ensure_ascii=False)) == blueprint
    assert list(bp.from_json(bp.to_json(good())).shares) == ["Biết", "Hiểu", "Vận dụng"]


@pytest.mark.parametrize("data, message", [
    ("{not json", "Không đọc được ma trận: dữ liệu không phải JSON."),
    ([], "Không đọc được ma trận: thiếu hoặc sai phần “blueprint”."),
    ({"topics": ["Hàm số"]}, "Không đọc được ma trận: thiếu hoặc sai phần “levels”."),
    ({"levels": ["Biết"], "topics": ["Hàm số"], "cells": [{"topic": "Hàm số", "level": "Biết", "count": 1}]},
     "Không đọc được ma trận: thiếu hoặc sai phần “cells”."),
    ({"levels": ["Biết"], "topics": ["Hàm số"], "shares": {"Biết": 100}},
     "Không đọc được ma trận: thiếu hoặc sai phần “shares”."),
])
def test_stored_data_that_is_not_a_blueprint(data, message):
    with translation.override("vi"), pytest.raises(bp.Unreadable) as raised:
        bp.from_json(data)
    assert str(raised.value) == message
