"""Realistic files of many questions for the import benchmark (bench/questions_import.py).

`specs(count, seed)` draws the questions (Vietnamese, unique, a share with LaTeX), then
`gift(specs)` writes them as a teacher's GIFT file and `docx(specs)` as a Word document in
the common Vietnamese layout, written as raw WordprocessingML (as Word writes it: runs
with their fonts, tabs between options, a 2×2 options table now and then), much faster
than python-docx for 10,000 questions:

    PHẦN I. TRẮC NGHIỆM NHIỀU PHƯƠNG ÁN LỰA CHỌN
    Câu 1: Kết quả của phép tính 37 + 58 là                  (bold "Câu 1:")
    A. 85      B. 95      C. 84      D. 86                    one line, the key underlined,
                                                              or one option a paragraph,
    Đáp án: B                                                 or "Đáp án:" under it,
                                                              or the key bold and red
    Lời giải: …                                               sometimes
    PHẦN II. TRẮC NGHIỆM ĐÚNG SAI
    Câu 1. Cho hàm số y = 3x − 2.
    a) Đồ thị đi qua điểm (0; −2).                            a paragraph each, the true
    …                                                         letters underlined or
    Đáp án: ĐSĐS                                              "Đáp án: ĐSĐS"
    PHẦN III. TRẮC NGHIỆM TRẢ LỜI NGẮN
    Câu 1. Tính 7,5 : 2,5.        Đáp án: 3
    PHẦN IV. TỰ LUẬN
    Câu 1. Chứng minh rằng …

GIFT has no true/false group: there the 2025 groups become true/false questions, and
the mix adds GIFT's own kinds (several answers, matching, numeric with tolerance,
cloze). Formulas: typed LaTeX between \\( \\) in both, and in the Word file a share as
Word equations (m:oMath), which the reader turns into LaTeX.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

# --- the questions ---------------------------------------------------------------------------


@dataclass
class Spec:
    kind: str  # "single", "multiple", "truefalse", "group", "short", "numeric", "matching", "essay", "cloze"
    stem: str
    options: list[str] = field(default_factory=list)
    right: list[int] = field(default_factory=list)  # indexes of the correct options
    statements: list[tuple[str, bool]] = field(default_factory=list)
    answer: str = ""  # short: the text; numeric: the number with a decimal comma
    tolerance: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    feedback: str = ""  # "Lời giải"
    omml: str = ""  # a Word equation shown after the stem's text (docx only), its LaTeX in `stem`
    latex: str = ""  # that equation as LaTeX (the GIFT file types it)


M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"

PROVINCES = [("Hà Nội", "sông Hồng"), ("Huế", "sông Hương"), ("Cần Thơ", "sông Hậu"), ("Đà Nẵng", "sông Hàn"),
             ("Hải Phòng", "sông Cấm"), ("Vinh", "sông Lam"), ("Quy Nhơn", "sông Hà Thanh"),
             ("Thái Nguyên", "sông Cầu")]
WORKS = [("Truyện Kiều", "Nguyễn Du"), ("Bình Ngô đại cáo", "Nguyễn Trãi"), ("Tắt đèn", "Ngô Tất Tố"),
         ("Lão Hạc", "Nam Cao"), ("Vợ chồng A Phủ", "Tô Hoài"), ("Chiếc thuyền ngoài xa", "Nguyễn Minh Châu"),
         ("Đất nước", "Nguyễn Khoa Điềm"), ("Tây Tiến", "Quang Dũng"), ("Việt Bắc", "Tố Hữu"),
         ("Sóng", "Xuân Quỳnh")]
ELEMENTS = [("natri", "Na", 11), ("magie", "Mg", 12), ("nhôm", "Al", 13), ("lưu huỳnh", "S", 16),
            ("clo", "Cl", 17), ("kali", "K", 19), ("canxi", "Ca", 20), ("sắt", "Fe", 26), ("đồng", "Cu", 29),
            ("kẽm", "Zn", 30), ("cacbon", "C", 6), ("nitơ", "N", 7), ("oxi", "O", 8)]
EVENTS = [("Chiến thắng Bạch Đằng của Ngô Quyền", 938), ("Chiến thắng Điện Biên Phủ", 1954),
          ("Cách mạng tháng Tám", 1945), ("Chiến thắng Chi Lăng – Xương Giang", 1427),
          ("Trận Ngọc Hồi – Đống Đa", 1789), ("Hiệp định Giơ-ne-vơ được kí kết", 1954),
          ("Chiến dịch Hồ Chí Minh", 1975), ("Hiệp định Pa-ri được kí kết", 1973)]
TOPICS = ["Số học", "Đại số", "Hình học", "Hàm số", "Xác suất", "Vật lí", "Hoá học", "Ngữ văn", "Lịch sử",
          "Địa lí", "Sinh học"]
FEEDBACK = ["Thực hiện phép tính theo thứ tự: nhân chia trước, cộng trừ sau.",
            "Chuyển vế và đổi dấu rồi chia hai vế cho hệ số của x.",
            "Áp dụng định lí Pythagore cho tam giác vuông.",
            "Hệ số góc dương nên hàm số đồng biến trên ℝ."]


def _distinct(rng: random.Random, right: int, spread: int, count: int = 3) -> list[int]:
    wrong: set[int] = set()
    while len(wrong) < count:
        value = right + rng.randint(-spread, spread)
        if value != right:
            wrong.add(value)
    return list(wrong)


def _placed(rng: random.Random, right: str, wrong: list[str]) -> tuple[list[str], int]:
    at = rng.randrange(len(wrong) + 1)
    return wrong[:at] + [right] + wrong[at:], at


def _vn(number: float) -> str:
    """A number as written in Vietnam: a decimal comma."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _single(rng: random.Random, n: int) -> Spec:
    form = rng.randrange(8)
    if form == 0:
        a, b = rng.randint(10, 999), rng.randint(10, 999)
        opts, at = _placed(rng, str(a + b), [str(v) for v in _distinct(rng, a + b, 20)])
        return Spec("single", f"Kết quả của phép tính {a} + {b} là", opts, [at])
    if form == 1:
        a, x, c = rng.randint(2, 12), rng.randint(-20, 40), rng.randint(1, 50)
        opts, at = _placed(rng, str(x), [str(v) for v in _distinct(rng, x, 9)])
        return Spec("single", f"Nghiệm của phương trình {a}x + {c} = {a * x + c} là", opts, [at],
                    feedback=FEEDBACK[1] if n % 5 == 0 else "")
    if form == 2:  # LaTeX: a fraction and a power
        p, q, e = rng.randint(1, 9), rng.randint(2, 19), rng.randint(2, 5)
        latex = f"\\frac{{{p}}}{{{q}}} \\cdot {q}^{{{e}}}"
        right = p * q ** (e - 1)
        opts, at = _placed(rng, str(right), [str(v) for v in _distinct(rng, right, max(5, right // 3))])
        return Spec("single", f"Giá trị của biểu thức \\({latex}\\) là", opts, [at])
    if form == 3:
        a, b = rng.randint(3, 40), rng.randint(3, 40)
        c2 = a * a + b * b
        opts, at = _placed(rng, f"\\(\\sqrt{{{c2}}}\\)", [f"\\(\\sqrt{{{c2 + d}}}\\)" for d in _distinct(rng, 0, 30)])
        return Spec("single", f"Tam giác ABC vuông tại A có AB = {a} cm, AC = {b} cm. Độ dài cạnh BC là",
                    [o + " cm" for o in opts], [at], feedback=FEEDBACK[2] if n % 3 == 0 else "")
    if form == 4:
        name, symbol, z = rng.choice(ELEMENTS)
        k = rng.randint(1, 9999)
        wrong = [s for _, s, _ in rng.sample([e for e in ELEMENTS if e[1] != symbol], 3)]
        opts, at = _placed(rng, symbol, wrong)
        return Spec("single", f"(Mã {k}) Nguyên tố {name} có số hiệu nguyên tử {z}. Kí hiệu hoá học của nó là",
                    opts, [at])
    if form == 5:
        work, author = rng.choice(WORKS)
        k = rng.randint(1, 9999)
        wrong = [a for _, a in rng.sample([w for w in WORKS if w[1] != author], 3)]
        opts, at = _placed(rng, author, wrong)
        return Spec("single", f"Tác phẩm “{work}” (đề số {k}) là của tác giả nào?", opts, [at])
    if form == 6:
        event, year = rng.choice(EVENTS)
        k = rng.randint(1, 9999)
        opts, at = _placed(rng, str(year), [str(v) for v in _distinct(rng, year, 40)])
        return Spec("single", f"{event} diễn ra vào năm nào? (câu hỏi ôn tập số {k})", opts, [at])
    # a Word equation in the stem (docx), the same typed as LaTeX in GIFT
    a, b = rng.randint(2, 9), rng.randint(2, 30)
    right = a * b * b
    opts, at = _placed(rng, str(right), [str(v) for v in _distinct(rng, right, max(5, right // 4))])
    omml = (f'<m:oMath xmlns:m="{M_NS}"><m:r><m:t>{a}</m:t></m:r><m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e>'
            f'<m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath>')
    return Spec("single", f"Với x = {b}, giá trị của biểu thức", opts, [at], omml=omml, latex=f"{a}x^{{2}}")


def _group(rng: random.Random, n: int) -> Spec:
    a, b = rng.randint(-9, 9) or 2, rng.randint(-20, 20)
    x0 = rng.randint(1, 6)
    statements = [
        (f"Đồ thị hàm số đi qua điểm (0; {b}).", True),
        (f"Hàm số đồng biến trên ℝ.", a > 0),
        (f"Khi x = {x0} thì y = {a * x0 + b + (0 if x0 % 2 else 1)}.", x0 % 2 == 1),
        (f"Đồ thị hàm số song song với đường thẳng y = {a}x + {b + 1}.", True),
    ]
    return Spec("group", f"Cho hàm số y = {a}x + {b} (câu {n}).", statements=statements,
                feedback=FEEDBACK[3] if a > 0 and n % 4 == 0 else "")


def _short(rng: random.Random, n: int) -> Spec:
    if rng.random() < 0.8:
        a, b = rng.randint(10, 999) / 10, rng.choice([2, 4, 5, 8])
        return Spec("numeric", f"Tính {_vn(a)} : {b} (viết kết quả dưới dạng số thập phân).", answer=_vn(a / b))
    city, river = rng.choice(PROVINCES)
    return Spec("short", f"Thành phố bên bờ {river} được nhắc đến trong bài đọc số {n} là thành phố nào?",
                answer=city)


def _essay(rng: random.Random, n: int) -> Spec:
    a = rng.randint(2, 50)
    return Spec("essay", f"Chứng minh rằng với mọi số tự nhiên n, số n({a}n + 1)({a}n + 2) chia hết cho 6. "
                         f"(Bài {n})")


def _multiple(rng: random.Random, n: int) -> Spec:
    primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
    chosen = rng.sample(primes, 2)
    base = rng.randint(40, 99)
    others = [v for v in range(base, base + 40) if v not in primes and v % 2 == 0][:2]
    opts = [str(v) for v in chosen + others]
    rng.shuffle(opts)
    return Spec("multiple", f"Chọn các số nguyên tố trong các số sau (nhóm {n}):", opts,
                [opts.index(str(v)) for v in chosen])


def _matching(rng: random.Random, n: int) -> Spec:
    picked = rng.sample(ELEMENTS, 3)
    return Spec("matching", f"Nối tên nguyên tố với kí hiệu hoá học của nó (bài {n}).",
                pairs=[(name, symbol) for name, symbol, _ in picked])


def _truefalse(rng: random.Random, n: int) -> Spec:
    city, river = rng.choice(PROVINCES)
    truth = rng.random() < 0.5
    other = rng.choice([c for c, _ in PROVINCES if c != city])
    return Spec("truefalse", f"{city if truth else other} nằm bên bờ {river} (ý {n}).", right=[int(truth)])


def _cloze(rng: random.Random, n: int) -> Spec:
    work, author = rng.choice(WORKS)
    wrong = rng.sample([a for _, a in WORKS if a != author], 2)
    return Spec("cloze", f"Tác phẩm “{work}” (số {n}) do", options=[author, *wrong], right=[0])


def specs(count: int, seed: int = 16, *, for_gift: bool = False) -> list[Spec]:
    """`count` distinct questions: for Word, 70 % single choice, 15 % true/false groups,
    10 % short answers, 5 % essays (the parts of the 2025 exam); for GIFT, GIFT's kinds."""
    rng = random.Random(seed)
    if for_gift:
        makers = [(_single, 60), (_multiple, 8), (_truefalse, 10), (_short, 10), (_matching, 4), (_essay, 4),
                  (_cloze, 4)]
    else:
        makers = [(_single, 70), (_group, 15), (_short, 10), (_essay, 5)]
    choices = [maker for maker, weight in makers for _ in range(weight)]
    seen: set[str] = set()
    found: list[Spec] = []
    while len(found) < count:
        spec = rng.choice(choices)(rng, len(found) + 1)
        key = "|".join([spec.kind, spec.stem, *sorted(spec.options)])  # as the bank's fingerprint: options in any order
        if key not in seen:
            seen.add(key)
            found.append(spec)
    return found


# --- GIFT -------------------------------------------------------------------------------------


def _g(text: str) -> str:
    """GIFT's special characters escaped (LaTeX braces included)."""
    for char in "\\~=#{}:":
        if char == "\\":
            continue
        text = text.replace(char, "\\" + char)
    return text


def gift(questions: list[Spec]) -> bytes:
    out = ["// Ngân hàng câu hỏi ôn tập – xuất từ Moodle\n"]
    for number, q in enumerate(questions, 1):
        if number % 500 == 1:
            out.append(f"$CATEGORY: $course$/Ôn tập/{TOPICS[(number // 500) % len(TOPICS)]}\n\n")
        title = f"::Câu {number}::"
        stem = _g(q.stem + (f" \\({q.latex}\\)" if q.latex else ""))
        feedback = f"####{_g(q.feedback)}" if q.feedback else ""
        if q.kind == "single":
            answers = " ".join(("=" if i in q.right else "~") + _g(o) for i, o in enumerate(q.options))
            out.append(f"{title} {stem} {{{answers}{feedback}}}\n\n")
        elif q.kind == "multiple":
            share = 100 // len(q.right)
            answers = " ".join(f"~%{share if i in q.right else -100}%{_g(o)}" for i, o in enumerate(q.options))
            out.append(f"{title} {stem} {{\n  {answers}\n}}\n\n")
        elif q.kind == "truefalse":
            out.append(f"{title} {stem} {{{'T' if q.right[0] else 'F'}#Đúng vậy.#Chưa đúng.}}\n\n")
        elif q.kind == "numeric":
            out.append(f"{title} {stem} {{#{q.answer.replace(',', '.')}:0.01}}\n\n")
        elif q.kind == "short":
            out.append(f"{title} {stem} {{={_g(q.answer)} ={_g(q.answer.lower())}}}\n\n")
        elif q.kind == "matching":
            answers = " ".join(f"={_g(a)} -> {_g(b)}" for a, b in q.pairs)
            out.append(f"{title} {stem} {{{answers}}}\n\n")
        elif q.kind == "essay":
            out.append(f"{title} {stem} {{}}\n\n")
        elif q.kind == "cloze":
            answers = " ".join(("=" if i in q.right else "~") + _g(o) for i, o in enumerate(q.options))
            out.append(f"{title} {stem} {{{answers}}} sáng tác.\n\n")
        else:
            raise ValueError(q.kind)
    return "".join(out).encode("utf-8")


# --- Word (raw WordprocessingML) -------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>
<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="26"/>
<w:szCs w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>
</w:styles>"""
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Ngân hàng câu hỏi</dc:title><dc:creator>Giáo viên</dc:creator></cp:coreProperties>"""

_P_PR = '<w:pPr><w:spacing w:before="60" w:after="60"/><w:jc w:val="both"/></w:pPr>'
_FONT = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="26"/>'


def _run(text: str, *, b: bool = False, u: bool = False, red: bool = False) -> str:
    props = _FONT + ("<w:b/>" if b else "") + ('<w:color w:val="FF0000"/>' if red else "") \
        + ('<w:u w:val="single"/>' if u else "")
    parts = text.split("\t")
    body = '<w:tab/>'.join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in parts)
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"


def _p(*runs: str) -> str:
    return f"<w:p>{_P_PR}{''.join(runs)}</w:p>"


def _cell(*runs: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>{_p(*runs)}</w:tc>'


def _table(rows: list[list[str]]) -> str:
    grid = "".join('<w:gridCol w:w="4500"/>' for _ in rows[0])
    body = "".join("<w:tr>" + "".join(row) + "</w:tr>" for row in rows)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f"{body}</w:tbl>")


LETTERS = "ABCD"


def _choice(q: Spec, number: int, style: int) -> list[str]:
    """A choice question in one of the ways teachers type it."""
    stem_runs = [_run(f"Câu {number}:", b=True), _run(" " + q.stem)]
    if q.omml:
        stem_runs += [_run(" "), q.omml, _run(" là")]
    out = [_p(*stem_runs)]
    marked = style in (0, 1, 2)  # the key marked in the options; else "Đáp án:" under the question
    right = q.right[0]

    def option(i: int, text: str) -> list[str]:
        letter = LETTERS[i]
        if marked and i == right:
            if style == 2:
                return [_run(f"{letter}. ", b=True, red=True), _run(text, b=True, red=True)]
            return [_run(f"{letter}.", u=True), _run(f" {text}")]
        return [_run(f"{letter}. {text}")]

    layout = style % 3 if not marked else style
    if layout in (0, 2) and max(len(o) for o in q.options) < 14:  # on one line, tabs between
        runs: list[str] = []
        for i, text in enumerate(q.options):
            if i:
                runs.append(_run("\t"))
            runs += option(i, text)
        out.append(_p(*runs))
    elif layout == 1 and max(len(o) for o in q.options) < 30:  # a 2×2 table
        cells = [_cell(*option(i, text)) for i, text in enumerate(q.options)]
        out.append(_table([cells[:2], cells[2:]]))
    else:  # one option a paragraph
        out += [_p(*option(i, text)) for i, text in enumerate(q.options)]
    if not marked:
        out.append(_p(_run("Đáp án: " + LETTERS[right], b=True)))
    if q.feedback:
        out.append(_p(_run("Lời giải: ", b=True), _run(q.feedback)))
    return out


def _tf_group(q: Spec, number: int, style: int) -> list[str]:
    if all(truth for _, truth in q.statements):
        style = 1  # a mark every statement carries is layout: the answer is written out
    out = [_p(_run(f"Câu {number}.", b=True), _run(" " + q.stem))]
    for letter, (text, truth) in zip("abcd", q.statements):
        if style == 0:  # the true ones' letters underlined
            out.append(_p(_run(f"{letter})", u=truth), _run(f" {text}")))
        else:
            out.append(_p(_run(f"{letter}) {text}")))
    if style != 0:
        out.append(_p(_run("Đáp án: " + "".join("Đ" if truth else "S" for _, truth in q.statements))))
    if q.feedback:
        out.append(_p(_run("Lời giải: ", b=True), _run(q.feedback)))
    return out


PARTS = [("group_choice", "PHẦN I. TRẮC NGHIỆM NHIỀU PHƯƠNG ÁN LỰA CHỌN"), ("group", "PHẦN II. TRẮC NGHIỆM ĐÚNG SAI"),
         ("answer", "PHẦN III. TRẮC NGHIỆM TRẢ LỜI NGẮN"), ("essay", "PHẦN IV. TỰ LUẬN")]


BLOCK = 200  # questions of one paper: its parts' numbering restarts (the reader reads "Câu 1"–"Câu 999")


def document_xml(questions: list[Spec]) -> str:
    """The questions as papers of BLOCK questions one after the other, each in the 2025
    layout (PHẦN I–IV), as a teacher's file gathering the papers of a year does."""
    body = [_p(_run("SỞ GIÁO DỤC VÀ ĐÀO TẠO", b=True)), _p(_run("NGÂN HÀNG CÂU HỎI ÔN TẬP", b=True))]
    for start in range(0, len(questions), BLOCK):
        by_part: dict[str, list[Spec]] = {"single": [], "group": [], "short": [], "essay": []}
        for q in questions[start:start + BLOCK]:
            by_part["short" if q.kind in ("short", "numeric") else q.kind].append(q)
        for (_key, heading), part in zip(PARTS, ("single", "group", "short", "essay")):
            if not by_part[part]:
                continue
            body.append(_p(_run(heading, b=True)))
            for number, q in enumerate(by_part[part], 1):
                if part == "single":
                    body += _choice(q, number, number % 5)
                elif part == "group":
                    body += _tf_group(q, number, number % 2)
                elif part == "short":
                    body += [_p(_run(f"Câu {number}.", b=True), _run(" " + q.stem)),
                             _p(_run("Đáp án: " + q.answer))]
                else:
                    body.append(_p(_run(f"Câu {number}.", b=True), _run(" " + q.stem)))
    section = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
               'w:bottom="1134" w:left="1418" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" '
            f'xmlns:r="{R_NS}" xmlns:m="{M_NS}"><w:body>{"".join(body)}{section}</w:body></w:document>')


def docx(questions: list[Spec]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", document_xml(questions))
        package.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        package.writestr("word/styles.xml", STYLES)
        package.writestr("docProps/core.xml", CORE)
    return out.getvalue()


def expected_kinds(questions: list[Spec], fmt: str) -> dict[str, int]:
    """How many questions of each interchange kind the reader should find."""
    kinds = {"single": "single", "multiple": "multiple", "truefalse": "true_false", "group": "true_false_group",
             "short": "short_text", "numeric": "numeric", "matching": "matching", "essay": "essay",
             "cloze": "cloze"}
    counts: dict[str, int] = {}
    for q in questions:
        counts[kinds[q.kind]] = counts.get(kinds[q.kind], 0) + 1
    return counts
