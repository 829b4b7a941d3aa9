"""Who may read and write which unit: a role granted on a unit covers its subtree.

- An office reads its unit's whole subtree (a city office reads its counties) and writes only its
  own unit (each county office writes its own data).
- A leader (viewer) reads the subtree and writes nothing.
- A department reads and writes within its own unit (the services check the department too).
- An inspector reads and scores only the rounds of their work: the rounds they are assigned to
  (交叉考评 may assign an inspector of another unit) and, among rounds without any assigned
  inspector, those of units in the inspector's own subtree. They see those rounds' units, and
  the units of their subtree that no round has assigned inspectors to yet.
- A user without a unit (the command line, the first admin) covers the whole deployment.

Every service that takes a unit, round, department or evidence id calls one of the ``require_*``
functions below before it reads or writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlmodel import Session, select

from services.actor import Actor
from services.errors import NotFound, PermissionDenied
from store.db import session_scope
from store.evidence_tables import Evidence
from store.org import Department, Unit
from store.rounds import Round, RoundInspector

READ_DENIED = "无权查看该被考评单位的数据"
WRITE_DENIED = "无权修改该被考评单位的数据：只能修改本单位的数据"
ROUND_DENIED = "无权查看该考评轮次：不是本轮次的考核组成员"
SCORE_DENIED = "无权为该考评轮次评分：不是本轮次的考核组成员"


@dataclass(frozen=True)
class UnitTree:
    """Every unit's parent, read in one query."""

    parent: dict[int, int | None]

    def children(self) -> dict[int | None, list[int]]:
        out: dict[int | None, list[int]] = {}
        for uid, pid in self.parent.items():
            out.setdefault(pid, []).append(uid)
        return out

    def subtree(self, root: int | None) -> set[int]:
        """``root`` and everything below it (every unit for None)."""
        if root is None:
            return set(self.parent)
        kids = self.children()
        out, stack = set(), [root]
        while stack:
            uid = stack.pop()
            if uid in out or uid not in self.parent:
                continue
            out.add(uid)
            stack.extend(kids.get(uid, ()))
        return out

    def ancestors(self, uid: int) -> list[int]:
        """From the unit's parent up to its root."""
        out, seen = [], {uid}
        pid = self.parent.get(uid)
        while pid is not None and pid not in seen:
            out.append(pid)
            seen.add(pid)
            pid = self.parent.get(pid)
        return out


def unit_tree(session: Session) -> UnitTree:
    rows = session.exec(select(Unit.id, Unit.parent_id)).all()
    return UnitTree({uid: pid for uid, pid in rows})


@contextmanager
def _session(session: Session | None) -> Iterator[Session]:
    if session is not None:
        yield session
    else:
        with session_scope() as s:
            yield s


def home_unit(actor: Actor, session: Session) -> int | None:
    """The unit the actor's role is granted on (None: the whole deployment).

    A department's unit is read from its department row, so it cannot be claimed.
    """
    if actor.role == "department":
        dept = session.get(Department, actor.department_id) if actor.department_id else None
        if dept is None or dept.unit_id is None:
            raise PermissionDenied("成员单位用户未关联到被考评单位")
        return dept.unit_id
    return actor.unit_id


@dataclass(frozen=True)
class InspectorScope:
    rounds: set[int]  # the rounds the inspector works on
    units: set[int]  # the units they may read


def inspector_scope(actor: Actor, session: Session) -> InspectorScope:
    """An inspector's rounds: assigned (or lead), or unstaffed in their subtree; and units: those
    of their rounds, and units of their subtree where no round has assigned inspectors."""
    assigned: set[int] = set()
    if actor.id is not None:
        assigned = set(
            session.exec(select(RoundInspector.round_id).where(RoundInspector.user_id == actor.id))
        )
        assigned |= set(session.exec(select(Round.id).where(Round.lead_inspector_id == actor.id)))
    staffed = set(session.exec(select(RoundInspector.round_id).distinct()))
    tree = unit_tree(session)
    scope = tree.subtree(actor.unit_id)
    rows = session.exec(select(Round.id, Round.unit_id)).all()
    mine = assigned | {rid for rid, uid in rows if rid not in staffed and uid in scope}
    staffed_units = {uid for rid, uid in rows if rid in staffed}
    units = {uid for rid, uid in rows if rid in mine} | (scope - staffed_units)
    return InspectorScope(mine, units)


def inspector_round_ids(actor: Actor, session: Session) -> set[int]:
    return inspector_scope(actor, session).rounds


def readable_units(actor: Actor, session: Session | None = None) -> set[int]:
    """The ids of every unit the actor may read."""
    with _session(session) as s:
        if actor.role == "inspector":
            return inspector_scope(actor, s).units
        return unit_tree(s).subtree(home_unit(actor, s))


def readable_unit_rows(actor: Actor) -> list[Unit]:
    """The units the actor may read, parents before children, by id within a level."""
    with session_scope() as s:
        ids = readable_units(actor, s)
        rows = list(s.exec(select(Unit).order_by(Unit.id)))
        return [u for u in rows if u.id in ids]


def can_read_unit(actor: Actor, unit_id: int, session: Session | None = None) -> bool:
    with _session(session) as s:
        if actor.role == "inspector":
            return unit_id in readable_units(actor, s)
        home = home_unit(actor, s)
        if home is None or home == unit_id:
            return True
        return home in unit_tree(s).ancestors(unit_id)


def _get(session: Session, model, row_id: int | None, missing: str):
    """The row, or NotFound with ``missing`` (the Chinese name of what is missing)."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise NotFound(missing)
    return row


def require_read_unit(actor: Actor, unit_id: int | None, session: Session | None = None) -> None:
    with _session(session) as s:
        if unit_id is None or s.get(Unit, unit_id) is None:
            raise NotFound(f"被考评单位 {unit_id} 不存在")
        if not can_read_unit(actor, unit_id, s):
            raise PermissionDenied(READ_DENIED)


def require_write_unit(actor: Actor, unit_id: int | None, session: Session | None = None) -> None:
    """Writes stay in the actor's own unit: a city office does not write a county's data."""
    with _session(session) as s:
        if unit_id is None or s.get(Unit, unit_id) is None:
            raise NotFound(f"被考评单位 {unit_id} 不存在")
        if actor.role in ("viewer", "inspector"):
            raise PermissionDenied(WRITE_DENIED)
        home = home_unit(actor, s)
        if home is not None and home != unit_id:
            raise PermissionDenied(WRITE_DENIED)


def require_read_round(actor: Actor, round_id: int | None, session: Session | None = None) -> Round:
    with _session(session) as s:
        rnd = _get(s, Round, round_id, f"考评轮次 {round_id} 不存在")
        if actor.role == "inspector":
            if rnd.id not in inspector_round_ids(actor, s):
                raise PermissionDenied(ROUND_DENIED)
        elif not can_read_unit(actor, rnd.unit_id, s):
            raise PermissionDenied(READ_DENIED)
        return rnd


def require_write_round(
    actor: Actor, round_id: int | None, session: Session | None = None
) -> Round:
    """An office or department writing into a round of its own unit."""
    with _session(session) as s:
        rnd = _get(s, Round, round_id, f"考评轮次 {round_id} 不存在")
        require_write_unit(actor, rnd.unit_id, s)
        return rnd


def require_round_inspector(
    actor: Actor, round_id: int | None, session: Session | None = None
) -> Round:
    """An inspector scoring a round must be one of its inspectors."""
    with _session(session) as s:
        rnd = _get(s, Round, round_id, f"考评轮次 {round_id} 不存在")
        if actor.role != "inspector" or rnd.id not in inspector_round_ids(actor, s):
            raise PermissionDenied(SCORE_DENIED)
        return rnd


def require_read_department(
    actor: Actor, department_id: int | None, session: Session | None = None
) -> Department:
    with _session(session) as s:
        dept = _get(s, Department, department_id, "成员单位不存在")
        require_read_unit(actor, dept.unit_id, s)
        return dept


def require_write_department(
    actor: Actor, department_id: int | None, session: Session | None = None
) -> Department:
    """The office of the department's unit, or the department itself."""
    with _session(session) as s:
        dept = _get(s, Department, department_id, "成员单位不存在")
        require_write_unit(actor, dept.unit_id, s)
        if actor.role == "department" and actor.department_id != dept.id:
            raise PermissionDenied("只能处理本单位（部门）的事项")
        return dept


def require_read_evidence(
    actor: Actor, evidence_id: int | None, session: Session | None = None
) -> Evidence:
    with _session(session) as s:
        ev = _get(s, Evidence, evidence_id, "材料不存在")
        require_read_unit(actor, ev.unit_id, s)
        return ev
