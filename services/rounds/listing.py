"""Read-only list of a unit's rounds for the 轮次 page: names of the lead inspector and of the
round copied from, and each round's score. No writes, so no audit events."""

from __future__ import annotations

from sqlmodel import select

from scoring import score
from services import access
from services.actor import Actor
from services.rounds.core import merged_findings
from services.rubrics import get_rubric, rubric_label
from store.db import session_scope
from store.org import User
from store.rounds import Round


def round_rows(actor: Actor, unit_id: int) -> list[dict]:
    """Every round of the unit, oldest first, with its confirmed score and pending points."""
    actor.require("office", "inspector", "viewer", action="查看考评轮次")
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        rounds = list(
            session.exec(select(Round).where(Round.unit_id == unit_id).order_by(Round.id))
        )
        if actor.role == "inspector":
            mine = access.inspector_round_ids(actor, session)
            rounds = [r for r in rounds if r.id in mine]
        names = {u.id: u.display_name for u in session.exec(select(User))}
        by_id = {r.id: r for r in rounds}
        out = []
        for r in rounds:
            rubric = get_rubric(r.rubric_id)
            card = score(rubric, merged_findings(session, r, rubric))
            src = by_id.get(r.copied_from_id) if r.copied_from_id else None
            out.append(
                {
                    "round": r,
                    "rubric_title": rubric_label(rubric),
                    "lead": names.get(r.lead_inspector_id) if r.lead_inspector_id else None,
                    "copied_from": src.name if src else None,
                    "total": card.total,
                    "pending": card.pending,
                    "lost": card.lost,
                }
            )
        return out


def inspectors(actor: Actor) -> list[tuple[str, str]]:
    """(username, display name) of the active inspector accounts, for choosing a lead."""
    actor.require("office", action="查看考核组成员")
    with session_scope() as session:
        return [
            (u.username, u.display_name)
            for u in session.exec(
                select(User).where(User.role == "inspector", User.active).order_by(User.id)  # type: ignore[arg-type]
            )
        ]
