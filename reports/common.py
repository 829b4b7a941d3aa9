"""Text shared by the documents: how a clause, a gap, a value or a department is written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from reports import gongwen as gw
from reports.gongwen import cn_date
from reports.inputs import Assignee, CitedEvidence, GapRow, Owners
from rubric.models import POSITIVE_KINDS, GradeRule, Rubric
from rubric.numbers import percent_text
from scoring.engine import Applied, Gap, RequirementScore, Scorecard, fmt, rule_most

ZERO = Decimal(0)


# Between ASCII ids ("1.1.1、1.1.2") LibreOffice finds no line break after "、"; a zero-width
# space after it gives Word and LibreOffice the same break opportunity.
ID_SEP = "、\u200b"


def pts(d: Decimal) -> str:
    """Points as printed: exact, no trailing zeros, with the unit: 0.25分."""
    return f"{fmt(d)}分"


def stake_text(lost: Decimal, pending: Decimal, sep: str = "、") -> str:
    """失分1分、待评2分 -- leaving out a part that is zero."""
    parts = [f"失分{pts(lost)}" if lost else "", f"待评{pts(pending)}" if pending else ""]
    return sep.join(p for p in parts if p) or "失分0分"


def campaign_name(rubric: Rubric) -> str:
    """创建省级创业型城市, read from the rubric's title."""
    found = re.search(r"创建[^创]{0,8}创业型城市", rubric.title)
    return found.group(0) if found else "创建创业型城市"


def county_of(unit: str) -> str:
    """The unit's name as printed on paper: a bracketed note (（演示）) dropped."""
    return re.sub(r"（[^）]*）$|\([^)]*\)$", "", unit).strip() or unit


def short_text(text: str, most: int = 24) -> str:
    """A requirement's first clause, cut to ``most`` characters: how it is named in a list."""
    first = text.split("。")[0].split("；")[0].rstrip("，")
    return first if len(first) <= most else first[: most - 2] + "……"


def pronoun(department: str) -> str:
    """How a notice addresses its recipient: 你单位, or 各单位 for 各成员单位."""
    return "各单位" if department.startswith("各") else "你单位"


def percent(value: Decimal) -> str:
    return percent_text(value)


def evidence_text(item: CitedEvidence) -> str:
    title = item.title if item.title.startswith("《") else f"《{item.title}》"
    parts = [p for p in (item.doc_number, item.doc_date and cn_date(item.doc_date)) if p]
    parts.append(f"文件：{item.file_name}")
    return f"{title}（{'，'.join(parts)}）"


def _value_text(rule, a: Applied, weight: Decimal) -> str:
    """The bracket after a clause: what the inspector found and what it cost or gave."""
    delta = a.delta
    value = a.value
    if a.kind == "zero":
        return "本项计0分"
    if a.kind == "clamp":
        return f"调整{fmt(delta)}分"
    effect = f"扣{pts(-delta)}" if delta < 0 else f"得{pts(delta)}"
    if a.kind in ("deduct_each", "award_each"):
        if isinstance(value, tuple):
            return f"{'、'.join(value)}，共{len(value)}项，{effect}"
        return f"{value}项，{effect}"
    if a.kind in ("tiers", "target") and isinstance(value, Decimal):
        return f"实际{percent(value)}，{effect}，本条最高{pts(rule_most(rule, weight))}"
    if isinstance(rule, GradeRule) and isinstance(value, Decimal):
        label = next((lv.label for lv in rule.levels if lv.points == value and lv.label), None)
        most = max(lv.points for lv in rule.levels)
        head = f"评定为“{label}”，" if label else ""
        return f"{head}{effect}，本条最高{pts(most)}"
    return effect


def clause_lines(rubric: Rubric, rs: RequirementScore) -> list[str]:
    """Every clause that decided the requirement's score, with its effect, in rule order.

    Applied rules (deductions, awards, tiers...) come with what they cost or gave; positive rules
    that gave less than they could (or nothing) are listed as such, so the points lost are always
    accounted for, including for requirements that start from 0.
    """
    index = rubric.rule_index()
    req = rubric.requirement_index()[rs.id]
    lines: list[str] = []
    applied_ids = {a.rule for a in rs.applied}
    for a in rs.applied:
        if a.rule is None:
            lines.append(f"{a.text}（{_value_text(None, a, req.weight)}）")
            continue
        rule = index[a.rule][1]
        if a.kind in ("deduct", "award"):  # the clause states its points
            lines.append(f"【{a.rule}】{rule.text}")
        else:
            lines.append(f"【{a.rule}】{rule.text}（{_value_text(rule, a, req.weight)}）")
    for rule_id in rs.short_rules:
        if rule_id in applied_ids:
            continue
        rule = index[rule_id][1]
        if rule.kind == "zero":
            lines.append(f"【{rule_id}】{rule.text}（同时适用）")
        elif rule.kind in ("award", "award_each"):
            most = pts(rule_most(rule, req.weight))
            lines.append(f"【{rule_id}】{rule.text}（未加分，本条可加{most}）")
        elif rule.kind in POSITIVE_KINDS:
            most = pts(rule_most(rule, req.weight))
            lines.append(f"【{rule_id}】{rule.text}（未得分，本条最高{most}）")
    return lines


def losing_clauses(rubric: Rubric, rs: RequirementScore) -> list[str]:
    """Clause texts (without effects) that cost the requirement points."""
    index = rubric.rule_index()
    return [f"【{rid}】{index[rid][1].text}" for rid in rs.short_rules]


def problem_text(rubric: Rubric, rs: RequirementScore) -> str:
    """One line for a table cell: the losing clauses, or that the requirement awaits review."""
    if rs.status == "unassessed":
        return f"尚未评定（待评{pts(rs.max)}）"
    clauses = losing_clauses(rubric, rs)
    return "；".join(clauses) if clauses else f"失{pts(rs.lost)}"


def indicator_names(card: Scorecard) -> dict[str, str]:
    return {i.id: i.name for i in card.indicators}


def ordered_gaps(rubric: Rubric, card: Scorecard) -> list[Gap]:
    """The gaps in rubric order (the engine orders them by loss)."""
    order = {q.id: n for n, q in enumerate(rubric.requirements())}
    return sorted(card.gaps, key=lambda g: order.get(g.requirement, len(order)))


def owners_for(owners: Owners, card: Scorecard, req_id: str) -> list[Assignee]:
    """Who answers for a requirement: the round's 责任分工, or (for a findings file with no
    database) the rubric's 责任部门 as written."""
    if owners:
        return list(owners.get(req_id, ()))
    return [Assignee(d) for d in card.requirement(req_id).departments]


def requirement_due(owners: Owners, card: Scorecard, req_id: str) -> date | None:
    return min((a.due for a in owners_for(owners, card, req_id) if a.due), default=None)


def department_due(owners: Owners, card: Scorecard, req_id: str, department: str) -> date | None:
    return next(
        (a.due for a in owners_for(owners, card, req_id) if a.department == department), None
    )


def gaps_by_department(rubric: Rubric, card: Scorecard, owners: Owners) -> dict[str, list[Gap]]:
    """Department -> its gaps in rubric order; a gap with several departments is under each.

    Departments come in the order they first appear over the gaps (rubric order).
    """
    out: dict[str, list[Gap]] = {}
    for gap in ordered_gaps(rubric, card):
        for a in owners_for(owners, card, gap.requirement):
            out.setdefault(a.department, []).append(gap)
    return out


def due_text(due: date | None, issued_on: date | None = None) -> str:
    """整改期限 as printed: a date, with 已逾期N天 when already past on the issue date."""
    if due is None:
        return "另行通知"
    if issued_on is not None and due < issued_on:
        return f"{cn_date(due)}（已逾期{(issued_on - due).days}天）"
    return cn_date(due)


def gap_rows(
    rubric: Rubric,
    card: Scorecard,
    owners: Owners | None = None,
    statuses: Mapping[str, str] | None = None,
) -> list[GapRow]:
    """The 整改清单 of a scorecard as spreadsheet rows, in rubric order."""
    owners = owners or {}
    statuses = statuses or {}
    names = indicator_names(card)
    reqs = rubric.requirement_index()
    rows = []
    for gap in ordered_gaps(rubric, card):
        rs = card.requirement(gap.requirement)
        rows.append(
            GapRow(
                requirement=gap.requirement,
                indicator=f"{rs.indicator} {names.get(rs.indicator, '')}".strip(),
                text=reqs[gap.requirement].requirement,
                lost=gap.lost,
                pending=gap.pending,
                clauses=problem_text(rubric, rs),
                departments="、".join(
                    a.department for a in owners_for(owners, card, gap.requirement)
                ),
                due=requirement_due(owners, card, gap.requirement),
                status=statuses.get(gap.requirement, "待评定" if gap.pending else "未整改"),
            )
        )
    return rows


def add_gap_table(
    doc,
    rubric: Rubric,
    card: Scorecard,
    gaps: list[Gap],
    owners: Owners,
    issued_on: date | None = None,
    zero: str = "0",
    department: str | None = None,
) -> None:
    """The table of gaps shared by the report and the notices: 编号, 问题, 失分, 待评, 整改期限.

    With ``department`` the deadline is that department's own; otherwise the earliest.
    """

    def due(req_id: str) -> date | None:
        if department is not None:
            return department_due(owners, card, req_id, department)
        return requirement_due(owners, card, req_id)

    rows = [
        [
            g.requirement,
            problem_text(rubric, card.requirement(g.requirement)),
            fmt(g.lost) if g.lost else zero,
            fmt(g.pending) if g.pending else zero,
            due_text(due(g.requirement), issued_on),
        ]
        for g in gaps
    ]
    gw.add_table(
        doc,
        ["编号", "问题", "失分", "待评", "整改期限"],
        rows,
        [17, 72, 15, 15, 37],
        center=[0, 2, 3, 4],
    )
