"""Findings: the inspector's input per rule, validated against the rubric (spec section 6).

Nothing is scored from an invalid set of findings: ``validate_findings`` collects every problem,
each naming its rule, and raises ``FindingsError`` with all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rubric.models import (
    COUNT_LIMIT,
    MEASURED_KINDS,
    AwardEachRule,
    DeductEachRule,
    GradeRule,
    Rubric,
    TargetEachRule,
    TargetRule,
    ThresholdDeductRule,
    TiersRule,
)

# A normalised finding value: bool (deduct, zero, award), int count (deduct_each, award_each),
# tuple of item names (deduct_each/award_each by items), Decimal (tiers, target, grade),
# tuple of Decimals, one per target in the rule's order (target_each, threshold_deduct).
Value = bool | int | tuple[str, ...] | tuple[Decimal, ...] | Decimal


@dataclass(frozen=True)
class FindingProblem:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}：{self.message}"


class FindingsError(ValueError):
    def __init__(self, problems: Iterable[FindingProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Findings:
    values: Mapping[str, Value] = field(default_factory=dict)
    unassessed: frozenset[str] = frozenset()

    def count(self, rule_id: str) -> int:
        v = self.values.get(rule_id)
        return len(v) if isinstance(v, tuple) else int(v or 0)


def _as_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def parse_ratio(value: object) -> Decimal | None:
    """A ratio exactly as written: 0.8, "0.8", "80%" or a YAML number; never through float.

    A float that reaches here (from Python code) is read by its shortest text, so 0.1 is 0.1.
    """
    if isinstance(value, str):
        text = value.strip().replace("％", "%")
        percent = text.endswith("%")
        d = _as_decimal(text[:-1].strip() if percent else text)
        if d is None:
            return None
        return d / 100 if percent else d
    return _as_decimal(value)


def _ratio_problem(value: object) -> tuple[Decimal | None, str | None]:
    d = parse_ratio(value)
    if d is None:
        return None, f"应为 0 到 1 之间的比例（如 0.8 或 80%），收到「{value}」"
    if not Decimal(0) <= d <= Decimal(1):
        return None, f"比例应在 0 到 1 之间，收到 {value}"
    return d, None


def _measured(rule, value: object) -> tuple[Value | None, str | None]:
    """One ratio per target: a list in the rule's order, or a mapping by measure name."""
    names = [t.measure for t in rule.targets]
    if isinstance(value, Mapping):
        unknown = [str(k) for k in value if k not in names]
        missing = [n for n in names if n not in value]
        if unknown or missing:
            parts = []
            if unknown:
                parts.append(f"没有这些指标：{'、'.join(unknown)}")
            if missing:
                parts.append(f"缺少：{'、'.join(missing)}")
            return None, "；".join(parts) + f"（应为 {'、'.join(names)}）"
        raw = [value[n] for n in names]
    elif isinstance(value, list | tuple):
        if len(value) != len(names):
            return None, f"应有 {len(names)} 个比例（{'、'.join(names)}），收到 {len(value)} 个"
        raw = list(value)
    else:
        return None, f"应为各项指标的比例：{'、'.join(names)}"
    out = []
    for name, v in zip(names, raw, strict=True):
        d, error = _ratio_problem(v)
        if error:
            return None, f"{name}：{error}"
        out.append(d)
    return tuple(out), None


def _check_value(rule, value: object) -> tuple[Value | None, str | None]:
    kind = rule.kind
    if kind == "review":
        return None, "此条款尚待人工确定类型，不能录入"
    if kind in ("deduct", "zero", "award"):
        if isinstance(value, bool):
            return value, None
        return None, f"应为 true 或 false（{kind}），收到「{value}」"
    if kind in ("deduct_each", "award_each"):
        assert isinstance(rule, DeductEachRule | AwardEachRule)
        if isinstance(value, list | tuple):
            if rule.items is None:
                return None, "此规则没有列举项，请填写数量"
            names = tuple(str(v) for v in value)
            unknown = [n for n in names if n not in rule.items]
            if unknown:
                return (
                    None,
                    f"列举项「{'、'.join(unknown)}」不在规则所列之中：{'、'.join(rule.items)}",
                )
            if len(set(names)) != len(names):
                return None, "列举项有重复"
            return names, None
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"应为非负整数或列举项清单，收到「{value}」"
        if value < 0:
            return None, f"数量不能为负数（{value}）"
        limit = len(rule.items) if rule.items is not None else rule.max_count
        if limit is not None and value > limit:
            return None, f"数量 {value} 超过规则所列的最多 {limit} 项"
        if value > COUNT_LIMIT:
            return None, f"数量 {value} 过大（规则未声明最大计数时最多 {COUNT_LIMIT} 项）"
        return value, None
    if kind in ("tiers", "target"):
        return _ratio_problem(value)
    if kind in MEASURED_KINDS:
        return _measured(rule, value)
    if kind == "grade":
        assert isinstance(rule, GradeRule)
        d = _as_decimal(value)
        levels = [lv.points for lv in rule.levels]
        if d is None or isinstance(value, str) or d not in levels:
            allowed = "、".join(format(p.normalize(), "f") for p in levels)
            return None, f"等级得分应为 {allowed} 之一，收到「{value}」"
        return d, None
    return None, f"未知的规则类型 {kind}"  # pragma: no cover - the rubric loader refuses these


def validate_findings(
    rubric: Rubric, values: Mapping[str, object], unassessed: Iterable[str] = ()
) -> Findings:
    """Check every value against its rule; raise FindingsError listing all problems."""
    index = rubric.rule_index()
    req_ids = rubric.requirement_index()
    problems: list[FindingProblem] = []
    clean: dict[str, Value] = {}
    if not isinstance(values, Mapping):
        raise FindingsError([FindingProblem("findings", "应为「规则编号: 取值」的键值结构")])
    for raw_id, value in values.items():
        rule_id = str(raw_id)
        if rule_id not in index:
            problems.append(FindingProblem(rule_id, "评分细则中没有这条规则"))
            continue
        checked, error = _check_value(index[rule_id][1], value)
        if error:
            problems.append(FindingProblem(rule_id, error))
        else:
            clean[rule_id] = checked  # type: ignore[assignment]
    problems.extend(_contradictions(rubric, clean))
    pending: set[str] = set()
    for raw in unassessed or ():
        rid = str(raw)
        if rid not in req_ids:
            problems.append(FindingProblem(rid, "unassessed 中的要求编号在评分细则中不存在"))
        else:
            pending.add(rid)
    if problems:
        raise FindingsError(problems)
    return Findings(values=clean, unassessed=frozenset(pending))


def fires(value: Value | None) -> bool:
    """Whether a value says the rule's condition holds: true, a count or list above 0, or > 0."""
    if value is None or isinstance(value, bool):
        return value is True
    if isinstance(value, tuple):
        return len(value) > 0
    return value > 0  # a ratio or a grade above 0


def _contradictions(rubric: Rubric, values: Mapping[str, Value]) -> list[FindingProblem]:
    """Rules a requirement declares mutually exclusive (``exclusive``) that fire together."""
    out = []
    index = rubric.rule_index()
    for req in rubric.requirement_index().values():  # in rubric order, made once per rubric
        for group in req.exclusive:
            fired = [rid for rid in group if fires(values.get(rid))]
            if len(fired) > 1:
                named = "与".join(f"{rid}「{index[rid][1].text}」" for rid in fired)
                out.append(
                    FindingProblem(
                        "、".join(fired), f"{named}不能同时成立，请只选其中一条（要求 {req.id}）"
                    )
                )
    return out


def rule_limits(rule) -> int | None:
    if isinstance(rule, DeductEachRule | AwardEachRule):
        return len(rule.items) if rule.items is not None else rule.max_count
    return None


def met_value(rule, weight: Decimal) -> Value:
    """The input under which a rule costs nothing and gives the most it can."""
    kind = rule.kind
    if kind in ("deduct", "zero", "review"):
        return False
    if kind == "deduct_each":
        return 0
    if kind == "award":
        return True
    if kind == "award_each":
        most = rule.cap if rule.cap is not None else weight
        n = (
            int((most / rule.points).to_integral_value(rounding="ROUND_CEILING"))
            if rule.points
            else 0
        )
        limit = rule_limits(rule)
        return min(n, limit) if limit is not None else n
    if isinstance(rule, TiersRule):
        return rule.tiers[-1].at
    if isinstance(rule, GradeRule):
        return max(lv.points for lv in rule.levels)
    if isinstance(rule, TargetRule):
        return rule.threshold
    if isinstance(rule, TargetEachRule | ThresholdDeductRule):
        return tuple(t.threshold for t in rule.targets)
    raise ValueError(kind)  # pragma: no cover
