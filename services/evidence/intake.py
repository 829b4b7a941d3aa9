"""Submitting evidence: intake guards, content-addressed storage, text, links, audit.

Crash safety: the bytes are written and fsynced to a staging area, then the database row
commits (the commit point), then the file is moved into the content-addressed store.
``recover()`` finishes or rolls back whatever a killed process left in staging; ``verify``
runs it first, so a ``kill -9`` at any moment leaves a consistent store.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from evidence.errors import IntakeRefused
from evidence.intake import Inspection, inspect_bytes
from evidence.normalize import normalize_text
from evidence.storage import BlobStore
from evidence.suggest import suggest
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.jobs.queue import enqueue
from services.org.responsibility import get_department
from services.org.units import get_unit
from services.personal import mask_personal
from services.precheck.follow import queue_recheck
from services.rubrics import get_rubric
from store.base import utcnow
from store.db import session_scope
from store.evidence_tables import Evidence, EvidenceLink, EvidencePage, EvidenceRevision
from store.org import Assignment, Department
from store.settings import load_settings


def blob_store() -> BlobStore:
    return BlobStore(load_settings().evidence_dir)


def staging_store() -> BlobStore:
    return BlobStore(load_settings().files / "evidence-staging")


def ocr_job_key(revision_id: int) -> str:
    """One OCR job per revision, however often it is queued."""
    return f"ocr:{revision_id}"


@dataclass(frozen=True)
class Preview:
    inspection: Inspection
    suggestions: list  # evidence.suggest.Suggestion


@functools.lru_cache(maxsize=32)
def _inspect_cached(data: bytes, filename: str, password: str | None) -> Inspection:
    return inspect_bytes(data, filename, password=password)


def inspect_upload(data: bytes, filename: str, password: str | None = None) -> Inspection:
    try:
        return _inspect_cached(data, filename, password)
    except IntakeRefused as exc:
        raise InvalidInput(f"「{filename}」未能接收：{exc.message}") from exc


def preview_upload(
    actor: Actor, data: bytes, filename: str, password: str | None = None, rubric_id=None
) -> Preview:
    """Check a file and suggest the requirements it most likely proves (nothing is stored)."""
    actor.require("office", "department", action="上传材料")
    insp = inspect_upload(data, filename, password)
    text = "\n".join(insp.index_texts)
    return Preview(insp, suggest(text, get_rubric(rubric_id), n=3) if text.strip() else [])


def _check_may_submit(
    session: Session, actor: Actor, unit_id: int, dept: Department, rubric_id: str, reqs: list[str]
) -> None:
    actor.require("office", "department", action="上传材料")
    if actor.role != "department":
        return
    if actor.department_id != dept.id:
        raise PermissionDenied("只能以本单位名义上传材料")
    assigned = {
        a.requirement_id
        for a in session.exec(
            select(Assignment).where(
                Assignment.unit_id == unit_id,
                Assignment.rubric_id == rubric_id,
                Assignment.department_id == dept.id,
            )
        )
    }
    foreign = [r for r in reqs if r not in assigned]
    if foreign:
        raise PermissionDenied(f"要求 {'、'.join(foreign)} 不是本单位的任务，不能为其上传材料")


def _stage(data: bytes, sha: str) -> None:
    """Make the bytes durable before the database commits (skipped when already stored)."""
    if not blob_store().exists(sha):
        staging_store().put(data)


def _publish(sha: str) -> None:
    """Move a staged blob into the store after its row committed."""
    main, staging = blob_store(), staging_store()
    if main.exists(sha) or not staging.exists(sha):
        return
    target = main.path(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging.path(sha), target)
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def add_evidence(
    actor: Actor,
    data: bytes,
    filename: str,
    *,
    requirements: list[str],
    department: str,
    unit: str | int,
    title: str | None = None,
    doc_number: str | None = None,
    doc_date: dt.date | None = None,
    password: str | None = None,
    rubric_id: str | None = None,
    evidence_id: int | None = None,
    unlinked: bool = False,
) -> dict:
    """Store a file as new evidence (or as a new revision of ``evidence_id``) and link it.

    ``unlinked`` stores it with no requirement of the department's own: a file it passes on to
    another department (services.evidence.transfer).
    """
    rubric = get_rubric(rubric_id)
    reqs = list(dict.fromkeys(requirements))
    unknown = [r for r in reqs if r not in rubric.requirement_index()]
    if unknown:
        raise InvalidInput(f"要求编号不存在：{'、'.join(unknown)}")
    if not reqs and evidence_id is None and not unlinked:
        raise InvalidInput("请至少选择一条该材料所证明的要求")
    with session_scope() as session:  # permission check before any work on the bytes
        unit_row = get_unit(session, unit)
        access.require_write_unit(actor, unit_row.id, session)
        dept = get_department(session, unit_row.id, department)
        _check_may_submit(session, actor, unit_row.id, dept, rubric.id, reqs)
    insp = inspect_upload(data, filename, password)
    _stage(data, insp.sha256)
    with session_scope() as session:
        unit_row = get_unit(session, unit)
        dept = get_department(session, unit_row.id, department)
        now = utcnow()
        if evidence_id is None:
            ev = Evidence(
                unit_id=unit_row.id,
                department_id=dept.id,
                title=mask_personal(title or insp.title_guess or Path(filename).stem)[:300],
                doc_number=doc_number or insp.doc_number,
                doc_date=doc_date or insp.doc_date,
                created_by=actor.id or _system_user_id(session),
            )
            session.add(ev)
            session.flush()
            number, before = 1, None
        else:
            ev = session.get(Evidence, evidence_id)
            if ev is None or ev.unit_id != unit_row.id:
                raise NotFound(f"材料 {evidence_id} 不存在")
            if actor.role == "department" and ev.department_id != actor.department_id:
                raise PermissionDenied("不能修改其他单位的材料")
            before = {"revision": ev.current_revision_id, "status": ev.status}
            number = 1 + len(
                session.exec(
                    select(EvidenceRevision).where(EvidenceRevision.evidence_id == ev.id)
                ).all()
            )
            if title:
                ev.title = mask_personal(title)[:300]
            ev.doc_number = doc_number or ev.doc_number
            ev.doc_date = doc_date or ev.doc_date
        rev = EvidenceRevision(
            evidence_id=ev.id,
            number=number,
            sha256=insp.sha256,
            size=insp.size,
            kind=insp.kind,
            mime=insp.mime,
            original_name=mask_personal(insp.original_name)[:255],
            pages=insp.pages,
            text_status="ocr_pending" if insp.needs_ocr else "done",
            ocr_pages=",".join(str(p) for p in insp.needs_ocr),
            uploaded_by=actor.id or _system_user_id(session),
        )
        session.add(rev)
        session.flush()
        for n, written in enumerate(insp.texts):
            masked = mask_personal(written)  # the page table and the search index alike
            session.add(
                EvidencePage(
                    revision_id=rev.id, page=n, text=masked, search_text=normalize_text(masked)
                )
            )
        if insp.needs_ocr:  # queued with the row: both commit, or neither
            enqueue(
                session,
                "ocr",
                {"revision_id": rev.id},
                title=f"识别扫描件文字：{rev.original_name}",
                unit_id=unit_row.id,
                key=ocr_job_key(rev.id),
                created_by=actor.display_name,
            )
        ev.current_revision_id = rev.id
        ev.status = "pending"
        ev.updated_at = now
        session.add(ev)
        linked = {
            link.requirement_id
            for link in session.exec(select(EvidenceLink).where(EvidenceLink.evidence_id == ev.id))
        }
        for req_id in reqs:
            if req_id not in linked:
                session.add(
                    EvidenceLink(evidence_id=ev.id, rubric_id=rubric.id, requirement_id=req_id)
                )
        summary = {
            "evidence_id": ev.id,
            "revision": number,
            "sha256": insp.sha256,
            "size": insp.size,
            "kind": insp.kind,
            "original_name": rev.original_name,
            "title": ev.title,
            "doc_number": ev.doc_number,
            "doc_date": ev.doc_date.isoformat() if ev.doc_date else None,
            "department": dept.name,
            "unit": unit_row.name,
            "requirements": sorted(set(reqs) | linked),
            "pages": insp.pages,
            "needs_ocr": list(insp.needs_ocr),
            "status": "pending",
        }
        audit.record(
            session,
            actor,
            "evidence.add" if evidence_id is None else "evidence.revise",
            "evidence",
            ev.id,
            before=before,
            after=summary,
        )
        queue_recheck(session, ev.id, unit_row.id, by=actor.display_name)
    _publish(insp.sha256)
    return summary


def _system_user_id(session: Session) -> int:
    """Rows need an uploader; command-line imports are attributed to the first office user."""
    from store.org import User

    user = session.exec(select(User).where(User.role == "office").order_by(User.id)).first()
    if user is None:
        raise InvalidInput("尚无办公室用户：请先运行 pioneer init 或 pioneer demo")
    return user.id
