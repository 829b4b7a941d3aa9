"""A person's correction above clause level in a draft: the rubric's total, a system's or an
indicator's name, points and cap, a requirement's words, points and 责任部门, and whether a
part is still to come (status ``missing``, 待补充细则). Works on the draft mapping as stored.

``outline`` lists every part with the sum of its parts below, so the review step shows where
the points do not add up before the loader refuses the draft at publishing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from rubric.importer.review import ClauseError, read_number

LEVELS = {"rubric": "细则", "system": "体系", "indicator": "指标", "requirement": "要求"}
MAX_NAME = 500


@dataclass(frozen=True)
class PartEdit:
    """What a person typed for one part; ``departments`` and ``cap`` apply where the level has
    them (requirements have 责任部门, sections a cap)."""

    name: str
    points: str
    cap: str = ""
    departments: tuple[str, ...] = ()
    missing: bool = False


@dataclass(frozen=True)
class Part:
    level: str  # rubric | system | indicator | requirement
    part_id: str
    label: str  # the table's own number where it has one
    name: str
    points: Decimal | None
    cap: Decimal | None
    departments: tuple[str, ...]
    missing: bool
    below: Decimal | None  # the sum of the parts below (None: nothing below)

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def adds_up(self) -> bool:
        return self.below is None or self.points is None or self.below == self.points


def _dec(v: object) -> Decimal | None:
    return None if v is None or v == "" else Decimal(str(v))


def _indicators(system: dict) -> list[dict]:
    """A flat category keeps its items on the system itself: it is its own indicator."""
    return system.get("indicators") or [system]


def _walk(draft: dict) -> Iterator[tuple[str, dict]]:
    yield "rubric", draft
    for s in draft.get("systems") or []:
        yield "system", s
        for i in s.get("indicators") or []:
            yield "indicator", i
        for i in _indicators(s):
            for q in i.get("requirements") or []:
                yield "requirement", q


def _sum(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) if values else None


def _below(level: str, node: dict) -> Decimal | None:
    if level == "rubric":  # what each main system can count: its points, or its cap if lower
        return _sum(
            min(_dec(s.get("points")), _dec(s.get("cap")) or _dec(s.get("points")))
            for s in node.get("systems") or []
            if not s.get("bonus") and s.get("points") is not None
        )
    if level == "system" and node.get("indicators"):
        return _sum(_dec(i.get("points")) for i in node["indicators"])
    if level in ("system", "indicator"):
        return _sum(_dec(q.get("weight")) for q in node.get("requirements") or [])
    return None


def _points_key(level: str) -> str:
    return {"rubric": "total", "requirement": "weight"}.get(level, "points")


def _name_key(level: str) -> str:
    return {"rubric": "title", "requirement": "requirement"}.get(level, "name")


def outline(draft: dict) -> list[Part]:
    """Every part of the draft, top down, with the sum of what lies below it."""
    out = []
    for level, node in _walk(draft):
        out.append(
            Part(
                level=level,
                part_id=str(node.get("id", "")) if level != "rubric" else "",
                label=str(node.get("no") or node.get("id", "")) if level != "rubric" else "",
                name=str(node.get(_name_key(level), "")),
                points=_dec(node.get(_points_key(level))),
                cap=_dec(node.get("cap")) if level in ("system", "indicator") else None,
                departments=tuple(node.get("departments") or ()),
                missing=node.get("status") == "missing",
                below=_below(level, node),
            )
        )
    return out


def find_part(draft: dict, level: str, part_id: str) -> dict:
    for lv, node in _walk(draft):
        if lv == level and (level == "rubric" or str(node.get("id")) == part_id):
            return node
    raise ClauseError(f"草稿中没有{LEVELS.get(level, '')}「{part_id}」")


def corrected_part(draft: dict, level: str, part_id: str, edit: PartEdit) -> dict:
    """Apply ``edit`` to the part in ``draft`` (in place); returns the part."""
    if level not in LEVELS:
        raise ClauseError("请选择要修改的部分：细则、体系、指标或要求")
    node = find_part(draft, level, part_id)
    name = " ".join((edit.name or "").split())
    if not name:
        raise ClauseError(f"{LEVELS[level]}名称不能为空")
    if len(name) > MAX_NAME:
        raise ClauseError(f"{LEVELS[level]}名称不能超过 {MAX_NAME} 个字")
    node[_name_key(level)] = name
    node[_points_key(level)] = read_number(edit.points, "分值")
    if level in ("system", "indicator"):
        if edit.cap.strip():
            cap = read_number(edit.cap, "上限")
            if cap <= 0:
                raise ClauseError("上限应大于 0；没有上限请留空")
            node["cap"] = cap
        else:
            node.pop("cap", None)
    if level == "requirement":
        depts = [d for d in dict.fromkeys(x.strip() for x in edit.departments) if d]
        if depts:
            node["departments"] = depts
        else:
            node.pop("departments", None)  # the office assigns it in 设置 → 责任分工
        inferred = node.get("inferred")
        if isinstance(inferred, dict):
            inferred.pop("weight", None)  # a person has now read the points
            if not inferred:
                node.pop("inferred")
    if level != "rubric":
        if edit.missing:
            node["status"] = "missing"
        else:
            node.pop("status", None)
    return node


def split_departments(text: str) -> tuple[str, ...]:
    """「区人社局、区财政局」, one per line or separated by 、，, ；: the names, in order."""
    return tuple(d for d in re.split(r"[、，,；;\n]+", text or "") if d.strip())
