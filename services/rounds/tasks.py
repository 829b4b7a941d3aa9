"""A department's 我的任务: its requirements with status, texts, due dates and review reasons."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from services.actor import Actor
from services.errors import InvalidInput
from services.evidence.progress import requirement_status
from services.rubrics import get_rubric
from store.db import session_scope
from store.evidence_tables import STATUS_LABELS, Evidence, EvidenceLink, Review
from store.org import Assignment
from store.rounds import Round


@dataclass(frozen=True)
class Task:
    requirement: str
    indicator: str
    text: str
    scoring: str
    weight: object
    evidence_hints: tuple[str, ...]
    status: str
    status_label: str
    due: object
    return_reasons: tuple[str, ...]
    evidence_count: int


def my_tasks(actor: Actor, unit_id: int, rubric_id: str | None = None) -> list[Task]:
    actor.require("department", action="查看本单位任务")
    if actor.department_id is None:
        raise InvalidInput("当前账号未关联成员单位，请联系办公室")
    rubric = get_rubric(rubric_id)
    with session_scope() as session:
        assigns = {
            a.requirement_id: a
            for a in session.exec(
                select(Assignment).where(
                    Assignment.unit_id == unit_id,
                    Assignment.rubric_id == rubric.id,
                    Assignment.department_id == actor.department_id,
                )
            )
        }
        status = requirement_status(session, unit_id, actor.department_id)
        rnd = session.exec(
            select(Round).where(Round.unit_id == unit_id).order_by(Round.id.desc())  # type: ignore[union-attr]
        ).first()
        counts: dict[str, int] = {}
        reasons: dict[str, list[str]] = {}
        rows = session.exec(
            select(EvidenceLink.requirement_id, Evidence.id, Evidence.status, Evidence.title)
            .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
            .where(Evidence.unit_id == unit_id, Evidence.department_id == actor.department_id)
        ).all()
        returned_ids = {ev_id for _, ev_id, st, _ in rows if st == "returned"}
        last_reason: dict[int, str] = {}
        if returned_ids:
            for rv in session.exec(
                select(Review).where(Review.evidence_id.in_(returned_ids)).order_by(Review.id)  # type: ignore[attr-defined]
            ):
                if rv.reason:
                    last_reason[rv.evidence_id] = rv.reason
        for req_id, ev_id, st, title in rows:
            counts[req_id] = counts.get(req_id, 0) + 1
            if st == "returned" and ev_id in last_reason:
                reasons.setdefault(req_id, []).append(f"《{title}》：{last_reason[ev_id]}")
    default_due = rnd.selfcheck_until if rnd else None
    out = []
    for ind in rubric.indicators():
        for req in ind.requirements:
            a = assigns.get(req.id)
            if a is None:
                continue
            st = status.get((req.id, actor.department_id), "none")
            out.append(
                Task(
                    requirement=req.id,
                    indicator=f"{ind.id} {ind.name}",
                    text=req.requirement,
                    scoring=req.scoring,
                    weight=req.weight,
                    evidence_hints=tuple(req.evidence),
                    status=st,
                    status_label=STATUS_LABELS[st],
                    due=a.due_date or default_due,
                    return_reasons=tuple(reasons.get(req.id, ())),
                    evidence_count=counts.get(req.id, 0),
                )
            )
    return out
