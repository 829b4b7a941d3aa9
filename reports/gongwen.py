"""GB/T 9704-2012 (党政机关公文格式) page layout on python-docx.

A4, type area 156 mm x 225 mm (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); title in
方正小标宋简体 二号; body in 仿宋_GB2312 三号 on a fixed 28.95 pt line (22 lines a page);
first-level headings 黑体, second-level 楷体_GB2312; page numbers "— 1 —" in 宋体 四号, odd pages
right and even pages left, one character in from the edge of the type area. Fonts and styles
live in ``reports.gwstyles`` and are re-exported here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from reports.grid import for_libreoffice, set_grid
from reports.gwstyles import (  # re-exported: the layout helper is one module to callers
    CHAR,
    CHARS_PER_LINE,
    FONT_BODY,
    FONT_H1,
    FONT_H2,
    FONT_PAGE,
    FONT_TITLE,
    LINE,
    MARGINS_MM,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    SIZE_S4,
    STYLE_FIGURE,
    STYLE_IDS,
    STYLE_TABLE,
    TABLE_LINE,
    TEXT_WIDTH_MM,
    TITLE_LINE,
    add_styled,
    cn_date,
    cn_num,
    no_grid,
    para_format,
    run,
    set_east_asian_font,
    setup_styles,
    strip_theme_fonts,
    text_width,
    xml_text,
)

__all__ = [
    "CHAR",
    "CHARS_PER_LINE",
    "FONT_BODY",
    "FONT_H1",
    "FONT_H2",
    "FONT_PAGE",
    "FONT_TITLE",
    "LINE",
    "MARGINS_MM",
    "SIZE_2",
    "SIZE_3",
    "SIZE_4",
    "SIZE_S4",
    "STYLE_FIGURE",
    "STYLE_IDS",
    "STYLE_TABLE",
    "TABLE_LINE",
    "TEXT_WIDTH_MM",
    "TITLE_LINE",
    "add_addressee",
    "add_blank",
    "add_body",
    "add_heading1",
    "add_heading2",
    "add_heading3",
    "add_page_numbers",
    "add_picture",
    "add_rule",
    "add_signature",
    "add_split_line",
    "add_styled",
    "add_subtitle_line",
    "add_table",
    "add_title",
    "cn_date",
    "cn_num",
    "for_libreoffice",
    "new_document",
    "no_grid",
    "para_format",
    "run",
    "set_grid",
    "set_east_asian_font",
    "setup_styles",
    "strip_theme_fonts",
    "text_width",
    "title_lines",
    "to_bytes",
    "xml_text",
]


# -- document -------------------------------------------------------------------------------


def new_document(title: str = "", author: str = "", when: date | None = None) -> DocxDocument:
    """An empty A4 公文 document: margins, styles, page-number footers."""
    doc = Document()
    # stylesWithEffects is a Word 2010 copy of the styles with the theme fonts; drop it.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    # the template's thumbnail shows another document; drop it too.
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)
    setup_styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)  # digits about 7 mm below the type area
    set_grid(section)
    add_page_numbers(doc)
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.revision = 1
    props.comments = ""
    props.language = "zh-CN"
    stamp = datetime.combine(when or date.today(), datetime.min.time())
    props.created = stamp
    props.modified = stamp
    return doc


def _field(par: Paragraph, instr: str, shown: str) -> None:
    """A complex field (fldChar begin/separate/end) showing ``shown`` until updated."""

    def fld(kind: str):
        r = run(par, "", FONT_PAGE, SIZE_4)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r

    fld("begin")
    r = run(par, "", FONT_PAGE, SIZE_4)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    r._r.append(text)
    fld("separate")
    run(par, shown, FONT_PAGE, SIZE_4)
    fld("end")


def add_page_numbers(doc: DocxDocument) -> None:
    """Footers "— N —": odd pages right, even pages left, one 四号 character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        par = footer.paragraphs[0]
        par._p.style = STYLE_IDS["Footer"]
        pf = par.paragraph_format
        pf.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = SIZE_4
        else:
            pf.left_indent = SIZE_4
        run(par, "— ", FONT_PAGE, SIZE_4)
        _field(par, "PAGE", "1")
        run(par, " —", FONT_PAGE, SIZE_4)


def add_title(
    doc: DocxDocument, lines: str | Sequence[str], color: str | None = None, size=SIZE_2
) -> Paragraph:
    """The title, centred; a sequence is laid out one item a line (梯形 / 菱形 by the caller)."""
    parts = [lines] if isinstance(lines, str) else list(lines)
    par = add_styled(doc, "Title")
    for n, line in enumerate(parts):
        r = run(par, line, FONT_TITLE, size)
        if color:
            r.font.color.rgb = RGBColor.from_string(color)
        if n < len(parts) - 1:
            r.add_break()
    return par


def title_lines(text: str, per_line: int = 20, head: str | None = None) -> list[str]:
    """Split a long title after ``head`` (a natural break) when it does not fit one line."""
    if text_width(text) <= per_line:
        return [text]
    if head and text.startswith(head) and text_width(head) <= per_line:
        return [head, text[len(head) :]]
    return [text]


def add_subtitle_line(doc: DocxDocument, text: str, space_after: float = 0) -> Paragraph:
    """A centred 仿宋 line under the title (文号, 第N期 ...)."""
    par = doc.add_paragraph()
    para_format(par, first_line=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=space_after)
    run(par, text)
    return par


def add_blank(doc: DocxDocument) -> Paragraph:
    return doc.add_paragraph()


def add_split_line(doc: DocxDocument, left: str, right: str, size=SIZE_3) -> Paragraph:
    """One line with ``left`` flush left and ``right`` flush right (a right tab stop)."""
    par = doc.add_paragraph()
    pf = par.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    run(par, f"{left}\t{right}", FONT_BODY, size)
    return par


def add_rule(doc: DocxDocument, color: str = "C00000", size_eighths: int = 12) -> Paragraph:
    """A full-width horizontal line (a paragraph bottom border), red by default (版头分隔线)."""
    par = doc.add_paragraph()
    par.paragraph_format.first_line_indent = Pt(0)
    par.paragraph_format.line_spacing = Pt(8)
    no_grid(par)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("val", "single"),
        ("sz", str(size_eighths)),
        ("space", "1"),
        ("color", color),
    ):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr = par._p.get_or_add_pPr()
    spacing = ppr.find(qn("w:spacing"))
    spacing.addprevious(borders)  # pBdr precedes spacing in w:pPr
    return par


def add_addressee(doc: DocxDocument, text: str) -> Paragraph:
    """主送机关: flush left, ending with a full-width colon."""
    par = doc.add_paragraph()
    par.paragraph_format.first_line_indent = Pt(0)
    run(par, text if text.endswith("：") else text + "：")
    return par


def add_heading1(doc: DocxDocument, text: str) -> Paragraph:
    par = add_styled(doc, "Heading 1")
    run(par, text, FONT_H1)
    return par


def add_heading2(doc: DocxDocument, text: str) -> Paragraph:
    par = add_styled(doc, "Heading 2")
    run(par, text, FONT_H2)
    return par


def add_heading3(doc: DocxDocument, text: str) -> Paragraph:
    par = add_styled(doc, "Heading 3")
    run(par, text, FONT_BODY, bold=True)
    return par


def add_body(doc: DocxDocument, text: str, lead: str | None = None) -> Paragraph:
    """A body paragraph; ``lead`` (e.g. "检查意见：") is set in bold before the text."""
    par = doc.add_paragraph()
    if lead:
        run(par, lead, bold=True)
    run(par, text)
    return par


def add_picture(doc: DocxDocument, png: bytes, width_mm: float = 150, caption: str = "") -> None:
    par = add_styled(doc, STYLE_FIGURE)
    par.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    if caption:
        cap = add_styled(doc, STYLE_FIGURE)
        cap.paragraph_format.keep_with_next = False
        cap.paragraph_format.space_after = Pt(6)
        run(cap, caption, FONT_BODY, SIZE_S4)


def _cell_width(cell, mm: float) -> None:
    cell.width = Mm(mm)


def add_table(
    doc: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float] | None = None,
    center: Sequence[int] = (),
    size=SIZE_S4,
) -> Table:
    """A bordered table with a header row repeated on every page.

    ``widths`` in mm (default: equal shares of the 156 mm type area); ``center``: column
    indexes centred (numbers, dates). Cell values are printed with ``str``.
    """
    n = len(headers)
    if widths is None:
        widths = [TEXT_WIDTH_MM / n] * n
    table = doc.add_table(rows=1 + len(rows), cols=n)
    table._tbl.tblPr.style = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(round(sum(widths) / 25.4 * 1440)))
    for col, mm in zip(table.columns, widths, strict=True):
        col.width = Mm(mm)

    header_row = table.rows[0]
    tr_pr = header_row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        tr_pr.append(el)
    for r_idx, values in enumerate([list(headers), *[list(r) for r in rows]]):
        row = table.rows[r_idx]
        if r_idx:
            cant = OxmlElement("w:cantSplit")
            row._tr.get_or_add_trPr().append(cant)
        for c_idx, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell_width(cell, widths[c_idx])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            par = cell.paragraphs[0]
            par._p.style = STYLE_IDS[STYLE_TABLE]
            if r_idx == 0 or c_idx in center:
                par.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            text = "" if value is None else str(value)
            if r_idx == 0:
                run(par, text, FONT_H1, size)
            else:
                run(par, text, FONT_BODY, size)
    return table


def add_signature(doc: DocxDocument, issuer: str, issued_on: date) -> None:
    """发文机关署名 and 成文日期 (GB/T 9704 7.3.5.2, no seal).

    One blank line after the body; the issuer 右空二字; the date on the next line, its first
    character two characters right of the issuer's; a date longer than that moves the issuer
    left so that the date keeps 右空二字.
    """
    when = cn_date(issued_on)
    w_issuer, w_date = text_width(issuer), text_width(when)
    issuer_right = 2.0
    date_right = w_issuer - 2 - w_date + issuer_right
    if date_right < 2:
        issuer_right += 2 - date_right
        date_right = 2.0
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # no signature page alone
    add_blank(doc).paragraph_format.keep_with_next = True
    for text, right in ((issuer, issuer_right), (when, date_right)):
        par = doc.add_paragraph()
        pf = par.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.right_indent = Pt(CHAR.pt * right)
        pf.keep_with_next = text == issuer
        run(par, text)


def to_bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
