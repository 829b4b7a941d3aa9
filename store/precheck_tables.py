"""Which checks an office has switched off (自查预评); proposals live in proposed_finding."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel, UniqueConstraint

from store.base import utcnow


class CheckSetting(SQLModel, table=True):
    __tablename__ = "check_setting"
    __table_args__ = (UniqueConstraint("unit_id", "check_id"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    check_id: str = Field(max_length=40)
    enabled: bool = True
    reason: str | None = Field(default=None, max_length=500)
    set_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    set_at: dt.datetime = Field(default_factory=utcnow)
