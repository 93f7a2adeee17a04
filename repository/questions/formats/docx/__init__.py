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
- Images, formulas and tables are kept, where they stand. An image (w:drawing's a:blip,
  w:pict's v:imagedata) becomes one of the question's `media` (named image1.png…, its
  type told by its content, its description from wp:docPr's descr or title), and the
  question's texts become html (`interchange.HTML`) showing it as
  `<img src="media:image1.png" alt="…">`: in the stem, an option or a statement. A Word
  equation (m:oMath; m:oMathPara as a display one) becomes LaTeX between "\\(" and "\\)"
  ("\\[" "\\]"), by the reader's own converter (omml.py), the text staying plain if
  nothing else needs html. A MathType / Equation Editor object (w:object) is its preview
  image (usually WMF or EMF, described "Công thức"), another embedded object too;
  repository/questions/media.py makes those PNG for browsers after reading. A table in a
  stem (not an options table, not the answer table) is an html <table> (merged cells
  as colspan/rowspan); a table of one cell is a frame: its text is read. A short
  answer's accepted texts stay as typed (formulas as LaTeX), never html.
- Shared passages: a line "Đọc đoạn văn sau và trả lời các câu từ 3 đến 5" ("…câu 3–5",
  "Dùng thông tin sau để trả lời câu 3 và câu 4", "Read the passage and answer questions
  31 to 35"), then the passage's text (images, tables) up to the first question: a
  `Passage` ("p1", "p2"… in `ParseResult.passages`, the heading its title), and each
  question it names that follows it gets `group` = its key. A passage naming a question
  that does not follow it, or without text, is a Problem numbered 0 at the heading's
  line; a passage holding what cannot be kept refuses its questions.
- Refused, naming it: what still cannot be kept — a drawing of shapes, a text box, a
  chart or SmartArt; an image linked outside the file, missing from it, over 5 MB or in
  a form no browser can be given; an object without a preview; a formula of an EQ field;
  a table after the options; a character of a symbol font (Wingdings; Symbol beyond its
  usual symbols); an answer ("Đáp án:") given as an image.
- Text is converted by its font: ".Vn…" fonts (TCVN3; names ending in "H" are the
  capitals fonts) and "VNI-…" fonts to Unicode, Symbol-font characters to their Unicode
  symbols, other runs through legacy_vietnamese.to_unicode; `converted_from` says which.

A Problem's `number` is the question's place in the file, from 1; its `line` is the
place of the question's first paragraph among the document's paragraphs, from 1, empty
ones and those in tables counted (Word shows no line numbers). The file is checked before
python-docx opens it: its size, its type (python-magic), the zip (lms.core.archives: no
bomb, no odd names) and every XML part through defusedxml (no entities, no external
references); a relationship to a part the zip lacks is left out, so that only the
question whose image it was is refused. A file that cannot be read at all is one Problem(0, 0, …). Reading never
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
