"""lms.quiz.grading: every kind of question, as the bank stores it, against what a
student's form sends (no database)."""

import pytest

from lms.quiz.grading import Mark, grade, group_share, parse_number, plain, same_text
from repository.questions import interchange as ix


def options(*fractions, feedback=None):
    return [{"text": f"Phương án {i}", "fraction": f, "feedback": (feedback or {}).get(i, ""), "fixed": False}
            for i, f in enumerate(fractions)]


SINGLE = {"kind": "single", "stem": "2 + 2 = ?", "text_format": "plain",
          "options": options(0, 1, 0, -0.5, feedback={0: "Sai rồi", 1: "Đúng"}), "general_feedback": "Cộng hai số."}


# --- single ------------------------------------------------------------------------------


def test_single_the_right_option_earns_the_whole_with_its_feedback():
    graded = grade(SINGLE, 1)
    assert (graded.fraction, graded.needs_hand, graded.answered, graded.right) == (1.0, False, True, True)
    assert graded.marks[1] == Mark(1, True, True, True, "Đúng")
    assert graded.marks[0] == Mark(0, False, False, True, "")
    assert graded.feedback == ("Cộng hai số.",)


def test_single_a_wrong_option_earns_nothing_and_the_right_one_is_marked_missed():
    graded = grade(SINGLE, 0)
    assert (graded.fraction, graded.wrong) == (0.0, True)
    assert graded.marks[0] == Mark(0, True, False, False, "Sai rồi")
    assert graded.marks[1] == Mark(1, False, True, False, "")


def test_single_a_negative_option_is_floored_at_zero():
    assert grade(SINGLE, 3).fraction == 0.0


def test_single_a_partial_option_earns_its_share():
    content = {**SINGLE, "options": options(0.5, 1)}
    assert grade(content, 0).fraction == 0.5


@pytest.mark.parametrize("response", [None, 7, -1, True, "x", [1], {"a": 1}])
def test_single_what_no_form_sends_is_no_answer(response):
    graded = grade(SINGLE, response)
    assert (graded.fraction, graded.answered) == (0.0, False)


def test_single_an_index_sent_as_text_is_read():
    assert grade(SINGLE, "1").fraction == 1.0


# --- multiple ------------------------------------------------------------------------------

MULTIPLE = {"kind": "multiple", "options": options(0.5, 0.5, -1, 0)}


@pytest.mark.parametrize("chosen, fraction", [
    ([0, 1], 1.0), ([0], 0.5), ([1, 3], 0.5), ([0, 1, 2], 0.0), ([2], 0.0), ([0, 2], 0.0), ([], 0.0),
    ([0, 0, 1], 1.0), ([0, 9], 0.5),
])
def test_multiple_sums_the_chosen_options_fractions_floored_at_zero(chosen, fraction):
    assert grade(MULTIPLE, chosen).fraction == fraction


def test_multiple_marks_each_option_chosen_or_not():
    graded = grade(MULTIPLE, [0, 2])
    assert [(m.given, m.expected, m.right) for m in graded.marks] == [
        (True, True, True), (False, True, False), (True, False, False), (False, False, True)]


def test_multiple_never_goes_past_the_whole():
    assert grade({"kind": "multiple", "options": options(1, 1)}, [0, 1]).fraction == 1.0


# --- true/false ---------------------------------------------------------------------------


@pytest.mark.parametrize("truth, response, fraction, answered", [
    (True, True, 1.0, True), (True, False, 0.0, True), (False, False, 1.0, True), (False, True, 0.0, True),
    (True, "true", 1.0, True), (False, "false", 1.0, True), (True, None, 0.0, False), (True, "có", 0.0, False),
])
def test_true_false(truth, response, fraction, answered):
    graded = grade({"kind": "true_false", "truth": truth}, response)
    assert (graded.fraction, graded.answered) == (fraction, answered)


# --- true/false group (PHẦN II of the 2025 exam) -------------------------------------------

GROUP = {"kind": "true_false_group", "statements": [
    {"text": "a", "truth": True, "feedback": "a đúng"}, {"text": "b", "truth": False, "feedback": ""},
    {"text": "c", "truth": True, "feedback": ""}, {"text": "d", "truth": False, "feedback": ""}]}


@pytest.mark.parametrize("response, fraction", [
    ([True, False, True, False], 1.0),
    ([True, False, True, True], 0.5),
    ([True, False, False, True], 0.25),
    ([True, True, False, True], 0.1),
    ([False, True, False, True], 0.0),
    ([True, False, None, None], 0.25),  # statements not judged are not right
    ([True], 0.1),
    (None, 0.0),
])
def test_true_false_group_four_statements_earn_the_2025_shares(response, fraction):
    assert grade(GROUP, response).fraction == fraction


def test_true_false_group_marks_each_statement():
    graded = grade(GROUP, [True, True, None, False])
    assert graded.marks == (Mark(0, True, True, True, "a đúng"), Mark(1, True, False, False, ""),
                            Mark(2, None, True, False, ""), Mark(3, False, False, True, ""))


def test_true_false_group_other_counts_are_proportional():
    three = {"kind": "true_false_group", "statements": GROUP["statements"][:3]}
    assert grade(three, [True, False, False]).fraction == round(2 / 3, 6)
    assert group_share(1, 2) == 0.5 and group_share(5, 5) == 1.0 and group_share(0, 0) == 0.0


# --- short text -----------------------------------------------------------------------------

SHORT = {"kind": "short_text", "case_sensitive": False, "options": [
    {"text": "Hà Nội", "fraction": 1, "feedback": "Thủ đô"}, {"text": "Thăng Long", "fraction": 0.5, "feedback": ""}]}


@pytest.mark.parametrize("typed, fraction", [
    ("Hà Nội", 1.0), ("hà nội", 1.0), ("  HÀ   NỘI ", 1.0), ("Ha\u0300 No\u0302\u0323i", 1.0),  # NFD typed
    ("thăng long", 0.5), ("Hà Nộ", 0.0), ("Ha Noi", 0.0), ("", 0.0),
])
def test_short_text_accepted_variants_case_and_spaces_ignored(typed, fraction):
    assert grade(SHORT, typed).fraction == fraction


def test_short_text_gives_the_matched_answer_s_feedback():
    assert grade(SHORT, "hà nội").feedback == ("Thủ đô",)
    assert grade(SHORT, "Huế").feedback == ()


def test_short_text_case_sensitive():
    content = {**SHORT, "case_sensitive": True}
    assert (grade(content, "Hà Nội").fraction, grade(content, "hà nội").fraction) == (1.0, 0.0)


def test_short_text_an_html_answer_is_compared_by_its_text():
    content = {"kind": "short_text", "text_format": "html", "options": [{"text": "H<sub>2</sub>O", "fraction": 1}]}
    assert grade(content, "H 2 O").fraction == 1.0
    assert grade({**content, "options": [{"text": "a &amp; b", "fraction": 1}]}, "a & b").fraction == 1.0


def test_short_text_empty_is_not_answered():
    assert grade(SHORT, "   ").answered is False and grade(SHORT, 12).answered is False


# --- numeric ------------------------------------------------------------------------------

NUMERIC = {"kind": "numeric", "numeric": [
    {"value": 3.14, "tolerance": 0.01, "fraction": 1, "feedback": "Chính xác"},
    {"value": 3, "tolerance": 0, "fraction": 0.5, "feedback": "Gần đúng"}]}


@pytest.mark.parametrize("typed, fraction", [
    ("3,14", 1.0), ("3.14", 1.0), ("3,15", 1.0), ("3,13", 1.0), ("3,16", 0.0), ("3", 0.5), ("3,0", 0.5),
    (" 3 , 14 ", 1.0), (3.14, 1.0), ("pi", 0.0), ("", 0.0),
])
def test_numeric_with_tolerance_and_decimal_comma(typed, fraction):
    assert grade(NUMERIC, typed).fraction == fraction


def test_numeric_float_sums_are_within_zero_tolerance():
    assert grade({"kind": "numeric", "numeric": [{"value": 0.3, "tolerance": 0, "fraction": 1}]}, 0.1 + 0.2).right


def test_numeric_feedback_and_answered():
    assert grade(NUMERIC, "3").feedback == ("Gần đúng",)
    assert (grade(NUMERIC, "ba").answered, grade(NUMERIC, "").answered) == (True, False)


@pytest.mark.parametrize("text, value", [
    ("3,14", 3.14), ("3.14", 3.14), ("-2", -2.0), ("\u22122,5", -2.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5),
    ("1 234", 1234.0), ("1.234.567", 1234567.0), ("1/2", 0.5), ("-3/4", -0.75), ("2,5e3", 2500.0), (".5", 0.5),
    ("1/0", None), ("abc", None), ("", None), ("1,2,3.4", None), ("1..2", None), ("12.34.5", None),
    ("1,234,567.5", 1234567.5), ("inf", None), (True, None), (None, None),
    (7, 7.0), ("\uff13", 3.0),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


# --- matching -----------------------------------------------------------------------------

MATCHING = {"kind": "matching", "pairs": [["Hà Nội", "Việt Nam"], ["Paris", "Pháp"], ["Tokyo", "Nhật Bản"],
                                          ["Rome", "Ý"]], "distractors": ["Đức"]}


def test_matching_each_prompt_earns_its_share():
    graded = grade(MATCHING, ["Việt Nam", "Pháp", "Đức", None])
    assert graded.fraction == 0.5
    assert [(m.given, m.expected, m.right) for m in graded.marks] == [
        ("Việt Nam", "Việt Nam", True), ("Pháp", "Pháp", True), ("Đức", "Nhật Bản", False), (None, "Ý", False)]


def test_matching_all_right_short_or_wrong_shape():
    assert grade(MATCHING, ["Việt Nam", "Pháp", "Nhật Bản", "Ý"]).fraction == 1.0
    assert grade(MATCHING, ["Việt Nam"]).fraction == 0.25
    assert grade(MATCHING, "Việt Nam").answered is False


# --- cloze --------------------------------------------------------------------------------

CLOZE = {"kind": "cloze", "stem": "Thủ đô của Việt Nam là [[1]], sông dài nhất là sông [[2]].", "case_sensitive": False,
         "blanks": [
             [{"text": "Hà Nội", "fraction": 1, "feedback": "Đúng"}, {"text": "Thăng Long", "fraction": 1}],
             [{"text": "Hồng", "fraction": 0}, {"text": "Mê Kông", "fraction": 1, "feedback": "Đúng rồi"},
              {"text": "Đà", "fraction": 0, "feedback": "Chưa đúng"}],
         ]}


def test_cloze_each_blank_earns_its_share_typed_or_chosen():
    assert grade(CLOZE, ["hà nội", "Mê Kông"]).fraction == 1.0
    assert grade(CLOZE, ["Thăng long", "Hồng"]).fraction == 0.5
    assert grade(CLOZE, [None, "Mê Kông"]).fraction == 0.5
    assert grade(CLOZE, ["Huế", "Đà"]).fraction == 0.0


def test_cloze_marks_and_blank_feedback():
    graded = grade(CLOZE, ["Hà Nội", "Đà"])
    assert graded.marks == (Mark(0, "Hà Nội", "Hà Nội", True, "Đúng"), Mark(1, "Đà", "Mê Kông", False, "Chưa đúng"))


def test_cloze_a_chosen_blank_takes_its_options_texts_only():
    assert grade(CLOZE, ["Hà Nội", "mê kông"]).fraction == 0.5  # a choice is its option's text


def test_cloze_partial_options():
    content = {"kind": "cloze", "blanks": [[{"text": "x", "fraction": 0.5}, {"text": "y", "fraction": 1}]]}
    assert grade(content, ["x"]).fraction == 0.5


# --- essay and the unknown -----------------------------------------------------------------


def test_essay_waits_for_a_teacher():
    graded = grade({"kind": "essay", "model_answer": "…"}, "Bài làm của em")
    assert (graded.fraction, graded.needs_hand, graded.answered) == (0.0, True, True)
    assert (graded.right, graded.wrong) == (False, False)


def test_an_empty_essay_earns_nothing_and_waits_for_no_one():
    graded = grade({"kind": "essay"}, "   ")
    assert (graded.fraction, graded.needs_hand, graded.answered) == (0.0, False, False)


def test_an_unknown_kind_is_left_to_a_teacher():
    assert grade({"kind": "drag_and_drop"}, "x").needs_hand is True
    assert grade({}, None).needs_hand is True


# --- texts ----------------------------------------------------------------------------------


def test_plain_and_same_text():
    assert plain("  a \n\t b ") == "a b"
    assert plain("<p>H<sub>2</sub>O</p>", "html") == "H 2 O"
    assert same_text("ĐÀ NẴNG", "đà nẵng") and not same_text("ĐÀ NẴNG", "đà nẵng", case_sensitive=True)


# --- the bank's own content (repository.questions.interchange.to_content) -------------------


def test_content_written_by_the_bank_is_graded():
    question = ix.Question(kind=ix.MULTIPLE, stem="Số nguyên tố?", number=1, line=1, options=[
        ix.Option("2", 0.5), ix.Option("3", 0.5), ix.Option("4", -1, fixed=True)])
    assert grade(ix.to_content(question), [0, 1]).fraction == 1.0
    group = ix.Question(kind=ix.TRUE_FALSE_GROUP, stem="Xét", number=2, line=1, statements=[
        ix.Statement("a", True), ix.Statement("b", False), ix.Statement("c", True), ix.Statement("d", True)])
    assert grade(ix.to_content(group), [True, False, True, False]).fraction == ix.TRUE_FALSE_GROUP_SHARES[3]
    numeric = ix.Question(kind=ix.NUMERIC, stem="π?", number=3, line=1, numeric=[ix.NumericAnswer(3.14, 0.005)])
    assert grade(ix.to_content(numeric), "3,141").right
    cloze = ix.Question(kind=ix.CLOZE, stem=f"Thủ đô là {ix.blank(1)}", number=4, line=1,
                        blanks=[[ix.Option("Hà Nội", 1), ix.Option("Huế", 0)]])
    assert grade(ix.to_content(cloze), ["Hà Nội"]).right
    matching = ix.Question(kind=ix.MATCHING, stem="Nối", number=5, line=1, pairs=[("1", "một"), ("2", "hai")])
    assert grade(ix.to_content(matching), ["một", "ba"]).fraction == 0.5
    short = ix.Question(kind=ix.SHORT_TEXT, stem="?", number=6, line=1, options=[ix.Option("Hà Nội", 1)],
                        case_sensitive=True)
    assert grade(ix.to_content(short), "hà nội").fraction == 0.0
    truth = ix.Question(kind=ix.TRUE_FALSE, stem="?", number=7, line=1, truth=False)
    assert grade(ix.to_content(truth), False).right


def test_the_quiz_engine_leans_on_neither_the_repository_nor_contests():
    """lms is the bottom of contests → repository → lms: the quiz reads plain dicts."""
    import ast
    from pathlib import Path

    import lms.quiz

    found = []
    for path in Path(lms.quiz.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("repository", "contests")]
    assert found == []
