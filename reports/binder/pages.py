"""The pages a binder adds around the evidence: cover with 目录, dividers, 缺失材料清单.

Each is a small .docx (python-docx, A4) in the government fonts, converted by reports.pdf with
the project's font mapping: its text is real text in a Simplified Chinese face, so that
pdftotext reads it and a search in the PDF finds it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.binder.model import (
    BinderDoc,
    BinderIndicator,
    BinderInput,
    BinderRequirement,
    BinderSystem,
    MissingItem,
    clean,
    doc_label,
    requirement_label,
)
from reports.gwstyles import (
    FONT_BODY,
    FONT_H1,
    FONT_H2,
    FONT_TITLE,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    SIZE_S4,
    cn_date,
    run,
    set_east_asian_font,
)
from scoring.engine import fmt

TEXT_WIDTH_MM = 210 - 28 - 26
HEADING = "Heading 1"
PLACEHOLDER = 999  # page numbers before the layout is known: as wide as the real ones


@dataclass(frozen=True)
class TocEntry:
    level: int  # 0 indicator, 1 requirement, 2 document, 0 also for 缺失材料清单
    text: str
    page: int | None


def _new() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_east_asian_font(rpr, FONT_BODY)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    set_east_asian_font(normal, FONT_BODY)
    normal.font.size = SIZE_4
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(4), 1.25
    heading = doc.styles[HEADING]
    heading.font.color.rgb = None
    heading.font.size = SIZE_3
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.keep_with_next = True
    set_east_asian_font(heading, FONT_H1)
    return doc


def _bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _line(
    doc, text: str, font=FONT_BODY, size=SIZE_4, *, bold=False, align=None, before=0, style=None
):
    par = doc.add_paragraph(style=style)
    if align is not None:
        par.alignment = align
    par.paragraph_format.space_before = Pt(before)
    run(par, clean(text), font, size, bold)
    return par


def _field(doc, label: str, text: str) -> None:
    """「label」 in 黑体 then the text in 仿宋, as one paragraph."""
    par = doc.add_paragraph()
    par.paragraph_format.space_before = Pt(6)
    run(par, f"{label}：", FONT_H1, SIZE_4)
    run(par, clean(text) or "无", FONT_BODY, SIZE_4)


def score_text(score, max_points, pending=None) -> str:
    if score is None:
        return f"待评（满分{fmt(max_points)}分）"
    extra = f"，待评{fmt(pending)}分" if pending else ""
    return f"{fmt(score)}分（满分{fmt(max_points)}分{extra}）"


# ---------------------------------------------------------------- cover and 目录


def _start(doc: DocxDocument, text: str, font, size, *, align=None, before=0):
    """The first line of a part: a level-1 heading on a new page (LibreOffice exports it as a
    PDF bookmark, which tells where each part starts in the rendered PDF)."""
    first = not any(p.text for p in doc.paragraphs)
    par = _line(doc, text, font, size, align=align, before=before, style=HEADING)
    par.paragraph_format.page_break_before = not first
    return par


def add_front(
    doc: DocxDocument, inp: BinderInput, system: BinderSystem, toc: Sequence[TocEntry]
) -> None:
    """The cover (unit, system, score, date), then from a new page the 目录 with page numbers."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    _start(doc, inp.unit, FONT_H1, SIZE_3, align=center, before=90)
    _line(doc, inp.campaign, FONT_TITLE, SIZE_2, align=center, before=12)
    _line(doc, "迎检材料汇编", FONT_TITLE, Pt(36), align=center, before=18)
    _line(doc, system.name, FONT_H1, Pt(26), align=center, before=48)
    _line(
        doc,
        f"本体系得分：{score_text(system.score, system.max, system.pending)}",
        FONT_BODY,
        SIZE_3,
        align=center,
        before=48,
    )
    _line(doc, f"依据：{inp.round_name}", FONT_BODY, SIZE_3, align=center, before=6)
    _line(doc, cn_date(inp.issued_on), FONT_BODY, SIZE_3, align=center, before=150)
    par = _line(doc, "目  录", FONT_H1, SIZE_2, align=center)
    par.paragraph_format.page_break_before = True
    par.paragraph_format.space_after = Pt(12)
    for entry in toc:
        _toc_line(doc, entry)


def _toc_line(doc: DocxDocument, entry: TocEntry) -> None:
    par = doc.add_paragraph()
    pf = par.paragraph_format
    pf.left_indent = Mm(8 * entry.level)
    pf.first_line_indent = Mm(0)
    pf.space_before = Pt(6 if entry.level == 0 else 1)
    pf.space_after = Pt(1)
    pf.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    font, size = (FONT_H1, SIZE_4) if entry.level == 0 else (FONT_BODY, SIZE_S4)
    page = PLACEHOLDER if entry.page is None else entry.page
    run(par, clean(entry.text), font, size)
    run(par, f"\t{page}", FONT_BODY, size)


# ---------------------------------------------------------------- dividers


def add_divider(
    doc: DocxDocument,
    system: BinderSystem,
    indicator: BinderIndicator,
    req: BinderRequirement,
    bound: Sequence[BinderDoc],
    see_also: Sequence[tuple[BinderDoc, int | None]] = (),
) -> None:
    """The tab before a requirement's documents: the requirement, the scoring clause, the
    score, the inspectors' comment and the documents behind it."""
    par = _start(doc, requirement_label(req), FONT_H1, SIZE_3)
    par.paragraph_format.space_after = Pt(12)
    _line(doc, f"{system.name} › {indicator.name}（{indicator.id}）", FONT_H2, SIZE_S4)
    _field(doc, "创建要求", req.text)
    _field(doc, "评分办法", req.scoring)
    _field(doc, "责任单位", "、".join(req.departments))
    _field(doc, "本轮得分", score_text(req.score, req.max))
    _field(doc, "考核组意见", req.comment)
    par = _line(doc, "本项材料：", FONT_H1, SIZE_4, before=12)
    if not bound and not see_also:
        _line(doc, "暂无可编入的材料（见本册「缺失材料清单」）", size=SIZE_S4)
    for n, d in enumerate(bound, start=1):
        when = f"，{cn_date(d.doc_date)}" if d.doc_date else ""
        _line(doc, f"{n}. {doc_label(d)}（{clean(d.department)}{when}）", size=SIZE_S4)
    for d, page in see_also:
        shown = PLACEHOLDER if page is None else page
        _line(doc, f"另见：{doc_label(d)}（第{shown}页）", size=SIZE_S4)
    left_out = len(req.missing) + sum(1 for d in req.documents if d.error)
    if left_out:
        _line(doc, f"另有{left_out}项材料未编入，见本册「缺失材料清单」", size=SIZE_S4)


# ---------------------------------------------------------------- 缺失材料清单


def add_missing(doc: DocxDocument, system: BinderSystem, items: Sequence[MissingItem]) -> None:
    """Per requirement, what is not bound: 《title》, department, status and why."""
    par = _start(doc, "缺失材料清单", FONT_H1, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    par.paragraph_format.space_after = Pt(12)
    if not items:
        _line(doc, f"{system.name}的每项要求均有审核通过的材料，且已全部编入本册。")
        return
    _line(
        doc,
        f"{system.name}以下{len(items)}项未编入本册（材料未审核通过、无法转换或尚无材料），"
        "迎检前请督促责任单位补齐：",
    )
    last = None
    for n, item in enumerate(items, start=1):
        if item.requirement != last:
            _line(doc, item.requirement, FONT_H1, SIZE_S4, before=8)
            last = item.requirement
        reason = f"：{clean(item.reason)}" if item.reason else ""
        par = _line(
            doc,
            f"{n}. {clean(item.title)}　{clean(item.department)}　【{item.status}】{reason}",
            size=SIZE_S4,
        )
        par.paragraph_format.left_indent = Mm(6)


def system_docx(
    inp: BinderInput,
    system: BinderSystem,
    toc: Sequence[TocEntry],
    bound: dict[str, list[BinderDoc]],
    see_also: dict[str, list[tuple[BinderDoc, int | None]]],
    missing: Sequence[MissingItem],
) -> bytes:
    """All the pages a system's binder adds, in binding order: cover and 目录, one divider per
    requirement, the 缺失材料清单. Each part starts on a new page with a level-1 heading."""
    doc = _new()
    add_front(doc, inp, system, toc)
    for ind in system.indicators:
        for req in ind.requirements:
            add_divider(doc, system, ind, req, bound[req.id], see_also.get(req.id, ()))
    add_missing(doc, system, missing)
    return _bytes(doc)
