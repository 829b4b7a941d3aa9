"""材料目录.xlsx: every bound document with its binder and page, and the 缺失材料."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from reports.binder.model import clean
from reports.gwstyles import cn_date
from reports.sanitize import cell_text

INDEX_HEADERS = (
    "汇编文件",
    "体系",
    "指标",
    "创建要求",
    "材料标题",
    "文号",
    "成文日期",
    "责任单位",
    "起始页",
    "页数",
)
MISSING_HEADERS = ("汇编文件", "体系", "创建要求", "材料", "责任单位", "状态", "说明")
WIDTHS = {"汇编文件": 22, "创建要求": 40, "材料标题": 40, "材料": 40, "说明": 30}


def text_cell(value: object) -> object:
    """User text as a cell: cleaned, and never taken for a formula (apostrophe prefix)."""
    if isinstance(value, int):
        return value
    return cell_text(clean(value))


def _sheet(ws, title: str, headers: Sequence[str], rows: list[Sequence[object]]) -> None:
    ws.title = title
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        ws.append([text_cell(v) for v in row])
    for n, name in enumerate(headers):
        ws.column_dimensions[chr(ord("A") + n)].width = WIDTHS.get(name, 14)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def index_xlsx(index: list[dict], missing: list[dict]) -> bytes:
    wb = Workbook()
    wb.properties.creator = "创业型城市创建评估系统"
    rows = [
        (
            r["binder"],
            r["system"],
            r["indicator"],
            r["requirement"],
            r["title"],
            r["doc_number"],
            cn_date(r["doc_date"]) if r["doc_date"] else "",
            r["department"],
            r["page"],
            r["pages"],
        )
        for r in index
    ]
    _sheet(wb.active, "材料目录", INDEX_HEADERS, rows)
    gaps = [
        (
            m["binder"],
            m["system"],
            m["requirement"],
            m["title"],
            m["department"],
            m["status"],
            m["reason"],
        )
        for m in missing
    ]
    _sheet(wb.create_sheet(), "缺失材料", MISSING_HEADERS, gaps)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
