"""Assessment rounds: create and copy, record findings per requirement, and score a round.

Each inspector keeps an independent sheet. A requirement counts in the round's score when the
lead's agreed finding exists, or when the inspectors who reviewed it agree; where they differ
it is listed under 分歧 and counts as pending until the lead inspector settles it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, select

from rubric import Rubric
from scoring import Findings, FindingsError, Scorecard, score, validate_findings
from services import audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.rubrics import get_rubric
from store.base import utcnow
from store.db import session_scope
from store.org import Unit, User
from store.rounds import ROUND_KINDS, STAGES, Finding, RequirementCheck, Round

DECIMAL_KINDS = ("tiers", "target", "grade")


def load_round(session: Session, round_id: int) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None:
        raise NotFound(f"轮次 {round_id} 不存在")
    return rnd


def _store_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def load_value(kind: str, value):
    if kind in DECIMAL_KINDS and value is not None and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def create_round(
    actor: Actor,
    *,
    name: str,
    unit_id: int,
    kind: str,
    rubric_id: str | None = None,
    stages: dict[str, dt.date | None] | None = None,
    starts_on: dt.date | None = None,
    copy_from: int | None = None,
    lead_inspector: str | None = None,
) -> Round:
    actor.require("office", action="创建考评轮次")
    if kind not in ROUND_KINDS:
        raise InvalidInput(f"轮次类型应为 {'、'.join(ROUND_KINDS)} 之一")
    if not name.strip():
        raise InvalidInput("轮次名称不能为空")
    rubric = get_rubric(rubric_id)
    stages = stages or {}
    dates = [stages.get(k) for k, _ in STAGES]
    given = [d for d in dates if d]
    if given != sorted(given):
        raise InvalidInput("四个阶段的截止日期应按时间先后排列")
    with session_scope() as session:
        if session.get(Unit, unit_id) is None:
            raise NotFound("被考评单位不存在")
        lead_id = None
        if lead_inspector:
            lead = session.exec(select(User).where(User.username == lead_inspector)).first()
            if lead is None or lead.role != "inspector":
                raise InvalidInput(f"组长「{lead_inspector}」不是考核组用户")
            lead_id = lead.id
        rnd = Round(
            name=name.strip(),
            unit_id=unit_id,
            rubric_id=rubric.id,
            kind=kind,
            starts_on=starts_on,
            copied_from_id=copy_from,
            lead_inspector_id=lead_id,
            **{k: stages.get(k) for k, _ in STAGES},
        )
        session.add(rnd)
        session.flush()
        copied = 0
        if copy_from is not None:
            copied = _copy_findings(session, copy_from, rnd, actor)
        audit.record(
            session,
            actor,
            "round.create",
            "round",
            rnd.id,
            after={
                "name": rnd.name,
                "kind": kind,
                "rubric": rubric.id,
                "copy_from": copy_from,
                "copied_findings": copied,
            },
        )
        return rnd


def _copy_findings(session: Session, source_id: int, rnd: Round, actor: Actor) -> int:
    """Seed a round with the previous round's settled findings, every requirement 'to re-check'."""
    src = session.get(Round, source_id)
    if src is None:
        raise NotFound("要复制的轮次不存在")
    if src.rubric_id != rnd.rubric_id:
        raise InvalidInput("只能复制使用同一评分细则的轮次")
    rubric = get_rubric(src.rubric_id)
    merged = merged_findings(session, src, rubric)
    owner = rnd.lead_inspector_id or actor.id or src.lead_inspector_id
    if owner is None:
        owner = session.exec(select(User.id).where(User.role == "office")).first()
    index = rubric.rule_index()
    for rule_id, value in merged.values.items():
        session.add(
            Finding(
                round_id=rnd.id,
                inspector_id=owner,
                requirement_id=index[rule_id][0].id,
                rule_id=rule_id,
                value=_store_value(value),
                source="copied",
            )
        )
    for req in rubric.requirements():
        session.add(
            RequirementCheck(
                round_id=rnd.id,
                inspector_id=owner,
                requirement_id=req.id,
                status="recheck",
                comment="由上一轮复制，待重新核查",
            )
        )
    return len(merged.values)


def get_round(round_id: int) -> Round:
    with session_scope() as session:
        rnd = load_round(session, round_id)
        return rnd


def list_rounds(unit_id: int | None = None) -> list[Round]:
    with session_scope() as session:
        q = select(Round).order_by(Round.id)
        if unit_id is not None:
            q = q.where(Round.unit_id == unit_id)
        return list(session.exec(q))


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
    """Replace one inspector's findings for one requirement; returns the round's new scorecard."""
    actor.require("inspector", "office", action="录入评分")
    with session_scope() as session:
        rnd = load_round(session, round_id)
        if agreed and not (actor.is_office or actor.id == rnd.lead_inspector_id):
            raise PermissionDenied("只有考核组组长可以录入一致意见")
        rubric = get_rubric(rnd.rubric_id)
        req = rubric.requirement_index().get(requirement_id)
        if req is None:
            raise NotFound(f"要求「{requirement_id}」不存在")
        own = {r.id for r in req.rules}
        stray = [k for k in values if k not in own]
        if stray:
            raise InvalidInput(f"规则 {'、'.join(stray)} 不属于要求 {requirement_id}")
        try:
            checked = validate_findings(rubric, {k: v for k, v in values.items() if v is not None})
        except FindingsError as exc:
            raise InvalidInput(f"评分有误：{exc}") from exc
        inspector = actor.id or rnd.lead_inspector_id
        old = session.exec(
            select(Finding).where(
                Finding.round_id == round_id,
                Finding.inspector_id == inspector,
                Finding.agreed == agreed,
                Finding.requirement_id == requirement_id,
            )
        ).all()
        before = {f.rule_id: f.value for f in old}
        for f in old:
            session.delete(f)
        session.flush()
        for rule_id, value in checked.values.items():
            session.add(
                Finding(
                    round_id=round_id,
                    inspector_id=inspector,
                    agreed=agreed,
                    requirement_id=requirement_id,
                    rule_id=rule_id,
                    value=_store_value(value),
                )
            )
        check = session.exec(
            select(RequirementCheck).where(
                RequirementCheck.round_id == round_id,
                RequirementCheck.inspector_id == inspector,
                RequirementCheck.agreed == agreed,
                RequirementCheck.requirement_id == requirement_id,
            )
        ).first()
        if check is None:
            check = RequirementCheck(
                round_id=round_id,
                inspector_id=inspector,
                agreed=agreed,
                requirement_id=requirement_id,
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
            after={k: _store_value(v) for k, v in checked.values.items()}
            | {"reviewed": reviewed, "comment": check.comment},
        )
        session.flush()
        return score(rubric, merged_findings(session, rnd, rubric))


def inspector_sheets(session: Session, rnd: Round):
    checks = session.exec(select(RequirementCheck).where(RequirementCheck.round_id == rnd.id)).all()
    findings = session.exec(select(Finding).where(Finding.round_id == rnd.id)).all()
    values: dict[tuple[int, bool], dict[str, dict]] = {}
    for f in findings:
        values.setdefault((f.inspector_id, f.agreed), {}).setdefault(f.requirement_id, {})[
            f.rule_id
        ] = f.value
    return checks, values


def merged_findings(session: Session, rnd: Round, rubric: Rubric) -> Findings:
    checks, values = inspector_sheets(session, rnd)
    kinds = {rule.id: rule.kind for rule in rubric.rules()}
    by_req: dict[str, list[RequirementCheck]] = {}
    for c in checks:
        by_req.setdefault(c.requirement_id, []).append(c)
    merged: dict = {}
    pending = set()
    for req in rubric.requirements():
        cs = [c for c in by_req.get(req.id, []) if c.status == "reviewed"]
        agreed = [c for c in cs if c.agreed]
        chosen = agreed or cs
        sheets = [values.get((c.inspector_id, c.agreed), {}).get(req.id, {}) for c in chosen]
        if not sheets or any(s != sheets[0] for s in sheets[1:]):
            pending.add(req.id)
            continue
        for rule_id, v in sheets[0].items():
            merged[rule_id] = load_value(kinds[rule_id], v)
    return validate_findings(rubric, merged, pending)


def round_findings(round_id: int) -> tuple[Rubric, Findings]:
    with session_scope() as session:
        rnd = load_round(session, round_id)
        rubric = get_rubric(rnd.rubric_id)
        return rubric, merged_findings(session, rnd, rubric)


def round_scorecard(round_id: int) -> Scorecard:
    rubric, findings = round_findings(round_id)
    return score(rubric, findings)
