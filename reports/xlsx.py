"""Spreadsheets (openpyxl): 整改清单, 材料清单, 得分表 and a generic table.

Every sheet has a bold, frozen header row and an auto filter; column widths follow the text
(a CJK character counts as two); dates are written as dates and points as numbers.
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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.common import owners_for
from reports.inputs import EvidenceRow, GapRow, Owners
from rubric.models import Rubric
from scoring.engine import Scorecard

DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH = 6
MAX_WIDTH = 60
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")

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


def cell_value(value: Any) -> Any:
    """Decimals as exact numbers (ints when whole), dates as dates, the rest as text."""
    if value is None or isinstance(value, bool | int | float | datetime | date):
        return value
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return value.normalize()
    return str(value)


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
) -> None:
    """Fill a worksheet: header row (bold, frozen, filtered), values, column widths."""
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    measured = [display_width(h) for h in headers]
    for row in rows:
        values = [cell_value(v) for v in row]
        ws.append(values)
        for n, value in enumerate(values):
            if n < len(measured):
                longest = max((display_width(p) for p in _text_of(value).split("\n")), default=0)
                measured[n] = max(measured[n], longest)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime | date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str) and display_width(cell.value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, _ in enumerate(headers, start=1):
        width = widths[n - 1] if widths else min(max(measured[n - 1] + 2, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"


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
) -> bytes:
    """One sheet named ``title`` with ``headers`` and ``rows`` (any table, e.g. 抽样清单)."""
    wb, ws = _workbook(title)
    write_sheet(ws, headers, rows, widths)
    return _save(wb)


def gaps_xlsx(rows: Sequence[GapRow]) -> bytes:
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
    )


def evidence_xlsx(rows: Sequence[EvidenceRow]) -> bytes:
    """材料清单."""
    return table_xlsx(
        "材料清单",
        EVIDENCE_HEADERS,
        [[r.requirement, r.title, r.doc_number, r.doc_date, r.department, r.status] for r in rows],
    )


def requirement_status(status: str, lost: Decimal) -> str:
    if status == "unassessed":
        return "待评"
    return "失分" if lost > 0 else "满分"


def scores_xlsx(card: Scorecard, rubric: Rubric, owners: Owners | None = None) -> bytes:
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
    )
    systems = {s.id: s.name for s in card.systems}
    write_sheet(
        wb.create_sheet("按指标"),
        INDICATOR_HEADERS,
        [
            [i.id, i.name, systems.get(i.id.split(".")[0], ""), i.max, i.score, i.lost, i.pending]
            for i in card.indicators
        ],
    )
    write_sheet(
        wb.create_sheet("按体系"),
        SYSTEM_HEADERS,
        [
            *[[s.id, s.name, s.max, s.score, s.lost, s.pending] for s in card.systems],
            ["", "合计", card.max, card.total, card.lost, card.pending],
        ],
    )
    return _save(wb)
