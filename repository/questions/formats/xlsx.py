"""Questions typed in an Excel workbook (.xlsx) from the bank's template, into interchange
questions.

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

The cognitive level, difficulty and points are checked but not carried: the neutral form
has no place for them yet. A row typed in a legacy Vietnamese font (TCVN3, VNI) is
converted to Unicode. Reading never raises on what the file holds: each filled row is a
question taken or refused (interchange.Problem: number = its place among the filled rows,
line = its row in the sheet); a file that cannot be read at all is one Problem(0, 0, …).
The old binary .xls is refused with a message asking for .xlsx (no well-kept library
reads it simply).
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
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
]
HEADERS = {key: header for key, header, *_aliases in COLUMNS}
REQUIRED = {"kind", "stem", "answer"}
MULTILINE = {"stem", "feedback", *(f"option_{letter}" for letter in LETTERS)}

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

_NUMBER = r"\d+(?:[.,]\d+)?"
_NUMERIC_ANSWER = re.compile(rf"^([+-]?{_NUMBER})\s*(?:(?:±|\+/-|\+-)\s*({_NUMBER}))?$")
_LETTER_LIST = re.compile(r"^[A-Za-z](?:[\s,;/]*[A-Za-z])*$")
_TRUTH_WORDS = {"d": True, "dung": True, "s": False, "sai": False}
MAX_STATEMENTS = 4


class _Refused(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))


def read(data: bytes) -> qi.ParseResult:
    """The questions of an .xlsx workbook's first sheet."""
    result = qi.ParseResult()
    if tabular.is_legacy_excel(data):
        result.problems.append(qi.Problem(0, 0, _(
            "this is an old Excel file (.xls): open it in Excel or LibreOffice, save it as "
            "“Excel Workbook (.xlsx)” and import that file.")))
        return result
    try:
        rows = tabular.rows(data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, required=REQUIRED)
        for number, row in enumerate(rows, start=1):
            row, legacy = _in_unicode(row)
            try:
                question = _question(row, number)
            except _Refused as refused:
                result.problems.append(qi.Problem(number, row.number, str(refused)))
                continue
            question.converted_from = legacy or ""
            result.questions.append(question)
    except tabular.ImportFileError as exc:
        return qi.ParseResult(problems=[qi.Problem(0, 0, str(exc))])
    return result


def _in_unicode(row: tabular.Row) -> tuple[tabular.Row, str | None]:
    """The row with its text in Unicode NFC: the legacy font the row's text as a whole
    reads as, else each cell's own (a cell chosen from the template's list is Unicode
    beside a text typed in TCVN3)."""
    texts = [value for value in row.values if isinstance(value, str)]
    found = legacy_vietnamese.detect("\n".join(texts))
    if found:
        return row.with_values(legacy_vietnamese.convert(v, found) if isinstance(v, str) else v
                               for v in row.values), found
    values, legacy = [], None
    for value in row.values:
        if isinstance(value, str):
            value, cell_legacy = legacy_vietnamese.to_unicode(value)
            legacy = legacy or cell_legacy
        values.append(value)
    return row.with_values(values), legacy


def _question(row: tabular.Row, number: int) -> qi.Question:
    problems = row.control_character_errors(multiline=MULTILINE)
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
        problems += _answer(question, row, kind_text)
    problems += _details(question, row)
    if problems:
        raise _Refused(problems)
    return question


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
            problems.append(_("an essay question is graded by hand: leave “%(column)s” empty.")
                            % {"column": column})
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
)
EXAMPLES = (
    ("trắc nghiệm một đáp án", "Kết quả của phép tính 2 + 3 là", "4", "5", "6", "7", "", "", "B",
     "Số tự nhiên", "Nhận biết", "Dễ", 0.25, "2 + 3 = 5."),
    ("trắc nghiệm nhiều đáp án", "Những số nào sau đây là số nguyên tố?", "2", "4", "7", "9", "", "", "A,C",
     "Số nguyên tố", "Thông hiểu", "Trung bình", 0.5, "4 = 2 · 2 và 9 = 3 · 3 không phải số nguyên tố."),
    ("đúng sai", "Trái Đất quay quanh Mặt Trời.", "", "", "", "", "", "", "Đúng",
     "Hệ Mặt Trời", "Nhận biết", "Dễ", 0.25, ""),
    ("đúng sai nhiều ý", "Cho hàm số y = 2x + 1.", "Đồ thị của hàm số đi qua điểm (0; 1).",
     "Hàm số nghịch biến trên ℝ.", "Khi x = 1 thì y = 3.", "Đồ thị cắt trục hoành tại điểm (2; 0).", "", "",
     "Đ,S,Đ,S", "Hàm số bậc nhất", "Thông hiểu", "Trung bình", 1, "Hệ số 2 > 0 nên hàm số đồng biến; "
     "y = 0 khi x = −1/2."),
    ("trả lời ngắn", "Thủ đô của Việt Nam là thành phố nào?", "", "", "", "", "", "", "Hà Nội|Ha Noi",
     "Địa lí Việt Nam", "Nhận biết", "Dễ", 0.25, ""),
    ("số", "Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm.", "", "", "", "", "", "", "1,41 ±0,005",
     "Căn bậc hai", "Vận dụng", "Trung bình", 0.5, "\\(\\sqrt{2} \\approx 1,4142\\)"),
    ("tự luận", "Viết đoạn văn (5–7 câu) tả quê hương em.", "", "", "", "", "", "", "",
     "Tập làm văn", "Vận dụng cao", "Khó", 2, "Đoạn văn có câu mở đoạn, các câu phát triển ý và câu kết đoạn."),
)
_WIDTHS = (24, 48, 18, 18, 18, 18, 18, 18, 16, 20, 18, 12, 8, 40)


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
    for cell, width in zip(ws[1], _WIDTHS):
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    for values, column in ((KIND_LIST, "A"), (", ".join(LEVELS[:4]), "K"), (", ".join(DIFFICULTIES), "L")):
        choices = DataValidation(type="list", formula1='"' + values.replace(", ", ",") + '"', allow_blank=True)
        ws.add_data_validation(choices)
        choices.add(f"{column}2:{column}{MAX_ROWS + 1}")

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
    append_row(notes, ["Ví dụ, mỗi loại câu hỏi một dòng (không được nhập từ trang này):"])
    notes.cell(notes.max_row, 1).font = Font(bold=True)
    append_row(notes, headers)
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for example in EXAMPLES:
        append_row(notes, example)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
