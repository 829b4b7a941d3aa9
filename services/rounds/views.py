"""Read-side views of rounds: an inspector's sheet, disagreements, comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import select

from scoring import score, validate_findings
from scoring.engine import score_requirement
from services import access
from services.actor import Actor
from services.errors import NotFound
from services.rounds.sheets import (
    COPIED,
    inspector_sheets,
    load_value,
    merged_sheets,
    round_findings,
)
from services.rubrics import get_rubric
from store.db import session_scope
from store.org import User
from store.rounds import RequirementCheck


@dataclass(frozen=True)
class SheetEntry:
    values: dict
    status: str  # reviewed | recheck | copied (待复核, from an earlier round) | todo
    comment: str | None
    cited: tuple[int, ...]


def inspector_sheet(actor: Actor, round_id: int, agreed: bool = False) -> dict[str, SheetEntry]:
    """The acting inspector's own entries (or the agreed sheet) by requirement id.

    Where the inspector has no entry of their own, the values copied from an earlier round are
    shown (status ``copied``): every inspector of the round sees them as the starting point.
    """
    actor.require("inspector", "office", action="查看评分表")
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        rubric = get_rubric(rnd.rubric_id)
        kinds = {r.id: r.kind for r in rubric.rules()}
        checks, values = inspector_sheets(session, rnd)

    def entry(c: RequirementCheck, key) -> SheetEntry:
        vals = values.get(key, {}).get(c.requirement_id, {})
        typed = {k: load_value(kinds[k], v) for k, v in vals.items()}
        return SheetEntry(typed, c.status, c.comment, tuple(c.cited or ()))

    out: dict[str, SheetEntry] = {}
    for c in checks:
        if c.inspector_id is None and c.status == COPIED and not agreed:
            out.setdefault(c.requirement_id, entry(c, (None, False)))
    for c in checks:
        if c.inspector_id is not None and c.inspector_id == actor.id and c.agreed == agreed:
            out[c.requirement_id] = entry(c, (c.inspector_id, c.agreed))
    return out


@dataclass(frozen=True)
class Disagreement:
    requirement: str
    by_inspector: dict[str, tuple[Decimal, dict]]  # display name -> (score, values)


def disagreements(actor: Actor, round_id: int) -> list[Disagreement]:
    actor.require("inspector", "office", action="查看分歧")
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        rubric = get_rubric(rnd.rubric_id)
        kinds = {r.id: r.kind for r in rubric.rules()}
        split = merged_sheets(session, rnd, rubric).split
        checks, values = inspector_sheets(session, rnd)
        names = {u.id: u.display_name for u in session.exec(select(User))}
    out = []
    for req in rubric.requirements():
        if req.id not in split:
            continue
        by = {}
        for c in checks:
            if c.requirement_id != req.id or c.agreed or c.inspector_id is None:
                continue
            if c.status != "reviewed":
                continue
            vals = values.get((c.inspector_id, False), {}).get(req.id, {})
            typed = {k: load_value(kinds[k], v) for k, v in vals.items()}
            f = validate_findings(rubric, typed)
            by[names.get(c.inspector_id, str(c.inspector_id))] = (
                score_requirement(req, f, "", "").score,
                typed,
            )
        out.append(Disagreement(req.id, by))
    return out


@dataclass(frozen=True)
class Comparison:
    systems: list[dict]
    requirements: list[dict]
    total_a: Decimal
    total_b: Decimal


def compare_rounds(actor: Actor, round_a: int, round_b: int) -> Comparison:
    ra, fa = round_findings(actor, round_a)
    rb, fb = round_findings(actor, round_b)
    if ra.id != rb.id:
        raise NotFound("两个轮次使用的评分细则不同，无法逐项对比")
    ca, cb = score(ra, fa), score(rb, fb)
    systems = [
        {"id": a.id, "name": a.name, "a": a.score, "b": b.score, "delta": b.score - a.score}
        for a, b in zip(ca.systems, cb.systems, strict=True)
    ]
    reqs = [
        {
            "id": a.id,
            "a": a.score,
            "a_status": a.status,
            "b": b.score,
            "b_status": b.status,
            "delta": b.score - a.score,
            "max": a.max,
        }
        for a, b in zip(ca.requirements, cb.requirements, strict=True)
    ]
    return Comparison(systems, reqs, ca.total, cb.total)
