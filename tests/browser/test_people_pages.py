"""A school leader imports people through the real form in Chromium, on a phone."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect
from steps import assert_accessible, assert_no_horizontal_scroll, log_in

from lms.accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def people_file(tmp_path) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Tên đăng nhập", "Vai trò", "Lớp", "Tổ chuyên môn", "Email"])
    ws.append(["Phạm Minh Khoa", "", "Học sinh", "6A", "", ""])
    ws.append(["Vương Quốc Anh", "", "Giáo viên", "", "Tổ Toán – Tin", ""])
    path = tmp_path / "danh-sach.xlsx"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return str(path)


def import_file(page, platform_url, school, path, *, check_form=False):
    page.goto(f"{platform_url}/accounts/people/school/{school.pk}/import/")
    if check_form:
        assert_accessible(page)
    page.get_by_label("Bảng tính (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Kiểm tra và nhập").click()


def test_a_leader_imports_people_on_a_phone_and_reloading_creates_no_one_twice(
    mobile_page, demo_district, platform_url, artifacts_dir, tmp_path
):
    page = mobile_page
    school = demo_district.school("THCS-NT")
    log_in(page, platform_url, "hieutruong.nt")
    import_file(page, platform_url, school, people_file(tmp_path), check_form=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tạo 2 tài khoản")
    expect(page.locator("#credentials tbody tr")).to_have_count(2)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "people-import-done-360.png", full_page=True)

    page.reload()
    expect(page.locator("#credentials tbody tr")).to_have_count(2)
    assert User.objects.filter(full_name__in=["Phạm Minh Khoa", "Vương Quốc Anh"]).count() == 2

    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Tải danh sách mật khẩu (.xlsx)").click()
    assert downloaded.value.suggested_filename == "tai-khoan-ban-dau.xlsx"

    # the same file again: nobody twice, and the page says who already has an account
    import_file(page, platform_url, school, people_file(tmp_path))
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có tài khoản mới")
    expect(page.get_by_role("heading", level=2)).to_contain_text("2 người đã có tài khoản")
    expect(page.locator("#existing tbody tr")).to_have_count(2)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "people-import-again-360.png", full_page=True)
    assert User.objects.filter(full_name__in=["Phạm Minh Khoa", "Vương Quốc Anh"]).count() == 2
