"""Text of .docx (document order, tables) and .xlsx (per sheet)."""

import datetime as dt
import io

import pytest

from evidence import inspect_bytes
from evidence.office_text import _calamine_sheets, _openpyxl_sheets, docx_page_texts
from tests.evidence.evidence_builders import notice_docx


def test_docx_paragraphs_and_table_cells_in_document_order():
    import docx

    document = docx.Document()
    document.add_paragraph("一、领导小组组成")
    table = document.add_table(rows=3, cols=2)
    for r, (role, who) in enumerate(
        [("组长", "王某某"), ("副组长", "李某某"), ("成员", "区财政局")]
    ):
        table.cell(r, 0).text = role
        table.cell(r, 1).text = who
    merged = table.cell(2, 0).merge(table.cell(2, 1))  # merged cell: its text once
    merged.text = "成员单位：区财政局、区统计局"
    nested = table.cell(0, 1).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "嵌套表格内容"
    document.add_paragraph("二、领导小组职责")
    buffer = io.BytesIO()
    document.save(buffer)

    inspection = inspect_bytes(buffer.getvalue(), "名单.docx", sandbox=False)
    text = inspection.texts[0]
    order = [
        "领导小组组成",
        "组长",
        "王某某",
        "嵌套表格内容",
        "副组长",
        "李某某",
        "成员单位",
        "领导小组职责",
    ]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)
    assert text.count("成员单位：区财政局、区统计局") == 1  # as written: the full-width colon
    # the index copy is NFKC: full-width colon → ':'
    assert inspection.index_texts[0].count("成员单位:区财政局、区统计局") == 1
    assert "| 副组长 | 李某某 |" in text


def test_docx_hard_page_break_starts_a_new_page():
    pages = docx_page_texts(notice_docx(page_break_after=2))
    assert len(pages) == 2
    assert pages[0].endswith("关于成立济宁市兖州区创建省级创业型城市工作领导小组的通知")
    assert pages[1].startswith("各镇人民政府")


def test_docx_sandboxed_result_matches_in_process():
    data = notice_docx(table=[["组长", "王某某"]])
    assert inspect_bytes(data, "a.docx") == inspect_bytes(data, "a.docx", sandbox=False)


def _workbook_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "创业培训台账"
    sheet.append(["姓名", "培训日期", "补贴金额", "合格"])
    sheet.append(["张三", dt.datetime(2020, 5, 6), 1200.0, True])
    sheet.append(["李四", dt.datetime(2020, 5, 7), 1250.5, False])
    other = book.create_sheet("满意度调查")
    other["B3"] = "满意度"
    other["C3"] = 0.85
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_cell_values_per_sheet():
    inspection = inspect_bytes(_workbook_bytes(), "台账.xlsx", sandbox=False)
    assert inspection.kind == "xlsx" and inspection.pages == 2
    first, second = inspection.texts
    assert first.splitlines()[0] == "【创业培训台账】"
    assert "| 张三 | 2020-05-06 | 1200 | 是 |" in first
    assert "| 李四 | 2020-05-07 | 1250.5 | 否 |" in first
    assert "| 满意度 | 0.85 |" in second


@pytest.mark.parametrize("reader", [_calamine_sheets, _openpyxl_sheets])
def test_both_xlsx_readers_agree(reader):
    texts = reader(_workbook_bytes())
    assert texts == _calamine_sheets(_workbook_bytes())
    assert "张三" in texts[0]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _minimal_docx(body: str) -> bytes:
    from tests.evidence.evidence_builders import docx_package

    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document = f'<w:document xmlns:w="{_W}" xmlns:mc="{_MC}"><w:body>{body}</w:body></w:document>'
    return docx_package(
        {"_rels/.rels": rels.encode(), "word/document.xml": document.encode()}, content_types
    )


def test_docx_text_box_read_once_and_tab_stops_ignored():
    body = (
        "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
        "<w:r><w:t>正文开始</w:t><w:tab/><w:t>同一段</w:t></w:r>"
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>文本框里的领导小组</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        "<w:p><w:r><w:t>文本框里的领导小组</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>内容控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    # one tab (the run's, not the tab-stop definition), the text box once, the content control
    assert docx_page_texts(_minimal_docx(body)) == [
        "正文开始\t同一段\n文本框里的领导小组\n内容控件中的段落"
    ]
    inspection = inspect_bytes(_minimal_docx(body), "a.docx", sandbox=False)
    assert inspection.texts[0] == "正文开始同一段\n文本框里的领导小组\n内容控件中的段落"
    assert inspection.index_texts[0] == "正文开始同一段文本框里的领导小组内容控件中的段落"
