"""工作简报 of the campaign office, in the 公文 frame (reports.frame) with a 简报's own masthead.

报头: the unit's 简报 name in red, 第N期 (a per-unit yearly sequence), the 编发机关 and the date,
a red rule. Then one headline and the sections that have something to say (an empty section is
left out): 总体进展 (the key figures), 工作动态 (short sentences of what happened in the period),
材料报送情况, 整改进展, 得分趋势, 逾期事项 (the first few by name, then 等N项), 自查预评. The
body stays at 2-4 pages: the full lists (member departments, materials approved in the period,
open items, overdue items, what the 自查预评 finds short) are tables in 附件
(reports.bulletin_annexes), numbered 表1… and referred to in the text. Requirements are named,
never given by id. 版记: 报、送、发 and 共印N份 at the foot of the last page.
"""

from __future__ import annotations

from collections import Counter as CountOf
from collections.abc import Callable, Sequence
from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from reports import charts, frame
from reports import gongwen as gw
from reports.bulletin_annexes import Refs, annex_refs, annexes, overdue_groups, requirement_name
from reports.common import ZERO, campaign_name, county_of, ordered_gaps, pts
from reports.inputs import BulletinEvent, BulletinInput, Issue
from reports.selfcheck import selfcheck_text
from store.evidence_tables import STATUS_LABELS

Section = Callable[[DocxDocument, BulletinInput, Refs], None]


def bulletin_title(inp: BulletinInput) -> str:
    """兖州区创建省级创业型城市工作简报: the masthead names the unit."""
    return f"{county_of(inp.unit)}{campaign_name(inp.rubric)}工作简报"


def issue_of(inp: BulletinInput) -> Issue:
    return inp.issue or Issue(office=inp.issuer, printer=inp.issuer)


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


LISTED = 5  # overdue items written out in the text; the rest are counted (the full list: 附件)
NAMED = 3  # departments or requirements named in a sentence before 「等N个」


def some_names(names: Sequence[str], most: int = NAMED, unit: str = "个单位") -> str:
    """区人社局、区财政局、区统计局等5个单位: the first few named, then how many in all."""
    text = "、".join(names[:most])
    return text + (f"等{len(names)}{unit}" if len(names) > most else "")


def _overview(doc: DocxDocument, inp: BulletinInput, refs: Refs) -> None:
    card = inp.card
    text = (
        f"按评分细则测算，目前确认得分{pts(card.total)}（满分{pts(card.max)}），"
        f"失分{pts(card.lost)}，待评{pts(card.pending)}；"
        f"仍有{len(card.gaps)}项创建要求存在失分或尚待评定"
    )
    if inp.overdue:
        groups = overdue_groups(inp)
        units = {dept for _, dept, _ in inp.overdue}
        text += f"，其中{len({g[0] for g in groups})}项已超过整改期限，涉及{len(units)}个单位"
    text += "。"
    if inp.rubric.pass_line is not None:
        gap = inp.rubric.pass_line - card.total
        text += (
            f"确认得分已达到合格线（{pts(inp.rubric.pass_line)}）。"
            if gap <= 0
            else f"距合格线（{pts(inp.rubric.pass_line)}）还差{pts(gap)}。"
        )
    gw.add_body(doc, text)


EVENTS_LISTED = 10  # 工作动态 written out (the last one counts the rest): two thirds of a page


def listed_events(
    events: Sequence[BulletinEvent], most: int = EVENTS_LISTED
) -> tuple[list[str], str]:
    """The 工作动态 to print, in their order, and a sentence counting those left out ("" when
    all fit): at most ``most`` items with that sentence, the most important kept, among equals
    the latest (events come in order of time within their kind)."""
    if len(events) <= most:
        return [e.text for e in events], ""
    by_importance = sorted(
        range(len(events)), key=lambda i: (events[i].rank, -events[i].weight, -i)
    )
    kept = set(by_importance[: most - 1])
    rest = [e for i, e in enumerate(events) if i not in kept]
    kinds = [kind for kind, _ in CountOf(e.kind for e in rest).most_common()]
    summary = f"此外，本期还有{'、'.join(kinds[:NAMED])}等{len(rest)}项工作动态，不再逐项列出。"
    return [e.text for i, e in enumerate(events) if i in kept], summary


def _events(doc: DocxDocument, inp: BulletinInput, refs: Refs) -> None:
    listed, summary = listed_events(inp.events)
    for n, sentence in enumerate(listed, start=1):  # （一）: 「1.12月2日」 reads as a date
        gw.add_body(doc, f"（{gw.cn_num(n)}）{sentence}")
    if summary:
        gw.add_body(doc, summary)


def _materials(doc: DocxDocument, inp: BulletinInput, refs: Refs) -> None:
    rows = inp.department_progress
    if rows:
        approved = sum(p.approved for p in rows)
        none = [p.department for p in rows if not (p.approved or p.pending or p.returned)]
        text = (
            f"{len(rows)}个成员单位共承担创建要求{sum(p.assigned for p in rows)}项（次），"
            f"佐证材料{STATUS_LABELS['approved']}{approved}份、"
            f"{STATUS_LABELS['pending']}{sum(p.pending for p in rows)}份、"
            f"{STATUS_LABELS['returned']}{sum(p.returned for p in rows)}份"
        )
        if none:
            text += f"；{some_names(none)}尚未报送佐证材料"
        gw.add_body(doc, f"{text}。各单位情况见{refs['departments']}。")
    if inp.approved_in_period:
        by_dept = CountOf(dept for _, _, dept, _ in inp.approved_in_period)
        top = [f"{d}{n}份" for d, n in by_dept.most_common()]  # as 工作动态 counts uploads
        gw.add_body(
            doc,
            f"本期共有{len(inp.approved_in_period)}份佐证材料审核通过，其中{some_names(top)}，"
            f"材料名称见{refs['approved']}。",
        )


def _gaps(doc: DocxDocument, inp: BulletinInput, refs: Refs) -> None:
    if inp.gaps_closed:
        names = [requirement_name(inp, rid, 30) for rid in inp.gaps_closed]
        gw.add_body(
            doc,
            f"本期{len(names)}项创建要求完成整改，不再失分：{some_names(names, unit='项')}。",
        )
    gaps = ordered_gaps(inp.rubric, inp.card)
    if not gaps:
        gw.add_body(doc, "所有创建要求均已得满分。")
        return
    lost = sum((g.lost for g in gaps), ZERO)
    pending = sum((g.pending for g in gaps), ZERO)
    losing = sorted((g for g in gaps if g.lost > 0), key=lambda g: -g.lost)
    text = (
        f"目前仍有{len(gaps)}项创建要求存在失分或尚待评定，涉及失分{pts(lost)}、待评{pts(pending)}"
    )
    if losing:
        named_lost = "；".join(
            f"{requirement_name(inp, g.requirement)}（失{pts(g.lost)}）" for g in losing[:NAMED]
        )
        more = "等" if len(losing) > NAMED else ""
        text += f"。失分的{len(losing)}项主要有：{named_lost}{more}"
    gw.add_body(doc, f"{text}。清单见{refs['gaps']}。")


def _trend(doc: DocxDocument, inp: BulletinInput, refs: Refs) -> None:
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
        width_mm=120,
        caption="图1　历轮考评总分",
    )


def _overdue(doc: DocxDocument, inp: BulletinInput, refs: Refs) -> None:
    groups = overdue_groups(inp)
    items = []
    for rid, due, depts in groups[:LISTED]:
        days = max((inp.issued_on - due).days, 0)
        items.append(
            f"{requirement_name(inp, rid)}（{some_names(depts, most=1)}，"
            f"{day_text(due, inp.issued_on)}到期，已逾期{days}天）"
        )
    more = f"等{len(groups)}项" if len(groups) > LISTED else f"{len(groups)}项"
    gw.add_body(
        doc,
        f"截至{gw.cn_date(inp.issued_on)}，{more}整改事项已超过整改期限：{'；'.join(items)}。"
        f"逾期事项及责任单位见{refs['overdue']}，请有关单位抓紧整改。",
    )


def day_text(d: date, today: date) -> str:
    """11月20日 within the issue's year, else 2025年11月20日."""
    return f"{d.month}月{d.day}日" if d.year == today.year else gw.cn_date(d)


def _selfcheck(doc: DocxDocument, inp: BulletinInput, refs: Refs) -> None:
    s = inp.selfcheck
    assert s is not None
    more = (
        f"需补充的材料共{len(s.gaps)}条，见{refs['selfcheck']}，请责任单位补充。" if s.gaps else ""
    )
    selfcheck_text(doc, s, more)


def sections(inp: BulletinInput) -> list[tuple[str, Section]]:
    """The sections this issue prints: those with something to say."""
    out: list[tuple[str, Section]] = [("总体进展", _overview)]
    if inp.events:
        out.append(("工作动态", _events))
    if inp.department_progress or inp.approved_in_period:
        out.append(("材料报送情况", _materials))
    if inp.gaps_closed or inp.card.gaps:
        out.append(("整改进展", _gaps))
    if len(inp.trend) >= 2:
        out.append(("得分趋势", _trend))
    if inp.overdue:
        out.append(("逾期事项", _overdue))
    if inp.selfcheck:
        out.append(("自查预评", _selfcheck))
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

    refs = annex_refs(inp)

    def body(doc: DocxDocument) -> None:
        for n, (name, write) in enumerate(sections(inp), start=1):
            gw.add_heading1(doc, f"{gw.cn_num(n)}、{name}")
            write(doc, inp, refs)

    issue = issue_of(inp)
    model = frame.Gongwen(
        title=f"{bulletin_title(inp)}第{inp.issue_no}期",
        issuer=issue.office,
        issued_on=inp.issued_on,
        body=body,
        masthead=_masthead(inp),
        record_lines=record_lines(inp),
        annexes=[frame.Annex(title, write) for _, title, write in annexes(inp)],
    )
    return frame.render(model)
