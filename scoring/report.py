"""Scorecard -> the JSON shape of spec section 7, and findings text -> validated findings."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import yaml

from rubric.models import Rubric
from rubric.yamltext import DuplicateKey, load_yaml
from scoring.engine import Scorecard
from scoring.findings import FindingProblem, Findings, FindingsError, validate_findings


def num(d: Decimal) -> int | float:
    """A JSON number exact to the decimals the rubric uses (Decimal('13.50') -> 13.5)."""
    n = d.normalize()
    if n == n.to_integral_value():
        return int(n)
    return float(format(n, "f"))


def _value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return num(v)
    if isinstance(v, tuple):
        return [_value(x) for x in v]
    return v


def _group(g) -> dict:
    out = {"id": g.id, "name": g.name, "score": num(g.score), "max": num(g.max)}
    if g.bonus:
        out["bonus"] = True
    if g.cap_text:
        out["cap"] = {"cut": num(g.cut), "text": g.cap_text}
    return out


def scorecard_dict(card: Scorecard) -> dict:
    out = {
        "rubric": card.rubric,
        "total": num(card.total),
        "max": num(card.max),
        "pending": num(card.pending),
        "lost": num(card.lost),
    }
    if card.bonus_max:
        # 加分 on its own line: what counts, its cap, what the cap cut (not a loss)
        out["bonus"] = {
            "score": num(card.bonus),
            "max": num(card.bonus_max),
            "pending": num(card.bonus_pending),
            "cut": num(card.bonus_cut),
        }
    return out | {
        "systems": [_group(s) for s in card.systems],
        "indicators": [_group(i) for i in card.indicators],
        "requirements": [
            {
                "id": r.id,
                "score": num(r.score),
                "max": num(r.max),
                "status": r.status,
                "departments": list(r.departments),
                "applied": [
                    {"rule": a.rule, "delta": num(a.delta), "text": a.text}
                    | ({"value": _value(a.value)} if a.value is not None else {})
                    for a in r.applied
                ],
            }
            | ({"missing": True} if r.missing else {})
            for r in card.requirements
        ],
        "gaps": [
            {
                "requirement": g.requirement,
                "lost": num(g.lost),
                "pending": num(g.pending),
                "departments": list(g.departments),
                "rules": list(g.rules),
            }
            for g in card.gaps
        ],
    }


def scorecard_json(card: Scorecard, indent: int | None = 2) -> str:
    return json.dumps(scorecard_dict(card), ensure_ascii=False, indent=indent)


def parse_findings_text(text: str, source: str = "<findings>") -> dict:
    """Parse a findings file (YAML or JSON) into its raw mapping; refuse what is not one."""
    try:
        data = load_yaml(text)
    except DuplicateKey as exc:
        raise FindingsError([FindingProblem(source, str(exc))]) from exc
    except yaml.YAMLError as exc:
        raise FindingsError([FindingProblem(source, f"不是有效的 YAML/JSON：{exc}")]) from exc
    if not isinstance(data, dict):
        raise FindingsError([FindingProblem(source, "文件应为含 findings 的键值结构")])
    unknown = set(data) - {"rubric", "unassessed", "findings"}
    if unknown:
        raise FindingsError(
            [FindingProblem(source, f"未知字段：{'、'.join(sorted(map(str, unknown)))}")]
        )
    if (
        "findings" in data
        and data["findings"] is not None
        and not isinstance(data["findings"], dict)
    ):
        raise FindingsError([FindingProblem("findings", "应为「规则编号: 取值」的键值结构")])
    if data.get("rubric") is not None and not isinstance(data["rubric"], str):
        raise FindingsError(
            [
                FindingProblem(
                    "rubric", f"应为评分细则编号或文件路径（文本），收到「{data['rubric']}」"
                )
            ]
        )
    unassessed = data.get("unassessed") or []
    if not isinstance(unassessed, list):
        raise FindingsError([FindingProblem("unassessed", "应为要求编号的列表")])
    return data


def findings_from_data(rubric: Rubric, data: dict) -> Findings:
    return validate_findings(
        rubric, data.get("findings") or {}, [str(u) for u in data.get("unassessed") or []]
    )
