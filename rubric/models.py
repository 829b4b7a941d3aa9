"""Strict pydantic models of a rubric: rubric -> system -> indicator -> requirement -> rule.

Unknown keys are errors everywhere (``extra="forbid"``). Points are exact decimals.
Cross-object checks (sums, duplicate ids, ordering) live in ``rubric.checks`` so that the
loader can report them with file, line and id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
)
KIND_LABELS = {
    "deduct": "扣分",
    "deduct_each": "逐项扣分",
    "zero": "不得分",
    "award": "加分",
    "award_each": "逐项加分",
    "tiers": "按比例分档",
    "grade": "分级评定",
    "target": "达标值",
}


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


Rule = Annotated[
    DeductRule
    | DeductEachRule
    | ZeroRule
    | AwardRule
    | AwardEachRule
    | TiersRule
    | GradeRule
    | TargetRule,
    Field(discriminator="kind"),
]

POSITIVE_KINDS = ("award", "award_each", "tiers", "grade", "target")
INPUT_REQUIRED_KINDS = ("tiers", "grade", "target")


class Requirement(Strict):
    id: str
    requirement: str = Field(min_length=1, description="创建要求, verbatim")
    scoring: str = Field(min_length=1, description="评分办法, verbatim")
    departments: list[str] = Field(min_length=1, description="责任部门, as written")
    evidence: list[str] = Field(default_factory=list, description="what the inspectors look at")
    weight: Points
    base: Points | None = None
    inferred: Inferred = Inferred()
    rules: list[Rule] = Field(min_length=1)
    exclusive: list[list[str]] = Field(
        default_factory=list, description="groups of rule ids of which at most one may fire"
    )

    @property
    def start(self) -> Decimal:
        return self.weight if self.base is None else self.base


class Indicator(Strict):
    id: str
    name: str
    points: Points
    inferred: Inferred = Inferred()
    requirements: list[Requirement] = Field(min_length=1)


class System(Strict):
    id: str
    name: str
    points: Points
    bonus: bool = False
    indicators: list[Indicator] = Field(min_length=1)


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
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    version: str
    locale: str = "zh-CN"
    issuer: str
    date: dt.date
    source: str
    total: Points
    bonus_cap: Points | None = None
    pass_line: Points | None = None
    systems: list[System] = Field(min_length=1)
    data_indicators: list[DataIndicator] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    # -- navigation -------------------------------------------------------------------------
    def indicators(self) -> list[Indicator]:
        return [i for s in self.systems for i in s.indicators]

    def requirements(self) -> list[Requirement]:
        return [r for i in self.indicators() for r in i.requirements]

    def rules(self) -> list[Rule]:
        return [rule for r in self.requirements() for rule in r.rules]

    def rule_index(self) -> dict[str, tuple[Requirement, Rule]]:
        return {rule.id: (r, rule) for r in self.requirements() for rule in r.rules}

    def requirement_index(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements()}

    @property
    def max_score(self) -> Decimal:
        return self.total + (self.bonus_cap or Decimal(0))

    def departments(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.requirements():
            for d in r.departments:
                seen.setdefault(d, None)
        return list(seen)
