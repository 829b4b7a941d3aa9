"""Ledger tables: imported 台账 rows, rejections, entered figures, proposed findings, surveys,
spot-check samples and work-plan targets.

Identity numbers are never stored in clear: a row keeps the HMAC of the number (to match people
across ledgers) and the masked form (3708**********1234) to show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger
from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from store.base import utcnow

LEDGER_KINDS = ("training", "subsidy", "loan", "service", "registry")
FIGURE_INDICATORS = ("activity", "success", "service", "contribution")
PROPOSAL_STATUSES = ("proposed", "confirmed", "overridden")


class LedgerImport(SQLModel, table=True):
    """One imported ledger file."""

    __tablename__ = "ledger_import"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    kind: str = Field(max_length=20, index=True)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    sheet: str = Field(default="", max_length=100)
    header_row: int = 1
    header_mapping: dict = Field(default_factory=dict, sa_column=Column(JSON))
    period_label: str | None = Field(default=None, max_length=60)
    rows_total: int = 0
    rows_good: int = 0
    rows_rejected: int = 0
    salt_id: str = Field(max_length=16)  # fingerprint of the id-hash key used for this import
    imported_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    imported_by: str = Field(max_length=100)
    imported_at: dt.datetime = Field(default_factory=utcnow)
    # a withdrawn import keeps this row as history; its records and rejections are deleted
    withdrawn_at: dt.datetime | None = None
    withdrawn_reason: str | None = Field(default=None, max_length=500)


class LedgerRecord(SQLModel, table=True):
    """One accepted ledger row; ``record`` holds the values as text, identity numbers masked."""

    __tablename__ = "ledger_row"
    __table_args__ = (UniqueConstraint("unit_id", "kind", "key_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="ledger_import.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    kind: str = Field(max_length=20)
    row_number: int
    person_hash: str | None = Field(default=None, max_length=64, index=True)
    masked_id: str | None = Field(default=None, max_length=32)
    record: dict = Field(default_factory=dict, sa_column=Column(JSON))
    key_hash: str = Field(max_length=64)


class LedgerRejection(SQLModel, table=True):
    """A problem found in one cell of a rejected row (identity numbers masked)."""

    __tablename__ = "ledger_rejection"

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="ledger_import.id", index=True)
    row_number: int
    column_name: str = Field(max_length=60)
    value: str = Field(default="", max_length=500)
    reason: str = Field(max_length=1000)
    person: str = Field(default="", max_length=100)  # the row's name, masked: 张*, 欧阳**


class EnteredFigure(SQLModel, table=True):
    """A numerator and denominator a department enters for a data indicator and period."""

    __tablename__ = "entered_figure"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    indicator: str = Field(max_length=20)  # activity | success | service | contribution
    numerator: str = Field(max_length=40)  # exact decimal as text
    denominator: str = Field(max_length=40)
    period_start: dt.date
    period_end: dt.date
    period_label: str = Field(max_length=60)
    source: str = Field(max_length=500)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    entered_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    entered_by: str = Field(max_length=100)
    entered_at: dt.datetime = Field(default_factory=utcnow)


class ProposedFinding(SQLModel, table=True):
    """A finding computed from data, waiting for (or after) an inspector's decision."""

    __tablename__ = "proposed_finding"
    __table_args__ = (UniqueConstraint("round_id", "rule_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True)
    rule_id: str = Field(max_length=20)
    requirement_id: str = Field(max_length=20)
    value: Any = Field(default=None, sa_column=Column(JSON))  # proposed value
    figure_value: str | None = Field(default=None, max_length=40)  # exact ratio behind it
    formula: str = Field(max_length=1000)
    source: str = Field(max_length=4000)
    inputs: dict = Field(default_factory=dict, sa_column=Column(JSON))
    status: str = Field(default="proposed", max_length=20)  # proposed | confirmed | overridden
    proposed_by: str = Field(max_length=100)
    proposed_at: dt.datetime = Field(default_factory=utcnow)
    final_value: Any = Field(default=None, sa_column=Column(JSON))
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_by: str | None = Field(default=None, max_length=100)
    decided_at: dt.datetime | None = None
    reason: str | None = Field(default=None, max_length=1000)


class SurveyImport(SQLModel, table=True):
    __tablename__ = "survey_import"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    period_label: str | None = Field(default=None, max_length=60)
    respondents: int = 0
    invalid_answers: int = 0
    ignored_columns: list = Field(default_factory=list, sa_column=Column(JSON))
    warnings: list = Field(default_factory=list, sa_column=Column(JSON))
    imported_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    imported_by: str = Field(max_length=100)
    imported_at: dt.datetime = Field(default_factory=utcnow)


class SurveyResult(SQLModel, table=True):
    """满意率 of one question (or of all questions together, ``overall``) of a survey import."""

    __tablename__ = "survey_result"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey_import.id", index=True)
    question: str = Field(max_length=300)
    overall: bool = False
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON))  # level -> answers
    invalid: int = 0
    satisfied: int = 0
    valid: int = 0
    sample_size: int = 0
    rate: str | None = Field(default=None, max_length=40)  # exact decimals as text
    low: str | None = Field(default=None, max_length=40)
    high: str | None = Field(default=None, max_length=40)
    warning: str | None = Field(default=None, max_length=500)


class LedgerSample(SQLModel, table=True):
    """A recorded spot-check sample: redrawing with ``seed`` over the same population gives
    the same rows (population = rows of the kind up to ``max_row_id``)."""

    __tablename__ = "ledger_sample"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    kind: str = Field(max_length=20)
    n: int
    seed: int = Field(sa_column=Column(BigInteger, nullable=False))
    population: int
    max_row_id: int = 0
    population_digest: str = Field(max_length=64)
    picked: list = Field(default_factory=list, sa_column=Column(JSON))  # ledger_row ids
    drawn_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    drawn_by: str = Field(max_length=100)
    drawn_at: dt.datetime = Field(default_factory=utcnow)


class WorkTarget(SQLModel, table=True):
    """A work-plan target (e.g. 创业培训500人次) with its period and responsible department."""

    __tablename__ = "work_target"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=100)
    measure: str = Field(max_length=20)  # 人次 / 人 / 亿元 ...
    target_value: str = Field(max_length=40)  # exact decimal as text
    period_start: dt.date
    period_end: dt.date
    department_id: int = Field(foreign_key="department.id")
    source: str | None = Field(default=None, max_length=300)
    created_by: str = Field(max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow)


class TargetReport(SQLModel, table=True):
    """A department's monthly report (按月调度): what was done in that month."""

    __tablename__ = "target_report"
    __table_args__ = (UniqueConstraint("target_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="work_target.id", index=True)
    month: dt.date  # first day of the month
    value: str = Field(max_length=40)
    note: str | None = Field(default=None, max_length=500)
    reported_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reported_by: str = Field(max_length=100)
    reported_at: dt.datetime = Field(default_factory=utcnow)
