"""Audit trail: every write in services/ records one event in the same transaction.

The events of each unit form a hash chain (store.audit, services.audit.chain): an event changed,
deleted or slipped in directly in the database is found by ``pioneer audit verify``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from services.actor import Actor
from services.audit.chain import append
from services.errors import AuthError
from store.audit import AuditEvent
from store.org import Department, User

STALE_SESSION = "登录已失效（账号已停用或密码已重置），请重新登录"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def chain_of(session: Session, actor: Actor) -> int:
    """The chain an actor's events join: the unit it acts for (0: none, e.g. the command line).
    A department's unit is read from its department row."""
    if actor.role == "department" and actor.department_id:
        dept = session.get(Department, actor.department_id)
        if dept is not None and dept.unit_id is not None:
            return dept.unit_id
    return actor.unit_id or 0


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    unit_id: int | None = None,
) -> AuditEvent:
    """Record one event, chained after the last event of the actor's unit. Every service write
    records one, so this is also where a stale session (its user disabled or its password
    reset since it logged in) is refused.

    ``unit_id`` is the unit whose data the event writes. An inspector may come from another
    unit (交叉考评): its events on a unit's round join that unit's chain, so that unit's office
    sees them in its 审计日志 (and the offices above it); others act within their own unit."""
    if session_problem(session, actor):
        raise AuthError(STALE_SESSION)
    event = AuditEvent(
        user_id=actor.id,
        username=actor.username,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    chain = unit_id if unit_id is not None and actor.role == "inspector" else None
    append(session, event, chain if chain is not None else chain_of(session, actor))
    return event


def session_problem(session: Session, actor: Actor) -> str | None:
    """Why the actor may no longer act (None when it may): a user's actor holds while the user
    is active and its session version is the one the actor logged in with."""
    if actor.id is None:
        return None
    row = session.exec(select(User.active, User.session_version).where(User.id == actor.id)).first()
    if row is None or not row[0] or row[1] != actor.session_version:
        return STALE_SESSION
    return None


def recent_events(session: Session, limit: int = 200) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))
