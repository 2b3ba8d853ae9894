"""Personas shared by every app's tests (style.md rule 7).

Two agencies under one government, so that "another agency's case" can be tried:
X = 县自然资源局 (officer, head), Y = 县财政局 (officer_y), the government's disclosure office,
an admin, and an outsider with an account but no role.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.accounts.models import Agency, ApiToken, Membership, Role, User


@dataclass
class World:
    government: Agency
    agency: Agency  # agency X
    other_agency: Agency  # agency Y, same government
    foreign_agency: Agency  # an agency under another government
    officer: User
    head: User
    officer_y: User
    office: User  # disclosure office of the government
    admin: User
    outsider: User

    def token(self, user: User) -> str:
        return ApiToken.issue(user, name="test")[1]


def make_agency(code: str, name: str, *, parent: Agency | None = None,
                kind: str = Agency.Kind.DEPARTMENT, **extra) -> Agency:
    return Agency.objects.create(code=code, name=name, kind=kind, parent=parent, **extra)


def make_user(username: str, agency: Agency | None = None, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery", **extra)
    if agency is not None and role is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def build_world() -> World:
    gov = make_agency("gov", "测试县人民政府", kind=Agency.Kind.GOVERNMENT, org_code="01520001X")
    x = make_agency("dept-x", "测试县自然资源局", parent=gov, org_code="015201125")
    y = make_agency("dept-y", "测试县财政局", parent=gov)
    other_gov = make_agency("gov2", "邻县人民政府", kind=Agency.Kind.GOVERNMENT)
    z = make_agency("dept-z", "邻县自然资源局", parent=other_gov)
    return World(
        government=gov, agency=x, other_agency=y, foreign_agency=z,
        officer=make_user("officer", x, Role.OFFICER, display_name="李明"),
        head=make_user("head", x, Role.HEAD, display_name="张建国"),
        officer_y=make_user("officer_y", y, Role.OFFICER),
        office=make_user("office", gov, Role.DISCLOSURE_OFFICE),
        admin=make_user("admin", None, None, is_superuser=True, is_staff=True),
        outsider=make_user("outsider"),
    )
