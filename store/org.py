"""Organisation tables: assessed units, departments, users and requirement assignments."""

from __future__ import annotations

import datetime as dt

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from store.base import utcnow

UNIT_LEVELS = ("省", "市", "县区", "街道乡镇", "社区")
ROLES = ("office", "department", "inspector", "viewer")
ROLE_LABELS = {
    "office": "领导小组办公室",
    "department": "成员单位",
    "inspector": "考核组",
    "viewer": "领导",
}


class Unit(SQLModel, table=True):
    """An assessed unit: 省 / 市 / 县区 / 街道乡镇 / 社区, as a tree.

    Names are unique among the children of one parent (two cities may each have a 市中区).
    """

    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_unit_parent_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=100)
    level: str = Field(default="县区", max_length=10)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # the round every role opens on; set by the office (no FK: rounds reference units)
    current_round_id: int | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


DEPARTMENT_KINDS = ("member", "office")


class Department(SQLModel, table=True):
    """A member department of one unit's leading group, or the group's office itself.

    The office (kind ``office``) can answer for requirements but is never sent a notice: it is
    the body that issues them.
    """

    __table_args__ = (UniqueConstraint("unit_id", "name", name="uq_department_unit_name"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    name: str = Field(index=True, max_length=100)
    kind: str = Field(default="member", max_length=10)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)
    # the rubric's names for this department (区人社局 for 区人力资源和社会保障局), from setup
    aliases: list = Field(default_factory=list, sa_column=Column(JSON))
    # from the 领导小组成员名单: 牵头 (the office is hosted here) or 成员, and who to call
    group_role: str = Field(default="", max_length=10)
    contact_name: str = Field(default="", max_length=50)
    contact_title: str = Field(default="", max_length=200)
    contact_phone: str = Field(default="", max_length=50)


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    display_name: str = Field(max_length=100)
    role: str = Field(max_length=20)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    # the unit whose subtree the user's role covers (None: the whole deployment)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    password_hash: str = Field(max_length=255)
    active: bool = True
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    # raised when the user is disabled or its password reset: older sessions are refused
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_login_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    # a password someone else set (initial or reset) must be changed at the next login
    must_change_password: bool = False


ASSIGNMENT_ROLES = {"lead": "牵头", "support": "配合"}
GROUP_ROLES = {"lead": "牵头", "member": "成员"}


class Assignment(SQLModel, table=True):
    """Which department answers for which requirement of a rubric in a unit (责任分工).

    The one source of responsibility: seeded from the rubric's 责任部门, edited by the office.
    """

    __table_args__ = (UniqueConstraint("unit_id", "rubric_id", "requirement_id", "department_id"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    rubric_id: str = Field(max_length=64)
    requirement_id: str = Field(max_length=20, index=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    role: str = Field(default="lead", max_length=10)  # lead (牵头) | support (配合)


class ResponsibilityVersion(SQLModel, table=True):
    """The version of a unit's 责任分工 for a rubric: bumped by every change, named in audit."""

    __tablename__ = "responsibility_version"
    __table_args__ = (UniqueConstraint("unit_id", "rubric_id"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    rubric_id: str = Field(max_length=64)
    version: int = 1
    changed_by: str = Field(default="", max_length=100)
    changed_at: dt.datetime = Field(default_factory=utcnow)
