"""The 版记 at the foot of the last page never covers the text: when a table fills the last
page, the 版记 moves to a page of its own (rendered by LibreOffice, read back with pdftotext)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from reports import frame
from reports import gongwen as gw

from .pdf_helpers import pdf_pages, render_pdfs, require, words

FOOT = (297 - 35) / 25.4 * 72  # the bottom of the type area, points from the top of the page
ROWS = range(21, 29)  # from a table ending well above the 版记 to one running past the page


def with_table(rows: int) -> bytes:
    def annex(doc) -> None:
        gw.add_table(
            doc, ["序号", "事项"], [[n, f"第{n}项整改事项"] for n in range(1, rows + 1)], [20, 136]
        )

    return frame.render(
        frame.Gongwen(
            title="关于做好整改工作的通知",
            issuer="测试区创建工作领导小组办公室",
            issued_on=date(2026, 12, 1),
            body=lambda d: gw.add_body(d, "请按附件所列事项抓好整改。"),
            mark="测试区创建工作领导小组办公室文件",
            number="测创办发〔2026〕1号",
            addressee="区人社局",
            annexes=[frame.Annex("整改事项清单", annex)],
            cc=("市创建办",),
        )
    )


def test_record_rules_are_those_of_the_standard():
    """GB/T 9704 7.4.1: first and last rules 0.35 mm (w:sz 8 eighths of a point), the rules
    between them 0.25 mm (sz 6); no side rules; the table 151 mm (see frame.add_record)."""
    doc = Document(io.BytesIO(with_table(3)))
    tbl = next(t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is not None)
    borders = tbl._tbl.tblPr.find(qn("w:tblBorders"))
    got = {b.tag.split("}")[1]: (b.get(qn("w:val")), b.get(qn("w:sz"))) for b in borders}
    assert got == {
        "top": ("single", "8"),
        "bottom": ("single", "8"),
        "insideH": ("single", "6"),
        "left": ("nil", None),
        "right": ("nil", None),
    }
    assert round(0.35 / 25.4 * 72 * 8) == 8 and round(0.25 / 25.4 * 72 * 8) == 6
    width = tbl._tbl.tblPr.find(qn("w:tblW"))
    assert (width.get(qn("w:type")), width.get(qn("w:w"))) == ("dxa", str(round(151 / 25.4 * 1440)))
    assert len(tbl.rows) == 2  # 抄送, then 印发机关 and 印发日期: one rule between them


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    require("soffice", "pdftotext")
    files = {f"r{n}": with_table(n) for n in ROWS}
    return render_pdfs(files, tmp_path_factory.mktemp("record"))


@pytest.mark.slow
@pytest.mark.parametrize("rows", ROWS)
def test_record_sits_clear_at_the_foot_of_the_last_page(pdfs, rows):
    pdf = pdfs[f"r{rows}"]
    last = pdf_pages(pdf)
    page = words(pdf, last)
    cc = min(w.y0 for w in page if w.text.startswith("抄送"))
    printed = max(w.y1 for w in page if w.text.endswith("印发"))
    assert FOOT - 40 < printed <= FOOT + 2, "the 版记's last line is the last line of the page"
    lines = {round(w.y0) for w in page if w.text.startswith("抄送") or w.text.endswith("印发")}
    text = [w.y1 for w in page if w.y0 < FOOT and all(abs(w.y0 - y) > 3 for y in lines)]
    assert max(text, default=0) < cc - 8, (
        f"{rows} rows: the table reaches {max(text):.0f} pt, the 版记 starts at {cc:.0f} pt"
    )
    # no row of the list is lost under the 版记 or left off
    flat = "".join(w.text for n in range(1, last + 1) for w in words(pdf, n))
    assert f"第{rows}项整改事项" in flat
