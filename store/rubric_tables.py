"""Rubrics kept in the database: imported drafts, reviewed, then published as immutable versions.

A rubric keeps one stable id (the YAML's ``id``) across its versions; a published version is
referred to as ``<id>@<version>`` (what a round stores), and its text never changes again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import JSON, Column, Field, SQLModel, Text, UniqueConstraint

from store.base import utcnow

RUBRIC_STATUSES = {"draft": "待复核", "reviewed": "已复核", "published": "已发布"}


class RubricVersion(SQLModel, table=True):
    __tablename__ = "rubric_version"
    __table_args__ = (UniqueConstraint("rubric_id", "version", name="uq_rubric_version"),)

    id: int | None = Field(default=None, primary_key=True)
    rubric_id: str = Field(max_length=64, index=True)
    version: int | None = None  # given on publishing; None while a draft
    status: str = Field(default="draft", max_length=10)  # draft | reviewed | published
    title: str = Field(default="", max_length=200)
    unit_id: int = Field(foreign_key="unit.id", index=True)  # the owning unit's office edits it
    text: str = Field(sa_column=Column(Text, nullable=False))  # the rubric's YAML
    sha256: str = Field(max_length=64)
    source_name: str = Field(default="", max_length=200)  # the uploaded file's name
    report: Any = Field(default=None, sa_column=Column(JSON))  # the importer's figures
    created_by: str = Field(default="", max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    published_by: str | None = Field(default=None, max_length=100)
    published_at: dt.datetime | None = None
