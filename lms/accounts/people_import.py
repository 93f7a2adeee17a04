"""Bulk creation of a school's teachers and students from an XLSX file.

Every row is checked first; if any row is wrong nothing is saved and each problem is
reported with its row number. The file is read by lms.core.tabular (checked by content
and its unpacked size bounded before openpyxl reads it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from lms.accounts.models import Role, RoleAssignment, User
from lms.accounts.services import generate_password, role_grant, user_create, username_suggest
from lms.core import tabular
from lms.core.spreadsheets import append_row
from lms.core.tabular import ImportFileError  # noqa: F401  (raised from here, caught by the views)
from lms.core.text import fold
from lms.organisation.models import School, SchoolClass, SchoolYear, SubjectGroup

# Column keys and their Vietnamese headers in the template.
COLUMNS = [
    ("full_name", "Họ và tên"),
    ("username", "Tên đăng nhập"),
    ("role", "Vai trò"),
    ("school_class", "Lớp"),
    ("subject_group", "Tổ chuyên môn"),
    ("email", "Email"),
]
REQUIRED = {"full_name", "role"}
ROLE_WORDS = {
    "giao vien": Role.TEACHER, "gv": Role.TEACHER, "teacher": Role.TEACHER,
    "hoc sinh": Role.STUDENT, "hs": Role.STUDENT, "student": Role.STUDENT,
}


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ParsedRow:
    row: int
    full_name: str
    username: str
    role: str
    school_class: SchoolClass | None
    subject_group: SubjectGroup | None
    email: str


@dataclass
class CreatedPerson:
    full_name: str
    username: str
    password: str
    role_label: str
    unit: str


@dataclass
class ExistingPerson:
    """A row whose person already has an account here: nothing is created for it."""

    row: int
    full_name: str
    username: str


@dataclass
class ImportResult:
    created: list[CreatedPerson] = field(default_factory=list)
    existing: list[ExistingPerson] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# The template's examples (older templates had them on the list sheet itself).
EXAMPLE_ROWS = (
    ("Nguyễn Văn An", "", "Giáo viên", "", "Tổ Toán – Tin", "an.nguyen@example.edu.vn"),
    ("Trần Thị Bình", "", "Học sinh", "6A", "", ""),
)
_EXAMPLE_KEYS = {(fold(row[0]), ROLE_WORDS[fold(row[2])], fold(row[3]), row[5]) for row in EXAMPLE_ROWS}


def _is_example(r: "ParsedRow") -> bool:
    """One of the examples, where older templates had them (rows 2 and 3)."""
    if r.row not in (2, 3):
        return False
    class_name = fold(r.school_class.name) if r.school_class else ""
    return (fold(r.full_name), r.role, class_name, r.email) in _EXAMPLE_KEYS


def template_workbook(school: School | None = None) -> bytes:
    """The blank template, with the school's classes and groups as examples."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    append_row(ws, [header for _key, header in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEF", (28, 20, 14, 10, 24, 30)):
        ws.column_dimensions[col].width = width
    roles = DataValidation(type="list", formula1='"Giáo viên,Học sinh"', allow_blank=False)
    ws.add_data_validation(roles)
    roles.add("C2:C5000")
    notes = wb.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng là một người. Bắt buộc: Họ và tên, Vai trò (Giáo viên hoặc Học sinh).",
        "Tên đăng nhập: để trống để hệ thống tự tạo.",
        "Lớp: bắt buộc với học sinh, là tên lớp của năm học hiện tại (ví dụ 6A).",
        "Tổ chuyên môn: không bắt buộc, với giáo viên, đúng tên tổ của trường.",
        "Email: không bắt buộc.",
    ):
        append_row(notes, [line])
    # The examples stay here, not on the list: left in, they were imported as people.
    append_row(notes, [])
    append_row(notes, ["Ví dụ (không nhập dòng này):", *EXAMPLE_ROWS[0]])
    append_row(notes, ["Ví dụ (không nhập dòng này):", *EXAMPLE_ROWS[1]])
    if school is not None:
        append_row(notes, [])
        append_row(notes, ["Các lớp của trường:", ", ".join(c.name for c in current_classes(school))])
        append_row(notes, ["Các tổ chuyên môn:", ", ".join(g.name for g in school.subject_groups.all())])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def current_classes(school: School):
    year = SchoolYear.objects.filter(is_current=True).first()
    return SchoolClass.objects.filter(school=school, school_year=year).order_by("grade", "name")


def parse(data: bytes, school: School) -> tuple[list[ParsedRow], list[RowError]]:
    classes = {fold(c.name): c for c in current_classes(school)}
    groups = {fold(g.name): g for g in school.subject_groups.all()}
    parsed, errors = [], []
    for row in tabular.rows(data, COLUMNS, max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES,
                            max_rows=settings.PEOPLE_IMPORT_MAX_ROWS, required=REQUIRED):
        parsed_row, row_errors = _parse_row(row, classes, groups)
        errors.extend(row_errors)
        if parsed_row:
            parsed.append(parsed_row)
    if not parsed and not errors:
        raise ImportFileError(_("The file has no rows of people under its header."))
    return parsed, errors


def _parse_row(row: tabular.Row, classes, groups):
    number = row.number
    errors = [RowError(number, message) for message in row.control_character_errors()]
    full_name = row.text("full_name")
    username = row.text("username").lower()
    role_text = row.text("role")
    class_name = row.text("school_class")
    group_name = row.text("subject_group")
    email = row.text("email")

    if not full_name:
        errors.append(RowError(number, _("Full name is missing.")))
    role = ROLE_WORDS.get(fold(role_text))
    if role is None:
        errors.append(
            RowError(number, _("Unknown role “%(role)s”: write Giáo viên or Học sinh.") % {"role": role_text})
        )
    school_class = None
    if role == Role.STUDENT:
        if not class_name:
            errors.append(RowError(number, _("A student needs a class.")))
        else:
            school_class = classes.get(fold(class_name))
            if school_class is None:
                errors.append(
                    RowError(number, _("Unknown class “%(name)s” for this school's current school year.") % {"name": class_name})
                )
    subject_group = None
    if group_name and role == Role.TEACHER:
        subject_group = groups.get(fold(group_name))
        if subject_group is None:
            errors.append(RowError(number, _("Unknown subject group “%(name)s”.") % {"name": group_name}))
    if username:
        try:
            User.username_validator(username)
        except ValidationError:
            errors.append(
                RowError(number, _("Username “%(name)s” may only hold letters, digits and . @ + - _") % {"name": username})
            )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(RowError(number, _("Email “%(email)s” is not valid.") % {"email": email}))
    if errors:
        return None, errors
    return ParsedRow(number, full_name, username, role, school_class, subject_group, email), []


class _PeopleHere:
    """Who already has an account at the school, read once per import (a school's
    thousand students import in seconds; a query per row would not)."""

    def __init__(self, school: School):
        self.by_username: dict[str, User] = {}
        self.by_place: dict[tuple, User] = {}  # (folded name, role, class or group id) -> first account
        held = RoleAssignment.objects.filter(school=school).select_related("user").order_by("user_id", "pk")
        for a in held:
            self.by_username[a.user.username] = a.user
            self.by_place.setdefault(self._place(a.user.full_name_folded, a.role, a.user.school_class_id,
                                                 a.subject_group_id), a.user)

    @staticmethod
    def _place(folded_name, role, class_id, group_id) -> tuple:
        return folded_name, role, class_id if role == Role.STUDENT else group_id

    def account_of(self, r: ParsedRow) -> User | None:
        """The account this row describes: the same username and name, or (no username
        given) the same name, role and class or group."""
        if r.username:
            user = self.by_username.get(r.username)
            return user if user is not None and user.full_name_folded == fold(r.full_name) else None
        return self.by_place.get(self._place(fold(r.full_name), r.role, getattr(r.school_class, "pk", None),
                                             getattr(r.subject_group, "pk", None)))


def import_people(*, data: bytes, school: School, by: User) -> ImportResult:
    """Create everyone in the file who has no account here yet, or no one. Importing the
    same file again creates nobody twice: those rows are reported as existing. Raises
    ImportFileError for a bad file."""
    rows, errors = parse(data, school)
    result = ImportResult(errors=errors)
    here = _PeopleHere(school)
    new_rows = []
    for r in rows:
        if _is_example(r):
            result.errors.append(RowError(r.row, _("This row is the template's example: delete it.")))
            continue
        found = here.account_of(r)
        if found is not None:
            result.existing.append(ExistingPerson(r.row, r.full_name, found.username))
        else:
            new_rows.append(r)
    given = [r.username for r in new_rows if r.username]
    taken_names = set(User.objects.filter(username__in=given).values_list("username", flat=True))
    seen: set[str] = set()
    for r in new_rows:
        if not r.username:
            continue
        if r.username in taken_names:
            result.errors.append(RowError(r.row, _("Username “%(name)s” is already taken.") % {"name": r.username}))
        elif r.username in seen:
            result.errors.append(RowError(r.row, _("Username “%(name)s” appears twice in the file.") % {"name": r.username}))
        seen.add(r.username)
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result

    taken = set(seen)
    with transaction.atomic():
        for r in new_rows:
            username = r.username or _unused_username(r.full_name, school, taken)
            taken.add(username)
            password = generate_password()
            person = user_create(
                full_name=r.full_name, username=username, password=password,
                email=r.email, school_class=r.school_class,
            )
            # A teacher in a group: the group routes their submissions to review.
            unit = r.subject_group or school
            role_grant(user=person, role=r.role, unit=unit, granted_by=by)
            result.created.append(
                CreatedPerson(
                    full_name=r.full_name, username=username, password=password,
                    role_label=str(Role(r.role).label),
                    unit=str(r.school_class.name if r.school_class else getattr(unit, "name", "")),
                )
            )
    return result


def _unused_username(full_name: str, school: School, taken: set[str]) -> str:
    while True:
        candidate = username_suggest(full_name, school.code, taken)
        if not User.objects.filter(username=candidate).exists():
            return candidate
        taken.add(candidate)


def credentials_workbook(people: list[dict], school_name: str) -> bytes:
    """The initial passwords, for printing and handing out."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tài khoản"
    append_row(ws, [school_name])
    append_row(ws, ["Họ và tên", "Tên đăng nhập", "Mật khẩu ban đầu", "Vai trò", "Lớp / Tổ"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for p in people:
        append_row(ws, [p["full_name"], p["username"], p["password"], p["role_label"], p["unit"]])
    for col, width in zip("ABCDE", (28, 22, 18, 14, 20)):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
