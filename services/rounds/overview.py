"""The office's 总览 and 整改清单: score, completion, stage timeline, overdue items, gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import select

from rubric import Rubric
from scoring import Scorecard, gap_gains, score
from services.actor import Actor
from services.evidence.progress import best_status, department_completion, requirement_status
from services.rounds.core import load_round, merged_findings
from services.rubrics import get_rubric
from store.db import session_scope
from store.evidence_tables import STATUS_LABELS
from store.org import Assignment, Department, Unit
from store.rounds import STAGES, Round


@dataclass(frozen=True)
class Overview:
    round: Round
    unit: str
    rubric: Rubric
    card: Scorecard
    completion: list[dict]
    stages: list[tuple[str, dt.date | None]]
    today: dt.date
    current_stage: str | None
    overdue: list[dict]
    gaps: list[dict]


def _stage_now(rnd: Round, today: dt.date) -> str | None:
    for key, label in STAGES:
        end = getattr(rnd, key)
        if end and today <= end:
            return label
    return None


def build_overview(actor: Actor, round_id: int, today: dt.date | None = None) -> Overview:
    actor.require("office", "inspector", "viewer", action="查看总览")
    today = today or dt.date.today()
    with session_scope() as session:
        rnd = load_round(session, round_id)
        rubric = get_rubric(rnd.rubric_id)
        findings = merged_findings(session, rnd, rubric)
        card = score(rubric, findings)
        unit = session.get(Unit, rnd.unit_id)
        completion = department_completion(session, rnd.unit_id, rubric.id)
        status = requirement_status(session, rnd.unit_id)
        names = {d.id: d.name for d in session.exec(select(Department))}
        assigns = list(
            session.exec(
                select(Assignment).where(
                    Assignment.unit_id == rnd.unit_id, Assignment.rubric_id == rubric.id
                )
            )
        )
    default_due = rnd.selfcheck_until
    by_req: dict[str, list[Assignment]] = {}
    for a in assigns:
        by_req.setdefault(a.requirement_id, []).append(a)
    gains = {g.gap.requirement: g.gain for g in gap_gains(rubric, findings, card)}
    reqs = rubric.requirement_index()
    gaps = []
    for g in card.gaps:
        req = reqs[g.requirement]
        rs = card.requirement(g.requirement)
        texts = [a.text for a in rs.applied if a.delta < 0] or [
            r.text for r in req.rules if r.id in g.rules
        ]
        rows = by_req.get(g.requirement, [])
        due = min((a.due_date for a in rows if a.due_date), default=default_due)
        st = best_status([status.get((g.requirement, a.department_id), "none") for a in rows])
        gaps.append(
            {
                "requirement": g.requirement,
                "text": req.requirement,
                "rules": "；".join(texts),
                "departments": "、".join(names[a.department_id] for a in rows)
                or "、".join(g.departments),
                "lost": g.lost,
                "pending": g.pending,
                "gain": gains.get(g.requirement, Decimal(0)),
                "due": due,
                "status": STATUS_LABELS[st],
                "overdue": bool(due and due < today and st != "approved"),
            }
        )
    overdue = []
    for a in assigns:
        st = status.get((a.requirement_id, a.department_id), "none")
        due = a.due_date or default_due
        if due and due < today and st != "approved":
            overdue.append(
                {
                    "requirement": a.requirement_id,
                    "department": names[a.department_id],
                    "due": due,
                    "days": (today - due).days,
                    "status": STATUS_LABELS[st],
                }
            )
    overdue.sort(key=lambda r: (-r["days"], r["requirement"]))
    return Overview(
        round=rnd,
        unit=unit.name if unit else "",
        rubric=rubric,
        card=card,
        completion=completion,
        stages=[(label, getattr(rnd, key)) for key, label in STAGES],
        today=today,
        current_stage=_stage_now(rnd, today),
        overdue=overdue,
        gaps=gaps,
    )
