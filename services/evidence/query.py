"""Reading evidence: lists, one item, its bytes, search (services/evidence/search.py) and review. Department users only ever
see their own department's evidence, whatever they ask for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.evidence.intake import blob_store, staging_store
from services.precheck.follow import queue_recheck
from store.db import session_scope
from store.evidence_tables import (
    COUNTED,
    STATUS_LABELS,
    Evidence,
    EvidenceLink,
    EvidencePage,
    EvidenceRevision,
    Review,
)
from store.org import Department, User


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    title: str
    doc_number: str | None
    doc_date: object
    department: str
    department_id: int
    status: str
    status_label: str
    requirements: tuple[str, ...]
    original_name: str
    kind: str
    size: int
    revision: int
    revision_id: int
    sha256: str
    uploaded_at: object
    uploaded_by: str
    text_status: str
    return_reason: str | None


def _visible(actor: Actor, ev: Evidence) -> bool:
    if actor.role in ("office", "inspector"):
        return True
    if actor.role == "department":
        return ev.department_id == actor.department_id
    return ev.status == "approved"  # viewers see approved evidence only


def _items(session: Session, evs: list[Evidence]) -> list[EvidenceItem]:
    if not evs:
        return []
    ids = [e.id for e in evs]
    depts = {d.id: d.name for d in session.exec(select(Department))}
    users = {u.id: u.display_name for u in session.exec(select(User))}
    revs = {
        r.id: r
        for r in session.exec(
            select(EvidenceRevision).where(
                EvidenceRevision.id.in_([e.current_revision_id for e in evs])  # type: ignore[union-attr]
            )
        )
    }
    links: dict[int, list[str]] = {}
    for link in session.exec(select(EvidenceLink).where(EvidenceLink.evidence_id.in_(ids))):  # type: ignore[attr-defined]
        links.setdefault(link.evidence_id, []).append(link.requirement_id)
    reasons: dict[int, str | None] = {}
    for rv in session.exec(
        select(Review).where(Review.evidence_id.in_(ids)).order_by(Review.id)  # type: ignore[attr-defined]
    ):
        reasons[rv.evidence_id] = rv.reason if rv.status == "returned" else None
    out = []
    for e in evs:
        r = revs[e.current_revision_id]
        out.append(
            EvidenceItem(
                id=e.id,
                title=e.title,
                doc_number=e.doc_number,
                doc_date=e.doc_date,
                department=depts.get(e.department_id, ""),
                department_id=e.department_id,
                status=e.status,
                status_label=STATUS_LABELS[e.status],
                requirements=tuple(sorted(links.get(e.id, []))),
                original_name=r.original_name,
                kind=r.kind,
                size=r.size,
                revision=r.number,
                revision_id=r.id,
                sha256=r.sha256,
                uploaded_at=r.uploaded_at,
                uploaded_by=users.get(r.uploaded_by, ""),
                text_status=r.text_status,
                return_reason=reasons.get(e.id) if e.status == "returned" else None,
            )
        )
    return out


def list_evidence(
    actor: Actor,
    unit_id: int,
    *,
    requirement: str | None = None,
    department_id: int | None = None,
    status: str | None = None,
    withdrawn: bool = True,
) -> list[EvidenceItem]:
    """The unit's evidence the actor may see, newest first; ``withdrawn=False`` leaves out the
    files their department withdrew (they count for nothing)."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        q = select(Evidence).where(Evidence.unit_id == unit_id)
        if actor.role == "department":
            q = q.where(Evidence.department_id == actor.department_id)
        elif actor.role == "viewer":
            q = q.where(Evidence.status == "approved")
        if department_id is not None:
            q = q.where(Evidence.department_id == department_id)
        if status:
            q = q.where(Evidence.status == status)
        if not withdrawn:
            q = q.where(Evidence.status.in_(COUNTED))  # type: ignore[attr-defined]
        if requirement:
            q = q.join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id).where(
                EvidenceLink.requirement_id == requirement
            )
        return _items(session, list(session.exec(q.order_by(Evidence.id.desc()))))  # type: ignore[union-attr]


def _get_visible(session: Session, actor: Actor, evidence_id: int) -> Evidence:
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise NotFound(f"材料 {evidence_id} 不存在")
    access.require_read_unit(actor, ev.unit_id, session)
    if not _visible(actor, ev):
        raise PermissionDenied("无权查看其他单位的材料")
    return ev


def get_evidence(actor: Actor, evidence_id: int) -> EvidenceItem:
    with session_scope() as session:
        return _items(session, [_get_visible(session, actor, evidence_id)])[0]


def evidence_text(actor: Actor, evidence_id: int, max_chars: int = 20000) -> str:
    with session_scope() as session:
        ev = _get_visible(session, actor, evidence_id)
        pages = session.exec(
            select(EvidencePage)
            .where(EvidencePage.revision_id == ev.current_revision_id)
            .order_by(EvidencePage.page)
        ).all()
        return "\n\n".join(p.text for p in pages)[:max_chars]


def evidence_bytes(actor: Actor, evidence_id: int) -> tuple[str, str, bytes]:
    """(file name, mime, bytes) of the current revision."""
    with session_scope() as session:
        ev = _get_visible(session, actor, evidence_id)
        rev = session.get(EvidenceRevision, ev.current_revision_id)
    store = blob_store() if blob_store().exists(rev.sha256) else staging_store()
    return rev.original_name, rev.mime, store.read(rev.sha256)


DECISIONS = {"approved": "通过", "returned": "退回", "pending": "撤回审核"}


def review(actor: Actor, evidence_id: int, decision: str, reason: str | None = None) -> None:
    """通过 (approved), 退回 (returned, with a reason), or 撤回 a decision back to 待审 (pending,
    with a reason) for the current revision."""
    actor.require("office", "inspector", action="审核材料")
    if decision not in DECISIONS:
        raise InvalidInput("审核结论只能是通过、退回或撤回")
    reason = (reason or "").strip() or None
    if decision == "returned" and not reason:
        raise InvalidInput("退回材料时必须填写退回原因")
    if decision == "pending" and not reason:
        raise InvalidInput("撤回审核结论时必须说明原因")
    with session_scope() as session:
        ev = access.require_read_evidence(actor, evidence_id, session)
        if actor.role == "office":
            access.require_write_unit(actor, ev.unit_id, session)
        if ev.status == "withdrawn":
            raise InvalidInput("该材料已由报送单位撤回，无需审核")
        if decision == "pending" and ev.status == "pending":
            raise InvalidInput("该材料尚未审核，无需撤回")
        before = {"status": ev.status}
        ev.status = decision
        session.add(ev)
        session.add(
            Review(
                evidence_id=ev.id,
                revision_id=ev.current_revision_id,
                status=decision,
                reason=reason,
                reviewer_id=actor.id or ev.created_by,
            )
        )
        audit.record(
            session,
            actor,
            "evidence.review",
            "evidence",
            ev.id,
            before=before,
            after={"status": decision, "reason": reason},
            unit_id=ev.unit_id,
        )
        queue_recheck(session, ev.id, ev.unit_id, by=actor.display_name)


from services.evidence.search import SearchHit, search  # noqa: E402, F401  (callers import them here)
