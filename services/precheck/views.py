"""What the office, a department and the inspectors read of the checks: the proposals, the
自查预评 (the score from proposals alone, each requirement's evidence status and what would fix
each lost point), and each check's agreement with the inspectors' decisions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import select

from reports.common import fmt
from reports.inputs import SelfCheckSummary
from rubric.precheck import Check, Manual
from scoring.engine import score
from scoring.findings import validate_findings
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput
from services.precheck.run import is_check, load_documents, run_precheck
from services.rounds.sheets import load_value, merged_findings
from services.rounds.state import round_state
from services.rubrics import get_rubric
from store.db import session_scope
from store.ledger_tables import ProposedFinding
from store.org import Unit
from store.precheck_tables import CheckSetting
from store.rounds import Round

EVIDENCE_STATUS = {"complete": "齐全", "short": "不足", "missing": "缺失"}
READERS = ("office", "inspector", "viewer", "department")


@dataclass(frozen=True)
class RuleGap:
    rule: str
    clause: str
    reason: str
    fix: str
    lost: Decimal


@dataclass(frozen=True)
class RequirementRow:
    id: str
    name: str
    indicator: str
    evidence: str  # complete | short | missing
    documents: int
    score: Decimal | None  # None: no check decides any of its rules (left to inspectors)
    max: Decimal
    gaps: tuple[RuleGap, ...]
    departments: tuple[str, ...]

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_STATUS[self.evidence]


@dataclass(frozen=True)
class SelfCheck:
    round_id: int
    total: Decimal
    max: Decimal
    pending: Decimal
    checked_rules: int
    rows: tuple[RequirementRow, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        short = [r for r in self.rows if r.gaps]
        return (
            f"按现有材料预评 {fmt(self.total)} 分，"
            f"以下 {sum(len(r.gaps) for r in short)} 条缺材料或材料不足"
        )


def proposals(actor: Actor, round_id: int) -> list[dict]:
    """The round's check proposals, one per rule, with the file, page and matched text."""
    actor.require(*READERS, action="查看自查预评")
    with session_scope() as session:
        access.require_read_round(actor, round_id, session)
        rows = session.exec(
            select(ProposedFinding)
            .where(ProposedFinding.round_id == round_id)
            .order_by(ProposedFinding.rule_id)
        ).all()
        return [_row(p) for p in rows if is_check(p)]


def _row(p: ProposedFinding) -> dict:
    i = p.inputs or {}
    return {
        "rule": p.rule_id,
        "requirement": p.requirement_id,
        "check": i.get("check"),
        "value": p.value,
        "met": bool(i.get("met")),
        "reason": p.formula,
        "source": p.source,
        "reads": i.get("reads", ""),
        "needs": i.get("needs", ""),
        "fix": i.get("fix", ""),
        "evidence_id": i.get("evidence_id"),
        "title": i.get("title"),
        "page": i.get("page"),
        "excerpt": i.get("excerpt", ""),
        "status": p.status,
        "final_value": p.final_value,
        "decided_by": p.decided_by,
        "reason_override": p.reason,
    }


def self_check(actor: Actor, round_id: int, *, department_id: int | None = None) -> SelfCheck:
    """自查预评 of a round: proposals alone give the score; requirements no check decides are
    pending; rules left to the inspectors count as not deducted. A department sees its own
    requirements (the round's 责任分工)."""
    actor.require(*READERS, action="查看自查预评")
    if actor.role == "department":
        department_id = actor.department_id
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        rubric = get_rubric(rnd.rubric_id)
        rows = [
            p
            for p in session.exec(
                select(ProposedFinding).where(ProposedFinding.round_id == round_id)
            )
            if is_check(p)
        ]
        docs = load_documents(session, rnd.unit_id, rnd.rubric_id)
        state = round_state(session, rnd)
    kinds = {rule.id: rule.kind for rule in rubric.rules()}
    values = {p.rule_id: load_value(kinds[p.rule_id], p.value) for p in rows}
    decided = {p.requirement_id for p in rows}
    pending = [q.id for q in rubric.requirements() if q.id not in decided]
    card = score(rubric, validate_findings(rubric, values, pending))
    by_rule = {p.rule_id: p for p in rows}
    mine = None
    if department_id is not None:
        mine = {item.requirement for item, _ in state.department_items(department_id)}
    out = []
    for ind in rubric.indicators():
        for q in ind.requirements:
            if mine is not None and q.id not in mine:
                continue
            rs = card.requirement(q.id)
            gaps = []
            for a in rs.applied:
                p = by_rule.get(a.rule or "")
                if p is None or a.delta >= 0:
                    continue
                i = p.inputs or {}
                gaps.append(
                    RuleGap(p.rule_id, i.get("reads", ""), p.formula, i.get("fix", ""), -a.delta)
                )
            n = sum(1 for d in docs.get(q.id, ()) if d.status != "returned")
            status = "missing" if n == 0 else ("short" if gaps else "complete")
            out.append(
                RequirementRow(
                    id=q.id,
                    name=q.requirement,
                    indicator=ind.name,
                    evidence=status,
                    documents=n,
                    score=None if q.id not in decided else rs.score,
                    max=q.weight,
                    gaps=tuple(gaps),
                    departments=tuple(o.department for o in state.item(q.id).owners),
                )
            )
    counts = defaultdict(int)
    for r in out:
        counts[r.evidence] += 1
    return SelfCheck(
        round_id=round_id,
        total=card.total,
        max=card.max,
        pending=card.pending,
        checked_rules=len(rows),
        rows=tuple(out),
        counts=dict(counts),
    )


def agreement(actor: Actor, unit_id: int) -> list[dict]:
    """Each check's proposals against the inspectors' final decisions, over the unit's rounds:
    a proposal counts once its requirement is assessed in the round's agreed findings."""
    actor.require("office", "inspector", action="查看预评规则的准确率")
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        off = {
            s.check_id: s
            for s in session.exec(select(CheckSetting).where(CheckSetting.unit_id == unit_id))
        }
        rounds = session.exec(select(Round).where(Round.unit_id == unit_id)).all()
        rubric_ids = set()
        for rnd in rounds:
            rubric = get_rubric(rnd.rubric_id)
            rubric_ids.add(rnd.rubric_id)
            findings = merged_findings(session, rnd, rubric)
            kinds = {rule.id: rule.kind for rule in rubric.rules()}
            for p in session.exec(
                select(ProposedFinding).where(ProposedFinding.round_id == rnd.id)
            ):
                if not is_check(p) or p.requirement_id in findings.unassessed:
                    continue
                kind = kinds.get(p.rule_id)
                if kind is None:
                    continue
                final = findings.values.get(p.rule_id, _default(kind))
                stat = stats[p.inputs["check"]]
                stat[0] += 1
                stat[1] += int(load_value(kind, p.value) == final)
    out = []
    for rubric_id in sorted(rubric_ids):
        for q in get_rubric(rubric_id).requirements():
            for c in q.checks:
                if not isinstance(c, Check):
                    continue
                n, agreed = stats.get(c.id, [0, 0])
                setting = off.get(c.id)
                out.append(
                    {
                        "check": c.id,
                        "rule": c.rule,
                        "requirement": q.id,
                        "reads": c.reads,
                        "needs": c.needs,
                        "decided": n,
                        "agreed": agreed,
                        "rate": (Decimal(agreed) / n) if n else None,
                        "enabled": setting.enabled if setting else True,
                        "reason": setting.reason if setting else None,
                    }
                )
    return out


def _default(kind: str):
    return False if kind in ("deduct", "zero", "award") else 0


def manual_rules(rubric_id: str) -> list[dict]:
    """The rules the rubric leaves to the inspectors, and why."""
    return [
        {"rule": c.rule, "requirement": q.id, "why": c.manual}
        for q in get_rubric(rubric_id).requirements()
        for c in q.checks
        if isinstance(c, Manual)
    ]


def set_check_enabled(
    actor: Actor, unit_id: int, check_id: str, enabled: bool, reason: str | None = None
) -> None:
    """The office switches a check off (with a reason) or on again for its unit; audited."""
    actor.require("office", action="设置预评规则")
    reason = (reason or "").strip() or None
    if not enabled and not reason:
        raise InvalidInput("停用预评规则时须说明原因")
    with session_scope() as session:
        access.require_write_unit(actor, unit_id, session)
        row = session.exec(
            select(CheckSetting).where(
                CheckSetting.unit_id == unit_id, CheckSetting.check_id == check_id
            )
        ).first()
        before = {"enabled": row.enabled if row else True}
        row = row or CheckSetting(unit_id=unit_id, check_id=check_id)
        row.enabled, row.reason, row.set_by_id = enabled, reason, actor.id
        session.add(row)
        audit.record(
            session,
            actor,
            "precheck.enable" if enabled else "precheck.disable",
            "check",
            f"{unit_id}:{check_id}",
            before=before,
            after={"enabled": enabled, "reason": reason},
        )
    _rerun_current(actor, unit_id, check_id)


def _rerun_current(actor: Actor, unit_id: int, check_id: str) -> None:
    """Re-run the checks of the switched check's requirement in the unit's current round, so an
    undecided proposal of a check switched off goes at once (模拟考评 and 自查预评 stop offering
    it) and a check switched on proposes again; decided proposals keep their decision."""
    with session_scope() as session:
        unit = session.get(Unit, unit_id)
        rnd = session.get(Round, unit.current_round_id) if unit and unit.current_round_id else None
        if rnd is None or rnd.status == "archived":
            return
        rubric = get_rubric(rnd.rubric_id)
        round_id = rnd.id
    requirement = next(
        (
            q.id
            for q in rubric.requirements()
            for c in q.checks
            if isinstance(c, Check) and c.id == check_id
        ),
        None,
    )
    if requirement is not None:
        run_precheck(actor, round_id, requirements=[requirement])


def summary(actor: Actor, round_id: int) -> SelfCheckSummary | None:
    """The 自查预评 section of the round's report and bulletin (None: no check has run)."""
    view = self_check(actor, round_id)
    if not view.checked_rules:
        return None
    return SelfCheckSummary(
        total=view.total,
        max=view.max,
        pending=view.pending,
        complete=view.counts.get("complete", 0),
        short=view.counts.get("short", 0),
        missing=view.counts.get("missing", 0),
        gaps=tuple(
            (
                "".join(r.name.split())[:60],
                "、".join(r.departments) or "未分工",
                "；".join(g.fix for g in r.gaps),
            )
            for r in view.rows
            if r.gaps
        ),
    )
