"""The demo district: schools, groups, classes and people of every role.

Loaded by `manage.py seed_demo`; running it again changes nothing. The demo users
have known passwords, so it refuses to run outside DEMO_MODE.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from lms.accounts.models import Role, User
from lms.accounts.services import role_grant, user_create
from lms.organisation.models import (
    District, Level, Province, School, SchoolClass, SchoolYear, Semester, SubjectGroup,
)

DEMO_PASSWORD = "demo12345"

SCHOOLS = [
    # code, name, levels, groups, classes
    ("MN-HS", "Trường Mầm non Hoa Sen", ["mam-non"], ["Tổ Nhà trẻ", "Tổ Mẫu giáo"], ["Lá 1", "Chồi 1"]),
    ("TH-KD", "Trường Tiểu học Kim Đồng", ["tieu-hoc"], ["Tổ 1", "Tổ 4–5"], ["1A", "4A", "5A"]),
    ("TH-LTT", "Trường Tiểu học Lê Thị Thu", ["tieu-hoc"], ["Tổ 1–2", "Tổ 3–4–5"], ["3A", "5B"]),
    ("THCS-NT", "Trường THCS Nguyễn Trãi", ["thcs"], ["Tổ Toán – Tin", "Tổ Ngữ văn – Lịch sử – Địa lý", "Tổ Khoa học tự nhiên", "Tổ Ngoại ngữ"], ["6A", "6B", "8A", "9A"]),
    ("THCS-DT", "Trường THCS Đoàn Thị Điểm", ["thcs"], ["Tổ Toán – Tin", "Tổ Xã hội"], ["7A", "9B"]),
    ("THPT-LQD", "Trường THPT Lê Quý Đôn", ["thpt"], ["Tổ Toán", "Tổ Tin học – Công nghệ", "Tổ Ngữ văn"], ["10A1", "11A1", "12A1"]),
    ("TH-THCS-VD", "Trường Tiểu học và THCS Võ Thị Sáu", ["tieu-hoc", "thcs"], ["Tổ Tiểu học", "Tổ THCS"], ["2A", "6A"]),
]

# username, full name, email, [(role, school code, group name or None)]
PEOPLE = [
    ("chuyenvien", "Phạm Thị Hạnh", "hanh.pt@phonggd.example.vn", [(Role.DISTRICT_OFFICER, None, None)]),
    ("hieutruong.nt", "Lê Văn Minh", "", [(Role.SCHOOL_LEADER, "THCS-NT", None)]),
    ("hieutruong.kd", "Đỗ Thị Mai", "", [(Role.SCHOOL_LEADER, "TH-KD", None)]),
    ("totruong.toan", "Nguyễn Văn Hùng", "", [
        (Role.GROUP_LEADER, "THCS-NT", "Tổ Toán – Tin"), (Role.REVIEWER, "THCS-NT", "Tổ Toán – Tin"),
        (Role.TEACHER, "THCS-NT", "Tổ Toán – Tin"),
    ]),
    ("thamdinh.toan", "Trần Thị Thu Hà", "", [
        (Role.REVIEWER, "THCS-NT", "Tổ Toán – Tin"), (Role.TEACHER, "THCS-NT", "Tổ Toán – Tin"),
    ]),
    ("giaovien.toan", "Hoàng Minh Đức", "duc.hm@example.edu.vn", [(Role.TEACHER, "THCS-NT", "Tổ Toán – Tin")]),
    ("giaovien.van", "Vũ Thị Ngọc Ánh", "", [(Role.TEACHER, "THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý")]),
    ("giaovien.tin", "Bùi Quang Huy", "", [(Role.TEACHER, "THPT-LQD", "Tổ Tin học – Công nghệ")]),
    ("giaovien.th", "Ngô Thị Lan", "", [(Role.TEACHER, "TH-KD", "Tổ 4–5")]),
    ("giamkhao", "Đặng Văn Tùng", "", [(Role.JUDGE, None, None), (Role.TEACHER, "THPT-LQD", "Tổ Toán")]),
    ("hocsinh.6a", "Phan Gia Bảo", "", [(Role.STUDENT, "THCS-NT", None)]),
    ("hocsinh.5a", "Lý Khánh Linh", "", [(Role.STUDENT, "TH-KD", None)]),
]
STUDENT_CLASSES = {"hocsinh.6a": ("THCS-NT", "6A"), "hocsinh.5a": ("TH-KD", "5A")}


@transaction.atomic
def seed_demo(*, start_year: int = 2025) -> dict:
    province, _ = Province.objects.get_or_create(code="DEMO", defaults={"name": "Sở GD&ĐT tỉnh Demo"})
    district, _ = District.objects.get_or_create(
        code="DEMO-AN", defaults={"province": province, "name": "Phòng GD&ĐT huyện An Phú"}
    )
    year, _ = SchoolYear.objects.get_or_create(
        start_year=start_year,
        defaults={
            "start_date": datetime.date(start_year, 9, 5),
            "end_date": datetime.date(start_year + 1, 5, 31),
            "is_current": not SchoolYear.objects.filter(is_current=True).exists(),
        },
    )
    Semester.objects.get_or_create(
        school_year=year, code="HK1",
        defaults={"start_date": datetime.date(start_year, 9, 5), "end_date": datetime.date(start_year + 1, 1, 15)},
    )
    Semester.objects.get_or_create(
        school_year=year, code="HK2",
        defaults={"start_date": datetime.date(start_year + 1, 1, 16), "end_date": datetime.date(start_year + 1, 5, 31)},
    )
    levels = {level.code: level for level in Level.objects.all()}
    schools, groups, classes = {}, {}, {}
    for code, name, level_codes, group_names, class_names in SCHOOLS:
        school, _ = School.objects.get_or_create(code=code, defaults={"district": district, "name": name})
        school.levels.add(*[levels[c] for c in level_codes])
        schools[code] = school
        for group_name in group_names:
            groups[(code, group_name)], _ = SubjectGroup.objects.get_or_create(school=school, name=group_name)
        for class_name in class_names:
            grade = int("".join(ch for ch in class_name if ch.isdigit())[:2] or 0) or None
            if code.startswith("MN"):
                grade = None
            classes[(code, class_name)], _ = SchoolClass.objects.get_or_create(
                school=school, school_year=year, name=class_name, defaults={"grade": grade}
            )

    created = 0
    for username, full_name, email, grants in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            school_class = classes.get(STUDENT_CLASSES.get(username, (None, None)))
            user = user_create(
                full_name=full_name, username=username, password=DEMO_PASSWORD, email=email,
                must_change_password=False, school_class=school_class,
            )
            created += 1
        for role, school_code, group_name in grants:
            if group_name:
                unit = groups[(school_code, group_name)]
            elif school_code:
                unit = schools[school_code]
            else:
                unit = district
            role_grant(user=user, role=role, unit=unit)

    if not User.objects.filter(username="admin").exists():
        admin = User.objects.create_superuser(
            username="admin", email="", password=DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
        admin.save()
        created += 1
    return {"schools": len(schools), "users_created": created}
