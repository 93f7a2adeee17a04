"""What the "my page" shows a user about themself."""

from dataclasses import dataclass

from lms.permissions import assignments


@dataclass
class RoleLine:
    role: str
    label: str
    unit: str
    school_id: int | None
    subject_group_id: int | None


def roles_of(user) -> list[RoleLine]:
    lines = []
    for a in assignments(user):
        unit = a.subject_group or a.school or a.district
        lines.append(RoleLine(a.role, a.get_role_display(), str(unit), a.school_id, a.subject_group_id))
    return sorted(lines, key=lambda line: (line.label, line.unit))
