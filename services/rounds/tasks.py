"""A department's 我的任务: its requirements in the current round, with the round's state.

Deadlines, lost and pending points come from the round the office made current (through
``services.rounds.state``); before the first round a department still sees what it answers for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import select

from services.actor import Actor
from services.errors import InvalidInput, PermissionDenied
from services.evidence.progress import requirement_status
from services.org.responsibility import responsibilities
from services.rounds.state import load_state
from services.rubrics import get_rubric
from store.db import session_scope
from store.evidence_tables import COUNTED, STATUS_LABELS, Evidence, EvidenceLink, Review
from store.org import ASSIGNMENT_ROLES, Department, Unit

ZERO = Decimal(0)


@dataclass(frozen=True)
class Task:
    requirement: str
    indicator: str
    text: str
    scoring: str
    weight: Decimal
    evidence_hints: tuple[str, ...]
    status: str
    status_label: str
    due: dt.date | None
    return_reasons: tuple[str, ...]
    evidence_count: int
    role: str = "lead"
    lost: Decimal = ZERO
    pending: Decimal = ZERO
    is_gap: bool = False
    overdue_days: int = 0
    returned: tuple[int, ...] = ()  # ids of this department's returned evidence for it

    @property
    def role_label(self) -> str:
        return ASSIGNMENT_ROLES.get(self.role, self.role)

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class TaskList:
    round_id: int | None
    round_name: str | None
    today: dt.date
    tasks: list[Task]
    rubric_id: str | None = None


def _department_unit(actor: Actor, unit_id: int) -> None:
    actor.require("department", action="查看本单位任务")
    if actor.department_id is None:
        raise InvalidInput("当前账号未关联成员单位，请联系办公室")
    with session_scope() as session:
        dept = session.get(Department, actor.department_id)
        if dept is None or dept.unit_id != unit_id:
            raise PermissionDenied("无权查看该被考评单位的任务：当前账号不属于该单位")


def _evidence_notes(unit_id: int, department_id: int):
    """Per requirement: evidence count, last return reasons and returned evidence ids."""
    with session_scope() as session:
        rows = session.exec(
            select(EvidenceLink.requirement_id, Evidence.id, Evidence.status, Evidence.title)
            .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
            .where(
                Evidence.unit_id == unit_id,
                Evidence.department_id == department_id,
                Evidence.status.in_(COUNTED),  # type: ignore[attr-defined]
            )
        ).all()
        returned_ids = {ev_id for _, ev_id, st, _ in rows if st == "returned"}
        last_reason: dict[int, str] = {}
        if returned_ids:
            for rv in session.exec(
                select(Review).where(Review.evidence_id.in_(returned_ids)).order_by(Review.id)  # type: ignore[attr-defined]
            ):
                if rv.reason:
                    last_reason[rv.evidence_id] = rv.reason
    counts: dict[str, int] = {}
    reasons: dict[str, list[str]] = {}
    returned: dict[str, list[int]] = {}
    for req_id, ev_id, st, title in rows:
        counts[req_id] = counts.get(req_id, 0) + 1
        if st == "returned":
            returned.setdefault(req_id, []).append(ev_id)
            if ev_id in last_reason:
                reasons.setdefault(req_id, []).append(f"《{title}》：{last_reason[ev_id]}")
    return counts, reasons, returned


def my_tasks(actor: Actor, unit_id: int, today: dt.date | None = None) -> TaskList:
    """The acting department's tasks in the unit's current round, in rubric order."""
    _department_unit(actor, unit_id)
    today = today or dt.date.today()
    dept_id = actor.department_id
    counts, reasons, returned = _evidence_notes(unit_id, dept_id)
    with session_scope() as session:
        unit = session.get(Unit, unit_id)
        current = unit.current_round_id if unit else None
    if current is None:
        return TaskList(
            None, None, today, _without_round(unit_id, dept_id, counts, reasons, returned)
        )
    state = load_state(actor, current, today)
    reqs = state.rubric.requirement_index()
    tasks = [
        _task(
            reqs[item.requirement],
            f"{item.indicator} {item.indicator_name}",
            owner.role,
            owner.status,
            counts,
            reasons,
            returned,
            due=owner.due,
            lost=item.lost,
            pending=item.pending,
            is_gap=item.is_gap,
            overdue_days=owner.overdue_days,
        )
        for item, owner in state.department_items(dept_id)
    ]
    return TaskList(state.round.id, state.round.name, today, tasks, state.rubric.id)


def _task(req, indicator: str, role: str, status: str, counts, reasons, returned, **state) -> Task:
    return Task(
        requirement=req.id,
        indicator=indicator,
        text=req.requirement,
        scoring=req.scoring,
        weight=req.weight,
        evidence_hints=tuple(req.evidence),
        status=status,
        status_label=STATUS_LABELS[status],
        return_reasons=tuple(reasons.get(req.id, ())),
        evidence_count=counts.get(req.id, 0),
        role=role,
        returned=tuple(returned.get(req.id, ())),
        **{"due": None} | state,
    )


def _without_round(unit_id: int, dept_id: int, counts, reasons, returned) -> list[Task]:
    rubric = get_rubric()
    with session_scope() as session:
        owners = responsibilities(session, unit_id, rubric.id)
        status = requirement_status(session, unit_id, dept_id)
    out = []
    for ind in rubric.indicators():
        for req in ind.requirements:
            mine = next((o for o in owners.get(req.id, ()) if o.department_id == dept_id), None)
            if mine is not None:
                st = status.get((req.id, dept_id), "none")
                out.append(
                    _task(req, f"{ind.id} {ind.name}", mine.role, st, counts, reasons, returned)
                )
    return out
