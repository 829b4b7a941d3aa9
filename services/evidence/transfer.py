"""转交: a department passes a file to the department that answers for the requirement it proves.

The sender keeps its own item; on acceptance the receiver gets an evidence item of its own with
the same file, linked to the requirement, waiting for review. Every step is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from services import audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.evidence.intake import add_evidence, blob_store, staging_store
from services.org.responsibility import responsibilities
from services.rubrics import get_rubric
from store.base import utcnow
from store.db import session_scope
from store.evidence_tables import TRANSFER_STATUSES, Evidence, EvidenceRevision, EvidenceTransfer
from store.org import Department, Unit

MAX_NOTE = 500


@dataclass(frozen=True)
class Transfer:
    id: int
    evidence_id: int
    title: str
    original_name: str
    requirement: str
    requirement_text: str
    from_department: str
    to_department: str
    status: str
    note: str | None
    decision_note: str | None
    created_at: object

    @property
    def status_label(self) -> str:
        return TRANSFER_STATUSES[self.status]


def _owner_ids(session: Session, unit_id: int, rubric_id: str, requirement_id: str) -> list[int]:
    return [
        r.department_id
        for r in responsibilities(session, unit_id, rubric_id).get(requirement_id, ())
        if r.kind == "member"
    ]


def offer(
    actor: Actor,
    evidence_id: int,
    requirement_id: str,
    *,
    to_department: str | None = None,
    note: str | None = None,
    rubric_id: str | None = None,
) -> int:
    """Offer a department's file to a department answering for ``requirement_id``."""
    actor.require("department", action="转交材料")
    rubric = get_rubric(rubric_id)
    req = rubric.requirement_index().get(requirement_id)
    if req is None:
        raise NotFound(f"要求「{requirement_id}」不存在")
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise InvalidInput(f"转交说明不能超过 {MAX_NOTE} 个字")
    with session_scope() as session:
        ev = session.get(Evidence, evidence_id)
        if ev is None or ev.department_id != actor.department_id:
            raise PermissionDenied("只能转交本单位上传的材料")
        if ev.status == "withdrawn":
            raise InvalidInput("该材料已撤回，不能转交")
        owners = _owner_ids(session, ev.unit_id, rubric.id, requirement_id)
        if actor.department_id in owners:
            raise InvalidInput("该要求由本单位承担，请直接在上传时选择它，无需转交")
        if not owners:
            raise InvalidInput("该要求尚未分配责任单位，请联系办公室")
        if to_department:
            target = session.exec(
                select(Department).where(
                    Department.unit_id == ev.unit_id, Department.name == to_department
                )
            ).first()
            if target is None or target.id not in owners:
                raise InvalidInput(f"「{to_department}」不承担该要求，不能转交给它")
        else:
            target = session.get(Department, owners[0])  # the lead
        open_ = session.exec(
            select(EvidenceTransfer).where(
                EvidenceTransfer.evidence_id == ev.id,
                EvidenceTransfer.requirement_id == requirement_id,
                EvidenceTransfer.to_department_id == target.id,
                EvidenceTransfer.status == "pending",
            )
        ).first()
        if open_ is not None:
            raise InvalidInput(f"该材料已转交「{target.name}」，正在等待对方接收")
        row = EvidenceTransfer(
            evidence_id=ev.id,
            requirement_id=requirement_id,
            from_department_id=ev.department_id,
            to_department_id=target.id,
            note=note,
            created_by=actor.id,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "evidence.transfer",
            "evidence",
            ev.id,
            after={"requirement": requirement_id, "to": target.name, "note": note},
        )
        return row.id


def _rows(session: Session, rows, rubric_id: str | None = None) -> list[Transfer]:
    names = {d.id: d.name for d in session.exec(select(Department))}
    texts = {q.id: q.requirement for q in get_rubric(rubric_id).requirements()}
    out = []
    for t in rows:
        ev = session.get(Evidence, t.evidence_id)
        rev = session.get(EvidenceRevision, ev.current_revision_id)
        out.append(
            Transfer(
                t.id,
                ev.id,
                ev.title,
                rev.original_name if rev else "",
                t.requirement_id,
                texts.get(t.requirement_id, ""),
                names.get(t.from_department_id, ""),
                names.get(t.to_department_id, ""),
                t.status,
                t.note,
                t.decision_note,
                t.created_at,
            )
        )
    return out


def incoming(actor: Actor, *, pending_only: bool = True) -> list[Transfer]:
    """Files other departments passed to the acting department."""
    actor.require("department", action="查看转交材料")
    with session_scope() as session:
        q = select(EvidenceTransfer).where(EvidenceTransfer.to_department_id == actor.department_id)
        if pending_only:
            q = q.where(EvidenceTransfer.status == "pending")
        return _rows(session, session.exec(q.order_by(EvidenceTransfer.id)).all())


def outgoing(actor: Actor) -> list[Transfer]:
    """Files the acting department passed on, with what became of them."""
    actor.require("department", action="查看转交材料")
    with session_scope() as session:
        q = select(EvidenceTransfer).where(
            EvidenceTransfer.from_department_id == actor.department_id
        )
        return _rows(session, session.exec(q.order_by(EvidenceTransfer.id)).all())


def _open_for(session: Session, actor: Actor, transfer_id: int) -> EvidenceTransfer:
    actor.require("department", action="处理转交材料")
    row = session.get(EvidenceTransfer, transfer_id)
    if row is None or row.to_department_id != actor.department_id:
        raise NotFound("没有这条转交给本单位的材料")
    if row.status != "pending":
        raise InvalidInput(f"这条转交已{TRANSFER_STATUSES[row.status]}")
    return row


def accept(actor: Actor, transfer_id: int, rubric_id: str | None = None) -> int:
    """Take the file as the receiving department's own evidence; returns its evidence id."""
    with session_scope() as session:
        row = _open_for(session, actor, transfer_id)
        ev = session.get(Evidence, row.evidence_id)
        rev = session.get(EvidenceRevision, ev.current_revision_id)
        unit = session.get(Unit, ev.unit_id)
        dept = session.get(Department, row.to_department_id)
        meta = (rev.original_name, rev.sha256, ev.title, ev.doc_number, ev.doc_date)
    name, sha, title, number, date = meta
    data = (blob_store() if blob_store().exists(sha) else staging_store()).read(sha)
    summary = add_evidence(
        actor,
        data,
        name,
        requirements=[row.requirement_id],
        department=dept.name,
        unit=unit.id,
        title=title,
        doc_number=number,
        doc_date=date,
        rubric_id=rubric_id,
    )
    with session_scope() as session:
        row = session.get(EvidenceTransfer, transfer_id)
        row.status = "accepted"
        row.decided_by = actor.id
        row.decided_at = utcnow()
        row.accepted_evidence_id = summary["evidence_id"]
        session.add(row)
        audit.record(
            session,
            actor,
            "evidence.transfer_accept",
            "evidence",
            row.evidence_id,
            after={"transfer": transfer_id, "new_evidence": summary["evidence_id"]},
        )
    return summary["evidence_id"]


def decline(actor: Actor, transfer_id: int, note: str) -> None:
    note = (note or "").strip()
    if not note:
        raise InvalidInput("拒收时请说明原因，便于对方处理")
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"拒收原因不能超过 {MAX_NOTE} 个字")
    with session_scope() as session:
        row = _open_for(session, actor, transfer_id)
        row.status = "declined"
        row.decided_by = actor.id
        row.decided_at = utcnow()
        row.decision_note = note
        session.add(row)
        audit.record(
            session,
            actor,
            "evidence.transfer_decline",
            "evidence",
            row.evidence_id,
            after={"transfer": transfer_id, "reason": note},
        )
