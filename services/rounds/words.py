"""What the pages and the 考评报告 say beside a scorecard's numbers (one fact, one source).

The engine marks a requirement whose clauses are not known (``RequirementScore.missing``) and
explains every group cap it applied (``GroupScore.cap_text``); a rubric's bonus sections carry
their cap. ``score_words`` turns these into words once: 总览, 模拟考评, 整改清单 and the Word
report read a ``ScoreWords`` and never work out a 待补充细则, a cap or the 加分 line themselves.
"""

from __future__ import annotations

from reports.inputs import MISSING_WORD, ScoreWords
from rubric import Rubric
from scoring import Scorecard, fmt
from scoring.engine import GroupScore

__all__ = ["MISSING_WORD", "bonus_tag", "score_words"]


def bonus_tag(points, cap) -> str:
    """How a bonus section is shown: 「加分（上限10分）」 when its cap is below its points."""
    return f"加分（上限{fmt(cap)}分）" if cap is not None and cap < points else "加分"


def _part(name: str, number: str, points) -> str:
    return f"{name}（{number}，{fmt(points)}分）"


def _missing_parts(rubric: Rubric) -> list[str]:
    out = []
    for s in rubric.systems:
        if s.status == "missing":
            out.append(_part(s.name, s.no or s.id, s.points))
            continue
        for i in s.indicators:
            if i.status == "missing" and i.id != s.id:
                out.append(_part(i.name, i.no or i.id, i.points))
                continue
            out += [
                _part(q.requirement.rstrip("。"), q.label, q.weight)
                for q in i.requirements
                if q.status == "missing"
            ]
    return out


def _caps(rubric: Rubric, card: Scorecard) -> list[str]:
    """Each group's cap, named: 「加分项：加分上限 10 分，超出的 3 分不计」."""
    groups: list[GroupScore] = [*card.systems, *card.indicators]
    out: list[str] = []
    for g in groups:
        line = f"{g.name}：{g.cap_text}"
        if g.cap_text and line not in out:
            out.append(line)
    if card.bonus_cut and rubric.bonus_cap is not None:
        out.append(f"加分合计上限 {fmt(rubric.bonus_cap)} 分，超出的 {fmt(card.bonus_cut)} 分不计")
    return out


def _requirement_caps(rubric: Rubric, card: Scorecard) -> dict[str, str]:
    """Per requirement, the caps of its clauses (「每扶持一人…」最多计 5 分（已达上限）)."""
    out = {}
    index = rubric.requirement_index()
    for rs in card.requirements:
        deltas = {a.rule: abs(a.delta) for a in rs.applied if a.rule}
        parts = []
        for rule in index[rs.id].rules:
            cap = getattr(rule, "cap", None)
            if cap is None:
                continue
            reached = "（已达上限）" if deltas.get(rule.id) == cap else ""
            parts.append(f"「{rule.text}」最多计 {fmt(cap)} 分{reached}")
        if parts:
            out[rs.id] = "；".join(parts)
    return out


def _bonus_line(card: Scorecard) -> str | None:
    if not card.bonus_max:
        return None
    extra = ""
    if card.bonus_cut:
        extra += f"，超出上限的 {fmt(card.bonus_cut)} 分不计"
    if card.bonus_pending:
        extra += f"，待评 {fmt(card.bonus_pending)} 分"
    return (
        f"加分 {fmt(card.bonus)} 分（上限 {fmt(card.bonus_max)} 分{extra}），已计入确认得分；"
        "未得的加分不计为失分。"
    )


def score_words(rubric: Rubric, card: Scorecard) -> ScoreWords:
    """The words of a rubric's scorecard: 待补充细则, the caps, the 加分 line."""
    systems = {}
    for s in rubric.systems:
        tags = [bonus_tag(s.points, s.cap)] if s.bonus else []
        tags += [MISSING_WORD] if s.status == "missing" else []
        systems[s.id] = "　".join([s.name, *tags])
    return ScoreWords(
        missing=frozenset(rs.id for rs in card.requirements if rs.missing),
        missing_parts=tuple(_missing_parts(rubric)),
        systems=systems,
        caps=tuple(_caps(rubric, card)),
        system_caps={g.id: g.cap_text for g in card.systems if g.cap_text},
        requirement_caps=_requirement_caps(rubric, card),
        bonus=_bonus_line(card),
    )
