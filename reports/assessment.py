"""The 自评报告 / 模拟考评报告 / 考评报告 of one round: a 报告 to the leading group (GB/T 9704).

一、总体情况 (表1, 图1), 二、主要问题 (what was found, the 责任单位, the points, the evidence
cited), 三、整改建议, 四、下一步工作; 附件1 整改事项清单, 附件2 评分方法与数据来源.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocxDocument

from reports import charts, frame
from reports import gongwen as gw
from reports.common import (
    ZERO,
    campaign_name,
    due_text,
    gaps_by_department,
    indicator_names,
    ordered_gaps,
    owners_for,
    pts,
    requirement_due,
)
from reports.inputs import AssessmentInput, Issue
from reports.selfcheck import write_selfcheck
from reports.wording import (
    brief_source,
    evidence_name,
    finding_text,
    owners_text,
    suggestion_text,
)
from scoring.engine import fmt

KIND_TITLES = {"自评": "自评", "模拟考评": "模拟考评", "正式考评": "考评"}


def report_title(inp: AssessmentInput) -> str:
    """关于兖州区创建省级创业型城市2026年第四季度模拟考评情况的报告."""
    issue = inp.issue or default_issue(inp)
    county = issue.office.split(campaign_name(inp.rubric))[0] or inp.unit
    return f"关于{county}{campaign_name(inp.rubric)}{inp.round_name}情况的报告"


def default_issue(inp: AssessmentInput) -> Issue:
    """Without the unit's settings (a findings file): the issuer's name as given."""
    return Issue(office=inp.issuer, number=inp.doc_number, printer=inp.issuer)


class Counter:
    """表1, 表2 … and 图1, 图2 … numbered through the whole document."""

    def __init__(self) -> None:
        self.table = 0
        self.figure = 0

    def next_table(self) -> int:
        self.table += 1
        return self.table

    def next_figure(self) -> int:
        self.figure += 1
        return self.figure


def table_caption(doc: DocxDocument, text: str) -> None:
    """表题: centred above the table, 黑体 小四."""
    cap = gw.add_styled(doc, gw.STYLE_FIGURE)
    cap.paragraph_format.space_before = gw.Pt(6)
    gw.run(cap, text, gw.FONT_H1, gw.SIZE_S4)


def _data_note(inp: AssessmentInput) -> str | None:
    """Why the data indicators show 0 although their figures reach the targets, if so."""
    figures = list(inp.figures)
    if not figures or not all(f.met for f in figures):
        return None
    unconfirmed = [f for f in figures if not f.confirmed]
    if not unconfirmed:
        return None
    reqs = {d.requirement for d in inp.rubric.data_indicators}
    items = [r for r in inp.card.requirements if r.id in reqs]
    pending = sum((r.pending for r in items), ZERO)
    if not pending:
        return None
    system = next((s for s in inp.card.systems if s.id == items[0].system), None)
    name = system.name if system else "创业数据指标"
    return (
        f"{name}目前得{pts(system.score if system else ZERO)}：{len(figures)}项数据均已达到"
        f"目标值，但有{len(unconfirmed)}项尚未经考核组确认，按规定暂不计分；"
        f"确认后可得{pts(pending)}。"
    )


def _overview(doc: DocxDocument, inp: AssessmentInput, no: Counter) -> None:
    card, rubric = inp.card, inp.rubric
    reqs = card.requirements
    assessed = [r for r in reqs if r.status == "assessed"]
    lost = [r for r in assessed if r.lost > 0]
    pending = [r for r in reqs if r.status == "unassessed"]
    gw.add_body(
        doc,
        f"本次考评确认得分{pts(card.total)}（满分{pts(card.max)}），失分{pts(card.lost)}，"
        f"待评{pts(card.pending)}。{len(reqs)}项创建要求中，已评定{len(assessed)}项，"
        f"其中得满分{len(assessed) - len(lost)}项、失分{len(lost)}项；待评定{len(pending)}项。",
    )
    if rubric.pass_line is not None:
        line = rubric.pass_line
        if card.total >= line:
            text = f"确认得分已达到合格线（{pts(line)}）。"
        elif card.total + card.pending >= line:
            text = (
                f"确认得分距合格线（{pts(line)}）还差{pts(line - card.total)}，"
                "待评项目全部得分方可达到。"
            )
        else:
            text = (
                f"确认得分距合格线（{pts(line)}）还差{pts(line - card.total)}，"
                f"待评项目即使全部得分也仅可得{pts(card.total + card.pending)}。"
            )
        gw.add_body(doc, text)
    t, f = no.next_table(), no.next_figure()
    gw.add_body(doc, f"各体系得分情况见表{t}和图{f}。")
    rows = [
        [inp.words.system(s.id, s.name + ("（加分项）" if s.bonus else ""))]
        + [fmt(s.max), fmt(s.score), fmt(s.lost)]
        + [fmt(s.pending)]
        for s in card.systems
    ]
    rows.append(["合计", fmt(card.max), fmt(card.total), fmt(card.lost), fmt(card.pending)])
    table_caption(doc, f"表{t}　各体系得分情况（单位：分）")
    gw.add_table(
        doc,
        ["体系", "满分", "得分", "失分", "待评"],
        rows,
        [56, 25, 25, 25, 25],
        center=[1, 2, 3, 4],
    )
    gw.add_picture(
        doc,
        charts.systems_chart(card.systems),
        caption=f"图{f}　各体系得分情况（实心为得分，点纹为待评，斜纹为失分）",
    )
    for line in [*inp.words.notes(), _data_note(inp)]:  # 加分 on its own line, caps, 待补充细则
        if line:
            gw.add_body(doc, line)
    if len(inp.trend) > 1:
        first, last = inp.trend[0][1], inp.trend[-1][1]
        word = "提高" if last >= first else "下降"
        f = no.next_figure()
        gw.add_body(
            doc,
            f"从{inp.trend[0][0]}的{pts(first)}到{inp.trend[-1][0]}的{pts(last)}，"
            f"总分{word}{pts(abs(last - first))}（见图{f}）。",
        )
        gw.add_picture(
            doc,
            charts.trend_chart(inp.trend, card.max, rubric.pass_line),
            caption=f"图{f}　历次考评总分",
        )


def _problems(doc: DocxDocument, inp: AssessmentInput) -> None:
    """二、主要问题: per requirement that lost points, what was found, who, how much, evidence."""
    rubric, card = inp.rubric, inp.card
    reqs = rubric.requirement_index()
    names = indicator_names(card)
    lost = [
        card.requirement(g.requirement)
        for g in ordered_gaps(rubric, card)
        if card.requirement(g.requirement).lost > 0
    ]
    if not lost:
        gw.add_body(doc, "本次评定的创建要求均得满分，未发现失分问题。")
        return
    gw.add_body(
        doc,
        f"共有{len(lost)}项创建要求失分，合计失分{pts(card.lost)}，主要问题如下。",
    )
    for n, rs in enumerate(lost, start=1):
        req = reqs[rs.id]
        owners = owners_for(inp.owners, card, rs.id)
        gw.add_heading2(doc, f"（{gw.cn_num(n)}）{names.get(rs.indicator, '')}方面")
        found = finding_text(rubric, rs, inp.comments.get(rs.id))
        gw.add_body(
            doc,
            f"创建要求“{req.requirement.rstrip('。')}”，{found}，失{pts(rs.lost)}"
            f"（满分{pts(rs.max)}）。责任单位：{owners_text(owners) or '未明确'}。",
        )
        cited = list(inp.evidence.get(rs.id, ()))
        if cited:
            gw.add_body(doc, f"考核组查阅了{'、'.join(evidence_name(c) for c in cited)}。")


def _suggestions(doc: DocxDocument, inp: AssessmentInput) -> None:
    """三、整改建议: per requirement that lost points (from the rubric's evidence list and the
    inspector's comment); the requirements awaiting review in one paragraph."""
    rubric, card = inp.rubric, inp.card
    gaps = ordered_gaps(rubric, card)
    if not gaps:
        gw.add_body(doc, "本次考评未发现需要整改的问题，请各单位继续做好佐证材料的日常归档。")
        return
    names = indicator_names(card)
    lost = [g for g in gaps if g.lost > 0]
    pending = [g for g in gaps if not g.lost]
    gw.add_body(
        doc,
        f"针对失分和待评的{len(gaps)}项创建要求，建议逐项明确责任、补齐材料、限期整改，"
        "整改事项清单见附件1。",
    )
    for n, gap in enumerate(lost, start=1):
        rs = card.requirement(gap.requirement)
        due = requirement_due(inp.owners, card, gap.requirement)
        text = suggestion_text(
            rubric, card, inp.owners, gap.requirement, inp.comments.get(gap.requirement), due
        )
        gw.add_body(doc, f"{n}.{names.get(rs.indicator, '')}方面：{text}")
    if pending:
        weight = sum((g.pending for g in pending), ZERO)
        areas = list(
            dict.fromkeys(names.get(card.requirement(g.requirement).indicator, "") for g in pending)
        )
        shown = "、".join(areas[:6]) + ("等" if len(areas) > 6 else "")
        gw.add_body(
            doc,
            f"{len(lost) + 1}.尚未评定的{len(pending)}项创建要求（涉及{shown}方面，"
            f"共{pts(weight)}）：由各责任单位按评分细则列明的佐证材料逐项整理报送，"
            "提请考核组尽快评定。",
        )


def _next_steps(doc: DocxDocument, inp: AssessmentInput) -> None:
    card = inp.card
    groups = gaps_by_department(inp.rubric, card, inp.owners)
    pending = [r for r in card.requirements if r.status == "unassessed"]
    gw.add_body(
        doc,
        f"一是压实整改责任。向{len(groups)}个责任单位下发整改通知，明确整改事项和期限，逐项销号。",
    )
    if pending:
        gw.add_body(
            doc,
            f"二是抓紧完成评定。对尚未评定的{len(pending)}项创建要求，组织考核组"
            "逐项核查佐证材料，尽快给出评定意见。",
        )
    else:
        gw.add_body(doc, "二是巩固已有成果。对已得满分的项目，做好佐证材料的日常归档。")
    gw.add_body(
        doc,
        "三是加强调度通报。通过工作简报定期通报整改进展，对逾期未完成整改的单位予以督办。",
    )


def _gap_list(inp: AssessmentInput, counter: Counter) -> Callable[[DocxDocument], None]:
    def body(doc: DocxDocument) -> None:
        rubric, card = inp.rubric, inp.card
        reqs = rubric.requirement_index()
        names = indicator_names(card)
        rows = []
        for n, gap in enumerate(ordered_gaps(rubric, card), start=1):
            rs = card.requirement(gap.requirement)
            found = finding_text(rubric, rs, inp.comments.get(gap.requirement))
            rows.append(
                [
                    n,
                    f"{names.get(rs.indicator, '')}：{reqs[gap.requirement].requirement}",
                    found,
                    f"失{fmt(gap.lost)}" if gap.lost else f"待评{fmt(gap.pending)}",
                    owners_text(owners_for(inp.owners, card, gap.requirement)),
                    due_text(requirement_due(inp.owners, card, gap.requirement), inp.issued_on),
                ]
            )
        if not rows:
            gw.add_body(doc, "无。")
            return
        table_caption(doc, f"表{counter.next_table()}　整改事项清单（单位：分）")
        gw.add_table(
            doc,
            ["序号", "创建要求", "存在问题", "分值", "责任单位", "整改期限"],
            rows,
            [10, 46, 38, 14, 26, 22],
            center=[0, 3],
            size=gw.Pt(10.5),
        )

    return body


def _methods(inp: AssessmentInput, counter: Counter) -> Callable[[DocxDocument], None]:
    def body(doc: DocxDocument) -> None:
        rubric = inp.rubric
        gw.add_heading1(doc, "一、评分方法")
        gw.add_body(
            doc,
            f"按照《{rubric.title}》逐项评分。每项创建要求按评分办法从满分（或起评分）起扣分或"
            "加分，指标得分为所含创建要求得分之和；尚未评定的项目暂按0分计入确认得分。",
        )
        weights = [q for q in rubric.requirements() if q.inferred.weight]
        if weights:
            gw.add_body(
                doc,
                f"评分细则原文只给出指标分值的，所含{len(weights)}项创建要求的分值按指标分值"
                "和评分办法分配，见下表。",
            )
            table_caption(doc, f"表{counter.next_table()}　按指标分值分配的创建要求分值")
            rows = [[q.id, q.requirement[:40], fmt(q.weight)] for q in weights]
            gw.add_table(
                doc,
                ["编号", "创建要求", "分值"],
                rows,
                [20, 116, 20],
                center=[0, 2],
                size=gw.Pt(10.5),
            )
        bases = [q for q in rubric.requirements() if q.base is not None]
        if bases:
            listed = "、".join(f"{q.id}（起评{pts(q.start)}，满分{pts(q.weight)}）" for q in bases)
            gw.add_body(doc, f"下列创建要求从起评分起评：{listed}。")
        index, caps = rubric.requirement_index(), inp.words.requirement_caps
        if caps:
            listed = "；".join(
                f"{index[r].requirement.rstrip('。')}（{r}）：{t}" for r, t in caps.items()
            )
            gw.add_body(doc, f"下列创建要求的评分条款设有上限：{listed}。")
        if inp.figures:
            gw.add_heading1(doc, "二、数据指标及来源")
            table_caption(doc, f"表{counter.next_table()}　创业数据指标计算口径和数据来源")
            rows = [
                [f.name, f.value, f.target or "—", f.formula, brief_source(f.source)]
                for f in inp.figures
            ]
            gw.add_table(
                doc,
                ["指标", "数值", "目标", "计算公式", "数据来源"],
                rows,
                [22, 18, 16, 50, 50],
                center=[1, 2],
                size=gw.Pt(10.5),
            )

    return body


def build_assessment_report(inp: AssessmentInput) -> bytes:
    """The report of one round as docx bytes."""
    issue = inp.issue or default_issue(inp)
    rubric = inp.rubric
    counter = Counter()

    def body(doc: DocxDocument) -> None:
        gw.add_body(
            doc,
            f"按照《{rubric.title}》，近期{issue.office}组织开展了"
            f"{inp.round_name}，对{len(rubric.systems)}个体系、{len(rubric.indicators())}项指标、"
            f"{len(rubric.requirements())}项创建要求逐项评分。现将有关情况报告如下。",
        )
        for n, (name, write) in enumerate(
            (
                ("总体情况", lambda: _overview(doc, inp, counter)),
                ("主要问题", lambda: _problems(doc, inp)),
                ("整改建议", lambda: _suggestions(doc, inp)),
                *(
                    [
                        (
                            "自查预评",
                            lambda: write_selfcheck(
                                doc, inp.selfcheck, counter.next_table, table_caption
                            ),
                        )
                    ]
                    if inp.selfcheck
                    else []
                ),
                ("下一步工作", lambda: _next_steps(doc, inp)),
            ),
            start=1,
        ):
            gw.add_heading1(doc, f"{gw.cn_num(n)}、{name}")
            write()

    county = campaign_name(rubric)
    model = frame.Gongwen(
        title=report_title(inp),
        title_head=report_title(inp).split(county)[0] + county,
        issuer=issue.office,
        issued_on=inp.issued_on,
        body=body,
        mark=f"{issue.office}文件" if issue.number else None,
        number=issue.number,
        signer=issue.signer,
        addressee=issue.addressee,
        annexes=(
            frame.Annex("整改事项清单", _gap_list(inp, counter)),
            frame.Annex("评分方法与数据来源", _methods(inp, counter)),
        ),
        note=issue.contact_note if issue.contact or issue.phone else None,
        cc=issue.cc,
        printer=issue.printer or issue.office,
    )
    return frame.render(model)
