"""GB/T 9704 layout: page, margins, fonts on styles and runs, footers, tables, signature."""

from __future__ import annotations

import re
from datetime import date

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from reports import gongwen as gw

from .helpers import open_docx, part_names, part_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sample() -> bytes:
    doc = gw.new_document("样例", "办公室", date(2020, 9, 15))
    gw.add_title(doc, ["兖州区（演示）创建省级创业型城市", "模拟考评报告"])
    gw.add_subtitle_line(doc, "兖创办发〔2020〕5号")
    gw.add_addressee(doc, "区人社局")
    gw.add_heading1(doc, "一、总体情况")
    gw.add_heading2(doc, "（一）得分")
    gw.add_heading3(doc, "1.组织领导")
    gw.add_body(doc, "本轮确认得分71.75分。", lead="结论：")
    gw.add_table(doc, ["体系", "得分"], [["组织领导体系", "12.75"]] * 3, [100, 56], center=[1])
    gw.add_signature(doc, "兖州区创建省级创业型城市工作领导小组办公室", date(2020, 9, 15))
    return gw.to_bytes(doc)


@pytest.fixture(scope="module")
def data() -> bytes:
    return sample()


def test_cn_date_and_numbers():
    assert gw.cn_date(date(2020, 9, 15)) == "2020年9月15日"
    assert gw.cn_date(date(2021, 1, 5)) == "2021年1月5日"
    assert [gw.cn_num(n) for n in (1, 5, 10, 11, 20, 29)] == [
        "一",
        "五",
        "十",
        "十一",
        "二十",
        "二十九",
    ]
    assert gw.text_width("2020年9月15日") == 6.5
    assert gw.text_width("— 1 —") == 3.5


def test_page_is_a4_with_gongwen_margins(data):
    section = open_docx(data).sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)
    type_area = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    assert type_area == pytest.approx(156, abs=0.1)


def _style_fonts(styles_xml: str, style_id: str) -> dict[str, str]:
    block = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles_xml, re.S)
    assert block, style_id
    fonts = re.search(r"<w:rFonts ([^>]*)/>", block.group(0))
    assert fonts, f"{style_id} has no w:rFonts"
    return dict(re.findall(r'w:(\w+)="([^"]*)"', fonts.group(1)))


@pytest.mark.parametrize(
    ("style_id", "font"),
    [
        ("Normal", "仿宋_GB2312"),
        ("Title", "方正小标宋简体"),
        ("Heading1", "黑体"),
        ("Heading2", "楷体_GB2312"),
        ("Footer", "宋体"),
    ],
)
def test_styles_name_east_asian_fonts(data, style_id, font):
    fonts = _style_fonts(part_xml(data, "word/styles.xml"), style_id)
    assert fonts["eastAsia"] == font
    assert fonts["ascii"] == font and fonts["hAnsi"] == font
    assert not {"asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"} & set(fonts)


def test_no_theme_fonts_left_anywhere(data):
    for name in part_names(data):
        if name.startswith("word/") and name.endswith(".xml"):
            xml = part_xml(data, name)
            for attr in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
                assert attr not in xml, (name, attr)
    assert "word/stylesWithEffects.xml" not in part_names(data)
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", part_xml(data, "word/styles.xml"))
    assert 'w:eastAsia="仿宋_GB2312"' in defaults.group(0)
    assert 'w:eastAsia="zh-CN"' in defaults.group(0)  # CJK line breaking


def test_every_run_names_its_east_asian_font(data):
    doc = open_docx(data)
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    runs += [r for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert runs
    for r in runs:
        fonts = r._r.rPr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), r.text
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    by_text = {r.text: r for p in doc.paragraphs for r in p.runs}
    assert by_text["一、总体情况"]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert by_text["（一）得分"]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert doc.paragraphs[0].runs[0].font.size.pt == 22
    assert by_text["本轮确认得分71.75分。"].font.size.pt == 16
    assert by_text["结论："].bold


def test_body_line_spacing_and_indent(data):
    doc = open_docx(data)
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= normal.line_spacing.pt <= 29
    assert normal.first_line_indent.pt == pytest.approx(32)  # two 三号 characters
    assert doc.styles["Normal"].font.size.pt == 16
    title = doc.styles["Title"].paragraph_format
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert doc.styles["Heading 1"].font.size.pt == 16
    assert doc.paragraphs[0].text == "兖州区（演示）创建省级创业型城市\n模拟考评报告"
    addressee = next(p for p in doc.paragraphs if p.text == "区人社局：")
    assert addressee.paragraph_format.first_line_indent.pt == 0


def test_footers_carry_a_page_field_odd_right_even_left(data):
    doc = open_docx(data)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        par = footer.paragraphs[0]
        xml = par._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert par.text.startswith("— ") and par.text.endswith(" —")
        assert par.paragraph_format.alignment == align
        assert par.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
        assert par.runs[0].font.size.pt == 14


def test_table_header_repeats_and_widths(data):
    table = open_docx(data).tables[0]
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    for row in table.rows[1:]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
    widths = [c.width.mm for c in table.rows[1].cells]
    assert widths == [pytest.approx(100, abs=0.1), pytest.approx(56, abs=0.1)]
    cell_run = table.rows[1].cells[0].paragraphs[0].runs[0]
    assert cell_run._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert cell_run.font.size.pt == 12
    assert (
        table.rows[0].cells[0].paragraphs[0].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    )


def test_signature_issuer_then_date_right_indented(data):
    doc = open_docx(data)
    issuer, when = doc.paragraphs[-2], doc.paragraphs[-1]
    assert issuer.text == "兖州区创建省级创业型城市工作领导小组办公室"
    assert when.text == "2020年9月15日"
    assert issuer.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # issuer 右空二字; the date starts two characters right of the issuer's first character
    assert issuer.paragraph_format.right_indent.pt == pytest.approx(32)
    issuer_start = 2 + gw.text_width(issuer.text)
    date_start = when.paragraph_format.right_indent.pt / 16 + gw.text_width(when.text)
    assert issuer_start - date_start == pytest.approx(2)


def test_short_issuer_keeps_date_two_characters_from_the_edge():
    doc = gw.new_document()
    gw.add_signature(doc, "区人社局", date(2020, 12, 31))
    issuer, when = doc.paragraphs[-2], doc.paragraphs[-1]
    assert when.paragraph_format.right_indent.pt == pytest.approx(32)
    issuer_start = issuer.paragraph_format.right_indent.pt / 16 + 4
    assert issuer_start - (2 + gw.text_width("2020年12月31日")) == pytest.approx(2)


def test_set_east_asian_font_drops_theme_attributes():
    doc = docx.Document()
    style = doc.styles["Heading 1"]
    before = style.element.rPr.find(f"{W}rFonts")
    assert before.get(f"{W}eastAsiaTheme")  # python-docx's template sets theme fonts
    gw.set_east_asian_font(style, "黑体")
    fonts = style.element.rPr.find(f"{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "黑体"
    assert fonts.get(f"{W}ascii") == "黑体"
    for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
        assert fonts.get(f"{W}{attr}") is None
    run = doc.add_paragraph().add_run("字")
    gw.set_east_asian_font(run, "仿宋_GB2312", latin="Times New Roman")
    fonts = run._r.rPr.find(f"{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert fonts.get(f"{W}ascii") == "Times New Roman"


def test_title_lines_split_after_the_head():
    assert gw.title_lines("短标题") == ["短标题"]
    title = "兖州区（演示）创建省级创业型城市模拟考评报告"
    assert gw.title_lines(title, head="兖州区（演示）创建省级创业型城市") == [
        "兖州区（演示）创建省级创业型城市",
        "模拟考评报告",
    ]
