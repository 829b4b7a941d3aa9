"""Strict pydantic models of a rubric: rubric -> system -> indicator -> requirement -> rule.

Unknown keys are errors everywhere (``extra="forbid"``). Points are exact decimals.
Cross-object checks (sums, duplicate ids, ordering) live in ``rubric.checks`` so that the
loader can report them with file, line and id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rubric.precheck import CheckEntry

Points = Annotated[Decimal, Field(ge=0)]
Ratio = Annotated[Decimal, Field(ge=0, le=1)]

RULE_KINDS = (
    "deduct",
    "deduct_each",
    "zero",
    "award",
    "award_each",
    "tiers",
    "grade",
    "target",
    "target_each",
    "threshold_deduct",
    "review",
)
# a count without a declared max_count may not exceed this (spec 6: counts are checked)
COUNT_LIMIT = 10_000
KIND_LABELS = {
    "deduct": "扣分",
    "deduct_each": "逐项扣分",
    "zero": "不得分",
    "award": "加分",
    "award_each": "逐项加分",
    "tiers": "按比例分档",
    "grade": "分级评定",
    "target": "达标值",
    "target_each": "逐项达标得分",
    "threshold_deduct": "未达标扣分",
    "review": "待人工确定",
}
STATUSES = ("ok", "missing")  # missing: a part of the table not yet received (待补充细则)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Inferred(Strict):
    """Which values of an object are the product's reading rather than the source's text."""

    weight: bool = False
    base: bool = False
    points: bool = False

    def any(self) -> bool:
        return self.weight or self.base or self.points


class RuleBase(Strict):
    id: str
    text: str = Field(min_length=1)
    inferred: Inferred = Inferred()
    review: str | None = Field(default=None, description="why a person must confirm (importer)")
    confidence: float | None = Field(default=None, ge=0, le=1)


class DeductRule(RuleBase):
    kind: Literal["deduct"]
    points: Points


class DeductEachRule(RuleBase):
    kind: Literal["deduct_each"]
    points: Points
    items: list[str] | None = None
    max_count: int | None = Field(default=None, ge=1)
    cap: Points | None = None


class ZeroRule(RuleBase):
    kind: Literal["zero"]


class AwardRule(RuleBase):
    kind: Literal["award"]
    points: Points


class AwardEachRule(RuleBase):
    kind: Literal["award_each"]
    points: Points
    items: list[str] | None = None
    max_count: int | None = Field(default=None, ge=1)
    cap: Points | None = None


class Tier(Strict):
    at: Ratio
    points: Points


class TiersRule(RuleBase):
    kind: Literal["tiers"]
    tiers: list[Tier] = Field(min_length=1)
    measure: str | None = None


class Level(Strict):
    points: Points
    label: str | None = None
    inferred: bool = False


class GradeRule(RuleBase):
    kind: Literal["grade"]
    levels: list[Level] = Field(min_length=2)


class TargetRule(RuleBase):
    kind: Literal["target"]
    threshold: Ratio
    measure: str | None = None
    partial: Literal["none", "proportional"] = "none"


class ReviewRule(RuleBase):
    """A clause the importer could not type: no effect until a person gives it a kind."""

    kind: Literal["review"]


class Target(Strict):
    """One measured value of a target_each / threshold_deduct rule and its threshold."""

    measure: str = Field(min_length=1)
    threshold: Ratio


class TargetEachRule(RuleBase):
    """每完成一项得N分: ``points`` for each measured value at or above its threshold."""

    kind: Literal["target_each"]
    points: Points
    targets: list[Target] = Field(min_length=1)
    cap: Points | None = None


class ThresholdDeductRule(RuleBase):
    """全部完成的得满分，一项未完成的扣N分: ``points`` off for each value below its threshold.

    The measured values are recorded with the finding, so the deduction shows its figures.
    """

    kind: Literal["threshold_deduct"]
    points: Points
    targets: list[Target] = Field(min_length=1)
    cap: Points | None = None


Rule = Annotated[
    DeductRule
    | DeductEachRule
    | ZeroRule
    | AwardRule
    | AwardEachRule
    | TiersRule
    | GradeRule
    | TargetRule
    | TargetEachRule
    | ThresholdDeductRule
    | ReviewRule,
    Field(discriminator="kind"),
]

POSITIVE_KINDS = ("award", "award_each", "tiers", "grade", "target", "target_each")
INPUT_REQUIRED_KINDS = ("tiers", "grade", "target", "target_each", "threshold_deduct")
MEASURED_KINDS = ("target_each", "threshold_deduct")  # input: one ratio per target


class Requirement(Strict):
    id: str
    no: str | None = Field(default=None, description="the table's own number, for display")
    requirement: str = Field(min_length=1, description="创建要求, verbatim")
    scoring: str = Field(default="", description="评分办法, verbatim")
    departments: list[str] = Field(
        default_factory=list, description="责任部门, as written; empty: the office assigns"
    )
    evidence: list[str] = Field(default_factory=list, description="what the inspectors look at")
    weight: Points
    base: Points | None = None
    floor: bool | None = Field(default=None, description="扣完为止; None: the rubric's default")
    status: Literal["ok", "missing"] = "ok"
    inferred: Inferred = Inferred()
    rules: list[Rule] = Field(default_factory=list)
    exclusive: list[list[str]] = Field(
        default_factory=list, description="groups of rule ids of which at most one may fire"
    )
    checks: list[CheckEntry] = Field(default_factory=list, description="自查预评 checks")

    @property
    def start(self) -> Decimal:
        return self.weight if self.base is None else self.base

    @property
    def label(self) -> str:
        """The number shown to people: the table's own, else the id."""
        return self.no or self.id


class Indicator(Strict):
    id: str
    no: str | None = None
    name: str
    points: Points
    cap: Points | None = Field(default=None, description="the most this indicator can count")
    status: Literal["ok", "missing"] = "ok"
    inferred: Inferred = Inferred()
    requirements: list[Requirement] = Field(default_factory=list)

    @property
    def max(self) -> Decimal:
        return self.points if self.cap is None else min(self.points, self.cap)


class System(Strict):
    """A 体系 or, in a flat table, a category (类别) holding its numbered items directly.

    ``requirements`` written right under a system (a flat table) become one indicator with
    the system's id and name, so that every later step sees the same three levels.
    """

    id: str
    no: str | None = None
    name: str
    points: Points
    bonus: bool = False
    cap: Points | None = Field(default=None, description="加分上限 of this section, or any cap")
    status: Literal["ok", "missing"] = "ok"
    indicators: list[Indicator] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _flat_items(cls, data: object) -> object:
        if isinstance(data, dict) and "requirements" in data:
            data = dict(data)
            reqs = data.pop("requirements")
            if data.get("indicators"):
                raise ValueError("体系下不能同时有 indicators 与 requirements")
            data["indicators"] = [
                {
                    "id": str(data.get("id")),
                    "name": data.get("name", ""),
                    "points": data.get("points"),
                    "status": data.get("status", "ok"),
                    "requirements": reqs,
                }
            ]
        return data

    @property
    def max(self) -> Decimal:
        """What the section can count: its points, or its cap when lower (加分（上限10分）)."""
        return self.points if self.cap is None else min(self.points, self.cap)


class DataIndicator(Strict):
    """Definition of a computed indicator (spec section 5)."""

    id: str
    requirement: str
    name: str
    numerator: str
    denominator: str
    source: str
    note: str | None = None
    inferred: bool = False


class Rubric(Strict):
    schema_version: Literal[1, 2] = 1
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    version: str
    locale: str = "zh-CN"
    issuer: str = ""
    date: dt.date | None = None
    source: str
    total: Points
    bonus_cap: Points | None = None
    pass_line: Points | None = None
    numbering: Literal["nested", "flat"] = Field(
        default="nested", description="nested: 1.2.3 ids; flat: the table's own numbers"
    )
    floor: bool = Field(default=True, description="扣完为止 unless a requirement says otherwise")
    notes: list[str] = Field(default_factory=list, description="附注 printed under the table")
    systems: list[System] = Field(min_length=1)
    data_indicators: list[DataIndicator] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return str(value)
        return value

    # -- navigation -------------------------------------------------------------------------
    def indicators(self) -> list[Indicator]:
        return [i for s in self.systems for i in s.indicators]

    def requirements(self) -> list[Requirement]:
        return [r for i in self.indicators() for r in i.requirements]

    def rules(self) -> list[Rule]:
        return [rule for r in self.requirements() for rule in r.rules]

    def to_review(self) -> list[Rule]:
        """Rules an importer marked for a person to confirm; a rubric with any is a draft."""
        return [rule for rule in self.rules() if rule.kind == "review" or rule.review]

    def rule_index(self) -> dict[str, tuple[Requirement, Rule]]:
        """rule id -> (requirement, rule); made once per rubric object (do not change it)."""
        return _indexes(self)[0]

    def requirement_index(self) -> dict[str, Requirement]:
        """requirement id -> requirement; made once per rubric object (do not change it)."""
        return _indexes(self)[1]

    def rule_kinds(self) -> dict[str, str]:
        """rule id -> its kind; made once per rubric object (do not change it)."""
        return _indexes(self)[2]

    @property
    def bonus_max(self) -> Decimal:
        """The most the bonus sections can add: the rubric's cap, else the sections' own maxima."""
        bonus = [s for s in self.systems if s.bonus]
        if not bonus:
            return Decimal(0)
        own = sum((s.max for s in bonus), Decimal(0))
        return own if self.bonus_cap is None else min(own, self.bonus_cap)

    @property
    def max_score(self) -> Decimal:
        return self.total + self.bonus_max

    def departments(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.requirements():
            for d in r.departments:
                seen.setdefault(d, None)
        return list(seen)


# rubric object id -> (the rubric, its rule index, its requirement index). A rubric is frozen and
# nothing changes its lists in place, so its indexes are made once, not on every scoring of a
# unit; the rubric is kept here so that its id is not reused while the entry lives.
_INDEXES: dict[int, tuple[Rubric, dict, dict, dict]] = {}


def _indexes(rubric: Rubric) -> tuple[dict, dict, dict]:
    got = _INDEXES.get(id(rubric))
    if got is None or got[0] is not rubric:
        if len(_INDEXES) >= 64:
            _INDEXES.clear()
        reqs = rubric.requirements()
        got = (
            rubric,
            {rule.id: (r, rule) for r in reqs for rule in r.rules},
            {r.id: r for r in reqs},
            {rule.id: rule.kind for r in reqs for rule in r.rules},
        )
        _INDEXES[id(rubric)] = got
    return got[1], got[2], got[3]
