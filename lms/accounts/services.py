"""Changes to people and their roles."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from lms.accounts.models import Role, RoleAssignment, User
from lms.core.text import fold

# Each role is also a Django group, which carries the model-level permissions Wagtail
# asks for (admin access, page and media permissions). The unit-level rules are in
# lms.permissions.
ROLE_GROUP_NAMES = {
    Role.DISTRICT_OFFICER: "Chuyên viên Phòng GD&ĐT",
    Role.SCHOOL_LEADER: "Ban giám hiệu / CNTT",
    Role.GROUP_LEADER: "Tổ trưởng chuyên môn",
    Role.REVIEWER: "Thành viên thẩm định",
    Role.TEACHER: "Giáo viên",
    Role.JUDGE: "Giám khảo",
    Role.STUDENT: "Học sinh",
}
# Only district officers (and superusers) use the Wagtail admin; everyone else works on
# the site's own pages, which ask lms.permissions and need no model permission. The role
# groups hold exactly what is listed here: role_groups_ensure takes away the rest
# (teachers, reviewers and group leaders once had admin access and document permissions).
ROLE_GROUP_PERMISSIONS = {
    Role.DISTRICT_OFFICER: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
    ],
}
OFFICER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]

# No 0/O, 1/l/I: initial passwords are read aloud and copied from paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def generate_password(length: int = 10) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def role_groups_ensure() -> None:
    """Create the role groups and their permissions; safe to run again (after every
    migrate). The groups of roles that get no admin access lose any permission they
    hold, so that an existing database follows the rules too."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    for role, name in ROLE_GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if role not in ROLE_GROUP_PERMISSIONS:
            group.permissions.clear()
            GroupCollectionPermission.objects.filter(group=group).delete()
            GroupPagePermission.objects.filter(group=group).delete()
            continue
        for dotted in ROLE_GROUP_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is None:
                continue
            if dotted.startswith(("wagtailimages.", "wagtaildocs.")):
                root = Collection.get_first_root_node()
                if root is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root, permission=perm
                    )
                continue
            group.permissions.add(perm)
        if role == Role.DISTRICT_OFFICER:
            root = Page.get_first_root_node()
            if root is not None:
                for codename in OFFICER_PAGE_PERMISSIONS:
                    perm = Permission.objects.filter(
                        content_type__app_label="wagtailcore", codename=codename
                    ).first()
                    if perm is not None:
                        GroupPagePermission.objects.get_or_create(
                            group=group, page=root, permission=perm
                        )


def role_group_add_permissions(role: str, dotted: list[str]) -> None:
    """Give a role's group model permissions of another app (which owns the models)."""
    group, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[Role(role)])
    for name in dotted:
        app_label, codename = name.split(".")
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            group.permissions.add(perm)


def role_groups_sync(user: User) -> None:
    """Make the user's group memberships match the roles they hold."""
    held = set(user.role_assignments.values_list("role", flat=True))
    names = ROLE_GROUP_NAMES.values()
    wanted = {ROLE_GROUP_NAMES[Role(r)] for r in held}
    for group in Group.objects.filter(name__in=names):
        if group.name in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def role_grant(*, user: User, role: str, unit, granted_by: User | None = None) -> RoleAssignment:
    """Grant `role` on `unit` (a district, school or subject group)."""
    field = {"District": "district", "School": "school", "SubjectGroup": "subject_group"}[
        type(unit).__name__
    ]
    assignment = RoleAssignment(user=user, role=role, granted_by=granted_by, **{field: unit})
    assignment.fill_hierarchy()
    assignment.full_clean(exclude=["user", "granted_by"])
    existing = RoleAssignment.objects.filter(
        user=user, role=role, unit_key=assignment.unit_key
    ).first()
    if existing:
        return existing
    assignment.save()
    return assignment


def username_suggest(full_name: str, suffix: str, taken: set[str]) -> str:
    """"Nguyễn Văn An" at school THCS-NT -> "annv.thcsnt", numbered when taken.

    Vietnamese usernames usually put the given name first, then the initials of the
    family and middle names.
    """
    words = fold(full_name).replace("-", " ").split()
    words = ["".join(ch for ch in w if ch.isalnum()) for w in words]
    words = [w for w in words if w] or ["user"]
    base = words[-1] + "".join(w[0] for w in words[:-1])
    suffix = "".join(ch for ch in fold(suffix) if ch.isalnum())
    base = f"{base}.{suffix}" if suffix else base
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def password_reset_by_manager(*, person: User) -> str:
    """Give the person a new one-time password; they must change it at next login."""
    password = generate_password()
    person.password = make_password(password, hasher="pbkdf2_initial")
    person.must_change_password = True
    person.save(update_fields=["password", "must_change_password"])
    return password


def password_changed(*, user: User) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


@transaction.atomic
def user_create(
    *, full_name: str, username: str, password: str, email: str = "",
    must_change_password: bool = True, school_class=None, initial_hasher: bool = True,
) -> User:
    user = User(
        full_name=full_name, username=username, email=email,
        must_change_password=must_change_password, school_class=school_class,
    )
    user.password = make_password(password, hasher="pbkdf2_initial" if initial_hasher else "default")
    user.full_clean(exclude=["password"])
    user.save()
    return user
