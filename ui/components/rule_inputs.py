"""One input control per rubric rule kind, and the live score of a requirement from them.

Values follow the findings format (spec section 6): bool for deduct/zero/award, a count or a
tuple of item names for deduct_each/award_each, an exact Decimal for tiers/target (a ratio) and
grade (the level's points). A rule whose input is neutral (unticked, none missing, no value)
yields no value at all, so that two sheets that mean the same compare equal.
"""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from rubric.models import (
    INPUT_REQUIRED_KINDS,
    KIND_LABELS,
    MEASURED_KINDS,
    Requirement,
    Rubric,
)
from rubric.numbers import percent_text
from scoring import FindingsError, RequirementScore, fmt, validate_findings
from scoring.engine import rule_delta, score_requirement
from ui.components import zh
from ui.components.fmt import pts
from ui.components.tables import md_escape


def percent_to_ratio(x: float | int | Decimal) -> Decimal:
    """A percentage typed in the UI (two decimals at most) as an exact ratio: 80 -> 0.8."""
    return (Decimal(str(round(float(x), 2))) / 100).normalize()


def ratio_to_percent(value: Decimal) -> float:
    return float(Decimal(value) * 100)


def signed(delta: Decimal) -> str:
    if delta > 0:
        return f"+{fmt(delta)} 分"
    if delta < 0:
        return f"-{fmt(-delta)} 分"
    return "0 分"


def value_text(rule, value) -> str:
    """A stored value as the inspector would say it."""
    if value is None:  # no finding: the clause did not apply
        return {"deduct": "否", "zero": "否", "award": "否"}.get(rule.kind, "—")
    if isinstance(value, bool):
        return "是" if value else "否"
    if rule.kind in MEASURED_KINDS and isinstance(value, tuple | list):
        return "、".join(
            f"{t.measure} {percent_text(Decimal(str(v)))}"
            for t, v in zip(rule.targets, value, strict=False)
        )
    if isinstance(value, tuple | list):
        return "、".join(value) if value else "无"
    if rule.kind in ("tiers", "target"):
        return percent_text(Decimal(value))
    if rule.kind == "grade":
        return f"{fmt(Decimal(value))} 分"
    return f"{value} 项"


def _each_help(rule) -> str:
    verb = "扣" if rule.kind == "deduct_each" else "加"
    cap = f"，最多{verb} {fmt(rule.cap)} 分" if rule.cap is not None else ""
    return f"每项{verb} {fmt(rule.points)} 分{cap}"


def _ratio_effect(req: Requirement, rule, ratio: Decimal | None) -> str:
    if rule.kind == "tiers":
        ladder = "；".join(f"≥{fmt(t.at * 100)}% 得 {fmt(t.points)} 分" for t in rule.tiers)
        if ratio is None:
            return f"分档：{ladder}"
        reached = [t for t in rule.tiers if ratio >= t.at]
        if not reached:
            low = fmt(rule.tiers[0].at * 100)
            return f"未达到最低档（{low}%），得 0 分。分档：{ladder}"
        best = max(reached, key=lambda t: t.points)
        return f"达到 {fmt(best.at * 100)}% 档，得 {fmt(best.points)} 分。分档：{ladder}"
    line = f"达标线 {fmt(rule.threshold * 100)}%"
    if ratio is None:
        return line
    delta = rule_delta(rule, ratio, req.weight)
    if ratio >= rule.threshold:
        return f"{line}：已达标，得 {fmt(delta)} 分"
    return f"{line}：未达标，得 {fmt(delta)} 分"


def rule_input(req: Requirement, rule, value, key: str, *, disabled: bool = False):
    """Render the control for one rule; return its value, or None when it records nothing."""
    kind = rule.kind
    if kind in ("deduct", "zero", "award"):
        if kind == "zero":
            help_ = "勾选后本项得 0 分"
        else:
            help_ = f"勾选即{'扣' if kind == 'deduct' else '加'} {fmt(rule.points)} 分"
        ticked = st.checkbox(rule.text, value=value is True, key=key, help=help_, disabled=disabled)
        return True if ticked else None
    if kind in ("deduct_each", "award_each"):
        counted = isinstance(value, int) and not isinstance(value, bool)
        if rule.items is not None and not counted:
            chosen = zh.multiselect(
                rule.text,
                rule.items,
                default=[v for v in (value or ()) if v in rule.items],
                key=key,
                help=_each_help(rule),
                placeholder="选择缺少的项" if kind == "deduct_each" else "选择达到的项",
                disabled=disabled,
            )
            return tuple(chosen) if chosen else None
        limit = len(rule.items) if rule.items is not None else rule.max_count
        n = st.number_input(
            rule.text,
            min_value=0,
            max_value=limit,
            value=int(value or 0),
            step=1,
            key=key,
            help=_each_help(rule) + ("；填写项数" if limit is None else f"；最多 {limit} 项"),
            disabled=disabled,
        )
        return int(n) if n else None
    if kind == "grade":
        levels = [lv.points for lv in rule.levels]
        labels = {lv.points: lv.label for lv in rule.levels}
        stars = {lv.points: "*" if lv.inferred else "" for lv in rule.levels}  # inferred level
        index = next((n for n, p in enumerate(levels) if value is not None and p == value), None)
        chosen = st.radio(
            rule.text,
            levels,
            index=index,
            format_func=lambda p: (
                f"{fmt(p)}{stars[p]} 分：{labels[p]}" if labels[p] else f"{fmt(p)}{stars[p]} 分"
            ),
            key=key,
            disabled=disabled,
        )
        return chosen
    if kind in ("tiers", "target"):
        measure = f"（{rule.measure}）" if rule.measure else ""
        x = st.number_input(
            f"{rule.text}{measure}，填写百分比",
            min_value=0.0,
            max_value=100.0,
            value=None if value is None else ratio_to_percent(value),
            step=0.01,
            format="%.2f",
            key=key,
            placeholder="例如 86.5（即 86.5%）",
            disabled=disabled,
        )
        ratio = None if x is None else percent_to_ratio(x)
        st.caption(_ratio_effect(req, rule, ratio))
        return ratio
    if kind in MEASURED_KINDS:
        return _measured_input(rule, value, key, disabled)
    st.warning(f"规则 {rule.id} 的类型「{KIND_LABELS.get(kind, kind)}」暂不支持录入")
    return value


def _measured_input(rule, value, key: str, disabled: bool):
    """One percentage per target (每完成一项得N分 / 一项未完成的扣N分); None until all are in."""
    st.markdown(f"**{rule.id}** {KIND_LABELS[rule.kind]}")
    st.caption(rule.text)
    old = list(value) if isinstance(value, tuple | list) else [None] * len(rule.targets)
    got = []
    for n, t in enumerate(rule.targets):
        x = st.number_input(
            f"{t.measure}（目标 {percent_text(t.threshold)}），填写百分比",
            min_value=0.0,
            max_value=100.0,
            value=None if old[n] is None else ratio_to_percent(Decimal(str(old[n]))),
            step=0.01,
            format="%.2f",
            key=f"{key}:{n}",
            disabled=disabled,
        )
        got.append(None if x is None else percent_to_ratio(x))
    return None if any(v is None for v in got) else tuple(got)


def rule_inputs(req: Requirement, values: dict, key_prefix: str, *, disabled: bool = False):
    """Controls for every rule of a requirement; keys are f"{key_prefix}:{rule.id}"."""
    out = {}
    for rule in req.rules:
        v = rule_input(req, rule, values.get(rule.id), f"{key_prefix}:{rule.id}", disabled=disabled)
        if v is not None:
            out[rule.id] = v
    return out


def missing_inputs(req: Requirement, values: dict) -> list[str]:
    """Rules that must have a value before the requirement can be scored (tiers/grade/target)."""
    return [r.id for r in req.rules if r.kind in INPUT_REQUIRED_KINDS and r.id not in values]


def requirement_preview(rubric: Rubric, req: Requirement, values: dict) -> RequirementScore:
    """What the requirement scores under these values (raises FindingsError when invalid)."""
    return score_requirement(req, validate_findings(rubric, values), "", "")


def show_preview(rubric: Rubric, req: Requirement, values: dict) -> RequirementScore | None:
    """The live score and its explanation, one line per applied rule."""
    try:
        rs = requirement_preview(rubric, req, values)
    except FindingsError as exc:
        st.error(f"录入有误：{exc}")
        return None
    if rs.status == "unassessed":
        need = "、".join(missing_inputs(req, values))
        st.warning(f"还需填写 {need} 的取值，填写后才能得出本项得分。")
        return rs
    start = f"，起评 {pts(req.start)}" if req.start != req.weight else ""
    st.markdown(f"**按当前录入，本项得分 {pts(rs.score)}**（满分 {pts(req.weight)}{start}）")
    if not rs.applied:
        st.caption("未勾选任何扣分情形，按起评分计。")
    lines = [
        f"- {md_escape(a.text)}：{signed(a.delta)}" + (f" :gray[{a.rule}]" if a.rule else "")
        for a in rs.applied
    ]
    if lines:
        st.markdown("\n".join(lines))
    return rs
