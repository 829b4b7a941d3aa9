"""Fonts, sizes and paragraph styles of GB/T 9704-2012 公文, for python-docx documents.

Every East Asian font name is written explicitly (``w:rFonts`` ascii/hAnsi/eastAsia/cs) on the
styles and on every run, and the theme font attributes of python-docx's default template
(``w:asciiTheme`` ...) are removed: Word ignores a font name when a theme attribute is present.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from reports.sanitize import xml_text
from rubric.numbers import cn_date  # noqa: F401  (documents import it from here)

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_S4 = Pt(12)  # 小四

LINE = Pt(28.95)  # 225 mm / 22 lines
TITLE_LINE = Pt(35)
TABLE_LINE = Pt(18)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = 156
CHAR = SIZE_3  # one character of body text
CHARS_PER_LINE = 28  # 版心 156 mm: 28 characters of 三号 a line

THEME_ATTRS = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")
STYLE_TABLE = "公文表格"
STYLE_FIGURE = "公文图片"
# style name -> w:styleId; paragraphs get their style by id (python-docx's lookup by name scans
# every style of the template on each call, which dominated the time of a long report)
STYLE_IDS = {
    "Normal": "Normal",
    "Title": "Title",
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "Heading 3": "Heading3",
    "Footer": "Footer",
    STYLE_TABLE: "GongwenTable",
    STYLE_FIGURE: "GongwenFigure",
}

CN_DIGITS = "零一二三四五六七八九"


# -- text helpers ---------------------------------------------------------------------------


def cn_num(n: int) -> str:
    """Chinese numeral for 1..99: 1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def text_width(text: str) -> float:
    """Width in full-width characters: ASCII counts half."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch != "—" else 1.0 for ch in text)


# -- fonts ----------------------------------------------------------------------------------


def _rpr(target: Any):
    """The ``w:rPr`` of a run, a style or an element that owns one."""
    if hasattr(target, "_r"):  # Run
        return target._r.get_or_add_rPr()
    if hasattr(target, "element") and hasattr(target.element, "get_or_add_rPr"):  # style
        return target.element.get_or_add_rPr()
    if target.tag == qn("w:rPr"):
        return target
    return target.get_or_add_rPr()


def set_east_asian_font(target: Any, name: str, latin: str | None = None) -> None:
    """Name the font of a run or style for every script and drop the theme font attributes."""
    rpr = _rpr(target)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin or name)
    fonts.set(qn("w:hAnsi"), latin or name)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:cs"), latin or name)


def strip_theme_fonts(element) -> None:
    for fonts in element.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)


def _reset(style) -> None:
    """Drop the paragraph and run properties a built-in style brings (colours, borders...)."""
    for tag in ("w:pPr", "w:rPr"):
        old = style.element.find(qn(tag))
        if old is not None:
            style.element.remove(old)


def _style_font(style, font: str, size, bold: bool = False) -> None:
    set_east_asian_font(style, font)
    style.font.size = size
    style.font.bold = bold
    style.font.color.rgb = None


def para_format(style_or_par, *, line=LINE, first_line=True, align=None, before=0, after=0):
    pf = style_or_par.paragraph_format
    pf.line_spacing = line
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.first_line_indent = 2 * CHAR if first_line else Pt(0)
    if align is not None:
        pf.alignment = align


def no_grid(style_or_par) -> None:
    """Lines of this style keep their own spacing instead of snapping to the 22-line grid
    (tables, captions, figures, titles)."""
    ppr = (
        style_or_par.element.get_or_add_pPr()
        if hasattr(style_or_par, "element") and not hasattr(style_or_par, "_p")
        else style_or_par._p.get_or_add_pPr()
    )
    if ppr.find(qn("w:snapToGrid")) is not None:
        return
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    for tag in ("w:spacing", "w:ind", "w:jc", "w:outlineLvl"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(el)
            return
    ppr.append(el)


def setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    strip_theme_fonts(styles.element)
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_east_asian_font(rpr_default, FONT_BODY)
    for tag in ("w:sz", "w:szCs"):  # the character grid counts from the default size
        el = rpr_default.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr_default.append(el)
        el.set(qn("w:val"), str(int(SIZE_3.pt * 2)))
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _reset(normal)
    _style_font(normal, FONT_BODY, SIZE_3)
    para_format(normal, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    normal.paragraph_format.widow_control = True

    for name, font, size, first in (
        ("Title", FONT_TITLE, SIZE_2, False),
        ("Heading 1", FONT_H1, SIZE_3, True),
        ("Heading 2", FONT_H2, SIZE_3, True),
        ("Heading 3", FONT_BODY, SIZE_3, True),
    ):
        style = styles[name]
        _reset(style)
        _style_font(style, font, size, bold=name == "Heading 3")
        if name == "Title":
            para_format(style, line=TITLE_LINE, first_line=False, align=WD_ALIGN_PARAGRAPH.CENTER)
            no_grid(style)
        else:
            para_format(style, first_line=first, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            style.paragraph_format.keep_with_next = True
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(int(name[-1]) - 1))
            style.element.get_or_add_pPr().append(outline)

    table_style = styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.PARAGRAPH)
    table_style.element.styleId = STYLE_IDS[STYLE_TABLE]
    table_style.base_style = normal
    _style_font(table_style, FONT_BODY, SIZE_S4)
    para_format(table_style, line=TABLE_LINE, first_line=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    no_grid(table_style)

    figure_style = styles.add_style(STYLE_FIGURE, WD_STYLE_TYPE.PARAGRAPH)
    figure_style.element.styleId = STYLE_IDS[STYLE_FIGURE]
    figure_style.base_style = normal
    _style_font(figure_style, FONT_BODY, SIZE_S4)
    pf = figure_style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.keep_with_next = True
    no_grid(figure_style)

    footer = styles["Footer"]
    _reset(footer)
    _style_font(footer, FONT_PAGE, SIZE_4)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    footer.paragraph_format.first_line_indent = Pt(0)


def add_styled(doc: DocxDocument, style: str) -> Paragraph:
    """A new body paragraph in ``style`` (a name in STYLE_IDS)."""
    par = doc.add_paragraph()
    par._p.style = STYLE_IDS[style]
    return par


def run(par: Paragraph, text: str, font: str = FONT_BODY, size=SIZE_3, bold: bool = False):
    """Append a run with its font named explicitly (control characters removed)."""
    r = par.add_run(xml_text(text))
    set_east_asian_font(r, font)
    r.font.size = size
    if bold:
        r.font.bold = True
    return r
