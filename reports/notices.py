"""整改通知书: one notice per responsible department, listing only that department's items.

A body of one or two pages (the situation, the items by number and name, the deadline, the date
to report back) in the 公文 frame, 联系人及电话 as its 附注 under the date; the full list in 附件1
and the reply form in 附件2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from docx.document import Document as DocxDocument

from reports import frame
from reports import gongwen as gw
from reports.common import (
    ZERO,
    campaign_name,
    department_due,
    due_text,
    gaps_by_department,
    indicator_names,
    pronoun,
    pts,
    short_text,
    stake_text,
)
from reports.inputs import Issue, NoticeInput, Owners
from reports.wording import finding_text
from rubric.models import Rubric
from scoring.engine import Gap, Scorecard, fmt

LISTED = 5  # items named in the body; the rest are in 附件1
REPLY_DAYS = 30  # without deadlines: report back within this many days


def notice_title(unit: str, rubric: Rubric, round_name: str | None = None) -> str:
    """关于做好2026年第四季度模拟考评发现问题整改工作的通知."""
    if round_name:
        return f"关于做好{round_name}发现问题整改工作的通知"
    return f"关于{unit}{campaign_name(rubric)}问题整改的通知"


def departments_with_gaps(rubric: Rubric, card: Scorecard, owners: Owners) -> list[str]:
    """Departments that lost points or have requirements awaiting review, in rubric order."""
    return list(gaps_by_department(rubric, card, owners))


def reply_date(inp: NoticeInput, gaps: Sequence[Gap]) -> date:
    """报送整改情况的日期: as given, else the latest deadline of the department's items."""
    if inp.reply_by is not None:
        return inp.reply_by
    dues = [department_due(inp.owners, inp.card, g.requirement, inp.department) for g in gaps]
    known = [d for d in dues if d is not None and d >= inp.issued_on]
    return max(known) if known else inp.issued_on + dt.timedelta(days=REPLY_DAYS)


def _list_table(inp: NoticeInput, gaps: Sequence[Gap]) -> Callable[[DocxDocument], None]:
    def body(doc: DocxDocument) -> None:
        names = indicator_names(inp.card)
        reqs = inp.rubric.requirement_index()
        rows = []
        for n, gap in enumerate(gaps, start=1):
            rs = inp.card.requirement(gap.requirement)
            due = department_due(inp.owners, inp.card, gap.requirement, inp.department)
            rows.append(
                [
                    n,
                    names.get(rs.indicator, ""),
                    reqs[gap.requirement].requirement,
                    finding_text(inp.rubric, rs, inp.comments.get(gap.requirement)),
                    f"失{fmt(gap.lost)}" if gap.lost else f"待评{fmt(gap.pending)}",
                    due_text(due, inp.issued_on),
                ]
            )
        cap = gw.add_styled(doc, gw.STYLE_FIGURE)
        gw.run(cap, f"表1　{inp.department}整改事项清单（单位：分）", gw.FONT_H1, gw.SIZE_S4)
        gw.add_table(
            doc,
            ["序号", "所属指标", "创建要求", "存在问题", "分值", "整改期限"],
            rows,
            [10, 20, 50, 38, 14, 24],
            center=[0, 4],
            size=gw.Pt(10.5),
        )

    return body


def _reply_form(inp: NoticeInput, gaps: Sequence[Gap]) -> Callable[[DocxDocument], None]:
    def body(doc: DocxDocument) -> None:
        names = indicator_names(inp.card)
        gw.add_split_line(
            doc, f"报送单位（盖章）：{inp.department}", "填报日期：　　年　　月　　日"
        )
        rows = [
            [n, names.get(inp.card.requirement(g.requirement).indicator, ""), "", "", ""]
            for n, g in enumerate(gaps, start=1)
        ]
        cap = gw.add_styled(doc, gw.STYLE_FIGURE)
        gw.run(cap, "表2　整改情况报告表", gw.FONT_H1, gw.SIZE_S4)
        gw.add_table(
            doc,
            ["序号", "所属指标", "整改措施", "完成情况", "佐证材料（名称、文号）"],
            rows,
            [10, 22, 46, 30, 48],
            center=[0],
            size=gw.Pt(10.5),
        )
        par = gw.add_body(doc, "填报人：　　　　　联系电话：　　　　　　分管负责同志：")
        par.paragraph_format.first_line_indent = gw.Pt(0)

    return body


def _body(inp: NoticeInput, gaps: Sequence[Gap], issue: Issue) -> Callable[[DocxDocument], None]:
    def body(doc: DocxDocument) -> None:
        rubric, card, dept = inp.rubric, inp.card, inp.department
        who = pronoun(dept)
        basis = inp.round_name or "近期考评"
        if not gaps:
            gw.add_body(
                doc,
                f"{basis}中，{who}负责的创建要求均已得满分，暂无需要整改的问题。"
                "请继续保持，做好佐证材料的日常归档。",
            )
            gw.add_body(doc, "特此通知。")
            return
        lost = sum((g.lost for g in gaps), ZERO)
        pending = sum((g.pending for g in gaps), ZERO)
        gw.add_body(
            doc,
            f"{basis}中，对照《{rubric.title}》，{who}负责的{len(gaps)}项创建要求存在失分或"
            f"尚待评定，涉及{stake_text(lost, pending)}。为确保创建工作顺利通过考核验收，"
            "现就做好整改工作通知如下。",
        )
        gw.add_heading1(doc, "一、整改事项")
        names = indicator_names(card)
        reqs = rubric.requirement_index()
        items = []
        for n, gap in enumerate(gaps[:LISTED], start=1):
            rs = card.requirement(gap.requirement)
            stake = f"失{pts(gap.lost)}" if gap.lost else f"待评{pts(gap.pending)}"
            area = names.get(rs.indicator, "")
            items.append(
                f"（{n}）{area}：{short_text(reqs[gap.requirement].requirement)}（{stake}）"
            )
        more = f"等{len(gaps)}项" if len(gaps) > LISTED else f"共{len(gaps)}项"
        gw.add_body(doc, f"{who}需整改的事项{more}（清单见附件1），主要是：{'；'.join(items)}。")
        gw.add_heading1(doc, "二、整改期限")
        dues = sorted(
            {d for g in gaps if (d := department_due(inp.owners, card, g.requirement, dept))}
        )
        if not dues:
            when = "整改期限另行通知，请先行组织整改。"
        elif len(dues) == 1:
            when = f"请于{gw.cn_date(dues[0])}前完成全部整改。"
        else:
            when = (
                f"各事项整改期限见附件1，最早于{gw.cn_date(dues[0])}、"
                f"最迟于{gw.cn_date(dues[-1])}前完成。"
            )
        late = [d for d in dues if d < inp.issued_on]
        if late:
            when += f"其中{len(late)}个期限已过，请立即整改。"
        gw.add_body(doc, when)
        gw.add_heading1(doc, "三、工作要求")
        gw.add_body(
            doc,
            f"{who}主要负责同志要亲自过问，明确分管负责同志和具体经办人员，对照评分办法逐条"
            "查找原因、制定措施、补齐材料。佐证材料应当真实、完整、规范，文件类材料须有文号和"
            "成文日期，数据类材料须注明统计口径和数据来源。",
        )
        reply = reply_date(inp, gaps)
        gw.add_body(
            doc,
            f"请于{gw.cn_date(reply)}前将整改情况报告表（附件2）和佐证材料报送"
            f"{issue.office}。逾期未完成整改的，将在工作简报中予以通报。",
        )

    return body


def build_notice(inp: NoticeInput) -> bytes:
    """The 整改通知书 to ``inp.department`` as docx bytes (without gaps: a short all-clear)."""
    rubric, card = inp.rubric, inp.card
    gaps = gaps_by_department(rubric, card, inp.owners).get(inp.department, [])
    issue = inp.issue or Issue(office=inp.issuer, number=inp.doc_number, printer=inp.issuer)
    annexes: tuple[frame.Annex, ...] = ()
    if gaps:
        annexes = (
            frame.Annex(f"{inp.department}整改事项清单", _list_table(inp, gaps)),
            frame.Annex("整改情况报告表", _reply_form(inp, gaps)),
        )
    title = notice_title(inp.unit, rubric, inp.round_name)
    model = frame.Gongwen(
        title=title,
        title_head=f"关于做好{inp.round_name}" if inp.round_name else None,
        issuer=issue.office,
        issued_on=inp.issued_on,
        body=_body(inp, gaps, issue),
        mark=f"{issue.office}文件" if issue.number else None,
        number=issue.number,
        addressee=inp.department,
        annexes=annexes,
        note=issue.contact_note,
        cc=issue.cc,
        printer=issue.printer or issue.office,
    )
    return frame.render(model)


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
    issues: Mapping[str, Issue] | None = None,
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
                issue=(issues or {}).get(dept),
            )
        )
    return out
