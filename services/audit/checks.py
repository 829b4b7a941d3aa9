"""Whole-system audit checks: the chains, and evidence status against its audited state.

An evidence row's status is set only by services that audit it (``evidence.add``/``revise``
leave it 待审, ``evidence.review`` sets it): the ``status`` in the last such event's after-state
is what the row must hold. A status changed directly in the database, an evidence row with no
audit event, or an audited row that is gone, is a problem naming the evidence and the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from services.audit.anchor import read_anchors
from services.audit.chain import verify_chain
from store.audit import AuditEvent
from store.db import session_scope
from store.evidence_tables import STATUS_LABELS, Evidence

NEW_REVISION = ("evidence.add", "evidence.revise")


@dataclass
class AuditReport:
    events: int = 0
    chains: int = 0
    evidence: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audited_status(session: Session) -> dict[int, tuple[int, str]]:
    """evidence id -> (event id, status) of the last audited status of each evidence item."""
    out: dict[int, tuple[int, str]] = {}
    q = (
        select(AuditEvent.id, AuditEvent.entity_id, AuditEvent.action, AuditEvent.after)
        .where(AuditEvent.entity == "evidence")
        .order_by(AuditEvent.id)
    )
    for ev_id, entity_id, action, after in session.exec(q):
        if not str(entity_id or "").isdigit():
            continue
        if isinstance(after, dict) and "status" in after:
            out[int(entity_id)] = (ev_id, str(after["status"]))
        elif action in NEW_REVISION:  # an upload leaves the item 待审
            out[int(entity_id)] = (ev_id, "pending")
    return out


def evidence_status_problems(session: Session) -> tuple[int, list[str]]:
    """(evidence rows checked, problems)."""
    audited = audited_status(session)
    problems = []
    rows = list(session.exec(select(Evidence.id, Evidence.title, Evidence.status)))
    for ev_id, title, status in rows:
        label = STATUS_LABELS.get(status, status)
        if ev_id not in audited:
            problems.append(f"材料 {ev_id}「{title}」没有审计记录（该记录在系统之外写入数据库）")
            continue
        event_id, expected = audited[ev_id]
        if status != expected:
            problems.append(
                f"材料 {ev_id}「{title}」的状态为「{label}」，但审计事件 #{event_id} 记录的是"
                f"「{STATUS_LABELS.get(expected, expected)}」（状态在系统之外被直接改动）"
            )
    present = {r[0] for r in rows}
    for ev_id in sorted(set(audited) - present):
        problems.append(
            f"材料 {ev_id} 有审计记录（事件 #{audited[ev_id][0]}），但记录已不存在（被直接删除）"
        )
    return len(rows), problems


def verify_store_and_audit():
    """``pioneer evidence verify``: the evidence files (services.evidence.upkeep.verify), then
    the audit chains and every evidence status, in one report."""
    from services.evidence.upkeep import verify

    report = verify()
    report.problems.extend(verify_audit().problems)
    return report


def verify_audit() -> AuditReport:
    """The audit chains (and the anchor file), and every evidence status against its audit."""
    anchors = read_anchors()
    with session_scope() as session:
        chain = verify_chain(session, anchors)
        checked, status_problems = evidence_status_problems(session)
    return AuditReport(
        events=chain.events,
        chains=chain.chains,
        evidence=checked,
        problems=chain.problems + status_problems,
    )
