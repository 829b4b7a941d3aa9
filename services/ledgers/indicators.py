"""Data findings: figures computed from ledgers, entries and the survey are proposed for a
round; an inspector confirms each (the proposed value) or overrides it with a reason. The
decision is written as the inspector's finding through ``sheets.save_requirement``, so the
scorecard picks it up, and kept with the proposal (who, when, why).

``indicator_lines`` gives, for the five data indicators of system 6, what the 总览 and the
report show: value, formula, source, target and whether it is met.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import select

from ledgers.figures import percent
from reports.inputs import FigureLine
from rubric.numbers import round_ratio, threshold_text
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.ledgers.figures import (
    ENTERED,
    INDICATOR_RULES,
    ComputedFigure,
    compute_figures,
    enter_figure,
    list_entered,
    service_summary,
)
from services.rounds import sheets
from services.rubrics import get_rubric
from store.base import utcnow
from store.db import session_scope
from store.ledger_tables import ProposedFinding
from store.rounds import Finding, RequirementCheck

STATUS_LABELS = {
    "none": "未提请确认",  # figures exist, no proposal in this round yet
    "missing": "无数据",
    "proposed": "待考核组确认",
    "confirmed": "已确认",
    "overridden": "考核组已改定",
}
# where each data indicator's numbers come from when missing
MISSING = {
    "activity": "尚无数据：请区市场监督管理局、区统计局填报参与创业活动人数和城镇劳动者人数",
    "success": "尚无数据：请导入市场主体登记台账，或填报存活1年以上户数",
    "service": "尚无数据：请人社部门填报获得扶持或服务的创业者人数和创业者总人数",
    "satisfaction": "尚无数据：请导入创业环境满意度抽样调查结果",
    "contribution": "尚无数据：请填报各年度新增创业及带动就业人数和新增就业人数",
}
NAMES = {"satisfaction": "创业环境满意率"} | {k: v[0] for k, v in ENTERED.items()}

__all__ = [
    "ComputedFigure",
    "IndicatorLine",
    "compute_figures",
    "confirm",
    "enter_figure",
    "figure_lines",
    "indicator_lines",
    "list_entered",
    "list_proposals",
    "propose_findings",
    "service_summary",
]


def _store(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _load(kind: str, value: Any) -> Any:
    if kind in ("tiers", "target", "grade") and value is not None and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def _coerce(kind: str, value: Any, rule_id: str) -> Any:
    if kind in ("tiers", "target"):
        if isinstance(value, bool):
            raise InvalidInput(f"{rule_id} 应填写 0 到 1 之间的比例")
        try:
            return Decimal(str(value).strip().rstrip("%")) / (100 if "%" in str(value) else 1)
        except ArithmeticError:
            raise InvalidInput(f"{rule_id} 应填写 0 到 1 之间的比例：{value}") from None
    if kind in ("deduct", "zero", "award"):
        if not isinstance(value, bool):
            raise InvalidInput(f"{rule_id} 应填写 是/否")
        return value
    return value


def _proposal_dict(p: ProposedFinding) -> dict:
    return {
        "rule": p.rule_id,
        "requirement": p.requirement_id,
        "value": p.value,
        "figure_value": Decimal(p.figure_value) if p.figure_value else None,
        "formula": p.formula,
        "source": p.source,
        "inputs": p.inputs,
        "status": p.status,
        "status_label": STATUS_LABELS[p.status],
        "proposed_by": p.proposed_by,
        "proposed_at": p.proposed_at,
        "final_value": p.final_value,
        "decided_by": p.decided_by,
        "decided_at": p.decided_at,
        "reason": p.reason,
    }


def propose_findings(actor: Actor, round_id: int, *, as_of: dt.date | None = None) -> list[dict]:
    """Compute the round's unit's figures and store them as proposed findings. A proposal
    already decided stays decided unless its value changed (then it waits for a new decision)."""
    actor.require("office", "inspector", action="生成数据指标建议值")
    with session_scope() as session:
        if actor.role == "inspector":
            rnd = access.require_round_inspector(actor, round_id, session)
        else:
            rnd = access.require_write_round(actor, round_id, session)
        unit_id, rubric_id = rnd.unit_id, rnd.rubric_id
    index = get_rubric(rubric_id).rule_index()
    figures = [
        f
        for f in compute_figures(actor, unit_id, as_of=as_of)
        if f.rule_id in index and f.proposed is not None
    ]
    with session_scope() as session:
        existing = {
            p.rule_id: p
            for p in session.exec(
                select(ProposedFinding).where(ProposedFinding.round_id == round_id)
            )
        }
        changed = []
        for f in figures:
            value = _store(f.proposed)
            p = existing.get(f.rule_id)
            if p is None:
                p = ProposedFinding(
                    round_id=round_id,
                    rule_id=f.rule_id,
                    requirement_id=index[f.rule_id][0].id,
                    formula="",
                    source="",
                    proposed_by="",
                )
            elif p.status != "proposed" and p.value != value:
                p.status, p.final_value, p.reason = "proposed", None, None
                p.decided_by = p.decided_by_id = p.decided_at = None
            if p.id is None or p.value != value:
                changed.append({"rule": f.rule_id, "before": p.value, "after": value})
            p.value = value
            p.figure_value = None if f.figure.value is None else str(f.figure.value)
            p.formula = f.figure.formula[:1000]
            p.source = f.source[:4000]
            p.inputs = f.inputs | ({"note": f.note} if f.note else {})
            p.proposed_by = actor.display_name[:100]
            p.proposed_at = utcnow()
            session.add(p)
        if changed:
            audit.record(
                session,
                actor,
                "indicator.propose",
                "round",
                round_id,
                after={"proposals": changed},
                unit_id=unit_id,
            )
    return list_proposals(actor, round_id)


def list_proposals(actor: Actor, round_id: int) -> list[dict]:
    """The round's proposals from data (the checks' proposals: services.precheck)."""
    with session_scope() as session:
        access.require_read_round(actor, round_id, session)
        q = select(ProposedFinding).where(ProposedFinding.round_id == round_id)
        return [
            _proposal_dict(p)
            for p in session.exec(q.order_by(ProposedFinding.rule_id))
            if not (p.inputs or {}).get("check")
        ]


def confirm(
    actor: Actor,
    round_id: int,
    rule_id: str,
    value: Any = None,
    reason: str | None = None,
    *,
    agreed: bool = False,
) -> dict:
    """An inspector confirms a proposed finding (value None or equal to the proposal) or
    overrides it (another value; a reason is required). Writes the inspector's finding."""
    actor.require("inspector", action="确认数据指标")
    reason = (reason or "").strip() or None
    with session_scope() as session:
        rnd = access.require_round_inspector(actor, round_id, session)
        p = session.exec(
            select(ProposedFinding).where(
                ProposedFinding.round_id == round_id, ProposedFinding.rule_id == rule_id
            )
        ).first()
        if p is None:
            raise NotFound(f"轮次 {round_id} 没有 {rule_id} 的数据建议值，请先生成建议值")
        rubric = get_rubric(rnd.rubric_id)
        req, rule = rubric.rule_index()[rule_id]
        kinds = {r.id: r.kind for r in req.rules}
        proposed = _load(rule.kind, p.value)
        final = proposed if value is None else _coerce(rule.kind, value, rule_id)
        overridden = final != proposed
        if overridden and reason is None:
            raise InvalidInput(
                f"{rule_id} 改定为与系统计算值（{_show(proposed)}）不同的值时，必须说明理由"
            )
        origin = "check" if (p.inputs or {}).get("check") else "ledger"
        decided = {
            q.rule_id
            for q in session.exec(
                select(ProposedFinding).where(
                    ProposedFinding.round_id == round_id,
                    ProposedFinding.requirement_id == req.id,
                    ProposedFinding.status != "proposed",
                )
            )
        }
        mine = session.exec(
            select(Finding).where(
                Finding.round_id == round_id,
                Finding.inspector_id == actor.id,
                Finding.agreed == agreed,
                Finding.requirement_id == req.id,
            )
        ).all()
        values = {f.rule_id: _load(kinds.get(f.rule_id, ""), f.value) for f in mine}
        check = session.exec(
            select(RequirementCheck).where(
                RequirementCheck.round_id == round_id,
                RequirementCheck.inspector_id == actor.id,
                RequirementCheck.agreed == agreed,
                RequirementCheck.requirement_id == req.id,
            )
        ).first()
    values[rule_id] = final
    # a requirement is reviewed once every one of its rules has a decided proposal (this one
    # included); otherwise it stays to be re-checked until the inspector reviews it as a whole
    reviewed = bool(check and check.status == "reviewed") or all(
        r.id in decided or r.id == rule_id for r in req.rules
    )
    card = sheets.save_requirement(
        actor,
        round_id,
        req.id,
        values,
        reviewed=reviewed,
        comment=check.comment if check else None,
        cited=list(check.cited) if check else None,
        agreed=agreed,
    )
    status = "overridden" if overridden else "confirmed"
    with session_scope() as session:
        p = session.get(ProposedFinding, p.id)
        before = _proposal_dict(p)
        p.status = status
        p.final_value = _store(final)
        p.decided_by_id = actor.id
        p.decided_by = actor.display_name[:100]
        p.decided_at = utcnow()
        p.reason = reason
        session.add(p)
        if not overridden:
            for f in session.exec(
                select(Finding).where(
                    Finding.round_id == round_id,
                    Finding.inspector_id == actor.id,
                    Finding.agreed == agreed,
                    Finding.rule_id == rule_id,
                )
            ):
                f.source = origin
                session.add(f)
        audit.record(
            session,
            actor,
            f"{'indicator' if origin == 'ledger' else 'precheck'}."
            f"{'override' if overridden else 'confirm'}",
            "proposed_finding",
            f"{round_id}:{rule_id}",
            before={"status": before["status"], "value": before["value"]},
            after={"status": status, "value": _store(final), "reason": reason},
            unit_id=rnd.unit_id,
        )
    rs = card.requirement(req.id)
    return {
        "rule": rule_id,
        "requirement": req.id,
        "status": status,
        "value": final,
        "proposed": proposed,
        "reason": reason,
        "reviewed": reviewed,
        "score": rs.score,
        "requirement_status": rs.status,
    }


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return percent(value)
    return str(value)


# ---------------------------------------------------------------- lines for 总览 and reports


@dataclass(frozen=True)
class IndicatorLine:
    id: str  # activity | success | service | satisfaction | contribution
    rule_id: str
    name: str
    value: Decimal | None  # the value that counts (an inspector's override if any)
    value_text: str
    formula: str
    source: str
    target: Decimal | None
    target_text: str
    met: bool | None
    status: str  # none | proposed | confirmed | overridden
    note: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS["missing" if self.value is None else self.status]

    @property
    def met_text(self) -> str:
        """达标 as every surface shows it: 是 / 否, or — when there is no value to judge."""
        if self.value is None or self.met is None:
            return "—"
        return "是" if self.met else "否"

    def figure_line(self) -> FigureLine:
        return FigureLine(
            self.name,
            self.value_text,
            self.formula,
            self.source,
            target=self.target_text,
            met=self.met,
            confirmed=self.status in ("confirmed", "overridden"),
        )


def indicator_lines(
    actor: Actor, round_id: int, *, as_of: dt.date | None = None
) -> list[IndicatorLine]:
    """The five data indicators of the round's unit, in rubric order."""
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        unit_id, rubric_id = rnd.unit_id, rnd.rubric_id
    rubric = get_rubric(rubric_id)
    index = rubric.rule_index()
    figures = {f.key: f for f in compute_figures(actor, unit_id, as_of=as_of)}
    proposals = {p["rule"]: p for p in list_proposals(actor, round_id)}
    order = [d.id for d in rubric.data_indicators if d.id in INDICATOR_RULES] or list(
        INDICATOR_RULES
    )
    names = {d.id: d.name for d in rubric.data_indicators}
    lines = []
    for key in order:
        rule_id = INDICATOR_RULES[key]
        rule = index[rule_id][1] if rule_id in index else None
        target = Decimal(str(rule.threshold)) if getattr(rule, "threshold", None) else None
        f = figures.get(key)
        p = proposals.get(rule_id)
        status = p["status"] if p else "none"
        name = names.get(key, NAMES[key])
        if f is None:
            lines.append(
                IndicatorLine(
                    key, rule_id, name, None, "—", MISSING[key], "", target,
                    _target_text(target), None, status,
                )
            )  # fmt: skip
            continue
        value, formula = round_ratio(f.figure.value), f.figure.formula
        if p and p["status"] == "overridden" and p["final_value"] is not None:
            value = Decimal(str(p["final_value"]))
            formula = (
                f"{formula}；考核组改定为{percent(value)}（{p['decided_by']}，理由：{p['reason']}）"
            )
        met = None if value is None or target is None else value >= target
        lines.append(
            IndicatorLine(
                key, rule_id, name, value, percent(value), formula, f.source, target,
                _target_text(target), met, status, f.note,
            )
        )  # fmt: skip
    return lines


def _target_text(target: Decimal | None) -> str:
    return f"≥{threshold_text(target)}" if target is not None else "—"


def figure_lines(actor: Actor, round_id: int, *, as_of: dt.date | None = None) -> list[FigureLine]:
    """The five indicators as ``reports.inputs.FigureLine`` for the 考评报告."""
    return [line.figure_line() for line in indicator_lines(actor, round_id, as_of=as_of)]
