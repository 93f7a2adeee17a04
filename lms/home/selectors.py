"""What the "my page" shows a user about themself."""

from dataclasses import dataclass

from lms.accounts.models import Role
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
    order = {role: i for i, role in enumerate(Role.values)}
    return sorted(lines, key=lambda line: (order.get(line.role, 99), line.unit))
