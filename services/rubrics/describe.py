"""A rule in words, as the office reads it (「每项扣 0.5 分，累计不超过 2 分」): the command line's
``rubric show`` and the 区别 view between two versions use the same sentence."""

from __future__ import annotations

from scoring import fmt


def rule_summary(rule) -> str:
    k = rule.kind
    if k == "deduct":
        return f"扣 {fmt(rule.points)} 分"
    if k == "deduct_each":
        items = f"（{len(rule.items)} 项）" if rule.items else ""
        cap = f"，累计不超过 {fmt(rule.cap)} 分" if rule.cap is not None else ""
        return f"每项扣 {fmt(rule.points)} 分{items}{cap}"
    if k == "zero":
        return "不得分"
    if k == "award":
        return f"加 {fmt(rule.points)} 分"
    if k == "award_each":
        cap = f"，累计不超过 {fmt(rule.cap)} 分" if rule.cap is not None else ""
        return f"每项加 {fmt(rule.points)} 分{cap}"
    if k == "tiers":
        return "分档 " + "，".join(f"≥{fmt(t.at * 100)}% 得 {fmt(t.points)} 分" for t in rule.tiers)
    if k in ("target_each", "threshold_deduct"):
        goals = "，".join(f"{t.measure}≥{fmt(t.threshold * 100)}%" for t in rule.targets)
        verb = "每达标一项加" if k == "target_each" else "每未达标一项扣"
        return f"{verb} {fmt(rule.points)} 分（{goals}）"
    if k == "grade":
        levels = (fmt(lv.points) + ("*" if lv.inferred else "") for lv in rule.levels)
        return "分级 " + "/".join(levels) + " 分"
    if k == "review":
        return "待人工确定"
    return f"达标值 ≥{fmt(rule.threshold * 100)}%"
