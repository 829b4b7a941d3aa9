"""The 公文 frame of GB/T 9704-2012: 版头, 主体 and 版记 around any document's body.

Every document the system issues (考评报告, 整改通知书, 工作简报, and any later one such as a
全市通报) is a ``Gongwen`` model handed to ``render``:

- 版头: the red 发文机关标志 (``mark``), the 发文字号 (with 签发人 for upward documents) and the
  red separator line (7.2);
- 主体: title, 主送机关, the body (a callable writing into the document), 附件说明, 发文机关署名 and
  成文日期 with room for the 印章, 附注 in parentheses (7.3);
- 附件: each on a new page headed 「附件1」 with its own centred title (7.3.7, 8);
- 版记: 抄送, 印发机关 and 印发日期 between rules at the foot of the last page (7.4).

A 简报 has its own masthead (``masthead`` callable) and 版记 lines (``record_lines``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reports import gongwen as gw
from reports.record_page import CAPTION as RECORD_CAPTION

RED = "C00000"
TYPE_HEIGHT_MM = 225
RECORD_LINE = Pt(26)
RECORD_GAP = Pt(10)  # at least this much between the text and the 版记's first rule
RECORD_WIDTH_MM = 151  # not the type area's 156: see add_record
# 版记 rules in eighths of a point (w:sz): 0.35 mm = 0.99 pt, 0.25 mm = 0.71 pt
RULE_OUTER = round(0.35 / 25.4 * 72 * 8)  # 8
RULE_INNER = round(0.25 / 25.4 * 72 * 8)  # 6
Body = Callable[[DocxDocument], None]


def doc_number(code: str, year: int, seq: int) -> str:
    """发文字号: 机关代字, year in 〔〕 and the sequence number without leading zeros."""
    return f"{code}〔{year}〕{seq}号"


@dataclass(frozen=True)
class Annex:
    """An 附件: its title (also listed in 附件说明) and what it holds."""

    title: str
    body: Body


@dataclass(frozen=True)
class Gongwen:
    """One 公文: the elements of GB/T 9704-2012 and a body writer."""

    title: str
    issuer: str  # 发文机关署名 (full name)
    issued_on: date  # 成文日期
    body: Body
    mark: str | None = None  # 发文机关标志, e.g. 兖州区…办公室文件; None: no 版头
    number: str | None = None  # 发文字号, e.g. 兖创办发〔2026〕3号
    signer: str | None = None  # 签发人 (upward documents); "" prints the label alone
    addressee: str | None = None  # 主送机关
    annexes: Sequence[Annex] = ()
    note: str | None = None  # 附注, printed in parentheses under the date
    cc: Sequence[str] = ()  # 抄送机关
    printer: str | None = None  # 印发机关 (default: the issuer)
    printed_on: date | None = None  # 印发日期 (default: 成文日期)
    seal: bool = True  # leave room for the 印章 over 署名 and 日期
    title_head: str | None = None  # where a two-line title breaks
    masthead: Body | None = None  # a 简报's own masthead instead of the 版头
    record_lines: Sequence[tuple[str, str]] | None = None  # 版记 lines (left, right) instead
    author: str = ""
    extra_after_body: Sequence[str] = field(default_factory=tuple)  # e.g. 联系人及电话 lines


# -- 版头 -----------------------------------------------------------------------------------


def add_mark(doc: DocxDocument, mark: str) -> None:
    """发文机关标志: red 小标宋, centred, as large as fits the 156 mm type area (at most 48 pt)."""
    par = gw.add_styled(doc, "Title")
    pf = par.paragraph_format
    size = min(48.0, int(440 / max(gw.text_width(mark), 1)))
    pf.line_spacing = Pt(size * 1.25)
    pf.space_after = Pt(0)
    r = gw.run(par, mark, gw.FONT_TITLE, Pt(size))
    r.font.color.rgb = RGBColor.from_string(RED)


def add_number_line(doc: DocxDocument, number: str, signer: str | None) -> None:
    """发文字号 centred; with a 签发人 the number sits left (一字) and the signer right (一字)."""
    par = doc.add_paragraph()
    pf = par.paragraph_format
    pf.first_line_indent = Pt(0)
    if signer is None:
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        gw.run(par, number)
        return
    pf.left_indent = gw.CHAR
    pf.tab_stops.add_tab_stop(Mm(gw.TEXT_WIDTH_MM) - gw.CHAR * 2, WD_TAB_ALIGNMENT.RIGHT)
    gw.run(par, f"{number}\t签发人：")
    gw.run(par, signer or "　　　", gw.FONT_H2)


def add_head(doc: DocxDocument, model: Gongwen) -> None:
    """版头: 发文机关标志, two blank lines, 发文字号, the red line four mm below."""
    if model.mark:
        add_mark(doc, model.mark)
        gw.add_blank(doc)
        gw.add_blank(doc)
    if model.number or model.signer is not None:
        add_number_line(doc, model.number or "", model.signer)
    if model.mark:
        gw.add_rule(doc, RED, size_eighths=8)
        gw.add_blank(doc)


# -- 主体 -----------------------------------------------------------------------------------


def add_attachment_list(doc: DocxDocument, titles: Sequence[str]) -> None:
    """附件说明: a blank line after the body, 「附件：1.…」 indented two characters, later items
    aligned under the first item's text."""
    if not titles:
        return
    gw.add_blank(doc)
    many = len(titles) > 1
    for n, title in enumerate(titles, start=1):
        label = f"{n}." if many else ""
        lw = gw.text_width(label)
        par = doc.add_paragraph()
        pf = par.paragraph_format
        pf.keep_with_next = n < len(titles)  # the list is not split across pages
        pf.left_indent = Pt(gw.CHAR.pt * (5 + lw))  # 空二字 + 「附件：」 + the number
        if n == 1:
            pf.first_line_indent = Pt(-gw.CHAR.pt * (3 + lw))
            gw.run(par, f"附件：{label}{title}")
        else:
            pf.first_line_indent = Pt(-gw.CHAR.pt * lw)
            gw.run(par, f"{label}{title}")


def add_signature_seal(doc: DocxDocument, issuer: str, issued_on: date) -> None:
    """署名 and 成文日期 for a document that bears a seal (7.3.5.1): the date 右空四字, the
    issuer centred over the date, within one line of the body, room above for the seal."""
    when = gw.cn_date(issued_on)
    w_issuer, w_date = gw.text_width(issuer), gw.text_width(when)
    date_right = 4.0
    issuer_right = date_right + (w_date - w_issuer) / 2
    if issuer_right < 0:  # a long issuer: keep it inside the type area, the date under it
        date_right -= issuer_right
        issuer_right = 0
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(2):  # the seal's room
        gw.add_blank(doc).paragraph_format.keep_with_next = True
    for text, right in ((issuer, issuer_right), (when, date_right)):
        par = doc.add_paragraph()
        pf = par.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.right_indent = Pt(gw.CHAR.pt * right)
        pf.keep_with_next = text == issuer
        gw.run(par, text)


def add_note(doc: DocxDocument, note: str) -> None:
    """附注: 居左空二字, in parentheses, on the line after the date."""
    text = note if note.startswith("（") else f"（{note}）"
    gw.add_body(doc, text)


def add_annex(doc: DocxDocument, n: int | None, annex: Annex) -> None:
    """An 附件 on a new page: 「附件1」 in 黑体 top left, its title centred on the third line."""
    label = doc.add_paragraph()
    # the label itself starts the page: a paragraph holding a break, pushed to the next page
    # by a full last page, would leave that page blank
    label.paragraph_format.page_break_before = True
    label.paragraph_format.first_line_indent = Pt(0)
    gw.run(label, f"附件{n}" if n else "附件", gw.FONT_H1)
    gw.add_blank(doc)
    gw.add_title(doc, gw.title_lines(annex.title, per_line=20))
    gw.add_blank(doc)
    annex.body(doc)


# -- 版记 -----------------------------------------------------------------------------------


def record_lines(model: Gongwen) -> list[tuple[str, str]]:
    """The 版记's lines as (left, right): 抄送 first, then 印发机关 and 印发日期."""
    if model.record_lines is not None:
        return list(model.record_lines)
    lines: list[tuple[str, str]] = []
    if model.cc:
        lines.append((f"抄送：{'，'.join(model.cc)}。", ""))
    printed = gw.cn_date(model.printed_on or model.issued_on)
    lines.append((model.printer or model.issuer, f"{printed}印发"))
    return lines


def _border(tag: str, size_eighths: int) -> OxmlElement:
    el = OxmlElement(f"w:{tag}")
    el.set(qn("w:val"), "single" if size_eighths else "nil")
    if size_eighths:
        el.set(qn("w:sz"), str(size_eighths))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
    return el


def add_record(doc: DocxDocument, lines: Sequence[tuple[str, str]]) -> None:
    """版记 at the foot of the last page (7.4): a table floating at the bottom of the type area,
    its first and last rules 0.35 mm (``RULE_OUTER``), those between 0.25 mm (``RULE_INNER``),
    as 7.4.1 recommends; text 四号仿宋 一字 in from each side, 印发日期 flush right.

    The rules are the table's borders, ``RECORD_WIDTH_MM`` wide, not the 156 mm of the type area
    that 7.4.1 asks for: LibreOffice lays a table as wide as the type area inline, not at the foot
    of the page (at 154, 155.8 and 156 mm it does; at 151 mm it floats).

    A floating table does not push the text: a table filling the last page would run under
    it. So an empty paragraph as tall as the 版记 (and a gap) goes before it, in the flow: where
    the last page has no room for it, it moves to a new page and takes the 版记 along, which
    then stands alone at the foot of that page. On an even page: when a PDF is made
    (``reports.record_page``), which finds the block by the table's caption 「版记」.
    """
    height = len(lines) * RECORD_LINE.pt + 2
    _spacer(doc, height + RECORD_GAP.pt)
    table = doc.add_table(rows=len(lines), cols=1)
    tbl_pr = table._tbl.tblPr
    pos = OxmlElement("w:tblpPr")
    for key, value in (
        ("leftFromText", "0"),
        ("rightFromText", "0"),
        ("vertAnchor", "margin"),
        ("horzAnchor", "margin"),
        ("tblpXSpec", "center"),
        ("tblpY", str(round((TYPE_HEIGHT_MM / 25.4 * 72 - height) * 20))),
    ):
        pos.set(qn(f"w:{key}"), value)
    tbl_pr.insert(0, pos)
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(RECORD_WIDTH_MM / 25.4 * 1440)))
    borders = OxmlElement("w:tblBorders")
    for tag, size in (
        ("top", RULE_OUTER),
        ("left", 0),
        ("bottom", RULE_OUTER),
        ("right", 0),
        ("insideH", RULE_INNER),
    ):
        borders.append(_border(tag, size))
    width.addnext(borders)  # CT_TblPr order: tblW, …, tblBorders, …, tblLook, tblCaption
    caption = OxmlElement("w:tblCaption")  # how record_page finds the 版记 block
    caption.set(qn("w:val"), RECORD_CAPTION)
    tbl_pr.append(caption)
    table.columns[0].width = Mm(RECORD_WIDTH_MM)
    tab = Mm(RECORD_WIDTH_MM) - Pt(12)  # within the cell's margins
    for row, (left, right) in zip(table.rows, lines, strict=True):
        row.height = RECORD_LINE
        cell = row.cells[0]
        cell.width = Mm(RECORD_WIDTH_MM)
        par = cell.paragraphs[0]
        par._p.style = gw.STYLE_IDS[gw.STYLE_TABLE]
        pf = par.paragraph_format
        pf.line_spacing = RECORD_LINE
        pf.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.RIGHT)
        text = f"　{left}\t{right}" if right else f"　{left}"  # 左右各空一字
        gw.run(par, text, gw.FONT_BODY, gw.SIZE_4)
    _spacer(doc, 1)  # a floating table is followed by a paragraph (LibreOffice's anchor)


def _spacer(doc: DocxDocument, points: float) -> None:
    """An empty paragraph exactly ``points`` tall, off the line grid."""
    par = doc.add_paragraph()
    pf = par.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(points)
    pf.space_before = pf.space_after = Pt(0)
    gw.no_grid(par)


# -- the whole document ---------------------------------------------------------------------


def render(model: Gongwen) -> bytes:
    """The document of ``model`` as docx bytes."""
    doc = gw.new_document(model.title, model.author or model.issuer, model.issued_on)
    if model.masthead is not None:
        model.masthead(doc)
    else:
        add_head(doc, model)
        gw.add_title(doc, gw.title_lines(model.title, head=model.title_head))
        gw.add_blank(doc)
    if model.addressee:
        gw.add_addressee(doc, model.addressee)
    model.body(doc)
    add_attachment_list(doc, [a.title for a in model.annexes])
    if model.masthead is None:
        if model.seal:
            add_signature_seal(doc, model.issuer, model.issued_on)
        else:
            gw.add_signature(doc, model.issuer, model.issued_on)
    if model.note:
        add_note(doc, model.note)
    many = len(model.annexes) > 1
    for n, annex in enumerate(model.annexes, start=1):
        add_annex(doc, n if many else None, annex)
    add_record(doc, record_lines(model))
    return gw.to_bytes(doc)
