"""The 自评报告 / 模拟考评报告 / 考评报告 of one round, as a GB/T 9704 docx."""

from __future__ import annotations

from decimal import Decimal

from docx.document import Document as DocxDocument

from reports import charts
from reports import gongwen as gw
from reports.common import (
    ID_SEP,
    ZERO,
    add_gap_table,
    campaign_name,
    clause_lines,
    evidence_text,
    gaps_by_department,
    indicator_names,
    owners_for,
    pts,
    stake_text,
)
from reports.inputs import AssessmentInput
from scoring.engine import fmt

KIND_TITLES = {"自评": "自评报告", "模拟考评": "模拟考评报告", "正式考评": "考评报告"}


def report_title(inp: AssessmentInput) -> str:
    """兖州区（演示）创建省级创业型城市模拟考评报告."""
    kind = KIND_TITLES.get(inp.round_kind, f"{inp.round_kind}报告")
    return f"{inp.unit}{campaign_name(inp.rubric)}{kind}"


def _heading_counter():
    n = 0

    def next_label() -> str:
        nonlocal n
        n += 1
        return f"{gw.cn_num(n)}、"

    return next_label


def _overview(doc: DocxDocument, inp: AssessmentInput, figure_no: list[int]) -> None:
    rubric, card = inp.rubric, inp.card
    reqs = card.requirements
    assessed = [r for r in reqs if r.status == "assessed"]
    full = [r for r in assessed if r.lost == 0]
    lost = [r for r in assessed if r.lost > 0]
    pending = [r for r in reqs if r.status == "unassessed"]
    gw.add_body(
        doc,
        f"本轮确认得分{pts(card.total)}（满分{pts(card.max)}），失分{pts(card.lost)}，"
        f"待评{pts(card.pending)}。{len(reqs)}项创建要求中，已评定{len(assessed)}项"
        f"（得满分{len(full)}项，失分{len(lost)}项），待评定{len(pending)}项。",
    )
    if rubric.pass_line is not None:
        line = rubric.pass_line
        if card.total >= line:
            text = f"确认得分已达到合格线（{pts(line)}）。"
        elif card.total + card.pending >= line:
            text = (
                f"确认得分距合格线（{pts(line)}）还差{pts(line - card.total)}，"
                f"待评项目全部得分方可达到。"
            )
        else:
            text = (
                f"确认得分距合格线（{pts(line)}）还差{pts(line - card.total)}，"
                f"待评项目即使全部得分也仅可得{pts(card.total + card.pending)}。"
            )
        gw.add_body(doc, text)
    gw.add_body(doc, "各体系得分情况见表1。")
    rows = [
        [
            s.name + ("（加分项）" if s.bonus else ""),
            fmt(s.max),
            fmt(s.score),
            fmt(s.lost),
            fmt(s.pending),
        ]
        for s in card.systems
    ]
    rows.append(["合计", fmt(card.max), fmt(card.total), fmt(card.lost), fmt(card.pending)])
    cap = gw.add_styled(doc, gw.STYLE_FIGURE)
    gw.run(cap, "表1　各体系得分情况", gw.FONT_H1, gw.SIZE_S4)
    gw.add_table(
        doc,
        ["体系", "满分", "得分", "失分", "待评"],
        rows,
        [56, 25, 25, 25, 25],
        center=[1, 2, 3, 4],
    )
    figure_no[0] += 1
    gw.add_picture(
        doc,
        charts.systems_chart(card.systems),
        caption=f"图{figure_no[0]}　各体系得分情况（蓝色为得分，灰色为待评，红色为失分）",
    )
    if len(inp.trend) > 1:
        first, last = inp.trend[0][1], inp.trend[-1][1]
        change = last - first
        word = "提高" if change >= 0 else "下降"
        gw.add_body(
            doc,
            f"从{inp.trend[0][0]}的{pts(first)}到{inp.trend[-1][0]}的{pts(last)}，"
            f"总分{word}{pts(abs(change))}（见图{figure_no[0] + 1}）。",
        )
        figure_no[0] += 1
        gw.add_picture(
            doc,
            charts.trend_chart(inp.trend, card.max, rubric.pass_line),
            caption=f"图{figure_no[0]}　历轮考评总分",
        )


def _losses(doc: DocxDocument, inp: AssessmentInput) -> None:
    rubric, card = inp.rubric, inp.card
    reqs = rubric.requirement_index()
    lost_inds = [i for i in card.indicators if i.lost > 0]
    if not lost_inds:
        gw.add_body(doc, "本轮评定的创建要求均得满分，未发现失分项目。")
        return
    gw.add_body(
        doc,
        f"共有{len(lost_inds)}项指标、{sum(1 for r in card.requirements if r.lost > 0)}项创建要求"
        f"失分，合计失分{pts(card.lost)}。逐项情况如下。",
    )
    for n, ind in enumerate(lost_inds, start=1):
        gw.add_heading2(
            doc,
            f"（{gw.cn_num(n)}）{ind.id} {ind.name}，失分{pts(ind.lost)}（满分{pts(ind.max)}）",
        )
        items = [r for r in card.requirements if r.indicator == ind.id and r.lost > 0]
        for m, rs in enumerate(items, start=1):
            req = reqs[rs.id]
            gw.add_heading3(doc, f"{m}.要求{rs.id}，失分{pts(rs.lost)}（满分{pts(rs.max)}）")
            gw.add_body(doc, req.requirement, lead="创建要求：")
            gw.add_body(doc, "", lead="评分依据：")
            for k, line in enumerate(clause_lines(rubric, rs), start=1):
                gw.add_body(doc, f"（{k}）{line}")
            comment = inp.comments.get(rs.id)
            gw.add_body(doc, comment or "无。", lead="检查意见：")
            cited = list(inp.evidence.get(rs.id, ()))
            if not cited:
                gw.add_body(doc, "未引用佐证材料。", lead="佐证材料：")
            else:
                gw.add_body(doc, f"共{len(cited)}份。", lead="佐证材料：")
                for k, item in enumerate(cited, start=1):
                    gw.add_body(doc, f"（{k}）{evidence_text(item)}")


def _pending(doc: DocxDocument, inp: AssessmentInput) -> None:
    card = inp.card
    reqs = inp.rubric.requirement_index()
    items = [r for r in card.requirements if r.status == "unassessed"]
    if not items:
        gw.add_body(doc, "本轮无待评项目。")
        return
    weight = sum((r.max for r in items), ZERO)
    counted = "" if weight == card.pending else f"（计入总分的待评分值为{pts(card.pending)}）"
    gw.add_body(
        doc,
        f"共有{len(items)}项创建要求尚未评定，待评分值合计{pts(weight)}{counted}，"
        "评定前按0分计入确认得分。",
    )
    names = indicator_names(card)
    rows = [
        [
            r.id,
            f"{names.get(r.indicator, '')}：{reqs[r.id].requirement}",
            fmt(r.max),
            "、".join(a.department for a in owners_for(inp.owners, card, r.id)),
        ]
        for r in items
    ]
    gw.add_table(
        doc, ["编号", "创建要求", "分值", "责任部门"], rows, [17, 85, 14, 40], center=[0, 2]
    )


def _by_department(doc: DocxDocument, inp: AssessmentInput) -> None:
    groups = gaps_by_department(inp.rubric, inp.card, inp.owners)
    if not groups:
        gw.add_body(doc, "本轮无需要整改的项目。")
        return
    gw.add_body(
        doc,
        f"失分和待评项目按责任部门列示如下，共涉及{len(groups)}个部门（单位）；"
        "同一项目由多个部门负责的，在各部门下分别列出。",
    )
    for n, (dept, gaps) in enumerate(groups.items(), start=1):
        lost = sum((g.lost for g in gaps), ZERO)
        pending = sum((g.pending for g in gaps), ZERO)
        gw.add_heading2(
            doc, f"（{gw.cn_num(n)}）{dept}：{len(gaps)}项（{stake_text(lost, pending, '，')}）"
        )
        add_gap_table(doc, inp.rubric, inp.card, gaps, inp.owners, inp.issued_on, department=dept)


def _figures(doc: DocxDocument, inp: AssessmentInput) -> None:
    if not inp.figures:
        gw.add_body(doc, "本轮未填报数据指标。")
        return
    gw.add_body(doc, "创业数据指标的数值、计算公式和数据来源如下。")
    rows = [[f.name, f.value, f.formula, f.source] for f in inp.figures]
    gw.add_table(doc, ["指标", "数值", "计算公式", "数据来源"], rows, [26, 20, 66, 44], center=[1])


def _notes(doc: DocxDocument, inp: AssessmentInput) -> None:
    rubric = inp.rubric
    par = gw.add_body(doc, "", lead="附注：")
    par.paragraph_format.keep_with_next = True
    weights = [q for q in rubric.requirements() if q.inferred.weight]
    bases = [q for q in rubric.requirements() if q.inferred.base]
    n = 0
    if weights:
        n += 1
        by_weight: dict[Decimal, list[str]] = {}
        for q in weights:
            by_weight.setdefault(q.weight, []).append(q.id)
        gw.add_body(
            doc,
            f"{n}.推定分值。评分细则原文只给出所属指标的分值，下列{len(weights)}项创建要求的分值"
            "由本系统推定：",
        )
        for k, (w, ids) in enumerate(sorted(by_weight.items()), start=1):
            gw.add_body(doc, f"（{k}）{pts(w)}（{len(ids)}项）：{ID_SEP.join(ids)}。")
    if bases:
        n += 1
        listed = ID_SEP.join(f"{q.id}（起评{pts(q.start)}，满分{pts(q.weight)}）" for q in bases)
        gw.add_body(doc, f"{n}.推定起评分。下列创建要求的起评分由本系统推定：{listed}。")
    if rubric.data_indicators:
        n += 1
        gw.add_body(doc, f"{n}.数据指标口径。评分细则原文只列数据来源，计算口径如下：")
        for k, di in enumerate(rubric.data_indicators, start=1):
            tail = "（本系统推定口径）" if di.inferred else ""
            note = f"说明：{di.note}" if di.note else ""
            gw.add_body(
                doc,
                f"（{k}）{di.name}（要求{di.requirement}）= {di.numerator} ÷ {di.denominator}；"
                f"数据来源：{di.source}。{note}{tail}",
            )
    if n == 0:
        gw.add_body(doc, "本评分细则的分值和口径均取自原文，无推定内容。")


def build_assessment_report(inp: AssessmentInput) -> bytes:
    """The report of one round as docx bytes."""
    title = report_title(inp)
    doc = gw.new_document(title, inp.issuer, inp.issued_on)
    head = f"{inp.unit}{campaign_name(inp.rubric)}"
    gw.add_title(doc, gw.title_lines(title, head=head))
    if inp.doc_number:
        gw.add_subtitle_line(doc, inp.doc_number)
    sub = gw.add_subtitle_line(doc, f"（{inp.round_name}）", space_after=0)
    for r in sub.runs:
        gw.set_east_asian_font(r, gw.FONT_H2)
    gw.add_blank(doc)
    rubric = inp.rubric
    gw.add_body(
        doc,
        f"按照《{rubric.title}》评分细则（{rubric.source}），{inp.issuer}组织开展了"
        f"{inp.round_name}，对{len(rubric.systems)}个体系、{len(rubric.indicators())}项指标、"
        f"{len(rubric.requirements())}项创建要求逐项评分。现将有关情况报告如下。",
    )
    label = _heading_counter()
    figure_no = [0]
    sections = (
        ("总体情况", lambda: _overview(doc, inp, figure_no)),
        ("失分情况", lambda: _losses(doc, inp)),
        ("待评项目", lambda: _pending(doc, inp)),
        ("整改清单（按责任部门）", lambda: _by_department(doc, inp)),
        ("数据指标", lambda: _figures(doc, inp)),
    )
    for name, body in sections:
        gw.add_heading1(doc, f"{label()}{name}")
        body()
    gw.add_signature(doc, inp.issuer, inp.issued_on)
    _notes(doc, inp)
    return gw.to_bytes(doc)
