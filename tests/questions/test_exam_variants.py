"""Variants (mã đề, repository/questions/exams/variants.py): questions shuffled within the
2025 exam's parts, a passage's questions together and in order, options shuffled except
the fixed ones, true/false statements kept a)–d) unless asked, each variant's key worked
out after its shuffle; the same seed gives the same variants, no two alike."""

import pytest
from django.utils import translation

from repository.questions import interchange as qi
from repository.questions.exams import variants as v

PASSAGE = qi.Passage(key="p1", text="Đọc đoạn văn sau và trả lời câu hỏi: “Quê hương là chùm khế ngọt…”")


def choice(n, right, fixed_last=False, options=4):
    texts = [f"Câu {n} – phương án {k}" for k in range(options)]
    if fixed_last:
        texts[-1] = "Cả A và B đều đúng"
    made = [qi.Option(t, 1.0 if k == right else 0.0, fixed=fixed_last and k == options - 1)
            for k, t in enumerate(texts)]
    return qi.Question(qi.SINGLE, f"Câu hỏi {n}: tính \\(x^{n}\\)", number=n, line=n, options=made)


def exam():
    """(question, points, passage, ref) in the teacher's order, parts mixed on purpose."""
    essay = qi.Question(qi.ESSAY, "Giải phương trình \\(x^2 - 5x + 6 = 0\\).", number=20, line=20,
                        model_answer="x = 2 hoặc x = 3")
    group = [qi.Question(qi.TRUE_FALSE_GROUP, f"Cho hàm số {n}", number=n, line=n,
                         statements=[qi.Statement(f"ý {k}", truth) for k, truth in enumerate(truths)])
             for n, truths in ((30, (True, False, True, False)), (31, (False, False, True, True)))]
    numeric = [qi.Question(qi.NUMERIC, "Số π làm tròn", number=40, line=40, numeric=[qi.NumericAnswer(3.14, 0.005)]),
               qi.Question(qi.NUMERIC, "Nghiệm âm", number=41, line=41,
                           numeric=[qi.NumericAnswer(-0.5), qi.NumericAnswer(-1, fraction=0.5)])]
    short = qi.Question(qi.SHORT_TEXT, "Thủ đô của Việt Nam", number=42, line=42,
                        options=[qi.Option("Hà Nội", 1.0), qi.Option("Ha Noi", 0.5)])
    multiple = qi.Question(qi.MULTIPLE, "Chọn các số chẵn", number=7, line=7,
                           options=[qi.Option("1", -1), qi.Option("2", 0.5), qi.Option("3", -1), qi.Option("4", 0.5)])
    read = [qi.Question(qi.SINGLE, f"Câu đọc hiểu {n}", number=n, line=n, group="p1",
                        options=[qi.Option(f"{n}{k}", float(k == 1)) for k in range(4)]) for n in (8, 9)]
    items = [(essay, 2.0, None, "essay"), (choice(1, 0), 0.25, None, "c1"), (group[0], 1.0, None, "tf1"),
             (choice(2, 1, fixed_last=True), 0.25, None, "c2"), (read[0], 0.25, PASSAGE, "r8"),
             (numeric[0], 0.5, None, "n1"), (choice(3, 2), 0.25, None, "c3"), (read[1], 0.25, PASSAGE, "r9"),
             (multiple, 0.25, None, "m"), (group[1], 1.0, None, "tf2"), (choice(4, 3), 0.25, None, "c4"),
             (numeric[1], 0.5, None, "n2"), (choice(5, 0), 0.25, None, "c5"), (short, 0.5, None, "s"),
             (choice(6, 1, options=5), 0.25, None, "c6")]
    return items


def shape(variant):
    return [(item.ref, [o.text for o in item.question.options], [s.text for s in item.question.statements])
            for item in variant.items]


def test_the_same_seed_gives_the_same_variants_and_codes():
    first = v.make_variants(exam(), 4, seed=2025)
    assert [variant.code for variant in first] == ["101", "102", "103", "104"]
    assert [shape(x) for x in v.make_variants(exam(), 4, seed=2025)] == [shape(x) for x in first]
    assert [shape(x) for x in v.make_variants(exam(), 4, seed=2026)] != [shape(x) for x in first]
    assert [x.code for x in v.make_variants(exam(), 2, seed=1, first_code=201)] == ["201", "202"]
    # a variant does not depend on how many others are made
    assert shape(v.make_variants(exam(), 1, seed=2025)[0]) == shape(first[0])


def test_every_variant_is_a_permutation_and_no_two_are_alike():
    made = v.make_variants(exam(), 10, seed=3)
    refs = sorted(ref for _q, _p, _passage, ref in exam())
    for variant in made:
        assert sorted(item.ref for item in variant.items) == refs
        assert [item.number for item in variant.items] == list(range(1, 16))
        for item in variant.items:
            original = next(q for q, _p, _passage, ref in exam() if ref == item.ref)
            assert sorted(o.text for o in item.question.options) == sorted(o.text for o in original.options)
            assert item.points == next(p for _q, p, _passage, ref in exam() if ref == item.ref)
    shapes = [shape(x) for x in made]
    assert all(shapes[i] != shapes[j] for i in range(10) for j in range(i))
    orders = {tuple(item.ref for item in x.items) for x in made}
    assert len(orders) > 1


def test_parts_in_the_2025_order_and_a_passage_together_in_order():
    for variant in v.make_variants(exam(), 6, seed=11):
        parts = [item.part for item in variant.items]
        assert parts == [v.CHOICE] * 9 + [v.TRUE_FALSE_GROUP] * 2 + [v.SHORT_ANSWER] * 3 + [v.ESSAY]
        refs = [item.ref for item in variant.items]
        assert refs[refs.index("r8") + 1] == "r9"
        assert [item.passage for item in variant.items if item.ref in ("r8", "r9")] == [PASSAGE, PASSAGE]
        assert all(item.passage is None for item in variant.items if item.ref not in ("r8", "r9"))


def test_fixed_options_keep_their_letter_and_keys_follow_the_shuffle():
    made = v.make_variants(exam(), 8, seed=5)
    moved = set()
    for variant in made:
        for item in variant.items:
            question = item.question
            if item.ref == "c2":
                assert question.options[3].text == "Cả A và B đều đúng"
            if question.kind == qi.SINGLE:
                assert item.key == "ABCDE"[next(k for k, o in enumerate(question.options) if o.fraction == 1)]
                assert len(item.key) == 1
                moved.add((item.ref, item.key))
            if item.ref == "m":
                assert item.key == "".join("ABCD"[k] for k, o in enumerate(question.options) if o.text in "24")
    assert {key for ref, key in moved if ref == "c1"} == {"A", "B", "C", "D"}  # the right answer does move
    assert {key for ref, key in moved if ref == "c2"} <= {"A", "B", "C"}


def keys(variant):
    return {item.ref: item.key for item in variant.items}


def test_keys_of_the_other_kinds():
    variant = v.make_variants(exam(), 1, seed=1)[0]
    assert {ref: key for ref, key in keys(variant).items() if not ref.startswith(("c", "r", "m"))} == {
        "tf1": "ĐSĐS", "tf2": "SSĐĐ", "n1": "3,14", "n2": "-0,5", "s": "Hà Nội", "essay": ""}
    statements = {item.ref: [s.text for s in item.question.statements] for item in variant.items}
    assert statements["tf1"] == ["ý 0", "ý 1", "ý 2", "ý 3"]  # a)–d) kept


def test_statements_shuffled_only_when_asked_and_keyed_after():
    seen = set()
    for variant in v.make_variants(exam(), 6, seed=9, shuffle_statements=True):
        for item in variant.items:
            if item.ref == "tf1":
                order = tuple(int(s.text[-1]) for s in item.question.statements)
                seen.add(order)
                assert item.key == "".join("ĐS"[k % 2] for k in order)  # ý 0 and ý 2 are true
    assert len(seen) > 1


def test_without_shuffling_the_order_is_the_teachers_within_each_part():
    made = v.make_variants(exam(), 2, seed=1, shuffle_questions=False, shuffle_options=False, number_by_part=True)
    assert shape(made[0]) == shape(made[1])  # nothing to shuffle: alike, as asked
    variant = made[0]
    assert [item.ref for item in variant.items] == ["c1", "c2", "r8", "r9", "c3", "m", "c4", "c5", "c6",
                                                   "tf1", "tf2", "n1", "n2", "s", "essay"]
    assert [item.number for item in variant.items] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 1, 2, 3, 1]
    assert keys(variant)["c4"] == "D" and keys(variant)["m"] == "BD"


def test_matching_and_cloze_keys():
    matching = qi.Question(qi.MATCHING, "Ghép thủ đô với nước", number=1, line=1,
                           pairs=[("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào")])
    cloze = qi.Question(qi.CLOZE, f"Thủ đô {qi.blank(1)} nằm bên sông {qi.blank(2)}", number=2, line=2,
                        blanks=[[qi.Option("Hà Nội", 1)], [qi.Option("Hồng", 1), qi.Option("Cầu", 0)]])
    tf = qi.Question(qi.TRUE_FALSE, "Trái Đất quay quanh Mặt Trời", number=3, line=3, truth=True)
    variant = v.make_variants([(matching, 1, None, "mt"), (cloze, 1, None, "cz"), (tf, 1, None, "tf")], 1, seed=0)[0]
    assert keys(variant) == {"mt": "Việt Nam; Lào", "cz": "Hà Nội; Hồng", "tf": "Đ"}


def test_decimal_comma():
    from repository.questions.exams.labels import decimal_comma
    assert [decimal_comma(x) for x in (3.14, 2.0, -0.5, 100.0, 0.0001, 1e-7, -0.0)] == [
        "3,14", "2", "-0,5", "100", "0,0001", "0,0000001", "0"]
    assert decimal_comma(2.345, 2) == "2,35" and decimal_comma(10, 2) == "10"


def test_at_least_one_variant():
    with translation.override("vi"), pytest.raises(ValueError) as raised:
        v.make_variants(exam(), 0, seed=1)
    assert str(raised.value) == "Số mã đề phải ít nhất là 1."
