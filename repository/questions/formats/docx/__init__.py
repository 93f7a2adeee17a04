"""Questions typed in a Word document (.docx) the way Vietnamese teachers type them, into
interchange questions.

The body's paragraphs and tables are read in order:

    Câu 1: Kết quả của phép tính 2 + 3 là          a question ("Câu 1." "Câu 1)" "Cau 1:",
    A. 4      B. 5      C. 6      D. 7              "Câu 1 (0,5 điểm):", "Câu 1 (NB):" too)
    Đáp án: B                                       its answer, if not marked otherwise

- The stem runs from "Câu N" to the first option; it may span paragraphs.
- Options "A." to "D." ("A)", "a." and "a)" too) stand on one line, separated by tabs or
  spaces, or one a paragraph, or in the cells of a table (2×2, 1×4, or letters and texts
  in cells apart). A line after the options that is no option continues the last one.
- The correct option is underlined, bold, coloured (not black or automatic) or
  highlighted, on its letter or its whole text; a kind of formatting every option has
  (all letters bold) is layout, not a mark. Or it is given by a line "Đáp án: B" under
  the question, or by an answer table at the end of the file (after "ĐÁP ÁN", "BẢNG ĐÁP
  ÁN", "HƯỚNG DẪN CHẤM" or "HẾT"; or any table whose rows or columns are labelled "Câu"
  and "Đáp án"): a row of question numbers with the letters under them, columns "Câu |
  Đáp án", cells "1-B", or lines "1-B 2-C 3-A". Numbers in the table follow the parts'
  headings inside it ("Phần I"…) when the questions' numbering restarts in each part.
  A question whose ways of giving its answer disagree is refused, saying what each says;
  one without an answer is refused.
- "Lời giải:" / "Hướng dẫn giải:" / "Giải thích:" after a question: its general feedback.
- Parts: "PHẦN I" (or "I. TRẮC NGHIỆM"…): choice questions; "PHẦN II" (đúng/sai): a stem
  and its statements "a)" to "d)" ("a." too; 2 to 4, a paragraph each, in a table's cells,
  or on one line apart by a tab or two spaces), a TRUE_FALSE_GROUP (see below); "PHẦN
  III" (trả lời ngắn): the answer of "Đáp án:" or the table, a number (decimal comma) as
  NUMERIC, else SHORT_TEXT; "TỰ LUẬN" / "PHẦN TỰ LUẬN": essays (the stem only).
  A heading's words ("trắc nghiệm", "đúng sai", "trả lời ngắn", "tự luận") win over its
  numeral. Before any heading a question with options is a choice question, one with
  only an "Đáp án:" a short answer.
- A statement is true where it carries a mark (the marks of a correct option: underline,
  bold, colour, highlight, on its letter or its whole text; one every statement has is
  layout, so four true statements are said by an answer), false where it does not; or the
  answers are given in order ("Đáp án: ĐSĐS", "Đ, S, Đ, S", "Đúng Sai Đúng Sai") or by
  letter ("Đáp án: a) Đ, b) S, c) Đ, d) S"), under the question or in the answer table:
  "ĐSĐS" under the question's number, lines "Câu 1: a) Đ, b) S…", or a row a statement
  ("1 | a) | Đ", the number cell merged down the group's rows, groups side by side) or a
  row of letters over the answers ("Câu | a | b | c | d"). When the table's numbers carry
  no parts, a group takes the answers of its number that are true/false ones. A
  statement without an answer, ways that disagree, fewer than two or more than four
  statements: the question is refused. Before any heading a question with options a)–d)
  whose every answer is such a true/false one is a group too.
- What follows "ĐÁP ÁN", "HƯỚNG DẪN CHẤM" or "HẾT" is read only for answers: an essay's
  grading guide ("Hướng dẫn chấm") is left out for now.
- A question holding what the neutral form cannot carry yet is refused, naming it: an
  image or drawing (w:drawing, w:pict), a Word equation (m:oMath, an EQ field), a
  MathType / Equation Editor object or another embedded object (w:object), a table in
  its text, a character of a symbol font (Wingdings; Symbol beyond its usual symbols).
- Text is converted by its font: ".Vn…" fonts (TCVN3; names ending in "H" are the
  capitals fonts) and "VNI-…" fonts to Unicode, Symbol-font characters to their Unicode
  symbols, other runs through legacy_vietnamese.to_unicode; `converted_from` says which.

A Problem's `number` is the question's place in the file, from 1; its `line` is the
place of the question's first paragraph among the document's paragraphs, from 1, empty
ones and those in tables counted (Word shows no line numbers). The file is checked before
python-docx opens it: its size, its type (python-magic), the zip (lms.core.archives: no
bomb, no odd names) and every XML part through defusedxml (no entities, no external
references). A file that cannot be read at all is one Problem(0, 0, …). Reading never
raises on what the file holds.
"""

from __future__ import annotations

from repository.questions import interchange as qi
from repository.questions.formats.docx.layout import _Reader
from repository.questions.formats.docx.opening import _open, _Unreadable

__all__ = ["read"]


def read(data: bytes) -> qi.ParseResult:
    """The questions of a .docx file (see the module's docstring)."""
    try:
        document = _open(data)
    except _Unreadable as refused:
        return qi.ParseResult(problems=[qi.Problem(0, 0, str(refused))])
    reader = _Reader(document)
    reader.walk(document.element.body)
    return reader.result()
