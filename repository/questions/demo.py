"""The demo's question banks: for the demo subject groups that teach (THCS Nguyễn Trãi's
Tổ Toán – Tin and Tổ Ngữ văn – Lịch sử – Địa lý, THPT Lê Quý Đôn's Tổ Toán), a bank with
questions of every type (Vietnamese text, formulas in LaTeX, a figure drawn here, a
shared-passage group for Ngữ văn), imported by a teacher of the group through the import
service and sent to the group's review: most approved by a reviewer of the group through
the review task's own rule, one waiting in each bank (two in Toán 6), one sent back (Toán
6); a blueprint the approved questions fill, an exam drawn from it, published as a
practice quiz for a class (6A, 10A1) whose students have taken it, so that the teacher's
results and item statistics are not empty.

Called by repository/demo.py's seed_demo_content (`manage.py seed_demo`); a bank that
is there already is left as it is, so running it again adds nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

from django.db import transaction
from django.utils import timezone
from wagtail.models import WorkflowState

from lms.accounts.models import Role, User
from lms.accounts.services import role_grant, user_create
from lms.organisation.demo import DEMO_PASSWORD
from lms.organisation.models import School, SchoolClass, SchoolYear, SubjectGroup
from lms.quiz import services as quiz_services
from lms.quiz.models import Answer
from repository.models import Grade, Question, QuestionBank, QuestionImport, Subject, TextbookSeries
from repository.questions import exam_services, services
from repository.questions import interchange as qi
from repository.questions.exams import blueprint as blueprints

BIET, HIEU, VAN_DUNG = "Biết", "Hiểu", "Vận dụng"
SHARES = {BIET: 40, HIEU: 30, VAN_DUNG: 30}
SOURCE = "Ngân hàng câu hỏi mẫu (bản demo)"
IMPORT_NAME = "cau-hoi-mau.docx"  # what the demo's questions were imported from, as the import lists it

# People the banks need that the demo district lacks: a reviewer for the groups that have
# none, and students for the classes that take the quizzes. (username, full name,
# [(role, school code, group name or None)], class name or None)
DEMO_PEOPLE = [
    ("thamdinh.van", "Lương Thị Thanh Hương", [
        (Role.REVIEWER, "THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý"),
        (Role.TEACHER, "THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý")], None),
    ("totruong.lqd", "Trịnh Quốc Khánh", [
        (Role.GROUP_LEADER, "THPT-LQD", "Tổ Toán"), (Role.REVIEWER, "THPT-LQD", "Tổ Toán"),
        (Role.TEACHER, "THPT-LQD", "Tổ Toán")], None),
    ("hocsinh.6a.02", "Trần Minh Khôi", [(Role.STUDENT, "THCS-NT", None)], "6A"),
    ("hocsinh.6a.03", "Nguyễn Ngọc Hân", [(Role.STUDENT, "THCS-NT", None)], "6A"),
    ("hocsinh.6a.04", "Lê Hoàng Nam", [(Role.STUDENT, "THCS-NT", None)], "6A"),
    ("hocsinh.10a1.01", "Phạm Thu Trang", [(Role.STUDENT, "THPT-LQD", None)], "10A1"),
    ("hocsinh.10a1.02", "Đinh Quang Vinh", [(Role.STUDENT, "THPT-LQD", None)], "10A1"),
    ("hocsinh.10a1.03", "Võ Khánh Linh", [(Role.STUDENT, "THPT-LQD", None)], "10A1"),
]


# --- figures ------------------------------------------------------------------------------


def triangle_png(vertices: dict[str, tuple[int, int]], labels: list[tuple[tuple[int, int], str]],
                 size=(320, 220)) -> bytes:
    """A triangle through `vertices` (name -> point), each named beside its corner, with
    `labels` (a point, a text: lengths, an angle) written where given."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=18)
    points = list(vertices.values())
    draw.polygon(points, outline=(11, 92, 173), width=3)
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    for name, (x, y) in vertices.items():
        # the name outside the corner, away from the centre
        dx, dy = x - cx, y - cy
        norm = max((dx * dx + dy * dy) ** 0.5, 1)
        draw.text((x + 18 * dx / norm, y + 18 * dy / norm), name, fill="black", font=font, anchor="mm")
    for (x, y), text in labels:
        draw.text((x, y), text, fill=(180, 30, 30), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _equilateral() -> qi.Media:
    data = triangle_png({"A": (160, 30), "B": (60, 190), "C": (260, 190)},
                        [((80, 96), "4 cm"), ((240, 96), "4 cm"), ((160, 207), "4 cm")])
    return qi.Media("tam-giac-deu.png", "image/png", data, alt="Tam giác ABC có ba cạnh AB, BC, CA cùng dài 4 cm.")


def _cosine_law() -> qi.Media:
    data = triangle_png({"A": (50, 180), "B": (290, 180), "C": (125, 50)},
                        [((170, 197), "8"), ((64, 104), "5"), ((82, 166), "60°"), ((224, 98), "?")])
    return qi.Media("tam-giac-abc.png", "image/png", data,
                    alt="Tam giác ABC có AB = 8, AC = 5, góc A bằng 60 độ; cạnh BC cần tìm.")


# --- questions, in the neutral form -----------------------------------------------------------


def _q(kind: str, stem: str, **fields) -> qi.Question:
    return qi.Question(kind=kind, stem=stem, number=0, line=0, **fields)


def _choices(texts: list[str], right: set[int], *, partial=False) -> list[qi.Option]:
    """Options: the right ones worth the whole (shared when several), a wrong one nothing
    (with `partial`, as much off as a right one gives)."""
    share = 1.0 / len(right)
    return [qi.Option(text, share if i in right else (-share if partial else 0.0)) for i, text in enumerate(texts)]


def single(stem, texts, right: int, **fields) -> qi.Question:
    return _q(qi.SINGLE, stem, options=_choices(texts, {right}), **fields)


def multiple(stem, texts, right: set[int], **fields) -> qi.Question:
    return _q(qi.MULTIPLE, stem, options=_choices(texts, right, partial=True), **fields)


def true_false(stem, truth: bool, **fields) -> qi.Question:
    return _q(qi.TRUE_FALSE, stem, truth=truth, **fields)


def statements(stem, items: list[tuple[str, bool]], **fields) -> qi.Question:
    return _q(qi.TRUE_FALSE_GROUP, stem, statements=[qi.Statement(text, truth) for text, truth in items], **fields)


def short_text(stem, accepted: list[str], **fields) -> qi.Question:
    return _q(qi.SHORT_TEXT, stem, options=[qi.Option(text, 1.0) for text in accepted], **fields)


def numeric(stem, value: float, tolerance: float = 0.0, **fields) -> qi.Question:
    return _q(qi.NUMERIC, stem, numeric=[qi.NumericAnswer(value, tolerance)], **fields)


def matching(stem, pairs: list[tuple[str, str]], distractors=(), **fields) -> qi.Question:
    return _q(qi.MATCHING, stem, pairs=list(pairs), distractors=list(distractors), **fields)


def cloze(stem, blanks: list[list[tuple[str, float]]], **fields) -> qi.Question:
    """`blanks`: per blank, (text, fraction) pairs: all right, a typed blank; with a wrong
    one, a choice among them."""
    return _q(qi.CLOZE, stem, blanks=[[qi.Option(text, fraction) for text, fraction in b] for b in blanks], **fields)


def essay(stem, model_answer: str, rubric: str, **fields) -> qi.Question:
    return _q(qi.ESSAY, stem, model_answer=model_answer, rubric=rubric, **fields)


def with_figure(question: qi.Question, text: str, media: qi.Media) -> qi.Question:
    """The question in html: its text, then the figure."""
    question.text_format = qi.HTML
    question.stem = f'<p>{escape(text)}</p><p><img src="media:{media.name}" alt="{escape(media.alt)}"></p>'
    question.media = [media]
    return question


@dataclass
class Item:
    """A question of a bank: its topic, level, difficulty, its passage's key if any, and
    what the demo students wrote when it is an essay."""

    topic: str
    level: str
    question: qi.Question
    difficulty: str = ""
    passage: str = ""
    essays: tuple[str, ...] = ()


@dataclass
class Bank:
    school: str
    group: str
    name: str
    description: str
    grade: int
    subject: str
    series: str
    author: str
    reviewer: str
    topics: list[str]
    published: list[Item]  # by `author`, approved by `reviewer`
    waiting: list[Item]  # by `waiting_author`, decided by nobody yet
    waiting_author: str
    cells: list[tuple[str, str, int, float]]  # the blueprint: topic, level, how many, points of each
    exam_title: str
    school_class: str  # the class that takes the quiz
    students: list[str]  # those of its students who took it
    passages: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (title, text)
    # by `waiting_author`, sent back by `sent_back_by` with the comment
    sent_back: tuple[Item, str] | None = None
    sent_back_by: str = ""


# THCS Nguyễn Trãi, Tổ Toán – Tin: Toán 6.
SO_TU_NHIEN, HINH_PHANG = "Tập hợp các số tự nhiên", "Hình phẳng trong thực tiễn"
TOAN_6 = Bank(
    school="THCS-NT", group="Tổ Toán – Tin", name="Toán 6 – Số tự nhiên và hình phẳng",
    description="Câu hỏi Toán 6 (Kết nối tri thức): chương I và chương IV, đã qua thẩm định của tổ.",
    grade=6, subject="toan", series="ket-noi", author="giaovien.toan", reviewer="thamdinh.toan",
    topics=[SO_TU_NHIEN, HINH_PHANG],
    published=[
        Item(SO_TU_NHIEN, BIET, true_false("Số 0 là một số tự nhiên: \\(0 \\in \\mathbb{N}\\).", True), "easy"),
        Item(SO_TU_NHIEN, BIET, matching("Nối mỗi lũy thừa với giá trị của nó.",
                                         [("\\(3^2\\)", "9"), ("\\(2^4\\)", "16"), ("\\(5^2\\)", "25")], ["32"]),
             "easy"),
        Item(SO_TU_NHIEN, HIEU, multiple("Trong các số sau, những số nào là số nguyên tố?",
                                         ["2", "9", "11", "15"], {0, 2}), "medium"),
        Item(SO_TU_NHIEN, HIEU, short_text("Viết số 14 bằng chữ số La Mã.", ["XIV"]), "medium"),
        Item(SO_TU_NHIEN, HIEU, cloze(
            "Ước chung lớn nhất của 12 và 18 là [[1]]; bội chung nhỏ nhất của 12 và 18 là [[2]].",
            [[("6", 1.0)], [("36", 1.0), ("72", 0.0), ("216", 0.0)]]), "medium"),
        Item(SO_TU_NHIEN, VAN_DUNG, statements("Cho số \\(n = 2 \\cdot 3^2 \\cdot 5\\). Xét tính đúng sai:", [
            ("\\(n = 90\\).", True), ("\\(n\\) chia hết cho 4.", False),
            ("\\(n\\) có đúng 12 ước.", True), ("\\(n\\) là bội của 15.", True)]), "hard"),
        Item(SO_TU_NHIEN, VAN_DUNG, essay(
            "Bác Nam có 48 quả cam và 36 quả quýt, muốn chia đều vào các túi sao cho số cam trong các túi như "
            "nhau và số quýt trong các túi cũng như nhau. Bác chia được nhiều nhất bao nhiêu túi? Khi đó mỗi túi "
            "có bao nhiêu quả cam, bao nhiêu quả quýt? Trình bày lời giải.",
            "Số túi là ƯCLN(48, 36) = 12. Mỗi túi có 48 : 12 = 4 quả cam và 36 : 12 = 3 quả quýt.",
            "0,5 điểm: nhận ra số túi là ước chung lớn nhất; 0,5 điểm: tìm đúng 12 túi; 0,5 điểm: số cam, số quýt "
            "mỗi túi."), "hard",
             essays=("Số túi lớn nhất là ƯCLN(48, 36). 48 = 2^4 · 3, 36 = 2^2 · 3^2 nên ƯCLN = 12. Vậy chia được "
                     "12 túi, mỗi túi 4 quả cam và 3 quả quýt.",
                     "Chia được 12 túi vì 12 là ước của 48 và 36. Mỗi túi 4 cam, 3 quýt.",
                     "Chia được 6 túi, mỗi túi 8 quả cam và 6 quả quýt.")),
        Item(HINH_PHANG, BIET, with_figure(
            single("", ["Tam giác đều", "Tam giác vuông", "Tam giác tù", "Hình thoi"], 0),
            "Quan sát hình bên. Tam giác ABC có ba cạnh bằng nhau. Tam giác ABC là", _equilateral()), "easy"),
        Item(HINH_PHANG, HIEU, numeric(
            "Một mảnh vườn hình chữ nhật có chiều dài 8 m và chiều rộng 5 m. Tính chu vi mảnh vườn (đơn vị: mét).",
            26), "easy"),
    ],
    waiting=[
        Item(SO_TU_NHIEN, BIET, single("Tập hợp \\(A = \\{x \\in \\mathbb{N} \\mid x < 4\\}\\) có bao nhiêu phần tử?",
                                       ["3", "4", "5", "0"], 1)),
        Item(HINH_PHANG, VAN_DUNG, single(
            "Một tấm bìa hình thoi có hai đường chéo dài 6 cm và 8 cm. Biết \\(S = \\frac{1}{2} d_1 d_2\\), diện "
            "tích tấm bìa là", ["\\(24\\ \\text{cm}^2\\)", "\\(48\\ \\text{cm}^2\\)", "\\(14\\ \\text{cm}^2\\)",
                                "\\(28\\ \\text{cm}^2\\)"], 0)),
    ],
    sent_back=(Item(SO_TU_NHIEN, HIEU, numeric("Tính nhanh: \\(25 \\cdot 37 \\cdot 4\\).", 3700)),
               "Bổ sung hướng dẫn tính nhanh (nhóm 25 với 4) vào phần nhận xét chung cho học sinh."),
    waiting_author="thamdinh.toan", sent_back_by="totruong.toan",
    cells=[(SO_TU_NHIEN, BIET, 2, 1.5), (SO_TU_NHIEN, HIEU, 3, 0.75), (SO_TU_NHIEN, VAN_DUNG, 2, 1.5),
           (HINH_PHANG, BIET, 1, 1.0), (HINH_PHANG, HIEU, 1, 0.75)],
    exam_title="Luyện tập Toán 6 – Số tự nhiên và hình phẳng",
    school_class="6A", students=["hocsinh.6a.02", "hocsinh.6a.03", "hocsinh.6a.04"],
)

# THCS Nguyễn Trãi, Tổ Ngữ văn – Lịch sử – Địa lý: Ngữ văn 6, with a shared passage.
THANH_GIONG, TIENG_VIET = "Đọc hiểu: Thánh Gióng", "Tiếng Việt và thể loại"
NGU_VAN_6 = Bank(
    school="THCS-NT", group="Tổ Ngữ văn – Lịch sử – Địa lý", name="Ngữ văn 6 – Truyện dân gian và tiếng Việt",
    description="Câu hỏi Ngữ văn 6: đọc hiểu truyền thuyết Thánh Gióng, kiến thức tiếng Việt và thể loại.",
    grade=6, subject="ngu-van", series="ket-noi", author="giaovien.van", reviewer="thamdinh.van",
    topics=[THANH_GIONG, TIENG_VIET],
    passages={"gióng": ("Thánh Gióng (trích)", (
        "Đời Hùng Vương thứ sáu, ở làng Gióng có hai vợ chồng ông lão chăm chỉ làm ăn, nổi tiếng phúc đức. "
        "Bà lão sinh được một cậu bé khôi ngô, nhưng lên ba tuổi vẫn không biết nói, biết cười, đặt đâu nằm đấy.\n"
        "Bấy giờ giặc Ân đến xâm phạm bờ cõi. Nhà vua sai sứ giả đi khắp nơi tìm người tài giỏi cứu nước. "
        "Nghe tiếng rao, chú bé bỗng dưng cất tiếng nói: “Mẹ ra mời sứ giả vào đây.” Sứ giả vào, chú bé bảo: "
        "“Ông về tâu với vua sắm cho ta một con ngựa sắt, một cái roi sắt và một tấm áo giáp sắt, ta sẽ phá tan "
        "lũ giặc này.”\n"
        "Từ hôm đó, chú bé lớn nhanh như thổi. Bà con làng xóm vui lòng gom góp gạo nuôi chú, mong chú giết "
        "giặc, cứu nước."))},
    published=[
        Item(THANH_GIONG, BIET, single("Đoạn trích trên thuộc thể loại truyện nào?",
                                       ["Truyền thuyết", "Cổ tích", "Ngụ ngôn", "Truyện cười"], 0),
             "easy", passage="gióng"),
        Item(THANH_GIONG, BIET, short_text("Nghe tiếng rao, chú bé bảo mẹ ra mời ai vào nhà?", ["sứ giả"]),
             "easy", passage="gióng"),
        Item(THANH_GIONG, HIEU, statements("Dựa vào đoạn trích, xét tính đúng sai của các nhận định sau:", [
            ("Chú bé lên ba tuổi vẫn không biết nói, biết cười.", True),
            ("Tiếng nói đầu tiên của chú bé là lời xin đi đánh giặc.", True),
            ("Chú bé xin vua một con ngựa gỗ và một thanh gươm.", False),
            ("Chỉ có cha mẹ nuôi chú bé lớn lên.", False)]), "medium", passage="gióng"),
        Item(THANH_GIONG, VAN_DUNG, essay(
            "Viết đoạn văn (khoảng 5 – 7 câu) nêu cảm nghĩ của em về chi tiết “bà con làng xóm vui lòng gom góp "
            "gạo nuôi chú bé”.",
            "Chi tiết cho thấy Gióng là con của nhân dân; sức mạnh đánh giặc là sức mạnh của cả cộng đồng; tinh "
            "thần đoàn kết, yêu nước của nhân dân ta.",
            "Đúng hình thức đoạn văn: 0,5 điểm; nêu được ý nghĩa của chi tiết: 0,75 điểm; cảm nghĩ chân thành, "
            "diễn đạt mạch lạc: 0,25 điểm."), "hard", passage="gióng",
             essays=("Chi tiết bà con làng xóm góp gạo nuôi Gióng làm em rất xúc động. Gióng lớn lên bằng cơm gạo "
                     "của cả làng nên Gióng là con của nhân dân. Khi đất nước có giặc, ai cũng muốn góp sức. "
                     "Sức mạnh của Gióng cũng là sức mạnh của cả cộng đồng đoàn kết.",
                     "Em thấy chi tiết này hay vì mọi người đều thương Gióng và muốn Gióng đánh thắng giặc.",
                     "Gióng ăn rất nhiều nên lớn nhanh như thổi.")),
        Item(TIENG_VIET, BIET, matching("Nối mỗi truyện với thể loại của nó.", [
            ("Thánh Gióng", "Truyền thuyết"), ("Thạch Sanh", "Cổ tích"), ("Ếch ngồi đáy giếng", "Ngụ ngôn")],
            ["Truyện cười"]), "easy"),
        Item(TIENG_VIET, BIET, true_false("Từ “xinh xắn” là từ láy.", True), "easy"),
        Item(TIENG_VIET, HIEU, multiple("Những từ nào dưới đây là từ ghép?",
                                        ["bàn ghế", "lung linh", "sách vở", "long lanh"], {0, 2}), "medium"),
        Item(TIENG_VIET, HIEU, cloze("Điền vào chỗ trống để hoàn thành câu ca dao:\n"
                                     "Công cha như núi [[1]],\nNghĩa mẹ như [[2]] trong nguồn chảy ra.",
                                     [[("Thái Sơn", 1.0), ("Ba Vì", 0.0), ("Tản Viên", 0.0)], [("nước", 1.0)]]),
             "medium"),
        Item(TIENG_VIET, VAN_DUNG, numeric(
            "Một bài thơ lục bát gồm 4 cặp câu, mỗi cặp có một dòng 6 tiếng và một dòng 8 tiếng. Bài thơ có tất "
            "cả bao nhiêu tiếng?", 56), "medium"),
    ],
    waiting=[
        Item(TIENG_VIET, BIET, single("Truyện “Sơn Tinh, Thủy Tinh” giải thích hiện tượng tự nhiên nào?",
                                      ["Lũ lụt hằng năm", "Động đất", "Nhật thực", "Cầu vồng"], 0)),
    ],
    waiting_author="giaovien.van",
    cells=[(THANH_GIONG, BIET, 2, 1.0), (THANH_GIONG, HIEU, 1, 1.0), (THANH_GIONG, VAN_DUNG, 1, 1.5),
           (TIENG_VIET, BIET, 2, 1.0), (TIENG_VIET, HIEU, 2, 1.0), (TIENG_VIET, VAN_DUNG, 1, 1.5)],
    exam_title="Luyện tập Ngữ văn 6 – Thánh Gióng",
    school_class="6A", students=["hocsinh.6a.02", "hocsinh.6a.03", "hocsinh.6a.04"],
)

# THPT Lê Quý Đôn, Tổ Toán: Toán 10.
TAP_HOP, HE_THUC = "Mệnh đề và tập hợp", "Hệ thức lượng trong tam giác"
TOAN_10 = Bank(
    school="THPT-LQD", group="Tổ Toán", name="Toán 10 – Tập hợp và hệ thức lượng",
    description="Câu hỏi Toán 10 (Cánh Diều): mệnh đề, tập hợp và hệ thức lượng trong tam giác.",
    grade=10, subject="toan", series="canh-dieu", author="giamkhao", reviewer="totruong.lqd",
    topics=[TAP_HOP, HE_THUC],
    published=[
        Item(TAP_HOP, BIET, true_false("\\(\\sqrt{2}\\) là một số hữu tỉ.", False), "easy"),
        Item(TAP_HOP, HIEU, multiple("Cho \\(A = [1; 5)\\) và \\(B = (3; 7]\\). Chọn các khẳng định đúng.", [
            "\\(A \\cap B = (3; 5)\\)", "\\(A \\cup B = [1; 7]\\)", "\\(A \\setminus B = [1; 3)\\)",
            "\\(B \\setminus A = (5; 7]\\)"], {0, 1}), "medium"),
        Item(TAP_HOP, HIEU, short_text("Tập hợp \\(\\{x \\in \\mathbb{R} \\mid x^2 + 1 = 0\\}\\) là tập hợp gì?",
                                       ["tập rỗng", "rỗng", "∅"]), "easy"),
        Item(TAP_HOP, BIET, matching("Nối mỗi tập hợp với khoảng, đoạn hoặc nửa khoảng biểu diễn nó.", [
            ("\\(\\{x \\in \\mathbb{R} \\mid x \\ge 2\\}\\)", "[2; +∞)"),
            ("\\(\\{x \\in \\mathbb{R} \\mid x < 2\\}\\)", "(−∞; 2)"),
            ("\\(\\{x \\in \\mathbb{R} \\mid -1 < x \\le 2\\}\\)", "(−1; 2]")], ["[−1; 2)"]), "medium"),
        Item(TAP_HOP, VAN_DUNG, cloze(
            "Cho \\(A = \\{1; 2; 3; 4\\}\\) và \\(B = \\{3; 4; 5\\}\\). Tập \\(A \\cap B\\) có [[1]] phần tử, tập "
            "\\(A \\cup B\\) có [[2]] phần tử.", [[("2", 1.0)], [("5", 1.0), ("7", 0.0), ("4", 0.0)]]), "medium"),
        Item(HE_THUC, BIET, single("Trong tam giác ABC, theo định lí côsin, \\(a^2\\) bằng", [
            "\\(b^2 + c^2 - 2bc\\cos A\\)", "\\(b^2 + c^2 + 2bc\\cos A\\)", "\\(b^2 + c^2 - bc\\cos A\\)",
            "\\(b^2 - c^2 - 2bc\\cos A\\)"], 0), "easy"),
        Item(HE_THUC, HIEU, with_figure(
            numeric("", 7), "Cho tam giác ABC như hình bên, có AB = 8, AC = 5 và \\(\\widehat{A} = 60^\\circ\\). "
                            "Tính độ dài cạnh BC.", _cosine_law()), "medium"),
        Item(HE_THUC, VAN_DUNG, statements("Cho tam giác ABC có \\(a = 7\\), \\(b = 5\\), \\(c = 8\\). Xét tính đúng "
                                           "sai:", [
            ("\\(\\cos A = \\frac{1}{2}\\).", True), ("\\(\\widehat{A} = 60^\\circ\\).", True),
            ("Diện tích tam giác bằng \\(10\\sqrt{3}\\).", True),
            ("Bán kính đường tròn ngoại tiếp tam giác bằng 7.", False)]), "hard"),
        Item(HE_THUC, VAN_DUNG, essay(
            "Để đo khoảng cách giữa hai điểm B và C ở hai bên bờ hồ, bạn Minh đứng tại A đo được AB = 40 m, "
            "AC = 30 m và \\(\\widehat{BAC} = 120^\\circ\\). Tính khoảng cách BC (làm tròn đến hàng phần mười "
            "của mét). Trình bày lời giải.",
            "\\(BC^2 = 40^2 + 30^2 - 2 \\cdot 40 \\cdot 30 \\cos 120^\\circ = 3700\\), nên "
            "\\(BC = \\sqrt{3700} \\approx 60{,}8\\) m.",
            "0,5 điểm: viết đúng định lí côsin; 0,25 điểm: tính \\(BC^2 = 3700\\); 0,25 điểm: kết quả làm tròn."),
             "hard",
             essays=("BC² = 40² + 30² − 2·40·30·cos120° = 1600 + 900 + 1200 = 3700, nên BC = √3700 ≈ 60,8 m.",
                     "Theo định lí côsin BC² = 1600 + 900 − 2400·cos120° = 3700. BC ≈ 61 m.",
                     "BC = 40 + 30 = 70 m.")),
    ],
    waiting=[
        Item(TAP_HOP, BIET, single("Mệnh đề phủ định của mệnh đề \\(\\forall x \\in \\mathbb{R}, x^2 \\ge 0\\) là", [
            "\\(\\exists x \\in \\mathbb{R}, x^2 < 0\\)", "\\(\\forall x \\in \\mathbb{R}, x^2 < 0\\)",
            "\\(\\exists x \\in \\mathbb{R}, x^2 \\ge 0\\)", "\\(\\forall x \\in \\mathbb{R}, x^2 > 0\\)"], 0)),
    ],
    waiting_author="giamkhao",
    cells=[(TAP_HOP, BIET, 2, 1.5), (TAP_HOP, HIEU, 2, 1.0), (TAP_HOP, VAN_DUNG, 1, 1.0),
           (HE_THUC, BIET, 1, 1.0), (HE_THUC, HIEU, 1, 1.0), (HE_THUC, VAN_DUNG, 2, 1.0)],
    exam_title="Luyện tập Toán 10 – Tập hợp và hệ thức lượng",
    school_class="10A1", students=["hocsinh.10a1.01", "hocsinh.10a1.02", "hocsinh.10a1.03"],
)

DEMO_BANKS = [TOAN_6, NGU_VAN_6, TOAN_10]


# --- seeding ------------------------------------------------------------------------------------


def seed_demo_questions() -> int:
    """Make the demo banks that are not there yet (each with its review history, blueprint,
    exam, quiz and attempts); how many were made."""
    if not SchoolYear.objects.filter(is_current=True).exists():
        return 0
    _seed_people()
    made = 0
    for spec in DEMO_BANKS:
        group = SubjectGroup.objects.filter(school__code=spec.school, name=spec.group).first()
        if group is None or QuestionBank.objects.filter(subject_group=group, name=spec.name).exists():
            continue
        with transaction.atomic():
            _seed_bank(spec, group)
        made += 1
    return made


def _seed_people() -> None:
    year = SchoolYear.objects.get(is_current=True)
    for username, full_name, grants, class_name in DEMO_PEOPLE:
        if User.objects.filter(username=username).exists():
            continue
        school = School.objects.get(code=grants[0][1])
        school_class = SchoolClass.objects.get(school=school, school_year=year, name=class_name) if class_name else None
        user = user_create(full_name=full_name, username=username, password=DEMO_PASSWORD,
                           must_change_password=False, school_class=school_class)
        for role, code, group_name in grants:
            unit = SubjectGroup.objects.get(school__code=code, name=group_name) if group_name else school
            role_grant(user=user, role=role, unit=unit)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _seed_bank(spec: Bank, group: SubjectGroup) -> None:
    author = _user(spec.author)
    grade = Grade.objects.get(number=spec.grade)
    bank = services.bank_create(
        user=author, subject_group=group, name=spec.name, level=grade.level, grade=grade,
        subject=Subject.objects.get(code=spec.subject), description=spec.description,
        textbook_series=TextbookSeries.objects.filter(code=spec.series).first())
    published = _imported(bank, author, spec.published, spec.passages)
    reviewer = _user(spec.reviewer)
    for question in published:
        _decide(question, reviewer, "approve", "Đạt yêu cầu.")
    if spec.sent_back:
        back, comment = spec.sent_back
        *_waiting, returned = _imported(bank, _user(spec.waiting_author), [*spec.waiting, back], spec.passages)
        _decide(returned, _user(spec.sent_back_by), "reject", comment)
    else:
        _imported(bank, _user(spec.waiting_author), spec.waiting, spec.passages)

    blueprint = exam_services.blueprint_save(user=author, bank=bank, name=f"Ma trận – {spec.exam_title}",
                                             spec=_blueprint(spec))
    exam = exam_services.exam_create(user=author, blueprint=blueprint, title=spec.exam_title, minutes=45,
                                     variant_count=4, seed=f"demo-{spec.school}-{spec.subject}-{spec.grade}")
    school_class = SchoolClass.objects.get(school=group.school, school_year__is_current=True, name=spec.school_class)
    quiz = exam_services.exam_publish_quiz(user=author, exam=exam, classes=[school_class], attempts_allowed=None)
    essays = {question.pk: item.essays for question, item in zip(published, spec.published) if item.essays}
    _attempts(quiz, exam, spec, author, essays)


def _imported(bank: QuestionBank, author: User, items: list[Item], passages: dict) -> list[Question]:
    """`items` as their author imports them (the import service's preview and save, as the
    import page does once the file is read), each sent to the group's review; in order."""
    result = qi.ParseResult()
    for number, item in enumerate(items, start=1):
        question = item.question
        question.number, question.topic, question.cognitive_level = number, item.topic, item.level
        question.difficulty, question.source, question.group = item.difficulty, SOURCE, item.passage
        result.questions.append(question)
        if item.passage:
            title, text = passages[item.passage]
            result.passages[item.passage] = qi.Passage(key=item.passage, text=text, title=title)
    job = QuestionImport.objects.create(bank=bank, created_by=author, original_name=IMPORT_NAME, fmt="auto",
                                        status=QuestionImport.Status.READ)
    job.result = services.preview(bank, result, job)
    if job.result["problems"]:
        raise RuntimeError(f"demo bank {bank.name!r}: {job.result['problems']}")
    job.save(update_fields=["result"])
    return services.import_save(user=author, job=job, numbers=range(1, len(items) + 1), submit=True)


def _decide(question: Question, reviewer: User, action: str, comment: str) -> None:
    """The reviewer's decision through the review task's own rule (it refuses whoever
    may not decide), as the review page takes it."""
    state = WorkflowState.objects.active().for_instance(question).select_related("current_task_state").get()
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, action, comment=comment)
    if action == "approve":
        state.refresh_from_db()
        if state.status != WorkflowState.STATUS_APPROVED:
            raise RuntimeError(f"demo question {question.title!r} waits for another stage of review")


def _blueprint(spec: Bank) -> blueprints.Blueprint:
    return blueprints.Blueprint(
        levels=[BIET, HIEU, VAN_DUNG], topics=list(spec.topics), shares=dict(SHARES), total_points=10,
        cells=[blueprints.Cell(topic, level, count, points) for topic, level, count, points in spec.cells])


# --- the students' attempts ------------------------------------------------------------------------

# Which items each student gets wrong (by the item's place, from 0), and which they leave
# out (never the essay): a good, an average and a struggling student.
_WRONG = [lambda n: n % 5 == 3, lambda n: n % 3 == 1, lambda n: n % 2 == 0]
_SKIPPED = [lambda n: False, lambda n: False, lambda n: n % 7 == 3]


def response(content: dict, right: bool):
    """A response to `content` as the quiz page's form gives it: the right one, or a
    plausible wrong one."""
    kind = content["kind"]
    if kind in (qi.SINGLE, qi.MULTIPLE):
        options = content["options"]
        good = [i for i, o in enumerate(options) if o["fraction"] > 0]
        bad = [i for i, o in enumerate(options) if o["fraction"] <= 0]
        if kind == qi.SINGLE:
            return good[0] if right else bad[0]
        return good if right else [good[0], bad[0]]
    if kind == qi.TRUE_FALSE:
        return content["truth"] if right else not content["truth"]
    if kind == qi.TRUE_FALSE_GROUP:
        truths = [s["truth"] for s in content["statements"]]
        return truths if right else truths[:2] + [not t for t in truths[2:]]
    if kind == qi.SHORT_TEXT:
        return content["options"][0]["text"] if right else "Em chưa nhớ"
    if kind == qi.NUMERIC:
        value = content["numeric"][0]["value"]
        return quiz_services.points_text(value if right else value + 2)
    if kind == qi.MATCHING:
        matches = [pair[1] for pair in content["pairs"]]
        return matches if right else [matches[1], matches[0], *matches[2:]]
    if kind == qi.CLOZE:  # wrong: the last blank only
        best = [max(options, key=lambda o: o["fraction"])["text"] for options in content["blanks"]]
        last = content["blanks"][-1]
        wrong = next((o["text"] for o in last if o["fraction"] <= 0), best[-1] + "0")
        return best if right else [*best[:-1], wrong]
    return None  # essays: what the student wrote (Item.essays)


def _attempts(quiz, exam, spec: Bank, teacher: User, essays: dict[int, tuple[str, ...]]) -> None:
    """Each student's submitted attempt, taken the day before yesterday; the best
    student's essay graded by the teacher, the others' waiting for them."""
    items = list(quiz.items.order_by("position"))  # in the exam's order (exam_publish_quiz)
    essay_texts = {item.pk: essays[entry["question"]] for item, entry in zip(items, exam.items)
                   if entry["question"] in essays}
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(days=2)
    for n, username in enumerate(spec.students):
        student = User.objects.get(username=username)
        began = start + timedelta(minutes=25 * n)
        attempt = quiz_services.start(student, quiz, now=began)
        answers = {}
        for place, item in enumerate(items):
            if item.kind == qi.ESSAY:  # every student writes something
                texts = essay_texts.get(item.pk, ())
                answers[item.pk] = texts[n % len(texts)] if texts else None
            elif not _SKIPPED[n % 3](place):
                answers[item.pk] = response(item.content, right=not _WRONG[n % 3](place))
        quiz_services.save_answers(attempt, answers, now=began + timedelta(minutes=9))
        quiz_services.submit(attempt, now=began + timedelta(minutes=14 + 3 * n))
    best = Answer.objects.filter(attempt__quiz=quiz, attempt__user__username=spec.students[0],
                                 needs_hand=True).select_related("item", "attempt")
    for answer in best:
        quiz_services.grade_by_hand(answer, teacher, answer.item.points, "Lời giải đầy đủ, trình bày rõ ràng.",
                                    now=start + timedelta(days=1))
