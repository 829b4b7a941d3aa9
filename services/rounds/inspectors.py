"""考核组 of a round: the inspectors assigned to it, possibly from another unit (交叉考评).

Once a round has assigned inspectors, only they (and its lead inspector) read and score it; the
office of the round's unit assigns them.
"""

from __future__ import annotations

from sqlmodel import select

from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput
from store.db import session_scope
from store.org import Unit, User
from store.rounds import RoundInspector


def assign_inspectors(actor: Actor, round_id: int, usernames: list[str]) -> list[str]:
    """Replace the round's inspectors with ``usernames``; returns their display names."""
    actor.require("office", action="指定考核组成员")
    names = list(dict.fromkeys(u.strip() for u in usernames if u and u.strip()))
    with session_scope() as session:
        rnd = access.require_write_round(actor, round_id, session)
        users = []
        for name in names:
            user = session.exec(select(User).where(User.username == name)).first()
            if user is None or user.role != "inspector" or not user.active:
                raise InvalidInput(f"「{name}」不是可用的考核组用户")
            users.append(user)
        before = [
            r.user_id
            for r in session.exec(select(RoundInspector).where(RoundInspector.round_id == rnd.id))
        ]
        for row in session.exec(select(RoundInspector).where(RoundInspector.round_id == rnd.id)):
            session.delete(row)
        session.flush()
        for user in users:
            session.add(
                RoundInspector(round_id=rnd.id, user_id=user.id, assigned_by=actor.display_name)
            )
        audit.record(
            session,
            actor,
            "round.inspectors",
            "round",
            rnd.id,
            before={"inspectors": before},
            after={"inspectors": [u.id for u in users]},
        )
        return [u.display_name for u in users]


def round_inspectors(actor: Actor, round_id: int) -> list[dict]:
    """The round's assigned inspectors with their home unit (交叉考评 shows another unit)."""
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        rows = session.exec(
            select(User)
            .join(RoundInspector, RoundInspector.user_id == User.id)
            .where(RoundInspector.round_id == rnd.id)
            .order_by(User.id)
        ).all()
        units = {u.id: u.name for u in session.exec(select(Unit))}
        return [
            {
                "username": u.username,
                "display_name": u.display_name,
                "unit": units.get(u.unit_id) if u.unit_id else None,
                "cross": u.unit_id is not None and u.unit_id != rnd.unit_id,
            }
            for u in rows
        ]
