"""整改通知书: one notice per responsible department, listing only that department's gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from reports import gongwen as gw
from reports.common import (
    ZERO,
    add_gap_table,
    campaign_name,
    clause_lines,
    department_due,
    due_text,
    gaps_by_department,
    indicator_names,
    owners_for,
    pronoun,
    pts,
    stake_text,
)
from reports.inputs import NoticeInput, Owners
from rubric.models import Rubric
from scoring.engine import Scorecard


def notice_title(unit: str, rubric: Rubric) -> str:
    """关于兖州区（演示）创建省级创业型城市问题整改的通知."""
    return f"关于{unit}{campaign_name(rubric)}问题整改的通知"


def departments_with_gaps(rubric: Rubric, card: Scorecard, owners: Owners) -> list[str]:
    """Departments that lost points or have requirements awaiting review, in rubric order."""
    return list(gaps_by_department(rubric, card, owners))


def build_notice(inp: NoticeInput) -> bytes:
    """The 整改通知书 to ``inp.department`` as docx bytes (without gaps: a short all-clear)."""
    rubric, card, dept = inp.rubric, inp.card, inp.department
    gaps = gaps_by_department(rubric, card, inp.owners).get(dept, [])
    reqs = rubric.requirement_index()
    names = indicator_names(card)
    who = pronoun(dept)
    title = notice_title(inp.unit, rubric)

    doc = gw.new_document(title, inp.issuer, inp.issued_on)
    gw.add_title(doc, gw.title_lines(title, head=f"关于{inp.unit}{campaign_name(rubric)}"))
    if inp.doc_number:
        gw.add_subtitle_line(doc, inp.doc_number)
    gw.add_blank(doc)
    gw.add_addressee(doc, dept)

    basis = f"{inp.round_name}结果" if inp.round_name else "近期考评结果"
    lost = sum((g.lost for g in gaps), ZERO)
    pending = sum((g.pending for g in gaps), ZERO)
    if not gaps:
        gw.add_body(
            doc,
            f"根据{basis}，{who}负责的创建要求均已得满分，暂无需要整改的问题。"
            "请继续保持，做好佐证材料的日常归档。",
        )
    else:
        gw.add_body(
            doc,
            f"根据{basis}，对照《{rubric.title}》评分细则，{who}负责的{len(gaps)}项创建要求"
            f"存在失分或尚待评定，涉及{stake_text(lost, pending)}。现将有关问题及整改要求"
            "通知如下，请认真组织整改，按期报送整改情况和佐证材料。",
        )
        gw.add_heading1(doc, "一、整改事项")
        gw.add_body(doc, f"{who}需整改的事项共{len(gaps)}项，汇总如下：")
        add_gap_table(doc, rubric, card, gaps, inp.owners, inp.issued_on, zero="—", department=dept)
        for n, gap in enumerate(gaps, start=1):
            rs = card.requirement(gap.requirement)
            req = reqs[gap.requirement]
            stake = f"失分{pts(gap.lost)}" if gap.lost else f"待评{pts(gap.pending)}"
            gw.add_heading2(
                doc, f"（{gw.cn_num(n)}）要求{req.id}（{names.get(rs.indicator, '')}），{stake}"
            )
            gw.add_body(doc, req.requirement, lead="创建要求：")
            if rs.status == "unassessed":
                gw.add_body(
                    doc,
                    f"本项尚未评定，{pts(gap.pending)}待评，评定前按0分计入确认得分。",
                    lead="存在问题：",
                )
            else:
                gw.add_body(doc, f"本项满分{pts(rs.max)}，得分{pts(rs.score)}。", lead="存在问题：")
                for k, line in enumerate(clause_lines(rubric, rs), start=1):
                    gw.add_body(doc, f"{k}.{line}")
            comment = inp.comments.get(req.id)
            if comment:
                gw.add_body(doc, comment, lead="检查意见：")
            wanted = "、".join(req.evidence) if req.evidence else "能够证明达到创建要求的文件和资料"
            gw.add_body(doc, f"{wanted}。", lead="应提供的佐证材料：")
            gw.add_body(doc, req.scoring, lead="评分办法：")
            owners = owners_for(inp.owners, card, req.id)
            mine = next((a for a in owners if a.department == dept), None)
            others = [f"{a.department}（{a.role}）" for a in owners if a.department != dept]
            if mine is not None and others:
                gw.add_body(doc, f"{mine.role}。", lead="你单位职责：")
            if others:
                gw.add_body(doc, "、".join(others), lead="共同责任单位：")
            due = department_due(inp.owners, card, req.id, dept)
            text = due_text(due, inp.issued_on)
            gw.add_body(
                doc,
                f"{text}前。" if due and due >= inp.issued_on else f"{text}。",
                lead="整改期限：",
            )

        gw.add_heading1(doc, "二、工作要求")
        gw.add_heading2(doc, "（一）高度重视，压实责任。")
        gw.add_body(
            doc,
            f"{who}主要负责同志要亲自过问，明确分管负责同志和具体经办人员，"
            "对照评分办法逐条查找原因，制定整改措施，确保问题整改到位。",
        )
        gw.add_heading2(doc, "（二）对照标准，补齐材料。")
        gw.add_body(
            doc,
            "佐证材料应当真实、完整、规范，文件类材料须有文号和成文日期，"
            "数据类材料须注明统计口径和数据来源。",
        )
        gw.add_heading2(doc, "（三）按期报送，及时反馈。")
        gw.add_body(
            doc,
            f"请于整改期限前将整改情况报告和佐证材料（电子版及纸质版）报送{inp.issuer}。"
            "逾期未完成整改的，将在工作简报中予以通报。",
        )
        gw.add_body(doc, "特此通知。")
    gw.add_signature(doc, inp.issuer, inp.issued_on)
    return gw.to_bytes(doc)


def build_notices(
    unit: str,
    issuer: str,
    issued_on: date,
    rubric: Rubric,
    card: Scorecard,
    owners: Owners | None = None,
    comments: Mapping[str, str] | None = None,
    doc_numbers: Mapping[str, str] | None = None,
    round_name: str | None = None,
    addressees: Sequence[str] | None = None,
) -> dict[str, bytes]:
    """{department: notice docx} for each addressee (default: every department with gaps)."""
    out: dict[str, bytes] = {}
    owners = owners or {}
    for dept in (
        addressees if addressees is not None else departments_with_gaps(rubric, card, owners)
    ):
        out[dept] = build_notice(
            NoticeInput(
                unit=unit,
                issuer=issuer,
                issued_on=issued_on,
                doc_number=(doc_numbers or {}).get(dept),
                department=dept,
                rubric=rubric,
                card=card,
                owners=owners,
                comments=comments or {},
                round_name=round_name,
            )
        )
    return out
