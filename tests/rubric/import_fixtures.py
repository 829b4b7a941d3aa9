"""The test fixtures of the importer, built from hand encodings' verbatim cells: 附件2 of seed 003
as a Word table with merged 体系/指标 cells and as a flat Excel sheet; a flat table (镇江) in its
published layout, as a Word table with merged cells and as an Excel sheet."""

from __future__ import annotations

import io

import docx
import openpyxl

from rubric import Rubric

CN = "一二三四五六七八九十"
HEADER = ["创建标准", "创建标准", "创建要求", "评分办法", "责任部门"]


def table_rows(r: Rubric) -> list[list[str]]:
    """One row per requirement; a flat table (no departments) gives its 分值 instead."""
    rows = []
    for n, s in enumerate(r.systems):
        for i in s.indicators:
            for q in i.requirements:
                if q.status == "missing":
                    continue
                last = "、".join(q.departments) or format(q.weight.normalize(), "f")
                rows.append(
                    [
                        f"{CN[n]}、{s.name}（{s.points.normalize():f}分）",
                        f"{i.name}（{i.points.normalize():f}分）",
                        q.requirement,
                        q.scoring,
                        last,
                    ]
                )
    return rows


def last_header(r: Rubric) -> str:
    return "责任部门" if any(q.departments for q in r.requirements()) else "分值"


def yanzhou_docx(r: Rubric, split_at: int | None = 20) -> bytes:
    """Merged cells for 体系 and 指标 and for the 创建标准 header; split in two tables (pages)."""
    rows = table_rows(r)
    d = docx.Document()
    parts = [rows[:split_at], rows[split_at:]] if split_at else [rows]
    for part in parts:
        t = d.add_table(rows=len(part) + 1, cols=5)
        for c, h in enumerate(HEADER[:4] + [last_header(r)]):
            t.cell(0, c).text = h
        t.cell(0, 0).merge(t.cell(0, 1))
        t.cell(0, 0).text = "创建标准"
        for k, row in enumerate(part, start=1):
            for c in (2, 3, 4):
                t.cell(k, c).text = row[c]
        for col in (0, 1):  # merge runs of the same 体系 / 指标 text
            start = 1
            for k in range(2, len(part) + 2):
                if (
                    k == len(part) + 1
                    or part[k - 1][col] != part[start - 1][col]
                    or (col == 1 and part[k - 1][0] != part[start - 1][0])
                ):
                    cell = t.cell(start, col)
                    if k - 1 > start:
                        cell = cell.merge(t.cell(k - 1, col))
                    cell.text = part[start - 1][col]
                    start = k
        d.add_page_break()
    return _saved(d)


def _saved(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _sheet(header: list[str], rows: list[list[str]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    return _saved(wb)


def yanzhou_xlsx(r: Rubric) -> bytes:
    """The same table without merged cells: 体系 and 指标 repeated on every row."""
    return _sheet(["项目", "指标", "创建要求", "评分办法", last_header(r)], table_rows(r))


# -- the published layout of a flat table (镇江 充分就业辖市(区) 创建和考核标准) --------------------

FLAT_HEADER = ["项目", "序号", "创 建 标 准", "评分标准及依据", "分值"]
BONUS_HEADER = ["加 分 项 目", "加分标准和依据"]


def _pts(d) -> str:
    return f"{d.normalize():f}分"


def flat_rows(r: Rubric) -> list[list[str]]:
    """The rows as published: 项目 「name\\nN分」 beside each item, 序号, 创建标准, 评分标准及依据,
    分值 「N分」; a 小计 row after the main sections; the 加分 section under its own sub-header
    (no 分值 per item, the cap in the 项目 cell), its 小计 and the 总计. Parts not received are
    left out, as in a table received in part."""
    rows: list[list[str]] = []
    main = [s for s in r.systems if not s.bonus and s.status != "missing"]
    for s in main:
        for q in s.indicators[0].requirements:
            if q.status != "missing":
                label = f"{s.name}\n{_pts(s.points)}"
                rows.append([label, q.label, q.requirement, q.scoring, _pts(q.weight)])
    rows.append(["小计", "小计", "小计", "小计", _pts(r.total)])
    for s in (s for s in r.systems if s.bonus):
        label = f"{s.name}\n累计不得\n超过\n{_pts(s.cap)}"
        rows.append([label, *BONUS_HEADER[:1] * 2, *BONUS_HEADER[1:] * 2])
        for q in s.indicators[0].requirements:
            rows.append([label, q.label, q.requirement, q.scoring, ""])
        rows.append(["小计", "小计", "小计", "小计", _pts(s.cap)])
    rows.append(["总计", "总计", "总计", "总计", _pts(r.max_score)])
    return rows


def flat_docx(r: Rubric) -> bytes:
    """One Word table: 项目 merged down each section; 小计/总计 rows and the 加分 sub-header
    merged across; a 加分 item's 评分标准 merged over the 分值 column it has none of."""
    rows = flat_rows(r)
    d = docx.Document()
    t = d.add_table(rows=len(rows) + 1, cols=5)
    for c, h in enumerate(FLAT_HEADER):
        t.cell(0, c).text = h
    for k, row in enumerate(rows, start=1):
        if row[0] in ("小计", "总计"):
            t.cell(k, 0).merge(t.cell(k, 3)).text = row[0]
            t.cell(k, 4).text = row[4]
            continue
        if row[1] == BONUS_HEADER[0]:
            t.cell(k, 1).merge(t.cell(k, 2)).text = row[1]
            t.cell(k, 3).merge(t.cell(k, 4)).text = row[3]
            continue
        for c in (1, 2, 3):
            t.cell(k, c).text = row[c]
        if not row[4]:
            t.cell(k, 3).merge(t.cell(k, 4)).text = row[3]
        else:
            t.cell(k, 4).text = row[4]
    start = 1
    for k in range(2, len(rows) + 2):  # merge runs of the same 项目 text
        if k == len(rows) + 1 or rows[k - 1][0] != rows[start - 1][0]:
            if rows[start - 1][0] not in ("小计", "总计"):
                cell = t.cell(start, 0)
                if k - 1 > start:
                    cell = cell.merge(t.cell(k - 1, 0))
                cell.text = rows[start - 1][0]
            start = k
    return _saved(d)


def flat_xlsx(r: Rubric) -> bytes:
    """The same rows in a sheet without merged cells (项目 repeated on every row)."""
    return _sheet(FLAT_HEADER, flat_rows(r))
