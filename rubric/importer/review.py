"""A person's correction of one clause of a draft: the fields typed on the review step -> the
rule as the rubric stores it, checked by the rule models, with Chinese messages.

The review step offers the fields a person reads off the 评分办法: kind, points, cap, items,
and for measured kinds the thresholds, written as text lines (「80%=3」, 「就业率=95%」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pydantic import TypeAdapter, ValidationError

from rubric.models import KIND_LABELS, Rule

# the kinds a person may give a clause (``review`` is what they are correcting)
EDIT_KINDS = tuple(k for k in KIND_LABELS if k != "review")
POINTS_KINDS = ("deduct", "deduct_each", "award", "award_each", "target_each", "threshold_deduct")
CAP_KINDS = ("deduct_each", "award_each", "target_each", "threshold_deduct")
ITEM_KINDS = ("deduct_each", "award_each")
_RULE = TypeAdapter(Rule)


class ClauseError(ValueError):
    """A correction that cannot stand; the message says what to fix, in Chinese."""


@dataclass(frozen=True)
class ClauseEdit:
    """What a person typed for one clause."""

    kind: str
    points: str = ""
    cap: str = ""
    items: list[str] = field(default_factory=list)
    threshold: str = ""  # target: 15% or 0.15
    lines: list[str] = field(default_factory=list)  # tiers: 80%=3; grade: 3 优秀; targets: 名=95%


def read_number(text: str, what: str) -> Decimal:
    raw = (text or "").strip().replace("％", "%").replace("分", "")
    try:
        value = Decimal(raw[:-1].strip()) / 100 if raw.endswith("%") else Decimal(raw)
    except InvalidOperation:
        raise ClauseError(f"{what}「{text}」不是数字") from None
    if not value.is_finite() or value < 0:
        raise ClauseError(f"{what}「{text}」应为不小于 0 的数")
    return value


def _ratio(text: str, what: str) -> Decimal:
    value = read_number(text, what)
    if value > 1:
        raise ClauseError(f"{what}「{text}」应在 0 到 100% 之间")
    return value


def _pairs(lines: list[str], what: str) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        parts = re.split(r"\s*[=＝:：]\s*", line, maxsplit=1)
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise ClauseError(f"{what}「{line}」应写成「左边=右边」，每行一条")
        out.append((parts[0], parts[1]))
    if not out:
        raise ClauseError(f"请填写{what}，每行一条")
    return out


def corrected_rule(old: dict, edit: ClauseEdit) -> dict:
    """The rule ``old`` (a draft's rule mapping) as corrected: same id and text, no review mark."""
    if edit.kind not in EDIT_KINDS:
        raise ClauseError(f"请选择条款类型（{'、'.join(KIND_LABELS[k] for k in EDIT_KINDS)}）")
    rule: dict = {"id": old["id"], "kind": edit.kind}
    if edit.kind in POINTS_KINDS:
        rule["points"] = read_number(edit.points, "分值")
    if edit.kind in CAP_KINDS and edit.cap.strip():
        rule["cap"] = read_number(edit.cap, "上限")
    if edit.kind in ITEM_KINDS:
        items = [i.strip() for i in edit.items if i.strip()]
        if items:
            rule["items"] = items
    if edit.kind == "target":
        rule["threshold"] = _ratio(edit.threshold, "达标值")
    if edit.kind == "tiers":
        rule["tiers"] = [
            {"at": _ratio(at, "比例"), "points": read_number(p, "分值")}
            for at, p in _pairs(edit.lines, "分档（例如 80%=3）")
        ]
    if edit.kind == "grade":
        levels = []
        for line in (x.strip() for x in edit.lines):
            if line:
                pts, _, label = line.partition(" ")
                levels.append(
                    {"points": read_number(pts, "等级分值")} | ({"label": label} if label else {})
                )
        if len(levels) < 2:
            raise ClauseError("分级评定至少要有两个等级，每行一个（例如「3 优秀」）")
        rule["levels"] = levels
    if edit.kind in ("target_each", "threshold_deduct"):
        rule["targets"] = [
            {"measure": name, "threshold": _ratio(v, f"「{name}」的达标值")}
            for name, v in _pairs(edit.lines, "达标指标（例如 就业率=95%）")
        ]
    rule["text"] = old.get("text") or "（空）"
    try:
        _RULE.validate_python(rule)
    except ValidationError as exc:
        raise ClauseError(f"条款「{old['id']}」无法保存：{exc.errors()[0]['msg']}") from None
    return rule


def edit_fields(rule: dict) -> ClauseEdit:
    """The review form's starting values for a rule (a typed rule's own values, else empty)."""

    def text(v: object) -> str:
        return "" if v is None else format(Decimal(str(v)).normalize(), "f")

    kind = rule.get("kind", "review")
    lines: list[str] = []
    if kind == "tiers":
        lines = [f"{text(t['at'])}={text(t['points'])}" for t in rule.get("tiers", [])]
    elif kind == "grade":
        lines = [
            f"{text(lv['points'])} {lv.get('label', '')}".strip() for lv in rule.get("levels", [])
        ]
    elif kind in ("target_each", "threshold_deduct"):
        lines = [f"{t['measure']}={text(t['threshold'])}" for t in rule.get("targets", [])]
    return ClauseEdit(
        kind=kind,
        points=text(rule.get("points")),
        cap=text(rule.get("cap")),
        items=list(rule.get("items") or []),
        threshold=text(rule.get("threshold")),
        lines=lines,
    )


def replace_rule(draft: dict, rule_id: str, rule: dict) -> dict:
    """The requirement that held ``rule_id`` (changed in place in ``draft``)."""
    req, old = find_rule(draft, rule_id)
    req["rules"][req["rules"].index(old)] = rule
    return req


def find_rule(draft: dict, rule_id: str) -> tuple[dict, dict]:
    """(requirement, rule) mappings of ``rule_id`` in a draft."""
    for system in draft.get("systems") or []:
        indicators = system.get("indicators") or [{"requirements": system.get("requirements")}]
        for ind in indicators:
            for req in ind.get("requirements") or []:
                for old in req.get("rules") or []:
                    if old.get("id") == rule_id:
                        return req, old
    raise ClauseError(f"草稿中没有条款「{rule_id}」")
