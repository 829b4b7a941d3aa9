"""区别 between two rubric versions: which sections, requirements and clauses were added,
removed or changed (points, kind, text, cap, 责任部门), matched by id and named by their text.

``diff_rubrics`` is pure (two loaded rubrics); ``compare_rubrics`` loads the two the office
chose in 设置 → 评分细则 (built-in, published or its own drafts) and the command line's
``pioneer rubric diff A B`` loads two ids or files.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rubric import Rubric, RubricError
from rubric.models import KIND_LABELS
from scoring import fmt
from services import access
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.rubrics import get_rubric, rubric_label
from services.rubrics.describe import rule_summary
from services.rubrics.versions import check_text, get_version, list_versions, rubric_choices

DRAFT = "draft:"  # the reference of a draft in the database: draft:<version id>
STATUS_WORDS = {"added": "新增", "removed": "删除", "changed": "修改"}


@dataclass(frozen=True)
class Change:
    field: str  # 分值, 条款类型, 条款, 上限, 责任部门 ...
    before: str
    after: str


class _Worded:
    status: str  # added | removed | changed

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class RuleDiff(_Worded):
    rule_id: str
    status: str  # added | removed | changed
    text: str  # the clause as written (the new one; the old one when removed)
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class RequirementDiff(_Worded):
    requirement_id: str
    label: str  # the number the table shows
    name: str  # 创建要求
    indicator: str  # the indicator's name
    status: str
    changes: tuple[Change, ...] = ()
    rules: tuple[RuleDiff, ...] = ()


@dataclass(frozen=True)
class SectionDiff(_Worded):
    """A system (体系) or indicator (指标) added, removed or with other points or cap."""

    level: str  # 体系 | 指标
    section_id: str
    name: str
    status: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class RubricDiff:
    before: str  # the two rubrics' titles as people know them
    after: str
    header: tuple[Change, ...]  # 总分, 加分上限, 名称
    sections: tuple[SectionDiff, ...]
    requirements: tuple[RequirementDiff, ...]

    @property
    def empty(self) -> bool:
        return not (self.header or self.sections or self.requirements)

    def counts(self) -> dict[str, int]:
        """Requirements added / removed / changed, and clauses changed in all."""
        out = {k: sum(1 for r in self.requirements if r.status == k) for k in STATUS_WORDS}
        out["rules"] = sum(len(r.rules) for r in self.requirements)
        return out

    def summary(self) -> str:
        if self.empty:
            return "两个版本的内容相同。"
        n = self.counts()
        return (
            f"要求：新增 {n['added']} 条，删除 {n['removed']} 条，修改 {n['changed']} 条；"
            f"条款变动 {n['rules']} 条；体系和指标变动 {len(self.sections)} 处。"
        )


def _num(d: Decimal | None) -> str:
    return "—" if d is None else f"{fmt(d)} 分"


def _changes(pairs: list[tuple[str, str, str]]) -> tuple[Change, ...]:
    return tuple(Change(f, a, b) for f, a, b in pairs if a != b)


def _rule_fields(rule) -> dict[str, str]:
    return {
        "条款类型": KIND_LABELS.get(rule.kind, rule.kind),
        "分值": _num(getattr(rule, "points", None)),
        "上限": _num(getattr(rule, "cap", None)),
        "条款": rule.text,
        "计分方式": rule_summary(rule),
    }


def _rule_diffs(a, b) -> tuple[RuleDiff, ...]:
    old = {r.id: r for r in (a.rules if a else ())}
    new = {r.id: r for r in (b.rules if b else ())}
    out = []
    for rid, rule in new.items():
        if rid not in old:
            out.append(RuleDiff(rid, "added", rule.text))
            continue
        fa, fb = _rule_fields(old[rid]), _rule_fields(rule)
        changed = _changes([(f, fa[f], fb[f]) for f in fa])
        if len(changed) > 1:  # 计分方式 only says again what 分值/上限/类型 said
            changed = tuple(c for c in changed if c.field != "计分方式")
        if changed:
            out.append(RuleDiff(rid, "changed", rule.text, changed))
    out += [RuleDiff(rid, "removed", rule.text) for rid, rule in old.items() if rid not in new]
    return tuple(out)


def _requirement_fields(q) -> dict[str, str]:
    return {
        "创建要求": q.requirement,
        "分值": _num(q.weight),
        "起始分": _num(q.base),
        "评分办法": q.scoring,
        "责任部门": "、".join(q.departments) or "未分配",
        "状态": "待补充细则" if q.status == "missing" else "正常",
    }


def _section_fields(s) -> dict[str, str]:
    return {"名称": s.name, "分值": _num(s.points), "上限": _num(s.cap)}


def _sections(level: str, old: dict, new: dict) -> list[SectionDiff]:
    out = []
    for sid, s in new.items():
        if sid not in old:
            out.append(SectionDiff(level, sid, s.name, "added"))
            continue
        fa, fb = _section_fields(old[sid]), _section_fields(s)
        changed = _changes([(f, fa[f], fb[f]) for f in fa])
        if changed:
            out.append(SectionDiff(level, sid, s.name, "changed", changed))
    out += [SectionDiff(level, sid, s.name, "removed") for sid, s in old.items() if sid not in new]
    return out


def diff_rubrics(a: Rubric, b: Rubric) -> RubricDiff:
    """What changed from ``a`` to ``b``, in ``b``'s order (removed items after)."""
    header = _changes(
        [
            ("名称", a.title, b.title),
            ("总分", _num(a.total), _num(b.total)),
            ("加分上限", _num(a.bonus_cap), _num(b.bonus_cap)),
        ]
    )
    sections = _sections("体系", {s.id: s for s in a.systems}, {s.id: s for s in b.systems})
    flat = {s.id for s in a.systems} | {s.id for s in b.systems}  # a flat category's indicator
    sections += [
        d
        for d in _sections(
            "指标", {i.id: i for i in a.indicators()}, {i.id: i for i in b.indicators()}
        )
        if d.section_id not in flat
    ]
    names = {i.id: i.name for i in a.indicators()} | {i.id: i.name for i in b.indicators()}
    where = {q.id: i.id for r in (a, b) for i in r.indicators() for q in i.requirements}
    old, new = a.requirement_index(), b.requirement_index()
    reqs = []
    for qid in [*new, *(q for q in old if q not in new)]:
        qa, qb = old.get(qid), new.get(qid)
        q = qb or qa
        rules = _rule_diffs(qa, qb) if qa and qb else ()
        if qa is None or qb is None:
            status, changed = ("added" if qa is None else "removed"), ()
        else:
            fa, fb = _requirement_fields(qa), _requirement_fields(qb)
            changed = _changes([(f, fa[f], fb[f]) for f in fa])
            if not changed and not rules:
                continue
            status = "changed"
        reqs.append(
            RequirementDiff(
                qid, q.label, q.requirement, names.get(where[qid], ""), status, changed, rules
            )
        )
    return RubricDiff(rubric_label(a), rubric_label(b), header, tuple(sections), tuple(reqs))


# -- loading the two sides ------------------------------------------------------------------


def comparable(actor: Actor, unit_id: int) -> list[tuple[str, str]]:
    """(reference, label) of every rubric the office can compare: those a round may use, then
    its own drafts that load."""
    actor.require("office", action="比较评分细则")
    access.require_read_unit(actor, unit_id)
    out = list(rubric_choices(actor, unit_id))
    for v in list_versions(actor, unit_id):
        if v.status != "published" and v.unit_id == unit_id and not v.problems:
            out.append((f"{DRAFT}{v.id}", f"{v.title}（草稿：{v.source_name}）"))
    return out


def _load_side(actor: Actor, unit_id: int, ref: str) -> Rubric:
    """One side of a comparison, if the unit may see it."""
    if ref.startswith(DRAFT):
        suffix = ref.removeprefix(DRAFT)
        if not suffix.isdigit():
            raise NotFound(f"评分细则 {ref} 不存在")
        info, text = get_version(actor, int(suffix))
        rubric, problems = check_text(text, info.source_name or info.rubric_id)
        if rubric is None:
            raise InvalidInput(f"「{info.title}」还有错误，不能比较：{problems[0]}")
        return rubric.model_copy(update={"title": f"{info.title}（草稿）"})
    if ref not in dict(rubric_choices(actor, unit_id)):
        raise NotFound(f"评分细则 {ref} 不存在或本单位不能使用")
    try:
        return get_rubric(ref)
    except RubricError as exc:
        raise InvalidInput(f"评分细则 {ref} 有错误，不能比较") from exc


def compare_rubrics(actor: Actor, unit_id: int, before: str, after: str) -> RubricDiff:
    """The 区别 view: what changed from ``before`` to ``after`` (two references of
    ``comparable``)."""
    actor.require("office", action="比较评分细则")
    access.require_read_unit(actor, unit_id)  # (both sides are checked again as they load)
    return diff_rubrics(_load_side(actor, unit_id, before), _load_side(actor, unit_id, after))
