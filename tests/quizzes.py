"""Builders for the quiz engine's tests (lms.quiz): questions of every kind as the bank
stores them, a quiz of them, and a test policy granting who takes and who reads results
(the repository registers the real ones; lms.quiz grants nothing by itself)."""

from __future__ import annotations

from contextlib import contextmanager

from lms.accounts.models import User
from lms.quiz import access, services

SINGLE = {"kind": "single", "stem": "Nghiệm của phương trình \\(x^2 = 4\\) với \\(x > 0\\) là", "text_format": "plain",
          "options": [{"text": "\\(x = 1\\)", "fraction": 0, "feedback": "Thử lại: \\(1^2 = 1\\)", "fixed": False},
                      {"text": "\\(x = 2\\)", "fraction": 1, "feedback": "Đúng: \\(2^2 = 4\\)", "fixed": False},
                      {"text": "\\(x = 4\\)", "fraction": 0, "feedback": "", "fixed": False},
                      {"text": "Cả A và B", "fraction": 0, "feedback": "", "fixed": True}],
          "general_feedback": "Lấy căn bậc hai hai vế."}
MULTIPLE = {"kind": "multiple", "stem": "Những số nào là số nguyên tố?", "text_format": "plain",
            "options": [{"text": "2", "fraction": 0.5, "feedback": ""}, {"text": "4", "fraction": -1, "feedback": ""},
                        {"text": "7", "fraction": 0.5, "feedback": ""}]}
TRUE_FALSE = {"kind": "true_false", "stem": "Hà Nội là thủ đô của Việt Nam.", "truth": True}
GROUP = {"kind": "true_false_group", "stem": "Cho hàm số \\(y = 2x + 1\\). Xét tính đúng sai:", "statements": [
    {"text": "Hàm số đồng biến trên \\(\\mathbb{R}\\).", "truth": True, "feedback": ""},
    {"text": "Đồ thị đi qua điểm \\((0; 1)\\).", "truth": True, "feedback": ""},
    {"text": "Hệ số góc bằng 1.", "truth": False, "feedback": "Hệ số góc bằng 2."},
    {"text": "\\(y(1) = 4\\).", "truth": False, "feedback": ""}]}
SHORT = {"kind": "short_text", "stem": "Sông nào dài nhất Việt Nam (chảy trên lãnh thổ)?", "case_sensitive": False,
         "options": [{"text": "Sông Đồng Nai", "fraction": 1, "feedback": ""},
                     {"text": "Đồng Nai", "fraction": 1, "feedback": ""}]}
NUMERIC = {"kind": "numeric", "stem": "Tính \\(\\sqrt{2}\\) (làm tròn đến hàng phần trăm).",
           "numeric": [{"value": 1.41, "tolerance": 0.005, "fraction": 1, "feedback": ""}]}
MATCHING = {"kind": "matching", "stem": "Nối mỗi tỉnh với vùng của nó.",
            "pairs": [["Lào Cai", "Trung du và miền núi phía Bắc"], ["Cần Thơ", "Đồng bằng sông Cửu Long"]],
            "distractors": ["Tây Nguyên"]}
CLOZE = {"kind": "cloze", "stem": "Thủ đô của Việt Nam là [[1]]; sông dài nhất chảy qua nước ta là sông [[2]].",
         "case_sensitive": False,
         "blanks": [[{"text": "Hà Nội", "fraction": 1, "feedback": ""}],
                    [{"text": "Hồng", "fraction": 0, "feedback": ""}, {"text": "Mê Kông", "fraction": 1, "feedback": ""}]]}
ESSAY = {"kind": "essay", "stem": "Trình bày cách giải phương trình bậc hai.", "model_answer": "Dùng biệt thức Δ.",
         "rubric": "1 điểm công thức, 1 điểm ví dụ."}

EVERY_KIND = [SINGLE, MULTIPLE, TRUE_FALSE, GROUP, SHORT, NUMERIC, MATCHING, CLOZE, ESSAY]
# The responses that earn every point of each objective item above, in order.
RIGHT = [1, [0, 2], True, [True, True, False, False], "đồng nai", "1,41",
         ["Trung du và miền núi phía Bắc", "Đồng bằng sông Cửu Long"], ["hà nội", "Mê Kông"]]


def make_quiz(owner=None, contents=None, points=None, title="Kiểm tra 15 phút – Toán 6", **settings):
    contents = EVERY_KIND if contents is None else contents
    points = points or [1.0] * len(contents)
    settings.setdefault("attempts_allowed", None)
    return services.create_quiz(title=title, owner=owner, items=[
        {"content": c, "points": p, "label": f"Câu {i}"} for i, (c, p) in enumerate(zip(contents, points), start=1)
    ], **settings)


def make_student(username, full_name, school_class=None) -> User:
    user = User(username=username, full_name=full_name, school_class=school_class)
    user.set_unusable_password()  # no hashing: the tests log in with force_login
    user.save()
    return user


class Policy:
    """Grants by username: `takers` take every quiz, `readers` read every quiz's results."""

    def __init__(self, takers=(), readers=()):
        self.takers, self.readers = set(takers), set(readers)

    def take(self, user, quiz) -> bool:
        return user.username in self.takers

    def read(self, user, quiz) -> bool:
        return user.username in self.readers


@contextmanager
def granted(takers=(), readers=()):
    policy = Policy(takers, readers)
    access.register_take_policy(policy.take)
    access.register_results_policy(policy.read)
    try:
        yield policy
    finally:
        access.unregister_take_policy(policy.take)
        access.unregister_results_policy(policy.read)


def form_data(items, responses) -> dict:
    """The quiz page's form fields giving `responses` (JSON, per item in order), as a
    browser sends them."""
    data = {}
    for item, response in zip(items, responses):
        name, kind = f"q{item.pk}", item.content["kind"]
        if response is None:
            continue
        if kind in ("true_false",):
            data[name] = "true" if response else "false"
        elif kind == "true_false_group":
            for i, judged in enumerate(response):
                if judged is not None:
                    data[f"{name}-{i}"] = "true" if judged else "false"
        elif kind in ("matching", "cloze"):
            for i, value in enumerate(response):
                if value is not None:
                    data[f"{name}-{i}"] = value
        elif kind == "multiple":
            data[name] = [str(i) for i in response]
        else:
            data[name] = str(response)
    return data
