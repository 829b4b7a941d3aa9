"""Read-side views of rounds: an inspector's sheet, disagreements, comparisons, notes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import select

from scoring import score, validate_findings
from scoring.engine import score_requirement
from services.actor import Actor
from services.errors import NotFound
from services.rounds.core import inspector_sheets, load_round, load_value, round_findings
from services.rubrics import get_rubric
from store.db import session_scope
from store.org import User
from store.rounds import RequirementCheck


@dataclass(frozen=True)
class SheetEntry:
    values: dict
    status: str  # reviewed | recheck | todo
    comment: str | None
    cited: tuple[int, ...]


def inspector_sheet(actor: Actor, round_id: int, agreed: bool = False) -> dict[str, SheetEntry]:
    """The acting inspector's own entries (or the agreed sheet) by requirement id."""
    actor.require("inspector", "office", action="查看评分表")
    with session_scope() as session:
        rnd = load_round(session, round_id)
        rubric = get_rubric(rnd.rubric_id)
        kinds = {r.id: r.kind for r in rubric.rules()}
        checks, values = inspector_sheets(session, rnd)
        me = actor.id or rnd.lead_inspector_id
        sheet = values.get((me, agreed), {})
        out = {}
        for c in checks:
            if c.inspector_id == me and c.agreed == agreed:
                vals = {
                    k: load_value(kinds[k], v) for k, v in sheet.get(c.requirement_id, {}).items()
                }
                out[c.requirement_id] = SheetEntry(vals, c.status, c.comment, tuple(c.cited or ()))
        return out


@dataclass(frozen=True)
class Disagreement:
    requirement: str
    by_inspector: dict[str, tuple[Decimal, dict]]  # display name -> (score, values)


def disagreements(actor: Actor, round_id: int) -> list[Disagreement]:
    actor.require("inspector", "office", action="查看分歧")
    with session_scope() as session:
        rnd = load_round(session, round_id)
        rubric = get_rubric(rnd.rubric_id)
        kinds = {r.id: r.kind for r in rubric.rules()}
        checks, values = inspector_sheets(session, rnd)
        names = {u.id: u.display_name for u in session.exec(select(User))}
    agreed = {c.requirement_id for c in checks if c.agreed and c.status == "reviewed"}
    out = []
    for req in rubric.requirements():
        if req.id in agreed:
            continue
        cs = [
            c
            for c in checks
            if c.requirement_id == req.id and not c.agreed and c.status == "reviewed"
        ]
        sheets = {
            c.inspector_id: values.get((c.inspector_id, False), {}).get(req.id, {}) for c in cs
        }
        if len(sheets) < 2 or len({repr(sorted(s.items())) for s in sheets.values()}) == 1:
            continue
        by = {}
        for insp, vals in sheets.items():
            typed = {k: load_value(kinds[k], v) for k, v in vals.items()}
            f = validate_findings(rubric, typed)
            by[names.get(insp, str(insp))] = (score_requirement(req, f, "", "").score, typed)
        out.append(Disagreement(req.id, by))
    return out


@dataclass(frozen=True)
class Comparison:
    systems: list[dict]
    requirements: list[dict]
    total_a: Decimal
    total_b: Decimal


def compare_rounds(round_a: int, round_b: int) -> Comparison:
    ra, fa = round_findings(round_a)
    rb, fb = round_findings(round_b)
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


def round_notes(round_id: int) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Comments and cited evidence ids by requirement, from the sheets that count."""
    with session_scope() as session:
        checks = session.exec(
            select(RequirementCheck).where(RequirementCheck.round_id == round_id)
        ).all()
    comments: dict[str, list[str]] = {}
    cited: dict[str, list[int]] = {}
    for c in sorted(checks, key=lambda c: (not c.agreed, c.id)):
        if c.comment:
            comments.setdefault(c.requirement_id, [])
            if c.comment not in comments[c.requirement_id]:
                comments[c.requirement_id].append(c.comment)
        for e in c.cited or []:
            cited.setdefault(c.requirement_id, [])
            if e not in cited[c.requirement_id]:
                cited[c.requirement_id].append(e)
    return {k: "；".join(v) for k, v in comments.items()}, cited
