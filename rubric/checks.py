"""Cross-object checks of a rubric that pydantic field validation cannot express."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from rubric.models import (
    KIND_LABELS,
    AwardEachRule,
    DeductEachRule,
    GradeRule,
    Rubric,
    TargetEachRule,
    ThresholdDeductRule,
    TiersRule,
)
from rubric.precheck import Check, value_fits


@dataclass(frozen=True)
class Problem:
    line: int | None
    obj_id: str | None
    message: str

    def render(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        who = f"「{self.obj_id}」" if self.obj_id else ""
        return f"{where} {who}{self.message}"


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f")


def check_rubric(r: Rubric) -> list[Problem]:
    problems: list[Problem] = []

    def bad(obj_id: str | None, message: str) -> None:
        problems.append(Problem(None, obj_id, message))

    ids = [r.id]
    for s in r.systems:
        ids.append(s.id)
        for i in s.indicators:
            if i.id != s.id:  # a flat category's items sit in an indicator of its own id
                ids.append(i.id)
            for q in i.requirements:
                ids.append(q.id)
                ids.extend(rule.id for rule in q.rules)
                ids.extend(c.id for c in q.checks if isinstance(c, Check))
    for dup, n in Counter(ids).items():
        if n > 1:
            bad(dup, f"编号重复（出现 {n} 次）")

    main = [s for s in r.systems if not s.bonus]
    bonus = [s for s in r.systems if s.bonus]
    main_sum = sum((s.max for s in main), Decimal(0))
    if main_sum != r.total:
        bad(r.id, f"各体系分值之和为 {_fmt(main_sum)}，与总分 {_fmt(r.total)} 不符")
    uncapped = [s for s in bonus if s.cap is None]
    if uncapped and r.bonus_cap is None:
        names = "、".join(s.id for s in uncapped)
        bad(r.id, f"加分项体系 {names} 没有上限：请设置 bonus_cap 或该部分的 cap")
    if r.bonus_cap is not None and not bonus:
        bad(r.id, "设置了加分上限 bonus_cap，但没有标记为 bonus 的加分项体系")
    if r.pass_line is not None and r.pass_line > r.total:
        bad(r.id, f"合格线 {_fmt(r.pass_line)} 高于总分 {_fmt(r.total)}")
    nested = r.numbering == "nested"

    for s in r.systems:
        s_sum = sum((i.points for i in s.indicators), Decimal(0))
        if not s.indicators and s.status != "missing":
            bad(s.id, "体系下没有指标或要求（尚未收到的部分请标记 status: missing）")
        elif s.indicators and s_sum != s.points:
            bad(s.id, f"下属指标分值之和为 {_fmt(s_sum)}，与体系分值 {_fmt(s.points)} 不符")
        if s.cap is not None and s.cap <= 0:
            bad(s.id, "上限 cap 应大于 0")
        for i in s.indicators:
            if nested and i.id != s.id and not i.id.startswith(s.id + "."):
                bad(i.id, f"指标编号应以所属体系编号「{s.id}.」开头")
            i_sum = sum((q.weight for q in i.requirements), Decimal(0))
            if not i.requirements and i.status != "missing" and s.status != "missing":
                bad(i.id, "指标下没有要求（尚未收到的部分请标记 status: missing）")
            elif i.requirements and i_sum != i.points:
                bad(i.id, f"下属要求分值之和为 {_fmt(i_sum)}，与指标分值 {_fmt(i.points)} 不符")
            for q in i.requirements:
                if nested and not q.id.startswith(i.id + "."):
                    bad(q.id, f"要求编号应以所属指标编号「{i.id}.」开头")
                problems.extend(_check_requirement(q))
    req_ids = {q.id for q in r.requirements()}
    for d in r.data_indicators:
        if d.requirement not in req_ids:
            bad(d.id, f"数据指标对应的要求「{d.requirement}」不存在")
    return problems


def _check_requirement(q) -> list[Problem]:
    out: list[Problem] = []

    def bad(obj_id: str, message: str) -> None:
        out.append(Problem(None, obj_id, message))

    if q.base is not None and q.base > q.weight:
        bad(q.id, f"起始分 {_fmt(q.base)} 高于分值 {_fmt(q.weight)}")
    if q.status != "missing" and not q.rules:
        bad(q.id, "没有评分规则（细则尚未收到的要求请标记 status: missing）")
    if q.status != "missing" and not q.scoring.strip():
        bad(q.id, "缺少评分办法原文 scoring")
    for n, rule in enumerate(q.rules):
        expected = q.id + chr(ord("a") + n)
        if rule.id != expected:
            bad(rule.id, f"规则编号应为「{expected}」（要求编号加顺序字母）")
        if isinstance(rule, TiersRule):
            ats = [t.at for t in rule.tiers]
            pts = [t.points for t in rule.tiers]
            if ats != sorted(ats) or len(set(ats)) != len(ats):
                bad(rule.id, "分档门槛未按从低到高排列或有重复")
            if pts != sorted(pts):
                bad(rule.id, "分档得分应随门槛升高而不减少")
            if max(pts) > q.weight:
                bad(rule.id, f"最高档得分 {_fmt(max(pts))} 高于要求分值 {_fmt(q.weight)}")
        if isinstance(rule, GradeRule):
            for lv in rule.levels:
                if lv.points > q.weight:
                    bad(rule.id, f"等级得分 {_fmt(lv.points)} 高于要求分值 {_fmt(q.weight)}")
            pts = [lv.points for lv in rule.levels]
            if len(set(pts)) != len(pts):
                bad(rule.id, "等级得分有重复")
        if isinstance(rule, TargetEachRule | ThresholdDeductRule):
            names = [t.measure for t in rule.targets]
            if len(set(names)) != len(names):
                bad(rule.id, "指标名称有重复")
        if isinstance(rule, DeductEachRule | AwardEachRule):
            if rule.items is not None:
                if len(set(rule.items)) != len(rule.items):
                    bad(rule.id, "列举项有重复")
                if rule.max_count is not None and rule.max_count != len(rule.items):
                    bad(
                        rule.id,
                        f"列举项有 {len(rule.items)} 项，与最大计数 max_count={rule.max_count} 不符",
                    )
            if rule.cap is not None and rule.cap < rule.points:
                bad(rule.id, "累计上限 cap 小于单次分值")
        points = getattr(rule, "points", None)
        if points is not None and points > q.weight and not isinstance(rule, AwardEachRule):
            bad(rule.id, f"规则分值 {_fmt(points)} 高于要求分值 {_fmt(q.weight)}")
    own = {rule.id for rule in q.rules}
    for group in q.exclusive:
        if len(set(group)) < 2:
            bad(q.id, f"互斥规则组「{'、'.join(group)}」至少要有两条不同的规则")
        for rid in group:
            if rid not in own:
                bad(q.id, f"互斥规则「{rid}」不属于本要求")
    out.extend(_check_checks(q))
    return out


def _check_checks(q) -> list[Problem]:
    """Each check names a rule of its own requirement, and proposes values of that rule's type."""
    out: list[Problem] = []
    kinds = {rule.id: rule.kind for rule in q.rules}
    seen: set[str] = set()
    for entry in q.checks:
        where = entry.id if isinstance(entry, Check) else q.id
        if entry.rule in seen:
            out.append(
                Problem(None, where, f"规则「{entry.rule}」已有一条检查或说明，每条规则只能有一条")
            )
        seen.add(entry.rule)
        if entry.rule not in kinds:
            out.append(
                Problem(None, where, f"检查对应的规则「{entry.rule}」不是要求 {q.id} 的规则")
            )
            continue
        if isinstance(entry, Check):
            for name in ("met", "unmet"):
                if not value_fits(kinds[entry.rule], getattr(entry, name)):
                    out.append(
                        Problem(
                            None,
                            where,
                            f"{name} 的值与规则「{entry.rule}」的类型"
                            f"（{KIND_LABELS[kinds[entry.rule]]}）不符",
                        )
                    )
    return out
