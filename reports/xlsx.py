"""Spreadsheets (openpyxl): 整改清单, 材料清单, 得分表 and a generic table.

Every sheet has a bold, frozen header row and an auto filter; column widths follow the text
(a CJK character counts as two); dates are written as dates and points as numbers. Text is
cleaned on the way out: control characters dropped, and a cell that would start a formula
(= + - @, a tab, a carriage return) is written as text with a leading apostrophe. Sheets print
on landscape A4, one page wide, the header row repeated, with page numbers in the footer; the
exports carry a title row (unit, round, what) and the date.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.common import owners_for
from reports.inputs import EvidenceRow, GapRow, Owners
from reports.sanitize import cell_text
from rubric.models import Rubric
from scoring.engine import Scorecard

DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH = 6
MAX_WIDTH = 60
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_HEIGHT = 15  # points per line of wrapped text

GAP_HEADERS = (
    "要求编号",
    "所属指标",
    "创建要求",
    "失分",
    "待评",
    "失分条款",
    "责任部门",
    "整改期限",
    "状态",
)
EVIDENCE_HEADERS = ("要求编号", "材料标题", "文号", "成文日期", "责任部门", "状态")
SCORE_HEADERS = ("编号", "创建要求", "满分", "得分", "失分", "状态", "责任部门")
SYSTEM_HEADERS = ("编号", "体系", "满分", "得分", "失分", "待评")
INDICATOR_HEADERS = ("编号", "指标", "所属体系", "满分", "得分", "失分", "待评")


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def sheet_title(title: str) -> str:
    """A valid worksheet name: no []:*?/\\, at most 31 characters."""
    clean = re.sub(r"[\[\]:*?/\\]", "", title).strip() or "Sheet"
    return clean[:31]


def safe_text(text: str) -> str:
    """Text for a cell: control characters dropped; formula-like text behind an apostrophe."""
    return cell_text(text)


def cell_value(value: Any) -> Any:
    """Decimals as exact numbers (ints when whole), dates as dates, the rest as safe text."""
    if value is None or isinstance(value, bool | int | float | datetime | date):
        return value
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return value.normalize()
    return safe_text(str(value))


def _text_of(value: Any) -> str:
    if isinstance(value, datetime | date):
        return "2020-12-31"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def write_sheet(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float] | None = None,
    title: str | None = None,
    dated: date | None = None,
) -> None:
    """Fill a worksheet: optional title and date rows, header row (bold, frozen, filtered,
    repeated on every printed page), values in bordered top-aligned cells, column widths, row
    heights that show wrapped text, and the print setup."""
    top = 1
    if title:
        ws.append([safe_text(title)])
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.append([f"导出日期：{dated.year}年{dated.month}月{dated.day}日" if dated else ""])
        top = 3
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(list(headers))
    for cell in ws[top]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    measured = [display_width(h) for h in headers]
    for row in rows:
        values = [cell_value(v) for v in row]
        ws.append(values)
        for n, value in enumerate(values):
            if n < len(measured):
                longest = max((display_width(p) for p in _text_of(value).split("\n")), default=0)
                measured[n] = max(measured[n], longest)
    final = [
        widths[n] if widths else min(max(measured[n] + 2, MIN_WIDTH), MAX_WIDTH)
        for n in range(len(headers))
    ]
    for n, width in enumerate(final, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    for cells in ws.iter_rows(min_row=top + 1):
        lines = 1
        for cell in cells:
            cell.border = BOX
            if isinstance(cell.value, datetime | date):
                cell.number_format = DATE_FORMAT
            wrap = isinstance(cell.value, str)
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            if wrap and cell.column <= len(final):
                per_line = max(final[cell.column - 1] - 1, 1)
                need = sum(
                    max(1, -(-display_width(p) // int(per_line))) for p in cell.value.split("\n")
                )
                lines = max(lines, need)
        ws.row_dimensions[cells[0].row].height = LINE_HEIGHT * lines + 3
    ws.freeze_panes = f"A{top + 1}"
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{top}:{last}{max(ws.max_row, top)}"
    print_setup(ws, top)


def print_setup(ws: Worksheet, header_row: int = 1) -> None:
    """Landscape A4, one page wide, the header row on every page, 第N页 共M页 in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"${header_row}:${header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _workbook(title: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    wb.properties.creator = "创业型城市创建评估系统"
    wb.properties.title = title
    ws = wb.active
    ws.title = sheet_title(title)
    return wb, ws


def table_xlsx(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float] | None = None,
    heading: str | None = None,
    dated: date | None = None,
) -> bytes:
    """One sheet named ``title`` with ``headers`` and ``rows`` (any table, e.g. 抽样清单);
    ``heading`` adds a title row and the export date above the header."""
    wb, ws = _workbook(title)
    write_sheet(ws, headers, rows, widths, title=heading, dated=dated)
    return _save(wb)


def gaps_xlsx(rows: Sequence[GapRow], title: str | None = None, dated: date | None = None) -> bytes:
    """整改清单 (rows from ``services.rounds.overview.gap_rows``, or ``reports.common.gap_rows``
    for a findings file)."""
    return table_xlsx(
        "整改清单",
        GAP_HEADERS,
        [
            [
                r.requirement,
                r.indicator,
                r.text,
                r.lost,
                r.pending,
                r.clauses,
                r.departments,
                r.due,
                r.status,
            ]
            for r in rows
        ],
        heading=title,
        dated=dated,
    )


def evidence_xlsx(
    rows: Sequence[EvidenceRow], title: str | None = None, dated: date | None = None
) -> bytes:
    """材料清单."""
    return table_xlsx(
        "材料清单",
        EVIDENCE_HEADERS,
        [[r.requirement, r.title, r.doc_number, r.doc_date, r.department, r.status] for r in rows],
        heading=title,
        dated=dated,
    )


def requirement_status(status: str, lost: Decimal) -> str:
    if status == "unassessed":
        return "待评"
    return "失分" if lost > 0 else "满分"


def scores_xlsx(
    card: Scorecard,
    rubric: Rubric,
    owners: Owners | None = None,
    title: str | None = None,
    dated: date | None = None,
) -> bytes:
    """得分表: by requirement, by indicator and by system, with a 合计 line for the systems."""
    owners = owners or {}
    reqs = rubric.requirement_index()
    wb, ws = _workbook("按创建要求")
    wb.properties.title = "得分表"
    write_sheet(
        ws,
        SCORE_HEADERS,
        [
            [
                r.id,
                reqs[r.id].requirement if r.id in reqs else "",
                r.max,
                r.score,
                r.lost,
                requirement_status(r.status, r.lost),
                "、".join(a.department for a in owners_for(owners, card, r.id)),
            ]
            for r in card.requirements
        ],
        title=title,
        dated=dated,
    )
    systems = {s.id: s.name for s in card.systems}
    write_sheet(
        wb.create_sheet("按指标"),
        INDICATOR_HEADERS,
        [
            [i.id, i.name, systems.get(i.id.split(".")[0], ""), i.max, i.score, i.lost, i.pending]
            for i in card.indicators
        ],
        title=title,
        dated=dated,
    )
    write_sheet(
        wb.create_sheet("按体系"),
        SYSTEM_HEADERS,
        [
            *[[s.id, s.name, s.max, s.score, s.lost, s.pending] for s in card.systems],
            ["", "合计", card.max, card.total, card.lost, card.pending],
        ],
        title=title,
        dated=dated,
    )
    return _save(wb)
