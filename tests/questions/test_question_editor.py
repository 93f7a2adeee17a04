"""The teacher's question editor through HTTP (issue 16: "editing a published question
makes a new version; exams and attempts keep the version they used"): a question of
each kind written in plain fields and stored as the neutral form's content; bad input
refused per field in Vietnamese with nothing lost; a published question edited keeps
its published version until a reviewer approves, and an exam drawn before keeps the old
one; a question in review is withdrawn before it is changed; others never reach it."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowState

from factories import approve_group_stage, make_bank, make_question, task_state
from repository.models import Question
from repository.questions import exam_services
from repository.questions.exams import blueprint as blueprints


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield



def content(kind, stem, **fields):
    """The stored content of a question: the neutral form's keys, empty but for `fields`."""
    return {"kind": kind, "stem": stem, "text_format": "plain", "options": [], "truth": None, "numeric": [],
            "pairs": [], "distractors": [], "case_sensitive": False, "blanks": [], "statements": [],
            "general_feedback": "", "model_answer": "", "rubric": "", **fields}


def option(text, fraction=0.0, fixed=False, feedback=""):
    return {"text": text, "fraction": fraction, "feedback": feedback, "fixed": fixed}


def statement(text, truth):
    return {"text": text, "truth": truth, "feedback": ""}


def form(kind, stem, **fields):
    return {"kind": kind, "stem": stem, "points": "1", "action": "save", **fields}


# What a teacher types for each kind, and what the bank stores.
KINDS = [
    (form("single", "Kết quả của \\(2 + 3\\) là", options="4\n*5\n  6  \n#Cả ba đều sai\n"),
     content("single", "Kết quả của \\(2 + 3\\) là", options=[
         option("4"), option("5", 1.0), option("6"), option("Cả ba đều sai", fixed=True)])),
    (form("multiple", "Những số nào là số nguyên tố?", options="*2\n*3\n4\n*#\\*5 (dấu sao)\n#Không số nào"),
     content("multiple", "Những số nào là số nguyên tố?", options=[
         option("2", 1 / 3), option("3", 1 / 3), option("4"), option("*5 (dấu sao)", 1 / 3, fixed=True),
         option("Không số nào", fixed=True)])),
    (form("true_false", "Số 1 là số nguyên tố.", truth="false", general_feedback="Số 1 chỉ có một ước."),
     content("true_false", "Số 1 là số nguyên tố.", truth=False, general_feedback="Số 1 chỉ có một ước.")),
    (form("true_false_group", "Cho hàm số \\(y = x^2\\).", statement_a="Hàm số đồng biến trên \\((0; +\\infty)\\).",
          statement_a_truth="true", statement_b="Đồ thị đi qua \\((1; 2)\\).", statement_b_truth="false",
          statement_c="Hàm số có giá trị nhỏ nhất bằng 0.", statement_c_truth="true",
          statement_d="Đồ thị nhận trục hoành làm trục đối xứng.", statement_d_truth="false"),
     content("true_false_group", "Cho hàm số \\(y = x^2\\).", statements=[
         statement("Hàm số đồng biến trên \\((0; +\\infty)\\).", True), statement("Đồ thị đi qua \\((1; 2)\\).", False),
         statement("Hàm số có giá trị nhỏ nhất bằng 0.", True),
         statement("Đồ thị nhận trục hoành làm trục đối xứng.", False)])),
    (form("short_text", "Thủ đô của Việt Nam là", answers="Hà Nội\nHa Noi\n~Huế", case_sensitive="on"),
     content("short_text", "Thủ đô của Việt Nam là", case_sensitive=True,
             options=[option("Hà Nội", 1.0), option("Ha Noi", 1.0), option("Huế")])),
    (form("numeric", "Giá trị gần đúng của \\(\\pi\\) là", numeric_value="3,14", numeric_tolerance="0,01"),
     content("numeric", "Giá trị gần đúng của \\(\\pi\\) là",
             numeric=[{"value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": ""}])),
    (form("matching", "Ghép mỗi nước với thủ đô của nó.", pairs="Việt Nam → Hà Nội\nLào -> Viêng Chăn\n",
          distractors="Băng Cốc"),
     content("matching", "Ghép mỗi nước với thủ đô của nó.", pairs=[["Việt Nam", "Hà Nội"], ["Lào", "Viêng Chăn"]],
             distractors=["Băng Cốc"])),
    (form("cloze", "Thủ đô của Việt Nam là [[1]], một nửa là [[2]].", blanks="Hà Nội / Ha Noi / ~Huế\n1\\/2 / 0,5"),
     content("cloze", "Thủ đô của Việt Nam là [[1]], một nửa là [[2]].", blanks=[
         [option("Hà Nội", 1.0), option("Ha Noi", 1.0), option("Huế")], [option("1/2", 1.0), option("0,5", 1.0)]])),
    (form("essay", "Chứng minh rằng \\(\\sqrt 2\\) là số vô tỉ.", model_answer="Giả sử \\(\\sqrt 2 = p/q\\)…",
          rubric="Giả sử đúng: 0,5 điểm."),
     content("essay", "Chứng minh rằng \\(\\sqrt 2\\) là số vô tỉ.", model_answer="Giả sử \\(\\sqrt 2 = p/q\\)…",
             rubric="Giả sử đúng: 0,5 điểm.")),
]


def test_a_question_of_each_kind_is_written_and_stored_as_the_neutral_form(demo, login, bank):
    client = login(demo.user("giaovien.toan"))
    page = client.get(reverse("questions:question_new", args=[bank.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    # Without JavaScript every kind's fields are on the page; the script only hides them.
    assert html.count("data-kinds=") == 9 and " hidden" not in html
    assert 'src="/static/js/question-form.js"' in html
    assert '<option value="Biết">Biết</option>' in html  # the district's level set
    for fields, stored in KINDS:
        response = client.post(reverse("questions:question_new", args=[bank.pk]), fields)
        assert response.status_code == 302, (fields["kind"], response.content.decode()[-3000:])
        question = Question.objects.latest("pk")
        assert response["Location"] == reverse("questions:question", args=[question.pk])
        assert question.content == stored, fields["kind"]
        assert question.kind == fields["kind"] and not question.live and question.latest_revision.content["content"] == stored
        assert question.owner == demo.user("giaovien.toan") and question.grade == bank.grade
        assert not WorkflowState.objects.for_instance(question).exists()
    assert Question.objects.filter(bank=bank).count() == len(KINDS)
    cloze = Question.objects.get(kind="cloze")
    assert cloze.title == "Thủ đô của Việt Nam là …1, một nửa là …2."
    shown = client.get(reverse("questions:question", args=[cloze.pk])).content.decode()
    assert "Câu hỏi đã được lưu nháp. Chỉ bạn xem được." in shown
    assert "(…1…)" in shown and "Hà Nội / Ha Noi" in shown


def test_metadata_and_sending_to_review(demo, login, bank):
    from repository.questions.services import fingerprint

    client = login(demo.user("giaovien.toan"))
    fields = form("single", "  Số nhỏ nhất có hai chữ số là  ", options="*10\n11\n99", topic=" Số tự nhiên ",
                  cognitive_level="Hiểu", difficulty="easy", points="0,25", source="SGK Toán 6",
                  tags="số tự nhiên, Chương 1, số tự nhiên", action="submit")
    response = client.post(reverse("questions:question_new", args=[bank.pk]), fields)
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.topic, question.cognitive_level, question.difficulty, str(question.points), question.source) == \
        ("Số tự nhiên", "Hiểu", "easy", "0.25", "SGK Toán 6")
    assert sorted(t.name for t in question.keywords.all()) == ["Chương 1", "số tự nhiên"]
    assert question.title == "Số nhỏ nhất có hai chữ số là"
    assert question.fingerprint == fingerprint(question.content)
    assert WorkflowState.objects.for_instance(question).get().status == "in_progress"
    page = client.get(response["Location"]).content.decode()
    assert "Câu hỏi đã được gửi tổ chuyên môn thẩm định." in page
    assert "Rút lại khỏi thẩm định" in page  # the author may withdraw it


# (fields, the field the message is tied to, the exact message)
BAD = [
    (form("", "Câu hỏi"), "kind", "Hãy chọn dạng câu hỏi."),
    (form("single", ""), "stem", "Hãy viết nội dung câu hỏi."),
    (form("single", "Câu hỏi", options="*Một"), "options", "Hãy viết ít nhất hai phương án, mỗi phương án một dòng."),
    (form("single", "Câu hỏi", options="A\nB"), "options",
     "Hãy đánh dấu phương án đúng: viết “*” ở đầu dòng của nó."),
    (form("single", "Câu hỏi", options="*A\n*B\nC"), "options",
     "Câu một lựa chọn đúng chỉ có một phương án đúng: chỉ một dòng được bắt đầu bằng “*”. "
     "Nếu có nhiều phương án đúng, hãy chọn dạng “Nhiều lựa chọn đúng”."),
    (form("multiple", "Câu hỏi", options="*A\n*#\nC"), "options",
     "Dòng 2 có dấu đánh dấu nhưng không có phương án."),
    (form("true_false", "Câu hỏi"), "truth", "Hãy chọn Đúng hoặc Sai."),
    (form("true_false_group", "Câu hỏi", statement_a="Ý một", statement_a_truth="true", statement_b="Ý hai",
          statement_b_truth="false", statement_c="Ý ba", statement_c_truth="true"), "statement_d",
     "Hãy viết ý d)."),
    (form("true_false_group", "Câu hỏi", statement_a="Ý một", statement_b="Ý hai", statement_b_truth="false",
          statement_c="Ý ba", statement_c_truth="true", statement_d="Ý bốn", statement_d_truth="true"),
     "statement_a_truth", "Hãy chọn Đúng hoặc Sai cho ý a)."),
    (form("short_text", "Câu hỏi", answers="~Huế"), "answers", "Hãy viết ít nhất một đáp án được chấp nhận."),
    (form("numeric", "Câu hỏi", numeric_value="ba phẩy một"), "numeric_value", "Hãy viết số đúng, ví dụ 3,14."),
    (form("numeric", "Câu hỏi", numeric_value="3,14", numeric_tolerance="-1"), "numeric_tolerance",
     "Sai số cho phép là một số từ 0 trở lên, ví dụ 0,01."),
    (form("matching", "Câu hỏi", pairs="Việt Nam → Hà Nội\nLào"), "pairs",
     "Dòng 2: hãy viết vế trái, dấu “→”, rồi vế ghép với nó."),
    (form("matching", "Câu hỏi", pairs="Việt Nam → Hà Nội"), "pairs", "Hãy viết ít nhất hai cặp, mỗi cặp một dòng."),
    (form("cloze", "Không có chỗ trống", blanks="a"), "stem",
     "Hãy viết [[1]] ở chỗ trống thứ nhất, [[2]] ở chỗ trống thứ hai…"),
    (form("cloze", "Điền [[1]] và [[3]]", blanks="a\nb"), "stem",
     "Hãy đánh số chỗ trống [[1]], [[2]]… theo thứ tự, mỗi số một lần (đang có: [[1]], [[3]])."),
    (form("cloze", "Điền [[1]] và [[2]]", blanks="a"), "blanks",
     "Hãy viết mỗi chỗ trống một dòng đáp án: câu hỏi có 2 chỗ trống, bạn đã viết 1 dòng."),
    (form("cloze", "Điền [[1]]", blanks="a // b"), "blanks",
     "Dòng 1: có đáp án trống (hai dấu “/” liền nhau, hoặc dấu “/” ở đầu hay cuối dòng)."),
    (form("cloze", "Điền [[1]]", blanks="~a / ~b"), "blanks", "Dòng 1: hãy viết ít nhất một đáp án đúng (không có “~”)."),
    ({**form("essay", "Câu hỏi"), "points": "0"}, "points", "Điểm là một số lớn hơn 0, ví dụ 1 hoặc 0,25."),
    ({**form("essay", "Câu hỏi"), "points": "0,125"}, "points", "Điểm có nhiều nhất hai chữ số thập phân, ví dụ 0,25."),
]


def test_bad_input_is_refused_per_field_in_vietnamese_and_nothing_is_lost(demo, login, bank):
    client = login(demo.user("giaovien.toan"))
    for fields, field, message in BAD:
        response = client.post(reverse("questions:question_new", args=[bank.pk]), fields)
        html = response.content.decode()
        assert response.status_code == 400, fields
        assert f'<ul class="errorlist" id="id_{field}_errors"><li>{message}</li></ul>' in html, (message, html)
        assert "Câu hỏi chưa được lưu: hãy sửa các mục được đánh dấu bên dưới." in html
        for name, value in fields.items():  # what was typed is on the page again
            if name not in ("action", "kind") and value and "truth" not in name and name != "case_sensitive":
                assert value.replace("\n", "") in html.replace("\r\n", "").replace("\n", "").replace("&gt;", ">") \
                    .replace("&quot;", '"').replace("&#x27;", "'"), (name, value)
    assert not Question.objects.exists()


def _blueprint_exam(author, bank, title):
    spec = blueprints.Blueprint(levels=["Biết", "Hiểu", "Vận dụng"], topics=["Số tự nhiên"],
                                cells=[blueprints.Cell("Số tự nhiên", "Biết", 1, 10.0)],
                                shares={"Biết": 100, "Hiểu": 0, "Vận dụng": 0}, total_points=10)
    blueprint = exam_services.blueprint_save(user=author, bank=bank, name=title, spec=spec)
    return exam_services.exam_create(user=author, blueprint=blueprint, title=title, seed="edit")


def test_editing_a_published_question_keeps_it_until_approved_and_exams_keep_their_version(demo, login, bank):
    author = demo.user("giaovien.toan")
    question = make_question(bank, "Kết quả của \\(2 + 3\\) là", topic="Số tự nhiên", state="published")
    published = dict(question.content)
    before = _blueprint_exam(author, bank, "Kiểm tra trước khi sửa")
    client = login(author)

    bank_page = client.get(reverse("questions:bank", args=[bank.pk])).content.decode()
    edit_url = reverse("questions:question_edit", args=[question.pk])
    assert f'<a href="{edit_url}" class="edit-link" data-edit-question="{question.pk}">Sửa</a>' in bank_page
    assert f'href="{reverse("questions:question_new", args=[bank.pk])}">Viết câu hỏi</a>' in bank_page
    page = client.get(edit_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert ">\n4\n*5\n6\n7</textarea>" in html  # the options, one per line, the key starred
    assert 'value="Số tự nhiên"' in html and "Bản đã duyệt vẫn được dùng" in html

    edited = form("single", "Kết quả của \\(2 + 4\\) là", options="4\n5\n*6\n7", topic="Số tự nhiên",
                  cognitive_level="Biết", action="submit")
    assert client.post(edit_url, edited).status_code == 302
    question.refresh_from_db()
    assert question.live and question.content == published and question.title == "Kết quả của \\(2 + 3\\) là"
    latest = question.get_latest_revision_as_object()
    assert latest.content["stem"] == "Kết quả của \\(2 + 4\\) là" and latest.title == "Kết quả của \\(2 + 4\\) là"
    assert WorkflowState.objects.for_instance(question).get(status="in_progress")
    # The author sees the changes waiting under the published version; another teacher only the published one.
    own = client.get(reverse("questions:question", args=[question.pk])).content.decode()
    assert "Bản sửa của bạn, chưa được duyệt" in own and "\\(2 + 4\\)" in own
    waiting = client.get(edit_url)
    assert waiting.status_code == 409 and "Câu hỏi này đang chờ tổ chuyên môn thẩm định nên chưa sửa được." in \
        waiting.content.decode()
    assert client.post(edit_url, edited).status_code == 409
    client.logout()
    other = login(demo.user("giaovien.van"))
    seen = other.get(reverse("questions:question", args=[question.pk])).content.decode()
    assert "\\(2 + 3\\)" in seen and "\\(2 + 4\\)" not in seen and "Bản sửa của bạn" not in seen

    approve_group_stage(question)
    question.refresh_from_db()
    assert question.content["stem"] == "Kết quả của \\(2 + 4\\) là" and question.content["options"][2]["fraction"] == 1.0
    assert not question.has_unpublished_changes
    (old, *_rest), = [exam_services.exam_questions(before)]
    assert old[0].stem == "Kết quả của \\(2 + 3\\) là" and [o.correct for o in old[0].options] == [False, True, False, False]
    after = _blueprint_exam(author, bank, "Kiểm tra sau khi sửa")
    assert exam_services.exam_questions(after)[0][0].stem == "Kết quả của \\(2 + 4\\) là"


def test_a_draft_is_changed_in_place_keeping_what_the_lines_do_not_show(demo, login, bank):
    stored = content("multiple", "Chọn các số chẵn", options=[
        option("2", 0.5, feedback="Đúng: 2 chia hết cho 2."), option("4", 0.5), option("5", -1.0, feedback="5 lẻ.")],
        general_feedback="Số chẵn chia hết cho 2.")
    question = make_question(bank, content=stored, state="draft")
    client = login(demo.user("giaovien.toan"))
    url = reverse("questions:question_edit", args=[question.pk])
    # Each option's feedback after "//" on its line; the shares (partial, negative) are not shown.
    assert ">\n*2 // Đúng: 2 chia hết cho 2.\n*4\n5 // 5 lẻ.</textarea>" in client.get(url).content.decode()
    response = client.post(url, form("multiple", "Chọn các số chẵn nhỏ hơn 10",
                                     options="*2 // Đúng: 2 chia hết cho 2.\n*4\n5\n7 //  7 lẻ, \\// là hai dấu gạch.",
                                     general_feedback="Số chẵn chia hết cho 2."))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.content == content("multiple", "Chọn các số chẵn nhỏ hơn 10", options=[
        option("2", 0.5, feedback="Đúng: 2 chia hết cho 2."), option("4", 0.5), option("5", -1.0),
        option("7", feedback="7 lẻ, // là hai dấu gạch.")], general_feedback="Số chẵn chia hết cho 2.")
    assert question.title == "Chọn các số chẵn nhỏ hơn 10" and not question.live
    assert question.latest_revision.content["content"] == question.content


def test_a_question_in_review_is_withdrawn_before_it_changes_and_one_sent_back_is_sent_again(demo, login, bank):
    question = make_question(bank, state="in_review")
    client = login(demo.user("giaovien.toan"))
    edit_url = reverse("questions:question_edit", args=[question.pk])
    bank_page = client.get(reverse("questions:bank", args=[bank.pk])).content.decode()
    assert f'data-edit-question="{question.pk}"' not in bank_page
    waiting = client.get(edit_url)
    assert waiting.status_code == 409
    assert f'action="{reverse("questions:question_withdraw", args=[question.pk])}"' in waiting.content.decode()
    withdrawn = client.post(reverse("questions:question_withdraw", args=[question.pk]))
    assert withdrawn.status_code == 302 and withdrawn["Location"] == edit_url
    assert not WorkflowState.objects.for_instance(question).filter(status="in_progress").exists()
    assert client.get(edit_url).status_code == 200
    again = client.post(reverse("questions:question_withdraw", args=[question.pk]))
    assert again.status_code == 302 and again["Location"] == reverse("questions:question", args=[question.pk])

    client.post(edit_url, form("single", "Kết quả của \\(2 + 3\\) bằng", options="4\n*5\n6\n7", action="submit"))
    state = task_state(question)
    state.task.specific.on_action(state, demo.user("thamdinh.toan"), "reject", comment="Thêm đơn vị.")
    bank_page = client.get(reverse("questions:bank", args=[bank.pk])).content.decode()
    assert f'class="edit-link" data-edit-question="{question.pk}">Sửa và gửi lại</a>' in bank_page
    page = client.get(edit_url).content.decode()
    assert "Bị trả lại: cần chỉnh sửa" in page and "Thêm đơn vị." in page
    client.post(edit_url, form("single", "Kết quả của \\(2 + 3\\) bằng bao nhiêu đơn vị", options="4\n*5\n6\n7",
                               action="submit"))
    assert WorkflowState.objects.for_instance(question).get(status="in_progress").pk == state.workflow_state_id


def test_others_never_reach_the_editor(demo, login, bank):
    draft = make_question(bank, state="draft")
    published = make_question(bank, "Câu đã duyệt", state="published")
    edited = form("single", "Đổi", options="*1\n2")
    for username in ("giaovien.van", "thamdinh.toan", "chuyenvien", "hocsinh.6a"):
        client = login(demo.user(username))
        for question in (draft, published):
            assert client.get(reverse("questions:question_edit", args=[question.pk])).status_code == 404, username
            assert client.post(reverse("questions:question_edit", args=[question.pk]), edited).status_code == 404
            assert client.post(reverse("questions:question_withdraw", args=[question.pk])).status_code == 404
        question_page = client.get(reverse("questions:question", args=[published.pk])).content.decode()
        assert "data-edit-question" not in question_page
        client.logout()
    other = login(demo.user("giaovien.van"))  # another group: the bank is not his
    assert other.post(reverse("questions:question_new", args=[bank.pk]), edited).status_code == 404
    other.logout()
    officer = login(demo.user("chuyenvien"))  # reads the bank, writes in none
    assert officer.get(reverse("questions:question_new", args=[bank.pk])).status_code == 403
    for question in (draft, published):
        question.refresh_from_db()
        assert question.content["stem"] != "Đổi"
    assert Question.objects.count() == 2


def test_a_bank_without_a_grade_asks_for_the_question_s(demo, login):
    from repository.models import Grade, QuestionBank

    bank = make_bank(demo)
    QuestionBank.objects.filter(pk=bank.pk).update(grade=None)
    client = login(demo.user("giaovien.toan"))
    url = reverse("questions:question_new", args=[bank.pk])
    refused = client.post(url, form("true_false", "Số 0 là số tự nhiên.", truth="true"))
    assert refused.status_code == 400
    assert '<ul class="errorlist" id="id_grade_errors"><li>Hãy chọn khối lớp của câu hỏi này.</li></ul>' in \
        refused.content.decode()
    seventh = Grade.objects.get(level=bank.level, number=7)
    assert client.post(url, form("true_false", "Số 0 là số tự nhiên.", truth="true", grade=seventh.pk)).status_code == 302
    assert Question.objects.get().grade == seventh


def test_a_question_with_an_image_stays_html_and_keeps_its_image_through_review(demo, login, bank):
    question = make_question(bank, "Hình bên có mấy cạnh?", image=True, state="published")
    stem = question.content["stem"]
    client = login(demo.user("giaovien.toan"))
    url = reverse("questions:question_edit", args=[question.pk])
    page = client.get(url).content.decode()
    assert "Câu hỏi này viết bằng HTML" in page and "&lt;img src=&quot;media:hinh.png&quot;" in page
    response = client.post(url, form("single", stem, options="3\n*4\n5\n6", action="submit"))
    assert response.status_code == 302
    approve_group_stage(question)
    question.refresh_from_db()
    assert question.content["text_format"] == "html" and question.content["stem"] == stem
    assert [o["fraction"] for o in question.content["options"]] == [0.0, 1.0, 0.0, 0.0]
    assert list(question.media.values_list("name", flat=True)) == ["hinh.png"]
    shown = client.get(reverse("questions:question", args=[question.pk])).content.decode()
    assert f'src="{reverse("questions:media", args=[question.media.get().pk])}"' in shown
