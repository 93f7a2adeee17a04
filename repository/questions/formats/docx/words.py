"""The layout's words: text folded for matching, the patterns of questions, parts'
headings, answer lines and answer keys, and what a text says as one of them."""

from __future__ import annotations

import re
import unicodedata

from repository.questions.formats.docx.kinds import AUTO, CHOICE, ESSAY, SHORT, TRUE_FALSE_GROUP

_LEVELS = {"nb": "Nhận biết", "nhan biet": "Nhận biết", "th": "Thông hiểu", "thong hieu": "Thông hiểu",
           "vd": "Vận dụng", "van dung": "Vận dụng", "vdc": "Vận dụng cao", "van dung cao": "Vận dụng cao"}


class _Folded(dict):
    """Each character's folded one, worked out once (str.translate's table)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[:1] or ch
            low = base.lower()
            folded = low if len(low) == 1 else base
        if code < 0x10000:  # kept for the Basic Multilingual Plane only: a bounded table
            self[code] = folded
        return folded


_FOLDED = _Folded()


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (positions kept)."""
    return text.translate(_FOLDED)


_QUESTION = re.compile(r"^\s*(?:cau|bai)\s*(\d{1,4})\s*(\([^)]*\))?\s*(?:[:.)]|(?<=\))|$)\s*")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_PART = re.compile(r"^\s*phan\s+(i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})(?=$|[\s.:)\-–(])\s*([.:)\-–]?)\s*(.*)$")
_ROMAN_HEADING = re.compile(r"^\s*(i{1,3}|iv|vi{0,3}|ix|x)\s*[.:)\-–]\s*(.*)$")
_WORD_HEADING = re.compile(r"^\s*(?:phan\s+)?([a-d]\s*[.:)\-–]\s*)?(?:cau\s+)?(trac nghiem|tu luan|tra loi ngan)(.*)$")
_ONLY_POINTS = re.compile(r"^[\s:.\-–]*(?:\([^)]*\))?[\s:.]*$")
_SECTION_WORDS = (("dung sai", TRUE_FALSE_GROUP), ("dung/sai", TRUE_FALSE_GROUP), ("tra loi ngan", SHORT),
                  ("tu luan", ESSAY), ("trac nghiem", CHOICE))
_BY_NUMERAL = {1: CHOICE, 2: TRUE_FALSE_GROUP, 3: SHORT}
_INLINE_ANSWER = re.compile(r"^\s*(?:dap an|da)(?:\s+dung)?\s*(?:[:\-–]|\bla\b\s*:?)\s*(\S.*?)\s*$")
_INLINE_LETTER = re.compile(r"^\s*dap an(?:\s+dung)?\s+([a-f])\s*[.)]?\s*$")
_KEY_WORDS = ("bang dap an", "dap an", "huong dan cham", "goi y dap an", "dap an va huong dan cham",
              "huong dan cham va dap an", "dap an va thang diem", "dap an tham khao", "dap an trac nghiem",
              "bang dap an trac nghiem", "dap an phan trac nghiem")
_END = re.compile(r"^[\W_]*het[\W_]*$")
_FEEDBACK = re.compile(r"^\s*(?:loi giai|huong dan giai|giai thich|giai)(?:\s+chi tiet)?\s*[:.]\s*")
_POINTS = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:diem|d)\s*$")
_NUMBER = re.compile(r"^[+\-−]?\d+(?:[.,]\d+)?$")
# An answer in the answer key: "1-B", "1.B", "1: B", "Câu 1: B", "1B", "3: 12,5".
_PAIR = re.compile(r"(?:cau\s*)?(\d{1,4})\s*(?:[\-–:.)]\s*(-?\d+(?:[.,]\d+)?|[^\s,;|]+)|([a-f])(?![\w]))")
_PAIR_SEPARATOR = re.compile(r"[\s,;|]*")
_Q_LABELS = {"cau", "cau hoi", "so cau", "cau so", "stt"}
# A group's true/false answers (folded: "Đ" is "d"): in order "ĐSĐS", "Đ, S, Đ, S", "Đúng - Sai…",
# or by letter "a) Đ, b) S", "a-Đ; b-S".
_TRUTH_RUN = re.compile(r"(?:dung|sai|d|s)(?:[\s,;|/\-–.]*(?:dung|sai|d|s))*")
_TRUTH_WORD = re.compile(r"dung|sai|d|s")
_TRUTH_LABELLED = re.compile(r"(?:y\s*)?([a-f])\s*[.):\-–=]\s*(dung|sai|d|s)(?![a-z])")
_TRUTH_GAP = re.compile(r"[\s,;|/]*")
_GROUP_KEY = re.compile(r"\s*(?:cau\s*)?(\d{1,4})\s*[:.\-–)]?\s*")
_GROUP_KEY_START = re.compile(r"(?<![a-z])cau\s*\d{1,4}")
_GROUP_KEY_ALONE = re.compile(r"\s*cau\s*(\d{1,4})\s*[:.)]?\s*")  # "Câu 1:", "a) Đ"… on the lines under it
# The cells of an answer table given a statement a row: "1" (or "Câu 1"), "a)" (or "Ý a"), "Đ".
_KEY_NUMBER = re.compile(r"(?:cau\s*)?(\d{1,4})\s*[.:]?")
_STATEMENT_LABEL = re.compile(r"(?:[Ýý]\s*)?([a-f])\s*[.)]?")
_TRUTH_CELL = re.compile(r"(?:dung|sai|d|s)\.?")
# A shared passage's heading (folded): "Đọc đoạn văn sau và trả lời các câu từ 3 đến 5", "…câu 3–5",
# "Dùng thông tin sau để trả lời câu 3 và câu 4", "Read the passage and answer questions 31 to 35".
_PASSAGE = re.compile(
    r"^\W*(?:hay\s+)?(?:doc|dung|su dung|dua vao|can cu(?:\s+vao)?|quan sat|theo|cho|read|use|look at)\b"
    r"[^:]{0,200}?\b(?:tra loi|lam|hoan thanh|answer|complete)\b[^:]{0,60}?"
    r"\b(?:cau|question)(?:s|\s+hoi)?\s*(?:so\s*)?(?:tu\s*|from\s*)?(?:cau\s*)?(\d{1,4})"
    r"((?:\s*(?:-|–|—|den|toi|to|,|;|va|and)\s*(?:cau\s*(?:so\s*)?|question\s*)?\d{1,4})*)(?!\d)")
_PASSAGE_MORE = re.compile(r"\s*(-|–|—|den|toi|to|,|;|va|and)\s*(?:cau\s*(?:so\s*)?|question\s*)?(\d{1,4})")
_MAX_PASSAGE_QUESTIONS = 40


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", _fold(text)).split())


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _section_word(text: str) -> str | None:
    words = _words(text)
    return next((section for word, section in _SECTION_WORDS if word in words), None)


def _section_of(text: str) -> tuple[str, int | None] | None:
    """(the section a heading opens, its part number) or None for no heading: "PHẦN I",
    "Phần II. Câu trắc nghiệm đúng sai", "I. TRẮC NGHIỆM (3 điểm)", "TỰ LUẬN", "Phần tự
    luận", "B. TỰ LUẬN" (a letter before the words: in capitals only)."""
    folded = _fold(text.strip())
    if len(folded) > 160:
        return None
    part = _PART.match(folded)
    if part:
        raw, separator, rest = part.groups()
        numeral = int(raw) if raw.isdigit() else _ROMAN[raw]
        found = _section_word(rest)
        if found:
            return found, numeral
        if not rest or separator or rest.startswith("("):
            return _BY_NUMERAL.get(numeral, AUTO), numeral
        return None  # "Phần I của bài thơ…"
    roman = _ROMAN_HEADING.match(folded)
    if roman:
        found = _section_word(roman.group(2))
        return (found, _ROMAN[roman.group(1)]) if found else None
    words = _WORD_HEADING.match(folded)
    if words:
        lettered, _word, after = words.groups()
        if _capitals(re.sub(r"\([^)]*\)", "", text)) or (not lettered and _ONLY_POINTS.match(after)):
            return _section_word(folded[words.start(2):]), None
    return None


def _key_heading(text: str) -> bool:
    """"ĐÁP ÁN", "BẢNG ĐÁP ÁN", "Hướng dẫn chấm"…: the answers from here on."""
    words = _words(text)
    if words in _KEY_WORDS:
        return True
    return _capitals(text) and len(words) < 120 and words.startswith(_KEY_WORDS)


def _pairs(text: str, *, whole_line: bool) -> list[tuple[int, str]] | None:
    """The (number, answer) pairs a text is made of, or None if it is something else."""
    folded = _fold(text)
    found, position = [], 0
    while position < len(folded):
        gap = _PAIR_SEPARATOR.match(folded, position)
        position = gap.end()
        if position >= len(folded):
            break
        match = _PAIR.match(folded, position)
        if not match:
            return None
        if match.group(2) is not None:
            value = text[match.start(2):match.end(2)].rstrip(".")
        else:
            value = text[match.start(3):match.end(3)]
        found.append((int(match.group(1)), value))
        position = match.end()
    if not found:
        return None
    if whole_line and len(found) == 1 and not folded.lstrip().startswith("cau"):
        return None  # "1) 2x + 1 = 3" in a grading guide is no answer
    return found


def _option_marker(letter: str) -> re.Pattern:
    return re.compile(rf"(?:^|(?<=\s)){letter}[.)]")


def _statement_marker(letter: str) -> re.Pattern:
    """A statement after another on its line: apart by a tab or two spaces ("(a; b)" is text)."""
    return re.compile(rf"(?:(?<=\t)|(?<=\s\s)){letter}[.)]")


def _truths(text: str) -> list[tuple[str | None, bool]] | None:
    """The true/false answers a text gives, each (its statement's letter, or None for
    answers in order, the truth); None if the text is something else."""
    folded = _fold(text).strip().rstrip(".").strip()
    if not folded:
        return None
    if _TRUTH_RUN.fullmatch(folded):
        return [(None, word in ("dung", "d")) for word in _TRUTH_WORD.findall(folded)]
    found, position = [], 0
    while position < len(folded):
        position = _TRUTH_GAP.match(folded, position).end()
        if position >= len(folded):
            break
        match = _TRUTH_LABELLED.match(folded, position)
        if not match:
            return None
        found.append((match.group(1), match.group(2) in ("dung", "d")))
        position = match.end()
    return found or None


def _by_letter(text: str) -> bool:
    truths = _truths(text)
    return bool(truths) and truths[0][0] is not None


def _group_answer(text: str) -> bool:
    """The text is clearly a group's answers: two or more in order, or by letter."""
    truths = _truths(text)
    return bool(truths) and (len(truths) > 1 or truths[0][0] is not None)


def _group_pairs(text: str) -> list[tuple[int, str]] | None:
    """"Câu 1: a) Đ, b) S…", "1. Đ S Đ S" (several "Câu N" on a line too): (number, answers)."""
    folded = _fold(text)
    starts = [match.start() for match in _GROUP_KEY_START.finditer(folded)] or [0]
    if folded[:starts[0]].strip():
        return None
    found = []
    for start, end in zip(starts, starts[1:] + [len(text)]):
        match = _GROUP_KEY.match(folded, start, end)
        value = text[match.end():end].strip().rstrip(",;|").strip() if match else ""
        if not match or not _group_answer(value):
            return None
        found.append((int(match.group(1)), value))
    return found



def _passage_of(text: str) -> tuple[list[int], int] | None:
    """(the question numbers a passage's heading names, where the heading's words end) or None."""
    folded = _fold(text)
    match = _PASSAGE.match(folded)
    if not match:
        return None
    numbers = [int(match.group(1))]
    for more in _PASSAGE_MORE.finditer(match.group(2)):
        word, number = more.group(1), int(more.group(2))
        if word in ("-", "–", "—", "den", "toi", "to"):
            if number <= numbers[-1] or number - numbers[-1] > _MAX_PASSAGE_QUESTIONS:
                return None
            numbers += range(numbers[-1] + 1, number + 1)
        else:
            numbers.append(number)
    if len(numbers) > _MAX_PASSAGE_QUESTIONS or len(set(numbers)) != len(numbers):
        return None
    return numbers, match.end()
