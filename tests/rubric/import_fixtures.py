"""附件2 of seed 003 as a Word table with merged 体系/指标 cells and as a flat Excel sheet,
built from the Yanzhou rubric's verbatim cells (the test fixtures of the importer)."""

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
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def yanzhou_xlsx(r: Rubric) -> bytes:
    """The same table without merged cells: 体系 and 指标 repeated on every row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "指标", "创建要求", "评分办法", last_header(r)])
    for row in table_rows(r):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
