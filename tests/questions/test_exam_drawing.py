"""Drawing approved questions to fill a blueprint (repository/questions/exams/drawing.py):
cells filled from names written either way (folded topics, either level set), the cells
that cannot be filled said exactly and why, a passage's questions drawn together or not
at all, the same draw from the same seed, one question swapped for another of its cell."""

import pytest
from django.utils import translation

from repository.questions import interchange as qi
from repository.questions.exams import drawing
from repository.questions.exams.blueprint import Blueprint, Cell
from repository.questions.exams.drawing import Candidate

LEVELS = ["Biết", "Hiểu", "Vận dụng"]


def one(id_, topic, level, group=None, **more) -> Candidate:
    """An approved single-choice question."""
    return Candidate(id_, topic, level, qi.SINGLE, group=group, **more)


def blueprint(**counts) -> Blueprint:
    """Hàm số: Biết 3, Hiểu 2, Vận dụng 1; Lôgarit: Biết 2, Hiểu 1 (unless told)."""
    wanted = {("Hàm số", "Biết"): 3, ("Hàm số", "Hiểu"): 2, ("Hàm số", "Vận dụng"): 1,
              ("Lôgarit", "Biết"): 2, ("Lôgarit", "Hiểu"): 1}
    for name, count in counts.items():
        topic, level = name.split("__")
        wanted[({"ham_so": "Hàm số", "logarit": "Lôgarit"}[topic], {"biet": "Biết", "hieu": "Hiểu",
                                                                    "van_dung": "Vận dụng"}[level])] = count
    return Blueprint(levels=list(LEVELS), topics=["Hàm số", "Lôgarit"],
                     cells=[Cell(t, lv, n, 0.25) for (t, lv), n in wanted.items()],
                     shares={"Biết": 40, "Hiểu": 30, "Vận dụng": 30})


def bank() -> list[Candidate]:
    """Names as teachers write them: unaccented topics, the four-level set, NB/VDC."""
    made = []
    for n in range(1, 6):
        made.append(one(n, "Hàm số", "Nhận biết", version=100 + n))
    for n in range(6, 10):
        made.append(one(n, "ham so", "Thông hiểu", version=100 + n))
    made += [one(10, "HÀM SỐ", "Vận dụng cao", version=110),
             one(11, "Hàm số", "VD", version=111)]
    for n in range(12, 16):
        made.append(one(n, "Lôgarit", "NB", version=100 + n))
    made += [one(16, "Logarit", "Hiểu", version=116),
             one(17, "Lôgarit", "Hiểu", version=117),
             one(18, "Nguyên hàm", "Biết", version=118)]  # no row for it
    return made


def messages(draw):
    with translation.override("vi"):
        return [s.message for s in draw.shortfalls]


def test_every_cell_is_filled_from_matching_questions():
    result = drawing.draw(blueprint(), bank(), seed=7)
    assert result.ok and result.shortfalls == []
    assert list(result.cells) == [("Hàm số", "Biết", ""), ("Hàm số", "Hiểu", ""), ("Hàm số", "Vận dụng", ""),
                                  ("Lôgarit", "Biết", ""), ("Lôgarit", "Hiểu", "")]
    assert set(result.cells[("Hàm số", "Biết", "")]) <= {1, 2, 3, 4, 5}
    assert len(result.cells[("Hàm số", "Biết", "")]) == 3
    assert set(result.cells[("Hàm số", "Hiểu", "")]) <= {6, 7, 8, 9}
    assert len(result.cells[("Hàm số", "Hiểu", "")]) == 2
    assert result.cells[("Hàm số", "Vận dụng", "")][0] in {10, 11}
    assert len(result.cells[("Lôgarit", "Biết", "")]) == 2
    assert result.cells[("Lôgarit", "Hiểu", "")][0] in {16, 17}
    assert len(result.ids()) == len(set(result.ids())) == 9
    assert result.versions == {i: 100 + i for i in result.ids()}
    assert result.points(("Hàm số", "Biết", "")) == 0.25


def test_levels_of_the_other_set_are_mapped_onto_the_blueprints():
    four = Blueprint(levels=["Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao"], topics=["Hàm số"],
                     cells=[Cell("Hàm số", "Nhận biết", 1, 1), Cell("Hàm số", "Thông hiểu", 1, 1),
                            Cell("Hàm số", "Vận dụng", 1, 1), Cell("Hàm số", "Vận dụng cao", 1, 1)])
    candidates = [one(1, "Ham so", "Biết"), one(2, "Hàm số", "hiểu"),
                  one(3, "Hàm số", "Vận dụng"), one(4, "Hàm số", "VDC")]
    result = drawing.draw(four, candidates, seed=1)
    assert [ids for ids in result.cells.values()] == [[1], [2], [3], [4]]
    three = Blueprint(levels=list(LEVELS), topics=["Hàm số"], cells=[Cell("Hàm số", "Vận dụng", 2, 1)])
    assert sorted(drawing.draw(three, candidates, seed=1).cells[("Hàm số", "Vận dụng", "")]) == [3, 4]


def test_shortfalls_say_which_cell_and_why():
    wanted = blueprint(ham_so__van_dung=3, logarit__van_dung=2, logarit__hieu=2)
    result = drawing.draw(wanted, bank(), seed=7, exclude=[16])
    assert not result.ok
    assert [(s.cell, s.needed, s.chosen, s.approved, s.excluded) for s in result.shortfalls] == [
        (("Hàm số", "Vận dụng", ""), 3, 2, 2, 0),
        (("Lôgarit", "Hiểu", ""), 2, 1, 2, 1),
        (("Lôgarit", "Vận dụng", ""), 2, 0, 0, 0),
    ]
    assert messages(result) == [
        "Chủ đề 'Hàm số', mức 'Vận dụng': cần 3 câu, ngân hàng có 2 câu đã duyệt.",
        "Chủ đề 'Lôgarit', mức 'Hiểu': cần 2 câu, ngân hàng có 2 câu đã duyệt nhưng 1 câu trong số đó bị loại ra.",
        "Chủ đề 'Lôgarit', mức 'Vận dụng': cần 2 câu, ngân hàng không có câu nào đã duyệt.",
    ]
    assert result.cells[("Lôgarit", "Hiểu", "")] == [17]  # the rest is still drawn
    assert result.cells[("Lôgarit", "Vận dụng", "")] == []


def test_with_kind_columns_a_question_fills_only_its_kind():
    wanted = Blueprint(levels=list(LEVELS), topics=["Hàm số"], kinds=[qi.SINGLE, qi.ESSAY],
                       cells=[Cell("Hàm số", "Vận dụng", 3, 0.25, qi.SINGLE), Cell("Hàm số", "Vận dụng", 1, 1, qi.ESSAY)])
    candidates = [one(1, "Hàm số", "Vận dụng"), Candidate(2, "Hàm số", "Vận dụng", qi.ESSAY),
                  Candidate(3, "Hàm số", "Vận dụng", qi.ESSAY), Candidate(4, "Hàm số", "Vận dụng", qi.MULTIPLE)]
    result = drawing.draw(wanted, candidates, seed=3)
    assert result.cells[("Hàm số", "Vận dụng", qi.SINGLE)] == [1]
    assert result.cells[("Hàm số", "Vận dụng", qi.ESSAY)] in ([2], [3])
    assert messages(result) == ["Chủ đề 'Hàm số', mức 'Vận dụng', trắc nghiệm: cần 3 câu, ngân hàng có 1 câu đã duyệt."]


def passage_bank() -> list[Candidate]:
    """Two singles at Biết, passage P (Biết, Biết, Hiểu), passage Q (Biết, Hiểu) and
    passage R whose last question has a topic the blueprint lacks."""
    return [one(1, "Đọc hiểu", "Biết"), one(2, "Đọc hiểu", "Biết"),
            one(3, "Đọc hiểu", "Biết", group="P"), one(4, "Đọc hiểu", "Biết", group="P"),
            one(5, "Đọc hiểu", "Hiểu", group="P"),
            one(6, "Đọc hiểu", "Biết", group="Q"), one(7, "Đọc hiểu", "Hiểu", group="Q"),
            one(8, "Đọc hiểu", "Hiểu", group="R"), one(9, "Tiếng Việt", "Biết", group="R"),
            one(10, "Đọc hiểu", "Hiểu")]


def reading(biet: int, hieu: int) -> Blueprint:
    return Blueprint(levels=list(LEVELS), topics=["Đọc hiểu"],
                     cells=[Cell("Đọc hiểu", "Biết", biet, 0.5), Cell("Đọc hiểu", "Hiểu", hieu, 0.5)])


def test_a_passages_questions_are_drawn_together_or_not_at_all():
    for seed in range(40):
        result = drawing.draw(reading(3, 2), passage_bank(), seed=seed)
        drawn = set(result.ids())
        assert result.ok
        for members in ({3, 4, 5}, {6, 7}):
            assert members <= drawn or not members & drawn
        assert not {8, 9} & drawn  # passage R does not fit the blueprint
        for key, ids in result.groups.items():
            assert ids == {"P": [3, 4, 5], "Q": [6, 7]}[key]


def test_passages_are_packed_to_fill_the_blueprint():
    bank_ = [c for c in passage_bank() if c.id != 10]
    for seed in range(20):
        result = drawing.draw(reading(3, 1), bank_, seed=seed)
        assert sorted(result.ids()) in ([1, 2, 6, 7], [1, 3, 4, 5], [2, 3, 4, 5]), seed
    # One question at each level: passage G (Biết, Hiểu) first would leave Vận dụng empty;
    # only passage H (Biết, Vận dụng) and the single Hiểu fill it, and are found whatever the seed.
    wanted = Blueprint(levels=list(LEVELS), topics=["Đọc hiểu"], cells=[Cell("Đọc hiểu", lv, 1, 1) for lv in LEVELS])
    candidates = [one(1, "Đọc hiểu", "Biết", group="G"), one(2, "Đọc hiểu", "Hiểu", group="G"),
                  one(3, "Đọc hiểu", "Biết", group="H"),
                  one(4, "Đọc hiểu", "Vận dụng", group="H"), one(5, "Đọc hiểu", "Hiểu")]
    for seed in range(30):
        assert drawing.draw(wanted, candidates, seed=seed).cells == {
            ("Đọc hiểu", "Biết", ""): [3], ("Đọc hiểu", "Hiểu", ""): [5], ("Đọc hiểu", "Vận dụng", ""): [4]}, seed


def test_a_shortfall_because_of_passages_says_so():
    # Hiểu needs 3: one single (10), Q's 7 and P's 5 — but Biết has room for one more only.
    result = drawing.draw(reading(1, 3), passage_bank(), seed=5)
    assert [(s.cell, s.chosen, s.approved) for s in result.shortfalls] == [(("Đọc hiểu", "Hiểu", ""), 2, 4)]
    assert messages(result) == [
        "Chủ đề 'Đọc hiểu', mức 'Hiểu': cần 3 câu, chỉ chọn được 2 câu: 2 câu đã duyệt còn lại dùng chung ngữ liệu "
        "với những câu không chọn cùng được (các câu cùng một ngữ liệu được chọn cả nhóm hoặc không chọn câu nào).",
    ]


def test_an_excluded_question_keeps_its_whole_passage_out():
    result = drawing.draw(reading(3, 2), passage_bank(), seed=2, exclude={4, 6})
    assert set(result.ids()) == {1, 2, 10} and not result.groups
    assert messages(result) == [
        "Chủ đề 'Đọc hiểu', mức 'Biết': cần 3 câu, ngân hàng có 5 câu đã duyệt nhưng 3 câu trong số đó bị loại ra.",
        "Chủ đề 'Đọc hiểu', mức 'Hiểu': cần 2 câu, chỉ chọn được 1 câu: 1 câu đã duyệt còn lại dùng chung ngữ liệu "
        "với những câu không chọn cùng được (các câu cùng một ngữ liệu được chọn cả nhóm hoặc không chọn câu nào).",
    ]


def big_bank() -> list[Candidate]:
    return [Candidate(n, "Hàm số", LEVELS[n % 3], qi.SINGLE, version=n) for n in range(60)]


def test_the_same_seed_gives_the_same_draw_whatever_the_banks_order():
    wanted = Blueprint(levels=list(LEVELS), topics=["Hàm số"],
                       cells=[Cell("Hàm số", lv, 5, 0.5) for lv in LEVELS])
    first = drawing.draw(wanted, big_bank(), seed="đề-2025")
    assert drawing.draw(wanted, big_bank(), seed="đề-2025").cells == first.cells
    assert drawing.draw(wanted, list(reversed(big_bank())), seed="đề-2025").cells == first.cells
    others = {tuple(map(tuple, drawing.draw(wanted, big_bank(), seed=s).cells.values())) for s in range(5)}
    assert len(others) == 5


def swap_setup():
    result = drawing.draw(blueprint(), bank(), seed=7)
    cell = ("Hàm số", "Biết", "")
    out_id = result.cells[cell][1]
    in_id = next(i for i in (1, 2, 3, 4, 5) if i not in result.cells[cell])
    return result, cell, out_id, in_id


def test_swap_puts_the_new_question_in_the_old_ones_place():
    result, cell, out_id, in_id = swap_setup()
    before = list(result.cells[cell])
    swapped = drawing.swap(result, cell, out_id, in_id, bank())
    assert swapped.cells[cell] == [in_id if i == out_id else i for i in before]
    assert result.cells[cell] == before  # the draw given is left as it was
    assert swapped.versions[in_id] == 100 + in_id and out_id not in swapped.versions
    assert {c: ids for c, ids in swapped.cells.items() if c != cell} == {
        c: ids for c, ids in result.cells.items() if c != cell}


def refusal(*args):
    with translation.override("vi"), pytest.raises(drawing.SwapRefused) as raised:
        drawing.swap(*args)
    return str(raised.value)


def test_swap_refuses_with_the_reason():
    result, cell, out_id, in_id = swap_setup()
    hieu = result.cells[("Hàm số", "Hiểu", "")][0]
    assert refusal(result, cell, hieu, in_id, bank()) == (
        f"Câu {hieu} không phải là câu của đề ở ô chủ đề 'Hàm số', mức 'Biết'.")
    assert refusal(result, cell, out_id, result.cells[cell][0], bank()) == (
        f"Câu {result.cells[cell][0]} đã có trong đề.")
    assert refusal(result, cell, out_id, 99, bank()) == "Câu 99 không có trong các câu đã duyệt của ngân hàng."
    spare_hieu = next(i for i in (6, 7, 8, 9) if i not in result.ids())
    assert refusal(result, cell, out_id, spare_hieu, bank()) == (
        f"Câu {spare_hieu} thuộc ô chủ đề 'Hàm số', mức 'Hiểu', không thuộc ô chủ đề 'Hàm số', mức 'Biết'.")
    assert refusal(result, cell, out_id, 18, bank()) == (
        "Câu 18 thuộc ô chủ đề 'Nguyên hàm', mức 'Biết', không thuộc ô chủ đề 'Hàm số', mức 'Biết'.")
    assert refusal(result, ("Hàm số", "Vận dụng cao", ""), out_id, in_id, bank()) == (
        "Ma trận không có câu hỏi nào ở ô chủ đề 'Hàm số', mức 'Vận dụng cao'.")


def test_a_passage_is_swapped_whole_for_a_passage_of_the_same_shape():
    candidates = passage_bank() + [one(11, "Đọc hiểu", "Biết", group="S"),
                                   one(12, "Đọc hiểu", "Hiểu", group="S")]
    wanted = reading(1, 1)
    seed = next(s for s in range(50) if drawing.draw(wanted, candidates, seed=s).groups == {"Q": [6, 7]})
    result = drawing.draw(wanted, candidates, seed=seed)
    swapped = drawing.swap(result, ("Đọc hiểu", "Hiểu", ""), 7, 12, candidates)
    assert swapped.cells == {("Đọc hiểu", "Biết", ""): [11], ("Đọc hiểu", "Hiểu", ""): [12]}
    assert swapped.groups == {"S": [11, 12]}
    assert refusal(result, ("Đọc hiểu", "Hiểu", ""), 7, 10, candidates) == (
        "Câu 7 dùng chung ngữ liệu với các câu 6: hãy đổi nó lấy một câu của ngữ liệu khác.")
    assert refusal(result, ("Đọc hiểu", "Hiểu", ""), 7, 5, candidates) == (
        "Ngữ liệu của câu 5 không có số câu ở từng ô bằng ngữ liệu của câu 7.")
    singles = drawing.draw(wanted, [c for c in candidates if c.id in (1, 10, 11, 12)], seed=1)
    assert singles.ids() == [1, 10]
    assert refusal(singles, ("Đọc hiểu", "Hiểu", ""), 10, 12, candidates) == (
        "Câu 12 dùng chung ngữ liệu với các câu 11: các câu cùng một ngữ liệu được chọn cả nhóm hoặc không chọn câu nào.")
