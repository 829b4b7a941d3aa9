"""Checks: rubric data that proposes a rule's value from the uploaded documents (自查预评).

A requirement may carry ``checks:``. Each entry is either a check, tied to one rule::

    - id: 1.3.2-发文机关
      rule: 1.3.2a
      needs: 创建工作方案              # the document kind it reads
      reads: 未以政府或政府办公室名义印发的不得分   # the clause it decides
      when: {all: [{document: {title: [方案]}}, {issuer: [兖政发, 兖政办发]}]}
      met: false                       # the value proposed when ``when`` holds
      unmet: true                      # ... and when it does not
      met_reason: 方案以区政府名义印发
      unmet_reason: 未见以区政府或区政府办公室名义印发的创建工作方案
      fix: 以区政府或区政府办公室名义印发创建工作方案

or a note that a rule is left to the inspectors, and why::

    - rule: 1.2.1d
      manual: 部门间是否协调配合，须考核组现场了解

Predicates are typed and composed with ``all`` / ``any`` / ``not``; a document predicate holds
for one document, and a check holds when one document of the requirement satisfies the whole
condition. The loader refuses an unknown predicate or field with its line, like everything else.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _patterns(value: list[str]) -> list[str]:
    for p in value:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"正则表达式「{p}」有误：{exc}") from None
    return value


Patterns = Annotated[list[str], Field(min_length=1)]


class DocumentP(_Strict):
    """A document of a kind is linked to the requirement: title patterns, and its status."""

    title: list[str] = Field(default_factory=list)
    status: Literal["approved", "submitted"] = "submitted"  # submitted: approved or pending

    _check = field_validator("title")(_patterns)


class DatedP(_Strict):
    """成文日期 within a window: ``round`` (the round's period) or explicit dates."""

    window: Literal["round", "dates"] = "round"
    after: dt.date | None = None
    before: dt.date | None = None


class PhraseP(_Strict):
    """A phrase or pattern appears (any of ``any``, and every one of ``all``), optionally only
    within a section: a heading matching ``section`` and the text below it."""

    any: list[str] = Field(default_factory=list)
    all: list[str] = Field(default_factory=list)
    section: list[str] = Field(default_factory=list)

    _check = field_validator("any", "all", "section")(_patterns)

    @model_validator(mode="after")
    def _something(self) -> PhraseP:
        if not self.any and not self.all:
            raise ValueError("phrase 须至少给出 any 或 all 之一")
        return self


class FigureP(_Strict):
    """A ledger figure (the data indicators' proposals) meets a threshold."""

    indicator: Literal["activity", "success", "service", "satisfaction", "contribution"]
    at_least: Decimal


PREDICATES = {
    "document": "材料存在（按标题、状态）",
    "dated": "成文日期在期间内",
    "issuer": "发文机关或文号前缀",
    "phrase": "出现词句（可限定章节）",
    "row": "表格或名单中有一行依次匹配各格",
    "figure": "台账数据达到门槛",
    "all": "全部满足",
    "any": "任一满足",
    "not": "不满足",
}


class Predicate(_Strict):
    """Exactly one key of PREDICATES."""

    document: DocumentP | None = None
    dated: DatedP | None = None
    issuer: Patterns | None = None
    phrase: PhraseP | None = None
    row: Patterns | None = None
    figure: FigureP | None = None
    all: list[Predicate] | None = None
    any: list[Predicate] | None = None
    not_: Predicate | None = Field(default=None, alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _one_key(cls, data: Any) -> Any:
        if isinstance(data, str) and data == "dated":
            return {"dated": {}}
        if not isinstance(data, dict) or len(data) != 1:
            raise ValueError(
                "每个条件须是只有一个键的映射，可用："
                + "、".join(f"{k}（{v}）" for k, v in PREDICATES.items())
            )
        key = next(iter(data))
        if key not in PREDICATES:
            raise ValueError(f"未知的检查条件「{key}」，可用：" + "、".join(PREDICATES))
        if key == "dated" and data[key] in (None, "round"):
            return {"dated": {}}
        return data

    @field_validator("issuer", "row")
    @classmethod
    def _regex(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _patterns(value)

    @property
    def key(self) -> str:
        for k in PREDICATES:
            if getattr(self, "not_" if k == "not" else k) is not None:
                return k
        raise AssertionError("empty predicate")

    @property
    def arg(self) -> Any:
        return getattr(self, "not_" if self.key == "not" else self.key)

    def predicate_keys(self) -> set[str]:
        """The predicate keys used anywhere in this condition."""
        k = self.key
        if k in ("all", "any"):
            return {k}.union(*(p.predicate_keys() for p in self.arg))
        if k == "not":
            return {k} | self.arg.predicate_keys()
        return {k}

    def uses_documents(self) -> bool:
        k = self.key
        if k in ("all", "any"):
            return any(p.uses_documents() for p in self.arg)
        if k == "not":
            return self.arg.uses_documents()
        return k != "figure"


Value = bool | int | Decimal


class Check(_Strict):
    id: str = Field(min_length=1, max_length=40)
    rule: str
    needs: str = Field(min_length=1, description="the document kind it reads")
    reads: str = Field(min_length=1, description="the clause it decides, as written")
    when: Predicate
    met: Value
    unmet: Value
    met_reason: str = Field(min_length=1)
    unmet_reason: str = Field(min_length=1)
    fix: str = Field(default="", description="what document or sentence would fix it")


class Manual(_Strict):
    """A rule left to the inspectors, with the reason the documents cannot decide it."""

    rule: str
    manual: str = Field(min_length=1)


def _entry_kind(data: Any) -> str:
    if isinstance(data, dict):
        return "manual" if "manual" in data else "check"
    return "manual" if isinstance(data, Manual) else "check"


CheckEntry = Annotated[
    Annotated[Check, Tag("check")] | Annotated[Manual, Tag("manual")],
    Discriminator(_entry_kind),
]


def value_fits(kind: str, value: Value) -> bool:
    """Whether a proposed value has the type the rule's kind takes (scoring.findings)."""
    if kind in ("deduct", "zero", "award"):
        return isinstance(value, bool)
    if kind in ("deduct_each", "award_each"):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return not isinstance(value, bool) and isinstance(value, int | Decimal)
