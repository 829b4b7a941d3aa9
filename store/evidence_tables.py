"""Evidence tables: documents with revisions, their text, links to requirements and reviews."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel, Text, UniqueConstraint

from store.base import utcnow

EVIDENCE_STATUSES = ("pending", "approved", "returned", "withdrawn")
# withdrawn (撤回 by its department or the office): kept, but counts for nothing
# The one set of words for an evidence status: pages, Excel exports and documents all print these
STATUS_LABELS = {
    "pending": "待审核",
    "approved": "已通过",
    "returned": "已退回",
    "withdrawn": "已撤回",
    "none": "无材料",
}
COUNTED = ("pending", "approved", "returned")  # statuses that count for a requirement


class Evidence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    title: str = Field(max_length=300)
    doc_number: str | None = Field(default=None, max_length=100)  # 文号
    doc_date: dt.date | None = None  # 成文日期, the effective date
    status: str = Field(default="pending", max_length=20, index=True)
    current_revision_id: int | None = Field(default=None, index=True)
    created_by: int = Field(foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class EvidenceRevision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    number: int = 1
    sha256: str = Field(max_length=64, index=True)
    size: int
    kind: str = Field(max_length=10)  # pdf, docx, xlsx, jpeg, png
    mime: str = Field(max_length=100)
    original_name: str = Field(max_length=255)
    pages: int = 0
    text_status: str = Field(default="done", max_length=20)  # done | ocr_pending | ocr_failed
    ocr_pages: str = Field(default="", max_length=2000)  # comma-separated page indexes
    uploaded_by: int = Field(foreign_key="app_user.id")
    uploaded_at: dt.datetime = Field(default_factory=utcnow)


class EvidencePage(SQLModel, table=True):
    """Text of one page of one revision: ``text`` as the document has it (what people read),
    ``search_text`` the normalised copy the search indexes are built from (store/search_index)."""

    __table_args__ = (UniqueConstraint("revision_id", "page"),)

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="evidencerevision.id", index=True)
    page: int
    text: str = Field(default="", sa_type=Text)
    search_text: str = Field(default="", sa_type=Text)
    source: str = Field(default="text", max_length=10)  # text | ocr


class EvidenceLink(SQLModel, table=True):
    """One file can prove several requirements."""

    __table_args__ = (UniqueConstraint("evidence_id", "rubric_id", "requirement_id"),)

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    rubric_id: str = Field(max_length=64)
    requirement_id: str = Field(max_length=20, index=True)


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    revision_id: int | None = Field(default=None, foreign_key="evidencerevision.id")
    status: str = Field(max_length=20)  # approved | returned
    reason: str | None = Field(default=None, max_length=1000)
    reviewer_id: int = Field(foreign_key="app_user.id")
    at: dt.datetime = Field(default_factory=utcnow)


TRANSFER_STATUSES = {"pending": "待接收", "accepted": "已接收", "declined": "已拒收"}


class EvidenceTransfer(SQLModel, table=True):
    """A file one department passes to another, for a requirement the other answers for (转交).

    On acceptance the receiving department gets its own evidence item with the same file.
    """

    __tablename__ = "evidence_transfer"

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    requirement_id: str = Field(max_length=20)
    from_department_id: int = Field(foreign_key="department.id")
    to_department_id: int = Field(foreign_key="department.id", index=True)
    status: str = Field(default="pending", max_length=10)
    note: str | None = Field(default=None, max_length=500)
    created_by: int = Field(foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: dt.datetime | None = None
    decision_note: str | None = Field(default=None, max_length=500)
    accepted_evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
