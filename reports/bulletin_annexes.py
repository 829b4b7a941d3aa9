"""The 附件 of a 工作简报: the full lists the text refers to, as tables numbered 表1… in the
document's sequence (member departments that own items, materials approved in the period,
open items, overdue items, what the 自查预评 finds short); and the names of requirements and
the groups of overdue items that the text (reports.bulletin) and the tables share.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from docx.document import Document as DocxDocument

from reports import gongwen as gw
from reports.assessment import table_caption
from reports.common import (
    due_text,
    indicator_names,
    ordered_gaps,
    owners_for,
    requirement_due,
    short_text,
)
from reports.inputs import BulletinInput
from reports.selfcheck import TABLE_TITLE, selfcheck_table
from reports.wording import owners_text
from rubric.models import Rubric
from scoring.engine import Scorecard, fmt
from store.evidence_tables import STATUS_LABELS

_CAPTION = re.compile(r"表\d+　")
Refs = dict[str, str]  # annex key -> 附件N
COUNTS = ("approved", "pending", "returned")  # the order a 简报 counts materials in


def named(rubric: Rubric, card: Scorecard, req_id: str, most: int = 22) -> str:
    """组织领导：成立政府领导挂帅…… -- the indicator and the requirement's first clause."""
    reqs = rubric.requirement_index()
    if req_id not in reqs:
        return req_id
    indicator = indicator_names(card).get(card.requirement(req_id).indicator, "")
    text = short_text(reqs[req_id].requirement, most)
    return f"{indicator}：{text}" if indicator else text


def requirement_name(inp: BulletinInput, req_id: str, most: int = 22) -> str:
    return named(inp.rubric, inp.card, req_id, most)


def overdue_groups(inp: BulletinInput) -> list[tuple[str, date, list[str]]]:
    """(requirement id, 整改期限, departments) of the overdue items, earliest first."""
    order = {r: n for n, r in enumerate(inp.rubric.requirement_index())}
    groups: dict[tuple[str, date], list[str]] = {}
    for rid, dept, due in inp.overdue:
        groups.setdefault((rid, due), []).append(dept)
    keys = sorted(groups, key=lambda k: (k[1], order.get(k[0], len(order)), k[0]))
    return [(rid, due, groups[(rid, due)]) for rid, due in keys]


def caption(doc: DocxDocument, title: str) -> int:
    """表题 of the next table, numbered after those already in the document."""
    done = sum(1 for p in doc.paragraphs if _CAPTION.match(p.text))
    table_caption(doc, f"表{done + 1}　{title}")
    return done + 1


def _departments_table(doc: DocxDocument, inp: BulletinInput) -> None:
    rows = inp.department_progress
    caption(doc, "各成员单位佐证材料报送和审核情况")
    body = [
        [p.department, p.assigned, p.approved, p.pending, p.returned]
        for p in sorted(rows, key=lambda p: (-p.returned, -p.pending, p.department))
    ]
    body.append(
        [
            "合计",
            sum(p.assigned for p in rows),
            sum(p.approved for p in rows),
            sum(p.pending for p in rows),
            sum(p.returned for p in rows),
        ]
    )
    gw.add_table(
        doc,
        ["责任单位", "承担要求（项）", *(f"{STATUS_LABELS[s]}（份）" for s in COUNTS)],
        body,
        [52, 26, 26, 26, 26],
        center=[1, 2, 3, 4],
    )


def _approved_table(doc: DocxDocument, inp: BulletinInput) -> None:
    items = sorted(inp.approved_in_period, key=lambda t: (t[3], t[1]))
    caption(doc, "本期审核通过的佐证材料")
    rows = [
        [n, title, dept, "、".join(requirement_name(inp, r, 14) for r in reqs.split("、") if r)]
        for n, (reqs, title, dept, _day) in enumerate(items, start=1)
    ]
    gw.add_table(
        doc,
        ["序号", "材料名称", "责任单位", "对应创建要求"],
        rows,
        [12, 62, 32, 50],
        center=[0],
        size=gw.Pt(10.5),
    )


def _gaps_table(doc: DocxDocument, inp: BulletinInput) -> None:
    gaps = ordered_gaps(inp.rubric, inp.card)
    caption(doc, "尚存在失分或待评的创建要求（单位：分）")
    rows = [
        [
            n,
            requirement_name(inp, g.requirement),
            fmt(g.lost),
            fmt(g.pending),
            owners_text(owners_for(inp.owners, inp.card, g.requirement)),
            due_text(requirement_due(inp.owners, inp.card, g.requirement), inp.issued_on),
        ]
        for n, g in enumerate(gaps, start=1)
    ]
    gw.add_table(
        doc,
        ["序号", "创建要求", "失分", "待评", "责任单位", "整改期限"],
        rows,
        [12, 40, 13, 13, 41, 37],
        center=[0, 2, 3],
        size=gw.Pt(10.5),
    )


def _overdue_table(doc: DocxDocument, inp: BulletinInput) -> None:
    caption(doc, "逾期未完成的整改事项")
    rows = [
        [
            n,
            requirement_name(inp, rid),
            "、".join(depts),
            gw.cn_date(due),
            max((inp.issued_on - due).days, 0),
        ]
        for n, (rid, due, depts) in enumerate(overdue_groups(inp), start=1)
    ]
    gw.add_table(
        doc,
        ["序号", "创建要求", "责任单位", "整改期限", "逾期天数"],
        rows,
        [12, 44, 42, 37, 21],
        center=[0, 3, 4],
        size=gw.Pt(10.5),
    )


def annexes(inp: BulletinInput) -> list[tuple[str, str, Callable[[DocxDocument], None]]]:
    """(key, title, writer) of the 附件 holding the full lists, in order."""
    out: list[tuple[str, str, Callable[[DocxDocument], None]]] = []
    if inp.department_progress:
        out.append(
            (
                "departments",
                "各成员单位佐证材料报送和审核情况",
                lambda d: _departments_table(d, inp),
            )
        )
    if inp.approved_in_period:
        out.append(("approved", "本期审核通过的佐证材料", lambda d: _approved_table(d, inp)))
    if inp.card.gaps:
        out.append(("gaps", "尚存在失分或待评的创建要求", lambda d: _gaps_table(d, inp)))
    if inp.overdue:
        out.append(("overdue", "逾期未完成的整改事项", lambda d: _overdue_table(d, inp)))
    if inp.selfcheck and inp.selfcheck.gaps:
        s = inp.selfcheck
        out.append(("selfcheck", TABLE_TITLE, lambda d: selfcheck_table(d, s, caption)))
    return out


def annex_refs(inp: BulletinInput) -> Refs:
    """How the text refers to each 附件 (附件2; 附件 when there is only one)."""
    keys = [key for key, _, _ in annexes(inp)]
    return {key: "附件" if len(keys) == 1 else f"附件{n}" for n, key in enumerate(keys, 1)}
