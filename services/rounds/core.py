"""Assessment rounds: create (optionally copying an earlier round), list, make current, archive,
delete. Sheets and scores of a round are in ``services.rounds.sheets``.

Names are unique within a unit. The office marks one round per unit as 当前轮次: every role
opens on it and departments see only its deadlines. A round without findings can be deleted;
a round with findings can be archived (read-only). Creating a round never changes which one is
current, except for a unit's first round.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.org.responsibility import assign_for_new_rubric
from services.rounds.sheets import (
    COPIED,
    load_round,
    load_value,
    merged_findings,
    merged_sheets,
    round_findings,
    round_scorecard,
    store_value,
)
from services.rubrics import get_rubric
from services.rubrics.versions import require_usable
from store.base import utcnow
from store.db import session_scope
from store.ledger_tables import ProposedFinding
from store.org import Unit, User
from store.rounds import (
    ROUND_KINDS,
    STAGES,
    Deadline,
    Finding,
    FindingDraft,
    RequirementCheck,
    Round,
)

__all__ = [
    "archive_round",
    "create_round",
    "current_round_id",
    "delete_round",
    "get_round",
    "list_rounds",
    "load_round",
    "load_value",
    "merged_findings",
    "round_findings",
    "round_scorecard",
    "set_current_round",
]

MAX_NAME = 200


def _clean_name(session: Session, unit_id: int, name: str, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("轮次名称不能为空")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"轮次名称不能超过 {MAX_NAME} 个字")
    clash = session.exec(select(Round).where(Round.unit_id == unit_id, Round.name == name)).first()
    if clash is not None and clash.id != exclude:
        raise InvalidInput(f"本单位已有名为「{name}」的轮次，请换一个名称")
    return name


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
    rubric = get_rubric(rubric_id)
    stages = stages or {}
    given = [d for d in (stages.get(k) for k, _ in STAGES) if d]
    if given != sorted(given):
        raise InvalidInput("四个阶段的截止日期应按时间先后排列")
    if starts_on and given and starts_on > given[0]:
        raise InvalidInput("开始日期不能晚于第一个阶段的截止日期")
    with session_scope() as session:
        access.require_write_unit(actor, unit_id, session)
        require_usable(session, actor, unit_id, rubric.id)
        unit = session.get(Unit, unit_id)
        clean = _clean_name(session, unit_id, name)
        lead_id = None
        if lead_inspector:
            lead = session.exec(select(User).where(User.username == lead_inspector)).first()
            if lead is None or lead.role != "inspector":
                raise InvalidInput(f"组长「{lead_inspector}」不是考核组用户")
            lead_id = lead.id
        rnd = Round(
            name=clean,
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
        copied = _copy_sheets(session, copy_from, rnd) if copy_from is not None else 0
        assign_for_new_rubric(session, actor, unit_id, rubric)
        if unit.current_round_id is None:
            unit.current_round_id = rnd.id
            session.add(unit)
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
                "copied_requirements": copied,
                "current": unit.current_round_id == rnd.id,
            },
        )
        return rnd


def _copy_sheets(session: Session, source_id: int, rnd: Round) -> int:
    """Seed a round with the settled findings, comments and citations of an earlier round.

    They go into a sheet without an inspector, which every inspector of the new round sees as
    待复核 and which counts until an inspector reviews the requirement. Returns the number of
    requirements copied (those the earlier round had settled).
    """
    src = session.get(Round, source_id)
    if src is None or src.unit_id != rnd.unit_id:
        raise NotFound("要复制的轮次不存在")
    if src.rubric_id != rnd.rubric_id:
        raise InvalidInput("只能复制使用同一评分细则的轮次")
    rubric = get_rubric(src.rubric_id)
    sheets = merged_sheets(session, src, rubric)
    comments, cited = _notes(session, src.id)
    index = rubric.rule_index()
    for rule_id, value in sheets.findings.values.items():
        session.add(
            Finding(
                round_id=rnd.id,
                inspector_id=None,
                requirement_id=index[rule_id][0].id,
                rule_id=rule_id,
                value=store_value(value),
                source=COPIED,
            )
        )
    copied = 0
    for req in rubric.requirements():
        if req.id in sheets.findings.unassessed:
            continue
        copied += 1
        session.add(
            RequirementCheck(
                round_id=rnd.id,
                inspector_id=None,
                requirement_id=req.id,
                status=COPIED,
                comment=comments.get(req.id),
                cited=cited.get(req.id, []),
            )
        )
    return copied


def _notes(session: Session, round_id: int) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Comments and cited evidence by requirement, from the sheets that count (agreed first)."""
    checks = session.exec(
        select(RequirementCheck).where(RequirementCheck.round_id == round_id)
    ).all()
    comments: dict[str, list[str]] = {}
    cited: dict[str, list[int]] = {}
    for c in sorted(checks, key=lambda c: (not c.agreed, c.inspector_id is None, c.id or 0)):
        if c.comment and c.comment not in comments.setdefault(c.requirement_id, []):
            comments[c.requirement_id].append(c.comment)
        for e in c.cited or []:
            if e not in cited.setdefault(c.requirement_id, []):
                cited[c.requirement_id].append(e)
    return {k: "；".join(v) for k, v in comments.items() if v}, {
        k: v for k, v in cited.items() if v
    }


def round_notes(actor: Actor, round_id: int) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Comments and cited evidence ids by requirement, from the sheets that count."""
    with session_scope() as session:
        access.require_read_round(actor, round_id, session)
        return _notes(session, round_id)


def get_round(actor: Actor, round_id: int) -> Round:
    with session_scope() as session:
        return access.require_read_round(actor, round_id, session)


def list_rounds(actor: Actor, unit_id: int, *, archived: bool = True) -> list[Round]:
    """A unit's rounds the actor may read (an inspector: only the rounds of their work)."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        q = select(Round).where(Round.unit_id == unit_id).order_by(Round.id)
        if not archived:
            q = q.where(Round.status == "active")
        rows = list(session.exec(q))
        if actor.role == "inspector":
            mine = access.inspector_round_ids(actor, session)
            rows = [r for r in rows if r.id in mine]
        return rows


def current_round_id(actor: Actor, unit_id: int) -> int | None:
    """The round the office made current for a unit (None before the first round)."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        unit = session.get(Unit, unit_id)
        return unit.current_round_id if unit else None


def set_current_round(actor: Actor, round_id: int) -> None:
    actor.require("office", action="设定当前轮次")
    with session_scope() as session:
        rnd = access.require_write_round(actor, round_id, session)
        if rnd.status == "archived":
            raise InvalidInput("已归档的轮次不能设为当前轮次")
        unit = session.get(Unit, rnd.unit_id)
        before = unit.current_round_id
        unit.current_round_id = rnd.id
        session.add(unit)
        audit.record(
            session,
            actor,
            "round.current",
            "round",
            rnd.id,
            before={"current": before},
            after={"current": rnd.id, "name": rnd.name},
        )


def _has_findings(session: Session, round_id: int) -> bool:
    return (
        session.exec(select(Finding.id).where(Finding.round_id == round_id)).first() is not None
        or session.exec(
            select(RequirementCheck.id).where(RequirementCheck.round_id == round_id)
        ).first()
        is not None
    )


def delete_round(actor: Actor, round_id: int) -> None:
    """Delete a round that has no findings yet (a mistaken or duplicate round)."""
    actor.require("office", action="删除考评轮次")
    with session_scope() as session:
        rnd = access.require_write_round(actor, round_id, session)
        if _has_findings(session, round_id):
            raise InvalidInput("本轮次已有评分记录，不能删除；如不再使用，可以归档")
        unit = session.get(Unit, rnd.unit_id)
        others = session.exec(
            select(Round).where(Round.unit_id == rnd.unit_id, Round.id != round_id)
        ).all()
        if unit.current_round_id == round_id and others:
            raise InvalidInput("这是当前轮次，请先将另一个轮次设为当前轮次，再删除")
        if any(o.copied_from_id == round_id for o in others):
            raise InvalidInput("另有轮次复制自本轮次，不能删除")
        for model in (Deadline, FindingDraft, ProposedFinding):
            for row in session.exec(select(model).where(model.round_id == round_id)):
                session.delete(row)
        if unit.current_round_id == round_id:
            unit.current_round_id = None
            session.add(unit)
        session.flush()
        session.delete(rnd)
        audit.record(session, actor, "round.delete", "round", round_id, before={"name": rnd.name})


def archive_round(actor: Actor, round_id: int, archived: bool = True) -> None:
    """Archive a round (read-only, out of the default lists), or bring it back."""
    actor.require("office", action="归档考评轮次")
    with session_scope() as session:
        rnd = access.require_write_round(actor, round_id, session)
        unit = session.get(Unit, rnd.unit_id)
        if archived and unit.current_round_id == round_id:
            raise InvalidInput("这是当前轮次，请先将另一个轮次设为当前轮次，再归档")
        before = rnd.status
        rnd.status = "archived" if archived else "active"
        rnd.archived_at = utcnow() if archived else None
        session.add(rnd)
        audit.record(
            session,
            actor,
            "round.archive" if archived else "round.restore",
            "round",
            round_id,
            before={"status": before},
            after={"status": rnd.status, "name": rnd.name},
        )
