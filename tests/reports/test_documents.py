"""Every kind of document shares the 公文 page: margins, fonts on every run, footers, tables."""

from __future__ import annotations

from datetime import date

import pytest
from docx.oxml.ns import qn

from reports import BulletinInput, NoticeInput, build_bulletin, build_notice

from .conftest import ISSUED, ISSUER, UNIT
from .helpers import open_docx, part_xml

MARGINS = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}


@pytest.fixture(scope="module")
def documents(assessment_bytes, rubric, card) -> dict[str, bytes]:
    notice = build_notice(
        NoticeInput(UNIT, ISSUER, ISSUED, "兖创办发〔2020〕6号", "区人社局", rubric, card)
    )
    bulletin = build_bulletin(
        BulletinInput(
            UNIT,
            ISSUER,
            ISSUED,
            1,
            date(2020, 9, 1),
            date(2020, 9, 15),
            rubric,
            card,
            overdue=[("1.2.1", "区人社局", date(2020, 9, 1))],
        )
    )
    return {"assessment": assessment_bytes, "notice": notice, "bulletin": bulletin}


KINDS = ["assessment", "notice", "bulletin"]


@pytest.mark.parametrize("kind", KINDS)
def test_margins(documents, kind):
    section = open_docx(documents[kind]).sections[0]
    for attr, mm in MARGINS.items():
        assert getattr(section, attr).mm == pytest.approx(mm, abs=0.1), attr
    assert section.page_width.mm == pytest.approx(210, abs=0.1)


@pytest.mark.parametrize("kind", KINDS)
def test_runs_name_east_asian_fonts_and_no_theme_fonts(documents, kind):
    data = documents[kind]
    doc = open_docx(data)
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    runs += [r for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    fonts = {r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs}
    assert None not in fonts
    assert {"仿宋_GB2312", "黑体", "方正小标宋简体"} <= fonts
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
        xml = part_xml(data, part)
        assert "eastAsiaTheme" not in xml and "asciiTheme" not in xml, part
    assert 'w:styleId="Normal"' in part_xml(data, "word/styles.xml")


@pytest.mark.parametrize("kind", KINDS)
def test_footers_and_table_headers(documents, kind):
    doc = open_docx(documents[kind])
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        assert " PAGE " in footer.paragraphs[0]._p.xml
    assert doc.tables
    for table in doc.tables:
        if table._tbl.tblPr.find(qn("w:tblpPr")) is not None:
            continue  # the 版记 at the foot of the last page
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_heading_fonts_in_the_report(assessment_bytes):
    doc = open_docx(assessment_bytes)
    h1 = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    h2 = [p for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert [p.text for p in h1] == [
        "一、总体情况",
        "二、主要问题",
        "三、整改建议",
        "四、下一步工作",
        "一、评分方法",
        "二、数据指标及来源",
    ]
    for p in h1:
        assert p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
        assert p.runs[0].font.size.pt == 16
    assert h2
    for p in h2:
        assert p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
