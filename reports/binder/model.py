"""The plain inputs of a binder (迎检材料汇编) and where each of its parts lands.

services.documents.binder fills these from the database; reports.binder turns them into one
PDF per system. Nothing here touches the database or the evidence files' bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from reports.sanitize import xml_text


def clean(text: object) -> str:
    """User text made safe for a document: no control characters, stripped."""
    return xml_text(text).strip()


@dataclass
class BinderDoc:
    """One approved evidence file. ``pdf``/``pages`` are filled once it is converted; a file
    that cannot be converted gets ``error`` and is listed on the 缺失材料 page instead."""

    key: str  # unique in a build, safe as a file name: "ev12"
    evidence_id: int
    title: str
    doc_number: str | None
    doc_date: date | None
    department: str
    file_name: str
    kind: str  # pdf | docx | xlsx | jpeg | png
    source: Path | None = None  # the stored file, copied for the build
    pdf: Path | None = None
    pages: int = 0
    error: str | None = None


@dataclass(frozen=True)
class MissingItem:
    """A line of the 缺失材料 page: evidence not approved, not convertible, or none at all."""

    requirement: str  # the requirement as written, id after it
    title: str  # 《title》, or 「无材料」
    department: str
    status: str  # 待审 / 退回 / 无材料 / 无法编入
    reason: str = ""


@dataclass
class BinderRequirement:
    id: str
    text: str  # 创建要求, verbatim
    scoring: str  # 评分办法, verbatim
    departments: list[str]
    score: Decimal | None  # None: not assessed yet
    max: Decimal
    comment: str  # the inspectors' comment ("" when none)
    documents: list[BinderDoc] = field(default_factory=list)
    missing: list[MissingItem] = field(default_factory=list)


@dataclass
class BinderIndicator:
    id: str
    name: str
    requirements: list[BinderRequirement]


@dataclass
class BinderSystem:
    id: str
    name: str
    score: Decimal
    max: Decimal
    pending: Decimal
    indicators: list[BinderIndicator]

    def requirements(self) -> list[BinderRequirement]:
        return [r for i in self.indicators for r in i.requirements]


@dataclass
class BinderInput:
    unit: str
    round_name: str
    issued_on: date
    campaign: str  # 创建省级创业型城市
    systems: list[BinderSystem]


def short(text: str, limit: int = 40) -> str:
    """A requirement's text cut for a heading or bookmark: first sentence, at most ``limit``."""
    first = re.split(r"[。；;]", clean(text), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def requirement_label(req: BinderRequirement) -> str:
    """Names before ids: the requirement's text first, its id after it."""
    return f"{short(req.text)}（{req.id}）"


def doc_label(doc: BinderDoc) -> str:
    title = clean(doc.title)
    title = title if title.startswith("《") else f"《{title}》"
    return f"{title}{clean(doc.doc_number)}" if doc.doc_number else title
