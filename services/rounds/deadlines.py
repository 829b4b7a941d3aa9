"""整改期限: when each department must have fixed each item, in one round.

The office may set a deadline for one requirement, for one department, or for one pair; the
most specific one applies (pair, then requirement, then department). Without any, the deadline
is the end of the round's 自查整改 stage. Deadlines belong to a round, so creating a round never
moves the deadlines of another, and a department sees those of the round the office made current.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, select

from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.org.responsibility import get_department
from services.rubrics import get_rubric
from store.db import session_scope
from store.rounds import Deadline, Round


@dataclass(frozen=True)
class Deadlines:
    default: dt.date | None
    by_pair: dict[tuple[str, int], dt.date] = field(default_factory=dict)
    by_requirement: dict[str, dt.date] = field(default_factory=dict)
    by_department: dict[int, dt.date] = field(default_factory=dict)

    def due(self, requirement_id: str, department_id: int | None) -> dt.date | None:
        if department_id is not None and (requirement_id, department_id) in self.by_pair:
            return self.by_pair[(requirement_id, department_id)]
        if requirement_id in self.by_requirement:
            return self.by_requirement[requirement_id]
        if department_id is not None and department_id in self.by_department:
            return self.by_department[department_id]
        return self.default


def load_deadlines(session: Session, rnd: Round) -> Deadlines:
    return deadlines_from(rnd, session.exec(select(Deadline).where(Deadline.round_id == rnd.id)))


def deadlines_from(rnd: Round, rows) -> Deadlines:
    """A round's deadlines from its Deadline rows (no database)."""
    pair: dict[tuple[str, int], dt.date] = {}
    req: dict[str, dt.date] = {}
    dept: dict[int, dt.date] = {}
    for d in rows:
        if d.requirement_id and d.department_id:
            pair[(d.requirement_id, d.department_id)] = d.due_on
        elif d.requirement_id:
            req[d.requirement_id] = d.due_on
        elif d.department_id:
            dept[d.department_id] = d.due_on
    return Deadlines(rnd.selfcheck_until, pair, req, dept)


def days_overdue(due: dt.date | None, today: dt.date) -> int:
    """Days past the deadline on ``today`` (0 when not past or no deadline)."""
    return max((today - due).days, 0) if due else 0


def set_deadline(
    actor: Actor,
    round_id: int,
    due_on: dt.date | None,
    *,
    requirement_id: str | None = None,
    department: str | None = None,
) -> None:
    """Set (or, with ``due_on`` None, clear) a deadline for a requirement and/or a department."""
    actor.require("office", action="设置整改期限")
    if requirement_id is None and department is None:
        raise InvalidInput("请指定要求或责任单位")
    with session_scope() as session:
        rnd = access.require_write_round(actor, round_id, session)
        if (
            requirement_id is not None
            and requirement_id not in get_rubric(rnd.rubric_id).requirement_index()
        ):
            raise NotFound(f"要求「{requirement_id}」不存在")
        dept_id = get_department(session, rnd.unit_id, department).id if department else None
        rows = session.exec(
            select(Deadline).where(
                Deadline.round_id == round_id,
                Deadline.requirement_id == requirement_id
                if requirement_id
                else Deadline.requirement_id.is_(None),  # type: ignore[union-attr]
                Deadline.department_id == dept_id if dept_id else Deadline.department_id.is_(None),  # type: ignore[union-attr]
            )
        ).all()
        before = rows[0].due_on if rows else None
        for row in rows:
            session.delete(row)
        if due_on is not None:
            session.add(
                Deadline(
                    round_id=round_id,
                    requirement_id=requirement_id,
                    department_id=dept_id,
                    due_on=due_on,
                    set_by=actor.display_name,
                )
            )
        audit.record(
            session,
            actor,
            "deadline.set" if due_on else "deadline.clear",
            "round",
            round_id,
            before={"due_on": before},
            after={"requirement": requirement_id, "department": department, "due_on": due_on},
        )


def list_deadlines(actor: Actor, round_id: int) -> list[dict]:
    """The deadlines the office set in a round (for 设置 and 整改清单), most specific first."""
    actor.require("office", "inspector", "viewer", action="查看整改期限")
    from store.org import Department

    with session_scope() as session:
        access.require_read_round(actor, round_id, session)
        names = {d.id: d.name for d in session.exec(select(Department))}
        rows = session.exec(select(Deadline).where(Deadline.round_id == round_id)).all()
        return [
            {
                "requirement": d.requirement_id,
                "department": names.get(d.department_id) if d.department_id else None,
                "due_on": d.due_on,
                "set_by": d.set_by,
                "set_at": d.set_at,
            }
            for d in sorted(
                rows, key=lambda d: (d.requirement_id is None, d.requirement_id or "", d.id)
            )
        ]
