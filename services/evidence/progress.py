"""Where each requirement stands on evidence: 无材料 / 待审 / 通过 / 退回, per department."""

from __future__ import annotations

from sqlmodel import Session, select

from store.evidence_tables import Evidence, EvidenceLink
from store.org import Assignment, Department

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
    out: dict[tuple[str, int], str] = {}
    for req, dept, status in session.exec(q):
        key = (req, dept)
        if RANK[status] > RANK[out.get(key, "none")]:
            out[key] = status
    return out


def best_status(statuses: list[str]) -> str:
    return max(statuses, key=lambda s: RANK[s], default="none")


def department_completion(session: Session, unit_id: int, rubric_id: str) -> list[dict]:
    """Per department: assigned requirements and how many have approved/pending/returned/none."""
    status = requirement_status(session, unit_id)
    names = {d.id: d.name for d in session.exec(select(Department))}
    rows: dict[int, dict] = {}
    for a in session.exec(
        select(Assignment).where(Assignment.unit_id == unit_id, Assignment.rubric_id == rubric_id)
    ):
        row = rows.setdefault(
            a.department_id,
            {
                "department": names[a.department_id],
                "assigned": 0,
                "approved": 0,
                "pending": 0,
                "returned": 0,
                "none": 0,
            },
        )
        row["assigned"] += 1
        row[status.get((a.requirement_id, a.department_id), "none")] += 1
    out = sorted(rows.values(), key=lambda r: r["department"])
    for r in out:
        r["ratio"] = r["approved"] / r["assigned"] if r["assigned"] else 0.0
    return out
