"""Inspectors' sheets of a round: save findings per requirement, keep drafts, merge the sheets.

Each inspector keeps an independent sheet. A requirement counts in the round's score when the
lead's agreed finding exists, or when the inspectors who reviewed it agree; where they differ
it is listed under 分歧 and counts as pending until the lead inspector settles it. Values copied
from an earlier round (a sheet without an inspector) count until an inspector reviews the
requirement: they are shown as 待复核.

Unsaved inputs are kept as a draft on every change, so moving to another requirement loses
nothing; saving replaces the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from rubric import Rubric
from rubric.models import MEASURED_KINDS
from scoring import Findings, FindingsError, Scorecard, score, validate_findings
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.rubrics import get_rubric
from store.base import utcnow
from store.db import session_scope
from store.rounds import Finding, FindingDraft, RequirementCheck, Round

DECIMAL_KINDS = ("tiers", "target", "grade")
COPIED = "copied"


def load_round(session: Session, round_id: int) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None:
        raise NotFound(f"轮次 {round_id} 不存在")
    return rnd


def store_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [store_value(v) for v in value]
    return value


def load_value(kind: str, value):
    if kind in DECIMAL_KINDS and value is not None and not isinstance(value, bool):
        return Decimal(str(value))
    if kind in MEASURED_KINDS and isinstance(value, list):
        return tuple(Decimal(str(v)) for v in value)  # one ratio per target
    if isinstance(value, list):
        return tuple(value)
    return value


def _writable(session: Session, actor: Actor, round_id: int, agreed: bool) -> Round:
    """Only inspectors write sheets, each their own; only the round's lead the agreed one."""
    actor.require("inspector", action="录入评分")
    if actor.id is None:
        raise PermissionDenied("录入评分需要考核组成员本人登录")
    rnd = access.require_round_inspector(actor, round_id, session)
    if rnd.status == "archived":
        raise InvalidInput("本轮次已归档，不能再修改评分")
    if agreed and actor.id != rnd.lead_inspector_id:
        raise PermissionDenied("只有本轮考核组组长可以录入一致意见")
    return rnd


def _requirement(rubric: Rubric, requirement_id: str, values: dict):
    req = rubric.requirement_index().get(requirement_id)
    if req is None:
        raise NotFound(f"要求「{requirement_id}」不存在")
    own = {r.id for r in req.rules}
    stray = [k for k in values if k not in own]
    if stray:
        raise InvalidInput(f"规则 {'、'.join(stray)} 不属于要求 {requirement_id}")
    return req


def _own(model, round_id: int, inspector: int | None, agreed: bool, requirement_id: str):
    return select(model).where(
        model.round_id == round_id,
        model.inspector_id == inspector if inspector is not None else model.inspector_id.is_(None),
        model.agreed == agreed,
        model.requirement_id == requirement_id,
    )


def save_requirement(
    actor: Actor,
    round_id: int,
    requirement_id: str,
    values: dict,
    *,
    reviewed: bool = True,
    comment: str | None = None,
    cited: list[int] | None = None,
    agreed: bool = False,
) -> Scorecard:
    """Replace the acting inspector's findings for one requirement; returns the round's card."""
    with session_scope() as session:
        rnd = _writable(session, actor, round_id, agreed)
        rubric = get_rubric(rnd.rubric_id)
        _requirement(rubric, requirement_id, values)
        try:
            checked = validate_findings(rubric, {k: v for k, v in values.items() if v is not None})
        except FindingsError as exc:
            raise InvalidInput(f"评分有误：{exc}") from exc
        old = session.exec(_own(Finding, round_id, actor.id, agreed, requirement_id)).all()
        before = {f.rule_id: f.value for f in old}
        for f in old:
            session.delete(f)
        for d in session.exec(_own(FindingDraft, round_id, actor.id, agreed, requirement_id)):
            session.delete(d)
        session.flush()
        for rule_id, value in checked.values.items():
            session.add(
                Finding(
                    round_id=round_id,
                    inspector_id=actor.id,
                    agreed=agreed,
                    requirement_id=requirement_id,
                    rule_id=rule_id,
                    value=store_value(value),
                )
            )
        check = session.exec(
            _own(RequirementCheck, round_id, actor.id, agreed, requirement_id)
        ).first() or RequirementCheck(
            round_id=round_id, inspector_id=actor.id, agreed=agreed, requirement_id=requirement_id
        )
        check.status = "reviewed" if reviewed else "recheck"
        check.comment = (comment or "").strip() or None
        check.cited = [int(c) for c in cited or []]
        check.updated_at = utcnow()
        session.add(check)
        audit.record(
            session,
            actor,
            "finding.agree" if agreed else "finding.save",
            "requirement",
            f"{round_id}:{requirement_id}",
            before=before,
            after={k: store_value(v) for k, v in checked.values.items()}
            | {"reviewed": reviewed, "comment": check.comment},
            unit_id=rnd.unit_id,
        )
        session.flush()
        return score(rubric, merged_sheets(session, rnd, rubric).findings)


# ---------------------------------------------------------------- drafts


@dataclass(frozen=True)
class Draft:
    values: dict
    comment: str | None
    cited: tuple[int, ...]
    updated_at: object


def save_draft(
    actor: Actor,
    round_id: int,
    requirement_id: str,
    values: dict,
    *,
    comment: str | None = None,
    cited: list[int] | None = None,
    agreed: bool = False,
) -> None:
    """Keep the inspector's unsaved inputs for one requirement (called on every change).

    A draft is not a finding: it never counts in the score and is not audited; saving the
    requirement replaces it.
    """
    with session_scope() as session:
        rnd = _writable(session, actor, round_id, agreed)
        _requirement(get_rubric(rnd.rubric_id), requirement_id, values)
        row = session.exec(
            _own(FindingDraft, round_id, actor.id, agreed, requirement_id)
        ).first() or FindingDraft(
            round_id=round_id, inspector_id=actor.id, agreed=agreed, requirement_id=requirement_id
        )
        row.values = {k: store_value(v) for k, v in values.items() if v is not None}
        row.comment = (comment or "").strip()[:4000] or None
        row.cited = [int(c) for c in cited or []]
        row.updated_at = utcnow()
        session.add(row)


def drafts(actor: Actor, round_id: int, agreed: bool = False) -> dict[str, Draft]:
    """The acting inspector's drafts in a round, by requirement id (values typed)."""
    actor.require("inspector", action="查看评分草稿")
    with session_scope() as session:
        rnd = access.require_round_inspector(actor, round_id, session)
        kinds = {r.id: r.kind for r in get_rubric(rnd.rubric_id).rules()}
        rows = session.exec(
            select(FindingDraft).where(
                FindingDraft.round_id == round_id,
                FindingDraft.inspector_id == actor.id,
                FindingDraft.agreed == agreed,
            )
        ).all()
        return {
            d.requirement_id: Draft(
                {k: load_value(kinds[k], v) for k, v in (d.values or {}).items() if k in kinds},
                d.comment,
                tuple(d.cited or ()),
                d.updated_at,
            )
            for d in rows
        }


def discard_draft(actor: Actor, round_id: int, requirement_id: str, agreed: bool = False) -> None:
    with session_scope() as session:
        _writable(session, actor, round_id, agreed)
        for d in session.exec(_own(FindingDraft, round_id, actor.id, agreed, requirement_id)):
            session.delete(d)


# ---------------------------------------------------------------- merging the sheets


def inspector_sheets(session: Session, rnd: Round):
    """Every check of the round and the values by (inspector id or None, agreed)."""
    checks = session.exec(select(RequirementCheck).where(RequirementCheck.round_id == rnd.id)).all()
    findings = session.exec(select(Finding).where(Finding.round_id == rnd.id)).all()
    return checks, sheet_values(findings)


def sheet_values(findings) -> dict[tuple[int | None, bool], dict[str, dict]]:
    """Finding rows of one round as values by (inspector id or None, agreed) and requirement."""
    values: dict[tuple[int | None, bool], dict[str, dict]] = {}
    for f in findings:
        values.setdefault((f.inspector_id, f.agreed), {}).setdefault(f.requirement_id, {})[
            f.rule_id
        ] = f.value
    return values


@dataclass(frozen=True)
class Sheets:
    findings: Findings
    copied: frozenset[str]  # requirements counted from values copied from an earlier round
    split: frozenset[str]  # requirements the inspectors disagree on


def merged_sheets(session: Session, rnd: Round, rubric: Rubric) -> Sheets:
    checks, values = inspector_sheets(session, rnd)
    return merge_sheets(rubric, checks, values)


def merge_sheets(rubric: Rubric, checks, values) -> Sheets:
    """The sheets that count, from one round's checks and values (no database)."""
    kinds = rubric.rule_kinds()
    by_req: dict[str, list[RequirementCheck]] = {}
    for c in checks:
        by_req.setdefault(c.requirement_id, []).append(c)
    merged: dict = {}
    pending, copied, split = set(), set(), set()
    for req in rubric.requirements():
        rows = by_req.get(req.id)
        if not rows:  # nobody has checked it: it awaits review
            pending.add(req.id)
            continue
        cs = [c for c in rows if c.status == "reviewed" and c.inspector_id is not None]
        chosen = [c for c in cs if c.agreed] or cs
        if not chosen:
            chosen = [c for c in rows if c.inspector_id is None and c.status == COPIED]
            if chosen:
                copied.add(req.id)
        sheets = [values.get((c.inspector_id, c.agreed), {}).get(req.id, {}) for c in chosen]
        if not sheets or any(s != sheets[0] for s in sheets[1:]):
            pending.add(req.id)
            copied.discard(req.id)
            if sheets:
                split.add(req.id)
            continue
        for rule_id, v in sheets[0].items():
            merged[rule_id] = load_value(kinds[rule_id], v)
    findings = validate_findings(rubric, merged, pending)
    return Sheets(findings, frozenset(copied), frozenset(split))


def merged_findings(session: Session, rnd: Round, rubric: Rubric) -> Findings:
    return merged_sheets(session, rnd, rubric).findings


def round_findings(actor: Actor, round_id: int) -> tuple[Rubric, Findings]:
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        rubric = get_rubric(rnd.rubric_id)
        return rubric, merged_findings(session, rnd, rubric)


def round_scorecard(actor: Actor, round_id: int) -> Scorecard:
    rubric, findings = round_findings(actor, round_id)
    return score(rubric, findings)
