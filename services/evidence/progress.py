"""Where each requirement stands on evidence: 无材料 / 待审 / 通过 / 退回, per department (a
withdrawn file does not count)."""

from __future__ import annotations

from sqlmodel import Session, select

from store.evidence_tables import Evidence, EvidenceLink

RANK = {"approved": 3, "pending": 2, "returned": 1, "none": 0}


def requirement_status(
    session: Session, unit_id: int, department_id: int | None = None
) -> dict[tuple[str, int], str]:
    """(requirement id, department id) -> best evidence status of that department for it."""
    q = (
        select(EvidenceLink.requirement_id, Evidence.department_id, Evidence.status)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(Evidence.unit_id == unit_id)
    )
    if department_id is not None:
        q = q.where(Evidence.department_id == department_id)
    return status_from(session.exec(q))


def status_from(rows) -> dict[tuple[str, int], str]:
    """(requirement id, department id) -> best status, from (requirement, department, status)."""
    out: dict[tuple[str, int], str] = {}
    for req, dept, status in rows:
        if status not in RANK:  # withdrawn: kept, but it counts for nothing
            continue
        key = (req, dept)
        if RANK[status] > RANK[out.get(key, "none")]:
            out[key] = status
    return out


def best_status(statuses: list[str]) -> str:
    return max(statuses, key=lambda s: RANK[s], default="none")
