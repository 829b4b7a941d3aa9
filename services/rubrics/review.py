"""The review step of an imported draft: the clauses a person must confirm, side by side with
the source text, and the correction of one clause at a time; above the clauses, the total,
systems, indicators and requirements (name, points, cap, 责任部门, 待补充)."""

from __future__ import annotations

from dataclasses import dataclass

from rubric.importer import dump_draft
from rubric.importer.outline import LEVELS, Part, PartEdit, corrected_part, outline
from rubric.importer.review import ClauseEdit, ClauseError, corrected_rule, find_rule, replace_rule
from rubric.yamltext import load_yaml
from services.actor import Actor
from services.errors import InvalidInput
from services.rubrics.versions import VersionInfo, get_version, save_text


@dataclass(frozen=True)
class Clause:
    """One clause to review: the requirement it belongs to (name first), the source text."""

    rule_id: str
    requirement_id: str
    requirement: str  # 创建要求, as the table says
    scoring: str  # the whole 评分办法 of the requirement
    text: str  # this clause's own words
    reason: str  # why the importer could not type it
    kind: str
    rule: dict


def _draft(text: str) -> dict:
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise InvalidInput("草稿内容不是一个评分细则")
    return data


def clauses_to_review(actor: Actor, version_id: int) -> list[Clause]:
    """The clauses still marked ``review`` (untyped, or typed with low confidence), in order."""
    _, text = get_version(actor, version_id)
    data = _draft(text)
    out = []
    for system in data.get("systems") or []:
        indicators = system.get("indicators") or [{"requirements": system.get("requirements")}]
        for ind in indicators:
            for req in ind.get("requirements") or []:
                for rule in req.get("rules") or []:
                    if rule.get("kind") == "review" or rule.get("review"):
                        out.append(
                            Clause(
                                rule_id=str(rule.get("id")),
                                requirement_id=str(req.get("id")),
                                requirement=str(req.get("requirement", "")),
                                scoring=str(req.get("scoring", "")),
                                text=str(rule.get("text", "")),
                                reason=str(rule.get("review") or "未能识别条款类型"),
                                kind=str(rule.get("kind")),
                                rule=dict(rule),
                            )
                        )
    return out


def correct_clause(actor: Actor, version_id: int, rule_id: str, edit: ClauseEdit) -> VersionInfo:
    """Save a person's reading of one clause; the review mark goes, the rest stays as it was."""
    _, text = get_version(actor, version_id)
    data = _draft(text)
    try:
        _, old = find_rule(data, rule_id)
        rule = corrected_rule(old, edit)
        replace_rule(data, rule_id, rule)
    except ClauseError as exc:
        raise InvalidInput(str(exc)) from None
    new_text = dump_draft(data)
    return save_text(actor, version_id, new_text, f"复核条款 {rule_id}")


def draft_outline(actor: Actor, version_id: int) -> list[Part]:
    """The draft's parts above clause level, each with the sum of the parts below it."""
    _, text = get_version(actor, version_id)
    return outline(_draft(text))


def correct_part(
    actor: Actor, version_id: int, level: str, part_id: str, edit: PartEdit
) -> VersionInfo:
    """Save a person's correction of the total, a system, an indicator or a requirement (name,
    points, cap, 责任部门, 待补充). The draft is saved even when its points do not add up yet (a
    correction may take several steps); the returned problems say where, and publishing waits
    until they add up."""
    _, text = get_version(actor, version_id)
    data = _draft(text)
    try:
        node = corrected_part(data, level, part_id, edit)
    except ClauseError as exc:
        raise InvalidInput(str(exc)) from None
    what = f"{LEVELS[level]} {node.get('id', '')}".strip()
    return save_text(actor, version_id, dump_draft(data), f"修改{what}")
