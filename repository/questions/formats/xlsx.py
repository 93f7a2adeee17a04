"""Questions typed in an Excel workbook (.xlsx, or the old binary .xls) from the bank's
template, into interchange questions.

The first sheet holds one question a row under a header row (lms.core.tabular reads it:
size, content and archive checked, headers matched without accents or case):

    Loại câu hỏi       trắc nghiệm một đáp án, trắc nghiệm nhiều đáp án, đúng sai,
                       đúng sai nhiều ý, trả lời ngắn, số, tự luận
    Nội dung câu hỏi   what the student reads (several lines allowed)
    Phương án A…F      the options of a choice question, from A without gaps; the
                       statements a)–d) of a "đúng sai nhiều ý" (2 to 4, in A–D)
    Đáp án đúng        "B" or "A,C" (choice); "Đúng" / "Sai"; each statement's "Đ,S,Đ,S",
                       "ĐSĐS" or "a) Đ; b) S; c) Đ; d) S" (đúng sai nhiều ý: the 2025
                       exam's PHẦN II, interchange.TRUE_FALSE_GROUP); accepted texts "a|b"
                       (short answer); "3,5" or "3,5 ±0,1" (number, decimal comma or
                       point); empty for an essay
    Chủ đề             the topic
    Mức độ nhận thức   Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao (or Biết, Hiểu)
    Độ khó             Dễ, Trung bình, Khó
    Điểm               a positive number
    Giải thích         general feedback

and, optional (a file without them reads as before), each only where its kind has it:

    Giữ vị trí         the letters of the options kept in place when options are shuffled
                       ("D" for "Cả A và B đều đúng"; "C,D"): choice questions
    Phân biệt hoa thường  "Có" / "Không": a short answer's case told apart
    Đáp án mẫu         an essay's model answer (several lines allowed)
    Hướng dẫn chấm     an essay's grading guide (rubric)
    Nhóm               a group name shared by the questions of one passage
    Đoạn văn           that passage's text ("Đọc đoạn văn sau…"), on one row of the group
                       (others empty or the same text): ParseResult.passages[group name]
    Thẻ                tags, separated by commas
    Nguồn              where the question comes from

The cognitive level and difficulty are kept as the template spells them. A row typed in
a legacy Vietnamese font (TCVN3, VNI) is converted to Unicode. Reading never raises on
what the file holds: each filled row is a question taken or refused (interchange.Problem:
number = its place among the filled rows, line = its row in the sheet; a question whose
group no row gives a passage to is refused too); a file that cannot be read at all is one
Problem(0, 0, …).
The old binary Excel workbook (.xls) is read the same way (lms.core.legacy_excel,
through xlrd): the same first sheet, headers and rules for each row; a formula gives its
last computed value, a cell a merge covers (but its first) is empty, and text in a
".Vn…" (TCVN3) or "VNI-…" font is converted by its font. A date in an answer cell (an
option or "Đáp án đúng": Excel turns "1/2" typed there into a date) refuses the row in
either format.
"""

from __future__ import annotations

import datetime
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lms.core import legacy_vietnamese, tabular
from lms.core.spreadsheets import append_row
from repository.questions import interchange as qi

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
LETTERS = "ABCDEF"

COLUMNS = [
    ("kind", "Loại câu hỏi", "Loại", "Dạng câu hỏi", "Kiểu câu hỏi", "Question type", "Type"),
    ("stem", "Nội dung câu hỏi", "Câu hỏi", "Nội dung", "Đề bài", "Question text", "Question"),
    *[(f"option_{letter}", f"Phương án {letter}", letter, f"Đáp án {letter}", f"Lựa chọn {letter}",
       f"PA {letter}", f"Option {letter}") for letter in LETTERS],
    ("answer", "Đáp án đúng", "Đáp án", "Đáp án chính xác", "Correct answer", "Answer"),
    ("topic", "Chủ đề", "Chuyên đề", "Topic"),
    ("level", "Mức độ nhận thức", "Mức độ", "Cấp độ", "Cognitive level", "Level"),
    ("difficulty", "Độ khó", "Difficulty"),
    ("points", "Điểm", "Điểm số", "Thang điểm", "Points", "Score"),
    ("feedback", "Giải thích", "Lời giải", "Hướng dẫn giải", "Phản hồi", "General feedback", "Feedback",
     "Explanation"),
    # Optional since the neutral form holds them; a file without these columns reads as before.
    ("fixed", "Giữ vị trí", "Giữ nguyên vị trí", "Không đảo", "Phương án cố định", "Fixed options", "Fixed"),
    ("case_sensitive", "Phân biệt hoa thường", "Phân biệt chữ hoa chữ thường", "Phân biệt chữ hoa",
     "Case sensitive"),
    ("model_answer", "Đáp án mẫu", "Bài làm mẫu", "Bài giải mẫu", "Model answer"),
    ("rubric", "Hướng dẫn chấm", "Hướng dẫn chấm điểm", "Biểu điểm", "Rubric"),
    ("group", "Nhóm", "Nhóm câu hỏi", "Mã nhóm", "Group"),
    ("passage", "Đoạn văn", "Đoạn dùng chung", "Đoạn văn dùng chung", "Ngữ liệu", "Passage"),
    ("tags", "Thẻ", "Từ khóa", "Tags"),
    ("source", "Nguồn", "Nguồn câu hỏi", "Source"),
]
HEADERS = {key: header for key, header, *_aliases in COLUMNS}
REQUIRED = {"kind", "stem", "answer"}
MULTILINE = {"stem", "feedback", "model_answer", "rubric", "passage", *(f"option_{letter}" for letter in LETTERS)}

# The words of "Loại câu hỏi" (the first is the template's), compared folded.
KIND_WORDS = {
    qi.SINGLE: ("trắc nghiệm một đáp án", "trắc nghiệm 1 đáp án", "một đáp án", "1 đáp án", "trắc nghiệm",
                "single choice", "single"),
    qi.MULTIPLE: ("trắc nghiệm nhiều đáp án", "nhiều đáp án", "trắc nghiệm nhiều lựa chọn", "multiple answers",
                  "multiple response", "multiple"),
    qi.TRUE_FALSE: ("đúng sai", "đúng hoặc sai", "true false", "true or false"),
    qi.TRUE_FALSE_GROUP: ("đúng sai nhiều ý", "trắc nghiệm đúng sai", "đúng sai 4 ý", "true false group"),
    qi.SHORT_TEXT: ("trả lời ngắn", "short answer", "short text"),
    qi.NUMERIC: ("số", "trả lời số", "dạng số", "numerical", "numeric", "number"),
    qi.ESSAY: ("tự luận", "essay"),
}
_KIND_OF = {tabular.folded_header(word): kind for kind, words in KIND_WORDS.items() for word in words}
KIND_LIST = ", ".join(words[0] for words in KIND_WORDS.values())
LEVELS = ("Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao", "Biết", "Hiểu")
DIFFICULTIES = ("Dễ", "Trung bình", "Khó")
_TRUE = {"dung", "d", "true", "t"}
_FALSE = {"sai", "s", "false", "f"}
_YES = {"co", "x", "yes", "y", "true", "1"}
_NO = {"khong", "no", "n", "false", "0"}

_NUMBER = r"\d+(?:[.,]\d+)?"
_NUMERIC_ANSWER = re.compile(rf"^([+-]?{_NUMBER})\s*(?:(?:±|\+/-|\+-)\s*({_NUMBER}))?$")
_LETTER_LIST = re.compile(r"^[A-Za-z](?:[\s,;/]*[A-Za-z])*$")
_TRUTH_WORDS = {"d": True, "dung": True, "s": False, "sai": False}
MAX_STATEMENTS = 4


class _Refused(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))


def read(data: bytes) -> qi.ParseResult:
    """The questions of an Excel workbook's (.xlsx or .xls) first sheet."""
    result = qi.ParseResult()
    passages: dict[str, tuple[int, str]] = {}  # group -> (the row giving its text, the text)
    try:
        rows = tabular.rows(data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, required=REQUIRED, xls=True)
        for number, row in enumerate(rows, start=1):
            row, legacy = _in_unicode(row)
            try:
                question = _question(row, number, passages)
            except _Refused as refused:
                result.problems.append(qi.Problem(number, row.number, str(refused)))
                continue
            question.converted_from = legacy or ""
            result.questions.append(question)
    except tabular.ImportFileError as exc:
        return qi.ParseResult(problems=[qi.Problem(0, 0, str(exc))])
    _share_passages(result, passages)
    return result


def _share_passages(result: qi.ParseResult, passages: dict[str, tuple[int, str]]) -> None:
    """The passages of the taken questions' groups; a question whose group no row gives a
    text to is refused."""
    taken = []
    for question in result.questions:
        if question.group and question.group not in passages:
            result.problems.append(qi.Problem(question.number, question.line, _(
                "no row of the group “%(group)s” gives its passage: write the passage in “%(column)s” on one "
                "of its rows.") % {"group": question.group, "column": HEADERS["passage"]}))
            continue
        taken.append(question)
        if question.group:
            result.passages.setdefault(question.group, qi.Passage(key=question.group,
                                                                  text=passages[question.group][1]))
    result.questions = taken
    result.problems.sort(key=lambda problem: problem.number)


def _in_unicode(row: tabular.Row) -> tuple[tabular.Row, str | None]:
    """The row with its text in Unicode NFC: the legacy font the row's text as a whole
    reads as, else each cell's own (a cell chosen from the template's list is Unicode
    beside a text typed in TCVN3). The cells an .xls converted by their font already
    (row.converted) are left as they are."""
    font_legacy = next(iter(row.converted.values()), None)
    as_typed = [isinstance(value, str) and index not in row.converted for index, value in enumerate(row.values)]
    found = legacy_vietnamese.detect("\n".join(v for v, typed in zip(row.values, as_typed) if typed))
    if found:
        return row.with_values(legacy_vietnamese.convert(v, found) if typed else v
                               for v, typed in zip(row.values, as_typed)), font_legacy or found
    values, legacy = [], font_legacy
    for value, typed in zip(row.values, as_typed):
        if typed:
            value, cell_legacy = legacy_vietnamese.to_unicode(value)
            legacy = legacy or cell_legacy
        values.append(value)
    return row.with_values(values), legacy


def _question(row: tabular.Row, number: int, passages: dict[str, tuple[int, str]]) -> qi.Question:
    dates = _dates(row)
    problems = row.control_character_errors(multiline=MULTILINE) + dates
    kind_text = row.text("kind")
    kind = _KIND_OF.get(tabular.folded_header(kind_text))
    if not kind_text:
        problems.append(_("the question type is missing: write one of %(kinds)s.") % {"kinds": KIND_LIST})
    elif kind is None:
        problems.append(_("“%(kind)s” is not a question type of the template: write one of %(kinds)s.")
                        % {"kind": kind_text, "kinds": KIND_LIST})
    question = qi.Question(kind=kind or qi.ESSAY, stem=row.lines("stem"), number=number, line=row.number,
                           general_feedback=row.lines("feedback"), topic=row.text("topic"))
    if not question.stem:
        problems.append(_("the question has no text."))
    if kind is not None:
        if not dates:  # an answer cell Excel made a date of has nothing more to say
            problems += _answer(question, row, kind_text)
        problems += _extras(question, row, kind_text)
    problems += _details(question, row)
    problems += _passage(question, row, passages)
    if problems:
        raise _Refused(problems)
    return question


def _dates(row: tabular.Row) -> list[str]:
    """A message for each answer cell (an option, the correct answer) holding a date: what
    Excel makes of "1/2" or "3-4" typed in a cell of the General format."""
    problems = []
    for key in (*(f"option_{letter}" for letter in LETTERS), "answer"):
        if key in row.headers and isinstance(row.raw(key), (datetime.date, datetime.time)):
            problems.append(_("“%(column)s” holds a date (%(date)s): Excel turned what was typed there into a "
                              "date; format the column as Text and type it again.")
                            % {"column": row.headers[key], "date": row.text(key)})
    return problems


def _options(row: tabular.Row) -> tuple[list[str], list[str]]:
    """The options' texts, from A on, and the problems of gaps among them."""
    texts = [row.lines(f"option_{letter}") for letter in LETTERS]
    last = max((i for i, text in enumerate(texts) if text), default=-1)
    gaps = [i for i in range(last) if not texts[i]]
    problems = [_("the options are filled from A on without gaps: “%(column)s” is empty.")
                % {"column": HEADERS[f"option_{LETTERS[gaps[0]]}"]}] if gaps else []
    return texts[:last + 1], problems


def _answer(question: qi.Question, row: tabular.Row, kind_text: str) -> list[str]:
    kind = question.kind
    options, problems = _options(row)
    answer = row.text("answer")
    column = HEADERS["answer"]
    if kind == qi.TRUE_FALSE_GROUP:
        return problems + _group(question, options, answer, column)
    if kind not in (qi.SINGLE, qi.MULTIPLE):
        if options:
            problems.append(_("a question of type “%(kind)s” has no options A–F: leave them empty.")
                            % {"kind": kind_text})
        if kind == qi.TRUE_FALSE:
            word = tabular.folded_header(answer)
            if word not in _TRUE | _FALSE:
                problems.append(_("write “Đúng” or “Sai” in “%(column)s”.") % {"column": column})
            question.truth = word in _TRUE
        elif kind == qi.SHORT_TEXT:
            accepted = [text.strip() for text in answer.split("|") if text.strip()]
            if not accepted:
                problems.append(_("write the accepted answers in “%(column)s”, separated by “|”.")
                                % {"column": column})
            question.options = [qi.Option(text=text, fraction=1.0) for text in accepted]
        elif kind == qi.NUMERIC:
            problems += _numeric(question, answer, column)
        elif answer:  # ESSAY
            problems.append(_("an essay question is graded by hand: leave “%(column)s” empty and write the "
                              "expected answer in “%(model)s”.") % {"column": column, "model": HEADERS["model_answer"]})
        return problems
    if len(options) < 2:
        problems.append(_("a choice question needs at least two options (“Phương án A”, “Phương án B”…)."))
    if not answer:
        problems.append(_("write the letter of the correct option in “%(column)s”, e.g. “B” (several: “A,C”).")
                        % {"column": column})
        return problems
    if not _LETTER_LIST.fullmatch(answer):
        problems.append(_("“%(answer)s” is not a list of option letters: write e.g. “B” or “A,C”.")
                        % {"answer": answer})
        return problems
    letters = sorted({ch.upper() for ch in answer if ch.isalpha()})
    outside = [letter for letter in letters if letter not in LETTERS[:len(options)]]
    if outside:
        problems.append(_("the correct answer “%(letter)s” is not one of the filled options.")
                        % {"letter": outside[0]})
    elif kind == qi.SINGLE and len(letters) > 1:
        problems.append(_("a one-answer question has exactly one correct option; for several, choose the "
                          "type “trắc nghiệm nhiều đáp án”."))
    if problems:
        return problems
    right, wrong = len(letters), len(options) - len(letters)
    # Several correct: the right options share the points, the wrong ones take as much back
    # (ticking every option scores nothing).
    for letter, text in zip(LETTERS, options):
        if kind == qi.SINGLE:
            fraction = 1.0 if letter in letters else 0.0
        else:
            fraction = 1 / right if letter in letters else -1 / wrong
        question.options.append(qi.Option(text=text, fraction=fraction))
    return problems


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _truths(answer: str) -> list[tuple[str | None, bool]] | None:
    """Each statement's answer: in order ("Đ,S,Đ,S", "ĐSĐS", "Đúng Sai…": letter None) or
    by letter ("a) Đ; b) S"); None if the text is neither."""
    words = tabular.folded_header(answer).split()
    if not words:
        return None
    if ")" not in answer:
        in_order = []
        for word in words:
            if word in ("dung", "sai"):
                in_order.append(_TRUTH_WORDS[word])
            elif re.fullmatch(r"[ds]+", word):
                in_order += [_TRUTH_WORDS[ch] for ch in word]
            else:
                break
        else:
            return [(None, truth) for truth in in_order]
    if len(words) % 2:
        return None
    pairs = list(zip(words[::2], words[1::2]))
    if any(not re.fullmatch(r"[a-f]", letter) or truth not in _TRUTH_WORDS for letter, truth in pairs):
        return None
    if len({letter for letter, _truth in pairs}) != len(pairs):
        return None
    return [(letter, _TRUTH_WORDS[truth]) for letter, truth in pairs]


def _group(question: qi.Question, statements: list[str], answer: str, column: str) -> list[str]:
    """A stem and its statements (options A–D), each true or false by "Đáp án đúng"."""
    problems = []
    if len(statements) < 2:
        problems.append(_("a true/false question with several statements needs at least two statements, in "
                          "“Phương án A”, “Phương án B”…."))
    elif len(statements) > MAX_STATEMENTS:
        problems.append(_("a true/false question with several statements has at most four statements, in "
                          "“Phương án A” to “Phương án D”."))
    if not answer:
        problems.append(_("write whether each statement is true or false in “%(column)s”, e.g. “Đ,S,Đ,S” or "
                          "“a) Đ; b) S; c) Đ; d) S”.") % {"column": column})
        return problems
    truths = _truths(answer)
    if truths is None:
        problems.append(_("“%(answer)s” is not a true/false answer for each statement: write e.g. “Đ,S,Đ,S” or "
                          "“a) Đ; b) S; c) Đ; d) S”.") % {"answer": answer})
        return problems
    if problems:
        return problems
    letters = [letter.lower() for letter in LETTERS[:len(statements)]]
    if truths[0][0] is None:
        if len(truths) != len(letters):
            return [_("“%(answer)s” gives %(given)d answers for %(count)d statements.")
                    % {"answer": answer, "given": len(truths), "count": len(letters)}]
        truths = list(zip(letters, (truth for _letter, truth in truths)))
    given = dict(truths)
    outside = [letter for letter in given if letter not in letters]
    if outside:
        return [_("“%(answer)s” gives an answer for statement “%(letter)s”, which is not filled.")
                % {"answer": answer, "letter": outside[0]}]
    missing = [letter for letter in letters if letter not in given]
    if missing:
        return [_("“%(answer)s” gives no answer for statement %(letters)s.")
                % {"answer": answer, "letters": ", ".join(missing)}]
    question.statements = [qi.Statement(text=text, truth=given[letter]) for letter, text in zip(letters, statements)]
    return []


def _numeric(question: qi.Question, answer: str, column: str) -> list[str]:
    if not answer:
        return [_("“%(column)s” needs a number, with an optional tolerance such as “3,5 ±0,1”.")
                % {"column": column}]
    match = _NUMERIC_ANSWER.fullmatch(answer.replace("\u2212", "-"))
    if not match:
        return [_("“%(answer)s” is not a number with an optional tolerance such as “3,5 ±0,1” "
                  "(write no thousands separator).") % {"answer": answer}]
    value, tolerance = match.groups()
    question.numeric = [qi.NumericAnswer(_number(value), _number(tolerance) if tolerance else 0.0)]
    return []


def _extras(question: qi.Question, row: tabular.Row, kind_text: str) -> list[str]:
    """Options kept in place (choices), upper and lower case told apart (short answers),
    the model answer and grading guide (essays): each only where its kind has it."""
    problems = []
    kind = question.kind
    fixed = row.text("fixed")
    if fixed and kind not in (qi.SINGLE, qi.MULTIPLE):
        problems.append(_("a question of type “%(kind)s” has no options to keep in place: leave “%(column)s” "
                          "empty.") % {"kind": kind_text, "column": HEADERS["fixed"]})
    elif fixed and not _LETTER_LIST.fullmatch(fixed):
        problems.append(_("“%(value)s” in “%(column)s” is not a list of option letters: write e.g. “D” or "
                          "“C,D”.") % {"value": fixed, "column": HEADERS["fixed"]})
    elif fixed and question.options:  # the options are read: their letters are known
        letters = sorted({ch.upper() for ch in fixed if ch.isalpha()})
        outside = [letter for letter in letters if letter not in LETTERS[:len(question.options)]]
        if outside:
            problems.append(_("the option “%(letter)s” to keep in place is not one of the filled options.")
                            % {"letter": outside[0]})
        for letter, option in zip(LETTERS, question.options):
            option.fixed = letter in letters
    case = tabular.folded_header(row.text("case_sensitive"))
    if case and case not in _YES | _NO:
        problems.append(_("write “Có” or “Không” in “%(column)s”.") % {"column": HEADERS["case_sensitive"]})
    elif case in _YES and kind != qi.SHORT_TEXT:  # "Không" on any row is harmless
        problems.append(_("only a short-answer question tells upper from lower case: leave “%(column)s” empty.")
                        % {"column": HEADERS["case_sensitive"]})
    question.case_sensitive = case in _YES and kind == qi.SHORT_TEXT
    for key in ("model_answer", "rubric"):
        text = row.lines(key)
        if text and kind != qi.ESSAY:
            problems.append(_("only an essay question has a model answer and a grading guide: leave "
                              "“%(column)s” empty.") % {"column": HEADERS[key]})
        elif text:
            setattr(question, key, text)
    return problems


def _passage(question: qi.Question, row: tabular.Row, passages: dict[str, tuple[int, str]]) -> list[str]:
    """The question's group, the passage it shares, its tags and source."""
    question.tags = list(dict.fromkeys(tag.strip() for tag in re.split(r"[,;]", row.text("tags")) if tag.strip()))
    question.source = row.text("source")
    group, text = row.text("group"), row.lines("passage")
    if text and not group:
        return [_("“%(passage)s” is filled but “%(group)s” is empty: write the same group name in “%(group)s” on "
                  "every question of this passage.") % {"passage": HEADERS["passage"], "group": HEADERS["group"]}]
    question.group = group
    if not text:
        return []
    given = passages.setdefault(group, (row.number, text))
    if given[1] != text:
        return [_("the group “%(group)s” already has another passage (row %(row)d): write the passage once, on "
                  "one of its rows.") % {"group": group, "row": given[0]}]
    return []


def _details(question: qi.Question, row: tabular.Row) -> list[str]:
    """The cognitive level, difficulty and points, in the template's spelling."""
    problems = []
    levels = {tabular.folded_header(word): word for word in LEVELS}
    level = row.text("level")
    if level and tabular.folded_header(level) not in levels:
        problems.append(_("“%(value)s” is not a cognitive level: write Nhận biết, Thông hiểu, Vận dụng or "
                          "Vận dụng cao (or Biết, Hiểu).") % {"value": level})
    elif level:
        question.cognitive_level = levels[tabular.folded_header(level)]
    difficulties = {tabular.folded_header(word): word for word in DIFFICULTIES}
    difficulty = row.text("difficulty")
    if difficulty and tabular.folded_header(difficulty) not in difficulties:
        problems.append(_("“%(value)s” is not a difficulty: write Dễ, Trung bình or Khó.") % {"value": difficulty})
    elif difficulty:
        question.difficulty = difficulties[tabular.folded_header(difficulty)]
    points = row.text("points")
    if points:
        match = re.fullmatch(_NUMBER, points)
        if not match or _number(points) <= 0:
            problems.append(_("“%(value)s” in “%(column)s” is not a positive number, e.g. 0,25.")
                            % {"value": points, "column": HEADERS["points"]})
        else:
            question.points = _number(points)
    return problems


# --- the template ------------------------------------------------------------------------------

GUIDE = (
    ("Loại câu hỏi", "Bắt buộc. Một trong: " + KIND_LIST + "."),
    ("Nội dung câu hỏi", "Bắt buộc. Nội dung học sinh đọc; có thể xuống dòng (Alt+Enter) và viết công thức "
                         "LaTeX như \\(x^2\\)."),
    ("Phương án A … Phương án F", "Câu trắc nghiệm: các phương án, điền liền nhau từ A (ít nhất hai). "
                                  "Câu đúng sai nhiều ý (phần II của đề thi từ năm 2025): các ý a), b), c), d) "
                                  "điền ở Phương án A đến Phương án D (từ hai đến bốn ý). "
                                  "Để trống với các loại câu khác."),
    ("Đáp án đúng", "Trắc nghiệm một đáp án: chữ cái của phương án đúng, ví dụ B. "
                    "Trắc nghiệm nhiều đáp án: các chữ cái cách nhau bởi dấu phẩy, ví dụ A,C. "
                    "Đúng sai: Đúng hoặc Sai. "
                    "Đúng sai nhiều ý: Đ hoặc S cho từng ý theo thứ tự, cách nhau bởi dấu phẩy, ví dụ Đ,S,Đ,S, "
                    "hoặc theo chữ cái của ý, ví dụ a) Đ; b) S; c) Đ; d) S. "
                    "Trả lời ngắn: các câu trả lời được chấp nhận, cách nhau bởi dấu |, ví dụ Hà Nội|Ha Noi. "
                    "Số: một số, phần thập phân sau dấu phẩy hoặc dấu chấm, có thể kèm sai số cho phép, "
                    "ví dụ 3,5 ±0,1 (không viết dấu phân cách hàng nghìn). "
                    "Tự luận: để trống (câu tự luận được chấm tay)."),
    ("Chủ đề", "Không bắt buộc. Chủ đề hoặc bài của câu hỏi, ví dụ Phân số."),
    ("Mức độ nhận thức", "Không bắt buộc. Nhận biết, Thông hiểu, Vận dụng hoặc Vận dụng cao "
                         "(cũng nhận Biết, Hiểu)."),
    ("Độ khó", "Không bắt buộc. Dễ, Trung bình hoặc Khó."),
    ("Điểm", "Không bắt buộc. Số điểm của câu, một số dương, ví dụ 0,25."),
    ("Giải thích", "Không bắt buộc. Lời giải hoặc giải thích, cho học sinh xem sau khi làm bài."),
    ("Giữ vị trí", "Không bắt buộc, chỉ với câu trắc nghiệm. Chữ cái của các phương án giữ nguyên vị trí khi "
                   "đảo phương án để tạo mã đề, ví dụ D (phương án “Cả A và B đều đúng”) hoặc C,D."),
    ("Phân biệt hoa thường", "Không bắt buộc, chỉ với câu trả lời ngắn. Có: “Hà Nội” và “hà nội” là hai câu "
                             "trả lời khác nhau. Để trống hoặc Không: không phân biệt."),
    ("Đáp án mẫu", "Không bắt buộc, chỉ với câu tự luận. Bài làm hoặc đáp án mẫu cho người chấm."),
    ("Hướng dẫn chấm", "Không bắt buộc, chỉ với câu tự luận. Cách cho điểm (biểu điểm)."),
    ("Nhóm", "Không bắt buộc. Các câu hỏi dùng chung một đoạn văn hoặc hình (ví dụ “Đọc đoạn văn sau và trả "
             "lời câu 3–5”) ghi cùng một tên nhóm, ví dụ Bài đọc 1; các câu cùng nhóm luôn đi liền nhau trong đề."),
    ("Đoạn văn", "Không bắt buộc. Đoạn văn dùng chung của nhóm, ghi một lần ở một dòng của nhóm "
                 "(các dòng khác của nhóm để trống)."),
    ("Thẻ", "Không bắt buộc. Các từ khóa để tìm câu hỏi, cách nhau bởi dấu phẩy, ví dụ phân số, rút gọn."),
    ("Nguồn", "Không bắt buộc. Câu hỏi lấy từ đâu, ví dụ Đề thi thử THPT 2025 hoặc SGK Toán 6 trang 12."),
)
EXAMPLES = (
    dict(kind="trắc nghiệm một đáp án", stem="Kết quả của phép tính 2 + 3 là", options=("4", "5", "6", "7"),
         answer="B", topic="Số tự nhiên", level="Nhận biết", difficulty="Dễ", points=0.25, feedback="2 + 3 = 5.",
         tags="phép cộng", source="SGK Toán 6"),
    dict(kind="trắc nghiệm một đáp án", stem="Số nào sau đây chia hết cho 3?", options=("12", "21", "30",
         "Cả A, B và C đều đúng"), answer="D", fixed="D", topic="Dấu hiệu chia hết", level="Thông hiểu",
         difficulty="Dễ", points=0.25, feedback="Tổng các chữ số của 12, 21 và 30 đều chia hết cho 3."),
    dict(kind="trắc nghiệm nhiều đáp án", stem="Những số nào sau đây là số nguyên tố?", options=("2", "4", "7", "9"),
         answer="A,C", topic="Số nguyên tố", level="Thông hiểu", difficulty="Trung bình", points=0.5,
         feedback="4 = 2 · 2 và 9 = 3 · 3 không phải số nguyên tố."),
    dict(kind="đúng sai", stem="Trái Đất quay quanh Mặt Trời.", answer="Đúng", topic="Hệ Mặt Trời",
         level="Nhận biết", difficulty="Dễ", points=0.25),
    dict(kind="đúng sai nhiều ý", stem="Cho hàm số y = 2x + 1.", options=(
         "Đồ thị của hàm số đi qua điểm (0; 1).", "Hàm số nghịch biến trên ℝ.", "Khi x = 1 thì y = 3.",
         "Đồ thị cắt trục hoành tại điểm (2; 0)."), answer="Đ,S,Đ,S", topic="Hàm số bậc nhất",
         level="Thông hiểu", difficulty="Trung bình", points=1,
         feedback="Hệ số 2 > 0 nên hàm số đồng biến; y = 0 khi x = −1/2.", source="Đề thi thử THPT 2025"),
    dict(kind="trả lời ngắn", stem="Thủ đô của Việt Nam là thành phố nào?", answer="Hà Nội|Ha Noi",
         topic="Địa lí Việt Nam", level="Nhận biết", difficulty="Dễ", points=0.25),
    dict(kind="trả lời ngắn", stem="Viết kí hiệu hóa học của nguyên tố sắt.", answer="Fe", case_sensitive="Có",
         topic="Nguyên tố hóa học", level="Nhận biết", difficulty="Dễ", points=0.25),
    dict(kind="số", stem="Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm.", answer="1,41 ±0,005",
         topic="Căn bậc hai", level="Vận dụng", difficulty="Trung bình", points=0.5,
         feedback="\\(\\sqrt{2} \\approx 1,4142\\)"),
    dict(kind="tự luận", stem="Viết đoạn văn (5–7 câu) tả quê hương em.", topic="Tập làm văn",
         level="Vận dụng cao", difficulty="Khó", points=2,
         feedback="Đoạn văn có câu mở đoạn, các câu phát triển ý và câu kết đoạn.",
         model_answer="Quê em là một làng nhỏ bên dòng sông Hồng…",
         rubric="Đúng hình thức đoạn văn: 0,5 điểm. Nội dung đủ ý: 1 điểm. Diễn đạt, chính tả: 0,5 điểm."),
    dict(kind="trắc nghiệm một đáp án", stem="Bài thơ nói về mùa nào?", options=("Mùa xuân", "Mùa hạ", "Mùa thu",
         "Mùa đông"), answer="C", topic="Đọc hiểu", level="Nhận biết", difficulty="Dễ", points=0.25,
         group="Bài đọc 1", passage="Đọc đoạn thơ sau và trả lời các câu hỏi:\nSáng nay trời đổ mưa rào,\n"
                                    "Nắng trong trái chín ngọt ngào bay hương…\n(mùa thu)"),
    dict(kind="tự luận", stem="Nêu cảm nhận của em về đoạn thơ.", topic="Đọc hiểu", level="Vận dụng",
         difficulty="Trung bình", points=1, group="Bài đọc 1"),
)
_WIDTHS = {"kind": 24, "stem": 48, "answer": 16, "topic": 20, "level": 18, "difficulty": 12, "points": 8,
           "feedback": 40, "fixed": 12, "case_sensitive": 14, "model_answer": 40, "rubric": 40, "group": 14,
           "passage": 48, "tags": 20, "source": 24}
_CHOICES = {"kind": KIND_LIST, "level": ", ".join(LEVELS[:4]), "difficulty": ", ".join(DIFFICULTIES),
            "case_sensitive": "Có, Không"}


def _example_row(example: dict) -> list:
    options = dict(zip((f"option_{letter}" for letter in LETTERS), example.get("options", ())))
    return [options.get(key, example.get(key, "")) for key, *_names in COLUMNS]


def template_workbook() -> bytes:
    """The template to download: the first sheet holds only the header row (what is
    imported), the second ("Hướng dẫn") how to fill each column and one example per type."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Câu hỏi"
    headers = [header for _key, header, *_aliases in COLUMNS]
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    letters = {key: get_column_letter(index) for index, (key, *_names) in enumerate(COLUMNS, start=1)}
    for key, letter in letters.items():
        ws.column_dimensions[letter].width = _WIDTHS.get(key, 18)
    ws.freeze_panes = "A2"
    for key, values in _CHOICES.items():
        choices = DataValidation(type="list", formula1='"' + values.replace(", ", ",") + '"', allow_blank=True)
        ws.add_data_validation(choices)
        choices.add(f"{letters[key]}2:{letters[key]}{MAX_ROWS + 1}")

    notes = wb.create_sheet("Hướng dẫn")
    append_row(notes, ["Cách điền tệp câu hỏi"])
    notes["A1"].font = Font(bold=True)
    for line in (
        "Mỗi dòng của trang “Câu hỏi” là một câu hỏi. Giữ nguyên dòng tiêu đề cột đầu tiên.",
        "Chỉ trang “Câu hỏi” được nhập. Các dòng ví dụ dưới đây không được nhập: muốn dùng, hãy chép "
        "chúng sang trang “Câu hỏi”.",
        "Gõ tiếng Việt bằng Unicode; văn bản gõ bằng phông TCVN3 (ABC) hoặc VNI được tự chuyển sang Unicode.",
    ):
        append_row(notes, [line])
    append_row(notes, [])
    append_row(notes, ["Cột", "Cách ghi"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for column, explanation in GUIDE:
        append_row(notes, [column, explanation])
        notes.cell(notes.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    append_row(notes, [])
    append_row(notes, ["Ví dụ cho mỗi loại câu hỏi, hai câu dùng chung một đoạn văn (không được nhập từ trang này):"])
    notes.cell(notes.max_row, 1).font = Font(bold=True)
    append_row(notes, headers)
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for example in EXAMPLES:
        append_row(notes, _example_row(example))
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
