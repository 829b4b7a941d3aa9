"""Organisation tables: assessed units, departments, users and requirement assignments."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel, UniqueConstraint

from store.base import utcnow

UNIT_LEVELS = ("市", "县区", "街道乡镇", "社区")
ROLES = ("office", "department", "inspector", "viewer")
ROLE_LABELS = {
    "office": "领导小组办公室",
    "department": "成员单位",
    "inspector": "考核组",
    "viewer": "领导",
}


class Unit(SQLModel, table=True):
    """An assessed unit: 市 / 县区 / 街道乡镇 / 社区, as a tree."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    level: str = Field(default="县区", max_length=10)
    parent_id: int | None = Field(default=None, foreign_key="unit.id")
    created_at: dt.datetime = Field(default_factory=utcnow)


class Department(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    display_name: str = Field(max_length=100)
    role: str = Field(max_length=20)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    password_hash: str = Field(max_length=255)
    active: bool = True
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    last_login_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class Assignment(SQLModel, table=True):
    """Which department answers for which requirement of a rubric in a unit."""

    __table_args__ = (UniqueConstraint("unit_id", "rubric_id", "requirement_id", "department_id"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    rubric_id: str = Field(max_length=64)
    requirement_id: str = Field(max_length=20, index=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    due_date: dt.date | None = None
