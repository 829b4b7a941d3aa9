"""Assessment rounds, per-rule findings and per-requirement checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from store.base import utcnow

ROUND_KINDS = ("自评", "模拟考评", "正式考评")
STAGES = (
    ("prepare_until", "准备发动"),
    ("build_until", "全面创建"),
    ("selfcheck_until", "自查整改"),
    ("assess_until", "考核评估"),
)


ROUND_STATUSES = {"active": "进行中", "archived": "已归档"}


class Round(SQLModel, table=True):
    __tablename__ = "assessment_round"
    __table_args__ = (UniqueConstraint("unit_id", "name", name="uq_round_unit_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    rubric_id: str = Field(max_length=64)
    kind: str = Field(max_length=10)
    starts_on: dt.date | None = None
    prepare_until: dt.date | None = None
    build_until: dt.date | None = None
    selfcheck_until: dt.date | None = None
    assess_until: dt.date | None = None
    copied_from_id: int | None = Field(default=None, foreign_key="assessment_round.id")
    lead_inspector_id: int | None = Field(default=None, foreign_key="app_user.id")
    status: str = Field(default="active", max_length=10)  # active | archived
    archived_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class RoundInspector(SQLModel, table=True):
    """An inspector assigned to a round (考核组成员), possibly from another unit (交叉考评).

    A round with assigned inspectors is read and scored only by them (and its lead inspector);
    a round without any is open to the inspectors whose unit covers the round's unit.
    """

    __tablename__ = "round_inspector"
    __table_args__ = (UniqueConstraint("round_id", "user_id", name="uq_round_inspector"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    assigned_by: str = Field(default="", max_length=100)
    assigned_at: dt.datetime = Field(default_factory=utcnow)


class Finding(SQLModel, table=True):
    """An inspector's value for one rule. ``agreed`` rows are the lead inspector's settlement.

    Rows without an inspector are the values copied from an earlier round (待复核): every
    inspector of the round sees them, and they count until an inspector reviews the requirement.
    """

    __table_args__ = (UniqueConstraint("round_id", "inspector_id", "agreed", "rule_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True)
    inspector_id: int | None = Field(default=None, foreign_key="app_user.id")
    agreed: bool = False
    requirement_id: str = Field(max_length=20, index=True)
    rule_id: str = Field(max_length=20)
    value: Any = Field(default=None, sa_column=Column(JSON))
    source: str = Field(default="inspector", max_length=20)  # inspector | ledger | copied
    updated_at: dt.datetime = Field(default_factory=utcnow)


class RequirementCheck(SQLModel, table=True):
    """Whether an inspector has reviewed a requirement, with comment and cited evidence."""

    __table_args__ = (UniqueConstraint("round_id", "inspector_id", "agreed", "requirement_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True)
    inspector_id: int | None = Field(default=None, foreign_key="app_user.id")
    agreed: bool = False
    requirement_id: str = Field(max_length=20, index=True)
    status: str = Field(default="reviewed", max_length=20)  # reviewed | recheck | copied
    comment: str | None = Field(default=None, max_length=4000)
    cited: list = Field(default_factory=list, sa_column=Column(JSON))  # evidence ids
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Deadline(SQLModel, table=True):
    """A 整改期限 the office set in a round: for one requirement, one department, or one pair.

    Without a row the deadline is the end of the round's 自查整改 stage.
    """

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True)
    requirement_id: str | None = Field(default=None, max_length=20)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    due_on: dt.date
    set_by: str = Field(default="", max_length=100)
    set_at: dt.datetime = Field(default_factory=utcnow)


class FindingDraft(SQLModel, table=True):
    """An inspector's unsaved inputs for one requirement, kept on every change until saved."""

    __tablename__ = "finding_draft"
    __table_args__ = (UniqueConstraint("round_id", "inspector_id", "agreed", "requirement_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True)
    inspector_id: int = Field(foreign_key="app_user.id")
    agreed: bool = False
    requirement_id: str = Field(max_length=20)
    values: dict = Field(default_factory=dict, sa_column=Column(JSON))
    comment: str | None = Field(default=None, max_length=4000)
    cited: list = Field(default_factory=list, sa_column=Column(JSON))
    updated_at: dt.datetime = Field(default_factory=utcnow)
