"""工作简报 of the campaign office: progress by department, approvals, gaps, trend, overdue."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Pt

from reports import charts
from reports import gongwen as gw
from reports.common import ZERO, campaign_name, ordered_gaps, owners_for, pts
from reports.inputs import BulletinInput
from reports.selfcheck import write_selfcheck
from scoring.engine import fmt


def bulletin_title(inp: BulletinInput) -> str:
    """创建省级创业型城市工作简报."""
    return f"{campaign_name(inp.rubric)}工作简报"


def _head(doc: DocxDocument, inp: BulletinInput) -> None:
    """简报 masthead: red title, 第N期, issuer and date on one line, red rule."""
    gw.add_title(doc, bulletin_title(inp), color="C00000", size=Pt(26))
    gw.add_subtitle_line(doc, f"第{inp.issue_no}期")
    gw.add_split_line(doc, inp.issuer, gw.cn_date(inp.issued_on), gw.SIZE_4)
    gw.add_rule(doc)
    headline = gw.add_styled(doc, "Title")
    headline.paragraph_format.space_before = Pt(12)
    headline.paragraph_format.space_after = Pt(6)
    gw.run(
        headline,
        f"{inp.unit}{campaign_name(inp.rubric)}工作进展情况",
        gw.FONT_TITLE,
        gw.SIZE_3,
    )


def _overview(doc: DocxDocument, inp: BulletinInput) -> None:
    card = inp.card
    open_gaps = len(card.gaps)
    gw.add_body(
        doc,
        f"本期统计时间为{gw.cn_date(inp.period_start)}至{gw.cn_date(inp.period_end)}。"
        f"按评分细则测算，目前确认得分{pts(card.total)}（满分{pts(card.max)}），"
        f"失分{pts(card.lost)}，待评{pts(card.pending)}。本期审核通过佐证材料"
        f"{len(inp.approved_in_period)}份，完成整改{len(inp.gaps_closed)}项，"
        f"仍有{open_gaps}项创建要求存在失分或尚待评定，逾期未完成整改{len(inp.overdue)}项。",
    )
    if inp.rubric.pass_line is not None:
        gap = inp.rubric.pass_line - card.total
        text = (
            f"确认得分已达到合格线（{pts(inp.rubric.pass_line)}）。"
            if gap <= 0
            else f"距合格线（{pts(inp.rubric.pass_line)}）还差{pts(gap)}。"
        )
        gw.add_body(doc, text)


def _departments(doc: DocxDocument, inp: BulletinInput) -> None:
    rows = inp.department_progress
    if not rows:
        gw.add_body(doc, "本期未统计各部门材料报送情况。")
        return
    gw.add_body(doc, "各责任部门承担的创建要求及佐证材料审核情况如下。")
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
        ["责任部门", "承担要求（项）", "已通过（份）", "待审核（份）", "已退回（份）"],
        body,
        [52, 26, 26, 26, 26],
        center=[1, 2, 3, 4],
    )


def _approved(doc: DocxDocument, inp: BulletinInput) -> None:
    items = sorted(inp.approved_in_period, key=lambda t: (t[3], t[0]))
    if not items:
        gw.add_body(doc, "本期无审核通过的佐证材料。")
        return
    gw.add_body(doc, f"本期共有{len(items)}份佐证材料审核通过。")
    rows = [[req, title, dept, gw.cn_date(day)] for req, title, dept, day in items]
    gw.add_table(
        doc, ["要求编号", "材料名称", "责任部门", "通过日期"], rows, [22, 64, 34, 36], center=[0, 3]
    )


def _gaps(doc: DocxDocument, inp: BulletinInput) -> None:
    reqs = inp.rubric.requirement_index()
    gw.add_heading2(doc, "（一）本期完成整改")
    if inp.gaps_closed:
        gw.add_body(doc, f"本期共有{len(inp.gaps_closed)}项创建要求完成整改，不再失分：")
        for n, rid in enumerate(inp.gaps_closed, start=1):
            text = reqs[rid].requirement if rid in reqs else ""
            gw.add_body(doc, f"{n}.要求{rid}：{text}")
    else:
        gw.add_body(doc, "本期无新完成整改的项目。")
    gw.add_heading2(doc, "（二）尚未完成整改")
    gaps = ordered_gaps(inp.rubric, inp.card)
    if not gaps:
        gw.add_body(doc, "所有创建要求均已得满分。")
        return
    lost = sum((g.lost for g in gaps), ZERO)
    pending = sum((g.pending for g in gaps), ZERO)
    gw.add_body(
        doc,
        f"目前仍有{len(gaps)}项创建要求存在失分或尚待评定，涉及失分{pts(lost)}、"
        f"待评{pts(pending)}，明细如下。",
    )
    rows = [
        [
            g.requirement,
            fmt(g.lost),
            fmt(g.pending),
            "、".join(a.department for a in owners_for(inp.owners, inp.card, g.requirement)),
        ]
        for g in gaps
    ]
    gw.add_table(
        doc, ["要求编号", "失分", "待评", "责任部门"], rows, [22, 18, 18, 98], center=[0, 1, 2]
    )


def _trend(doc: DocxDocument, inp: BulletinInput) -> None:
    if len(inp.trend) < 2:
        gw.add_body(doc, "目前只有一轮考评结果，暂不绘制得分趋势。")
        return
    prev, last = inp.trend[-2], inp.trend[-1]
    change = last[1] - prev[1]
    word = "提高" if change >= 0 else "下降"
    gw.add_body(
        doc,
        f"{last[0]}总分{pts(last[1])}，较{prev[0]}（{pts(prev[1])}）{word}{pts(abs(change))}。",
    )
    gw.add_picture(
        doc,
        charts.trend_chart(inp.trend, inp.card.max, inp.rubric.pass_line),
        caption="图1　历轮考评总分",
    )


def _overdue(doc: DocxDocument, inp: BulletinInput) -> None:
    if not inp.overdue:
        gw.add_body(doc, "本期无逾期未完成整改的事项。")
        return
    items = sorted(inp.overdue, key=lambda t: (t[2], t[0], t[1]))
    gw.add_body(
        doc,
        f"截至{gw.cn_date(inp.issued_on)}，以下{len(items)}项整改事项已超过整改期限，"
        "请有关部门抓紧整改。",
    )
    rows = [
        [rid, dept, gw.cn_date(due), max((inp.issued_on - due).days, 0)] for rid, dept, due in items
    ]
    gw.add_table(
        doc,
        ["要求编号", "责任部门", "整改期限", "逾期天数"],
        rows,
        [24, 60, 40, 32],
        center=[0, 2, 3],
    )


def build_bulletin(inp: BulletinInput) -> bytes:
    """第N期工作简报 as docx bytes."""
    doc = gw.new_document(f"{bulletin_title(inp)}第{inp.issue_no}期", inp.issuer, inp.issued_on)
    _head(doc, inp)
    sections = (
        ("总体进展", _overview),
        ("各部门材料报送情况", _departments),
        ("本期审核通过的材料", _approved),
        ("整改进展", _gaps),
        ("得分趋势", _trend),
        ("逾期事项", _overdue),
        *([("自查预评", lambda d, i: write_selfcheck(d, i.selfcheck))] if inp.selfcheck else []),
    )
    for n, (name, body) in enumerate(sections, start=1):
        gw.add_heading1(doc, f"{gw.cn_num(n)}、{name}")
        body(doc, inp)
    return gw.to_bytes(doc)
