"""工作简报 of the campaign office, in the 公文 frame (reports.frame) with a 简报's own masthead.

报头: the unit's 简报 name in red, 第N期 (a per-unit yearly sequence), the 编发机关 and the date,
a red rule. Then one headline and the sections that have something to say (an empty section is
left out): 总体进展, 工作动态 (short sentences of what happened in the period), 材料报送情况,
整改进展, 得分趋势, 逾期事项, 自查预评. Requirements are named, never given by id. 版记: 报、送、发
and 共印N份 at the foot of the last page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from reports import charts, frame
from reports import gongwen as gw
from reports.assessment import table_caption
from reports.common import (
    ZERO,
    campaign_name,
    county_of,
    indicator_names,
    ordered_gaps,
    owners_for,
    pts,
    short_text,
)
from reports.inputs import BulletinInput, Issue
from reports.selfcheck import write_selfcheck
from reports.wording import owners_text
from rubric.models import Rubric
from scoring.engine import Scorecard, fmt

_CAPTION = re.compile(r"表\d+　")
Section = Callable[[DocxDocument, BulletinInput], None]


def bulletin_title(inp: BulletinInput) -> str:
    """兖州区创建省级创业型城市工作简报: the masthead names the unit."""
    return f"{county_of(inp.unit)}{campaign_name(inp.rubric)}工作简报"


def issue_of(inp: BulletinInput) -> Issue:
    return inp.issue or Issue(office=inp.issuer, printer=inp.issuer)


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


def _masthead(inp: BulletinInput) -> frame.Body:
    """简报 报头: red name, 第N期, 编发机关 left and date right, red rule."""

    def write(doc: DocxDocument) -> None:
        title = bulletin_title(inp)
        size = min(30.0, int(440 / max(gw.text_width(title), 1)))
        par = gw.add_title(doc, title, color=frame.RED, size=Pt(size))
        par.paragraph_format.line_spacing = Pt(size * 1.4)
        gw.add_subtitle_line(doc, f"第{inp.issue_no}期")
        gw.add_split_line(doc, issue_of(inp).office, gw.cn_date(inp.issued_on), gw.SIZE_4)
        gw.add_rule(doc, frame.RED, size_eighths=12)
        gw.add_blank(doc)
        gw.add_title(doc, gw.title_lines(headline(inp), head=f"{county_of(inp.unit)}"))
        period = gw.add_subtitle_line(
            doc, f"（{gw.cn_date(inp.period_start)}至{gw.cn_date(inp.period_end)}）"
        )
        period.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        gw.add_blank(doc)

    return write


def headline(inp: BulletinInput) -> str:
    return f"{county_of(inp.unit)}{campaign_name(inp.rubric)}工作进展情况"


def _overview(doc: DocxDocument, inp: BulletinInput) -> None:
    card = inp.card
    text = (
        f"按评分细则测算，目前确认得分{pts(card.total)}（满分{pts(card.max)}），"
        f"失分{pts(card.lost)}，待评{pts(card.pending)}；"
        f"仍有{len(card.gaps)}项创建要求存在失分或尚待评定"
    )
    if inp.overdue:
        text += f"，其中逾期未完成整改{len(inp.overdue)}项（按部门）"
    text += "。"
    if inp.rubric.pass_line is not None:
        gap = inp.rubric.pass_line - card.total
        text += (
            f"确认得分已达到合格线（{pts(inp.rubric.pass_line)}）。"
            if gap <= 0
            else f"距合格线（{pts(inp.rubric.pass_line)}）还差{pts(gap)}。"
        )
    gw.add_body(doc, text)


def _caption(doc: DocxDocument, title: str) -> int:
    """表题 of the next table, numbered after those already in the document."""
    done = sum(1 for p in doc.paragraphs if _CAPTION.match(p.text))
    table_caption(doc, f"表{done + 1}　{title}")
    return done + 1


def _events(doc: DocxDocument, inp: BulletinInput) -> None:
    for n, sentence in enumerate(inp.events, start=1):
        gw.add_body(doc, f"{n}.{sentence}")


def _departments(doc: DocxDocument, inp: BulletinInput) -> None:
    rows = inp.department_progress
    gw.add_body(doc, "各责任单位承担的创建要求及佐证材料审核情况如下。")
    _caption(doc, "各责任单位佐证材料报送和审核情况")
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
        ["责任单位", "承担要求（项）", "已通过（份）", "待审核（份）", "已退回（份）"],
        body,
        [52, 26, 26, 26, 26],
        center=[1, 2, 3, 4],
    )


def _approved(doc: DocxDocument, inp: BulletinInput) -> None:
    items = sorted(inp.approved_in_period, key=lambda t: (t[3], t[1]))
    gw.add_body(doc, f"本期共有{len(items)}份佐证材料审核通过。")
    _caption(doc, "本期审核通过的佐证材料")
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


def _gaps(doc: DocxDocument, inp: BulletinInput) -> None:
    if inp.gaps_closed:
        names = "；".join(requirement_name(inp, rid, 30) for rid in inp.gaps_closed)
        gw.add_body(doc, f"本期{len(inp.gaps_closed)}项创建要求完成整改，不再失分：{names}。")
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
    _caption(doc, "尚存在失分或待评的创建要求（单位：分）")
    rows = [
        [
            n,
            requirement_name(inp, g.requirement),
            fmt(g.lost),
            fmt(g.pending),
            owners_text(owners_for(inp.owners, inp.card, g.requirement)),
        ]
        for n, g in enumerate(gaps, start=1)
    ]
    gw.add_table(
        doc,
        ["序号", "创建要求", "失分", "待评", "责任单位"],
        rows,
        [12, 66, 14, 14, 50],
        center=[0, 2, 3],
        size=gw.Pt(10.5),
    )


def _trend(doc: DocxDocument, inp: BulletinInput) -> None:
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
    items = sorted(inp.overdue, key=lambda t: (t[2], t[1], t[0]))
    gw.add_body(
        doc,
        f"截至{gw.cn_date(inp.issued_on)}，以下{len(items)}项整改事项已超过整改期限，"
        "请有关单位抓紧整改。",
    )
    _caption(doc, "逾期未完成的整改事项")
    rows = [
        [
            n,
            requirement_name(inp, rid),
            dept,
            gw.cn_date(due),
            max((inp.issued_on - due).days, 0),
        ]
        for n, (rid, dept, due) in enumerate(items, start=1)
    ]
    gw.add_table(
        doc,
        ["序号", "创建要求", "责任单位", "整改期限", "逾期天数"],
        rows,
        [12, 58, 36, 32, 18],
        center=[0, 3, 4],
        size=gw.Pt(10.5),
    )


def sections(inp: BulletinInput) -> list[tuple[str, Section]]:
    """The sections this issue prints: those with something to say."""
    out: list[tuple[str, Section]] = [("总体进展", _overview)]
    if inp.events:
        out.append(("工作动态", _events))
    if inp.department_progress:
        out.append(("材料报送情况", _departments))
    if inp.approved_in_period:
        out.append(("本期审核通过的材料", _approved))
    if inp.gaps_closed or inp.card.gaps:
        out.append(("整改进展", _gaps))
    if len(inp.trend) >= 2:
        out.append(("得分趋势", _trend))
    if inp.overdue:
        out.append(("逾期事项", _overdue))
    if inp.selfcheck:
        out.append(("自查预评", lambda d, i: write_selfcheck(d, i.selfcheck)))
    return out


def record_lines(inp: BulletinInput) -> list[tuple[str, str]]:
    """版记 of a 简报: 报、送、发 lines, 印发机关 and 印发日期, then 共印N份 flush right."""
    issue = issue_of(inp)
    lines: list[tuple[str, str]] = [(line, "") for line in issue.distribution]
    lines.append((issue.printer or issue.office, f"{gw.cn_date(inp.issued_on)}印发"))
    if issue.copies:  # a line of its own: beside the date it wraps
        lines.append(("", f"（共印{issue.copies}份）"))
    return lines


def build_bulletin(inp: BulletinInput) -> bytes:
    """第N期工作简报 as docx bytes."""

    def body(doc: DocxDocument) -> None:
        for n, (name, write) in enumerate(sections(inp), start=1):
            gw.add_heading1(doc, f"{gw.cn_num(n)}、{name}")
            write(doc, inp)

    issue = issue_of(inp)
    model = frame.Gongwen(
        title=f"{bulletin_title(inp)}第{inp.issue_no}期",
        issuer=issue.office,
        issued_on=inp.issued_on,
        body=body,
        masthead=_masthead(inp),
        record_lines=record_lines(inp),
    )
    return frame.render(model)
