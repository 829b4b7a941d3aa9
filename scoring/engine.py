"""The scoring engine: rubric + findings -> scorecard (spec section 3). Pure and exact.

Every point is explained: for an assessed requirement, ``base + sum(applied deltas) == score``,
including the clamp to [0, weight] and the effect of a ``zero`` rule, each as its own entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from rubric.models import (
    INPUT_REQUIRED_KINDS,
    POSITIVE_KINDS,
    GradeRule,
    Requirement,
    Rubric,
    TargetEachRule,
    TargetRule,
    ThresholdDeductRule,
    TiersRule,
)
from scoring.findings import Findings, Value

ZERO = Decimal(0)
CENT = Decimal("0.01")
# exact arithmetic for every accepted input: counts are bounded (rubric.models.COUNT_LIMIT),
# so sums of points x counts stay far inside this precision
PRECISION = 120


@dataclass(frozen=True)
class Applied:
    rule: str | None  # None for the clamp adjustment
    kind: str
    delta: Decimal
    text: str
    value: Value | None = None


@dataclass(frozen=True)
class RequirementScore:
    id: str
    indicator: str
    system: str
    score: Decimal
    max: Decimal
    base: Decimal
    status: str  # "assessed" | "unassessed"
    departments: tuple[str, ...]
    applied: tuple[Applied, ...]
    short_rules: tuple[str, ...]  # rules that cost points or could give more
    missing: bool = False  # the table's clause is not known yet (待补充细则): counted as pending

    @property
    def pending(self) -> Decimal:
        return self.max if self.status == "unassessed" else ZERO

    @property
    def lost(self) -> Decimal:
        return ZERO if self.status == "unassessed" else self.max - self.score


@dataclass(frozen=True)
class GroupScore:
    id: str
    name: str
    score: Decimal
    max: Decimal
    pending: Decimal
    bonus: bool = False
    cut: Decimal = ZERO  # points above the group's cap that do not count
    cap_text: str | None = None  # the explanation of the cut, for the JSON and the pages

    @property
    def lost(self) -> Decimal:
        """Points lost; a bonus group loses nothing, its unearned points are only not earned."""
        if self.bonus:
            return ZERO
        return self.max - self.score - self.pending


@dataclass(frozen=True)
class Gap:
    requirement: str
    lost: Decimal
    pending: Decimal
    departments: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Scorecard:
    rubric: str
    total: Decimal
    max: Decimal
    pending: Decimal
    systems: tuple[GroupScore, ...]
    indicators: tuple[GroupScore, ...]
    requirements: tuple[RequirementScore, ...]
    gaps: tuple[Gap, ...]
    bonus: Decimal = ZERO  # bonus points counted in the total (after every cap)
    bonus_max: Decimal = ZERO
    bonus_pending: Decimal = ZERO
    bonus_cut: Decimal = ZERO  # bonus points earned above the rubric's bonus_cap

    @property
    def lost(self) -> Decimal:
        """已失分 of the main part only: bonus points not earned are not a loss."""
        return (
            (self.max - self.bonus_max)
            - (self.total - self.bonus)
            - (self.pending - self.bonus_pending)
        )

    def requirement(self, req_id: str) -> RequirementScore:
        for r in self.requirements:
            if r.id == req_id:
                return r
        raise KeyError(req_id)


def rule_delta(rule, value: Value | None, weight: Decimal) -> Decimal | None:
    """Points a rule adds (positive) or takes (negative) for a value; None when it has no input.

    ``zero`` rules are handled by the caller: they return None here.
    """
    if value is None or rule.kind in ("zero", "review"):
        return None
    kind = rule.kind
    if kind == "deduct":
        return -rule.points if value else None
    if kind == "award":
        return rule.points if value else None
    if kind in ("deduct_each", "award_each"):
        n = len(value) if isinstance(value, tuple) else int(value)
        amount = rule.points * n
        if rule.cap is not None:
            amount = min(amount, rule.cap)
        if n == 0:
            return None
        return -amount if kind == "deduct_each" else amount
    if isinstance(rule, TiersRule):
        reached = [t.points for t in rule.tiers if value >= t.at]
        return max(reached) if reached else ZERO
    if isinstance(rule, GradeRule):
        return Decimal(value)
    if isinstance(rule, TargetRule):
        if value >= rule.threshold:
            return weight
        if rule.partial == "proportional" and rule.threshold > 0:
            return (weight * value / rule.threshold).quantize(CENT, rounding="ROUND_DOWN")
        return ZERO
    if isinstance(rule, TargetEachRule | ThresholdDeductRule):
        met = sum(1 for v, t in zip(value, rule.targets, strict=True) if v >= t.threshold)
        n = met if isinstance(rule, TargetEachRule) else len(rule.targets) - met
        amount = rule.points * n
        if rule.cap is not None:
            amount = min(amount, rule.cap)
        # always an entry, even at 0: the measured values are recorded with it
        return amount if isinstance(rule, TargetEachRule) else -amount
    raise ValueError(kind)  # pragma: no cover


def rule_most(rule, weight: Decimal) -> Decimal:
    """The most a positive rule can add."""
    if rule.kind == "award":
        return rule.points
    if rule.kind == "award_each":
        return rule.cap if rule.cap is not None else weight
    if isinstance(rule, TiersRule):
        return max(t.points for t in rule.tiers)
    if isinstance(rule, GradeRule):
        return max(lv.points for lv in rule.levels)
    if isinstance(rule, TargetEachRule):
        most = rule.points * len(rule.targets)
        return most if rule.cap is None else min(most, rule.cap)
    return weight


def score_requirement(
    req: Requirement, findings: Findings, indicator: str, system: str, floor: bool = True
) -> RequirementScore:
    values = findings.values
    # pending (spec 3): a tiers/grade/target rule without input, or an award-only requirement
    # (base 0) none of whose rules has input; nobody has looked at it, so nothing is lost yet
    missing_input = any(
        rule.kind in INPUT_REQUIRED_KINDS and rule.id not in values for rule in req.rules
    ) or (req.start == 0 and not any(rule.id in values for rule in req.rules))
    common = dict(
        id=req.id,
        indicator=indicator,
        system=system,
        max=req.weight,
        base=req.start,
        departments=tuple(req.departments),
    )
    if req.status == "missing" or req.id in findings.unassessed or missing_input:
        return RequirementScore(
            score=ZERO,
            status="unassessed",
            applied=(),
            short_rules=(),
            missing=req.status == "missing",
            **common,
        )

    applied: list[Applied] = []
    short: list[str] = []
    running = req.start
    zero_rules = []
    for rule in req.rules:
        value = values.get(rule.id)
        if rule.kind == "zero":
            if value is True:
                zero_rules.append(rule)
            continue
        delta = rule_delta(rule, value, req.weight)
        if delta is not None and (delta != 0 or rule.kind in RECORDED_KINDS):
            applied.append(Applied(rule.id, rule.kind, delta, rule.text, value))
            running += delta
        if (delta is not None and delta < 0) or (
            rule.kind in POSITIVE_KINDS and (delta or ZERO) < rule_most(rule, req.weight)
        ):
            short.append(rule.id)
    # 扣完为止 (floor, the default): never below 0; without it a deduction may go below 0
    lowest = ZERO if (req.floor if req.floor is not None else floor) else running
    clamped = min(max(running, lowest), req.weight)
    if clamped != running:
        text = (
            f"得分不超过本项分值 {fmt(req.weight)} 分"
            if running > clamped
            else "得分不低于 0 分（扣完为止）"
        )
        applied.append(Applied(None, "clamp", clamped - running, text))
    score = clamped
    if zero_rules:
        first = zero_rules[0]
        applied.append(Applied(first.id, "zero", -score, first.text, True))
        short.extend(r.id for r in zero_rules)
        score = ZERO
    if score >= req.weight:
        short = []
    return RequirementScore(
        score=score, status="assessed", applied=tuple(applied), short_rules=tuple(short), **common
    )


RECORDED_KINDS = (*POSITIVE_KINDS, "threshold_deduct")  # kinds whose entry shows even at 0


def fmt(d: Decimal) -> str:
    """Exact decimal text without trailing zeros: 13.50 -> 13.5, 100.00 -> 100."""
    s = format(d.normalize(), "f")
    return "0" if s in ("-0", "") else s


def _capped(score: Decimal, pending: Decimal, points: Decimal, cap: Decimal | None, what: str):
    """A group's (score, pending, cut, text) under its cap; pending never exceeds the room left."""
    if cap is None or cap >= points:
        return score, pending, ZERO, None
    counted = min(score, cap)
    cut = score - counted
    text = f"{what}上限 {fmt(cap)} 分" + (f"，超出的 {fmt(cut)} 分不计" if cut else "")
    return counted, min(pending, cap - counted), cut, text


def score(rubric: Rubric, findings: Findings, memo: dict | None = None) -> Scorecard:
    """The scorecard of a rubric's findings. ``memo``: a dict shared by the calls of one batch
    (many units, one rubric object kept alive for the batch): a requirement with the same values
    as one scored before in the batch is not scored again (``score_requirement`` is pure)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _score(rubric, findings, memo)


def _value_key(v):
    """A decimal value as a memo key: by its exact text (3 and 3.0 are equal but print, and add
    up, differently)."""
    if type(v) is Decimal:
        return ("d", str(v))
    if type(v) is tuple:
        return tuple(_value_key(x) for x in v)
    return v


def _requirement_score(req, findings, indicator, system, floor, memo) -> tuple:
    """(the requirement's score, its Gap when it lost points or awaits review, else None)."""
    if memo is None:
        return _with_gap(score_requirement(req, findings, indicator, system, floor))
    plan = memo.get(id(req))
    if plan is None:  # the requirement's rule ids, and whether a value may be a decimal
        ids = tuple(r.id for r in req.rules)
        plan = memo[id(req)] = (ids, any(r.kind not in PLAIN_KINDS for r in req.rules))
    got = tuple(map(findings.values.get, plan[0]))
    if plan[1]:
        got = tuple(map(_value_key, got))
    # bool and int values of one rule never meet (a rule's kind fixes its values' type)
    key = (id(req), floor, indicator, system, req.id in findings.unassessed, got)
    out = memo.get(key)
    if out is None:
        out = memo[key] = _with_gap(score_requirement(req, findings, indicator, system, floor))
    return out


def _with_gap(r: RequirementScore) -> tuple[RequirementScore, Gap | None]:
    gap = Gap(r.id, r.lost, r.pending, r.departments, r.short_rules)
    return r, gap if (gap.lost > 0 or gap.pending > 0) else None


# kinds whose values are true/false, a count or a list of names: never a decimal
PLAIN_KINDS = ("deduct", "zero", "award", "deduct_each", "award_each", "review")


def _score(rubric: Rubric, findings: Findings, memo: dict | None = None) -> Scorecard:
    reqs: list[RequirementScore] = []
    gaps: list[tuple] = []  # (-lost, -pending, place in rubric order, Gap)
    indicators: list[GroupScore] = []
    systems: list[GroupScore] = []
    total = pending_total = ZERO
    bonus_score = bonus_pending = ZERO
    for s in rubric.systems:
        s_score = s_pending = ZERO
        for i in s.indicators:
            i_score = i_pending = ZERO
            for q in i.requirements:
                rs, gap = _requirement_score(q, findings, i.id, s.id, rubric.floor, memo)
                if gap is not None and not s.bonus:
                    gaps.append((-gap.lost, -gap.pending, len(reqs), gap))
                reqs.append(rs)
                i_score += rs.score
                i_pending += rs.pending
            if not i.requirements:  # a part of the table not received yet (待补充细则)
                i_pending = i.points
            i_score, i_pending, i_cut, i_text = _capped(
                i_score, i_pending, i.points, i.cap, "本指标"
            )
            indicators.append(
                GroupScore(i.id, i.name, i_score, i.max, i_pending, s.bonus, i_cut, i_text)
            )
            s_score += i_score
            s_pending += i_pending
        if not s.indicators:  # a whole section not received yet (待补充细则)
            s_pending = s.points
        s_score, s_pending, s_cut, s_text = _capped(
            s_score, s_pending, s.points, s.cap, "加分" if s.bonus else "本部分"
        )
        s_score = max(s_score, ZERO)  # a section never goes below 0, even without a floor
        systems.append(GroupScore(s.id, s.name, s_score, s.max, s_pending, s.bonus, s_cut, s_text))
        if s.bonus:
            bonus_score += s_score
            bonus_pending += s_pending
        else:
            total += s_score
            pending_total += s_pending
    counted = min(bonus_score, rubric.bonus_max)
    bonus_pending = min(bonus_pending, rubric.bonus_max - counted)
    total += counted
    pending_total += bonus_pending
    # open requirements outside the bonus sections: the most lost first, then the most pending,
    # then in rubric order
    gaps.sort(key=lambda g: g[:3])
    return Scorecard(
        rubric=rubric.id,
        total=total,
        max=rubric.max_score,
        pending=pending_total,
        systems=tuple(systems),
        indicators=tuple(indicators),
        requirements=tuple(reqs),
        gaps=tuple(g[3] for g in gaps),
        bonus=counted,
        bonus_max=rubric.bonus_max,
        bonus_pending=bonus_pending,
        bonus_cut=bonus_score - counted,
    )
