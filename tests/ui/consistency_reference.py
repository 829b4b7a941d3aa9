"""The reference of the consistency test (tests/ui/test_consistency.py): what the round's state
says, and how each surface's text is read back (dates, points, tables, sheets)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
from docx.table import Table
from docx.text.paragraph import Paragraph

from reports.inputs import Assignee
from reports.wording import owners_text
from scoring.report import num
from tests.reports.helpers import body_items, open_docx, table_rows

CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def cn_date(text: str) -> dt.date | None:
    m = CN_DATE.search(text or "")
    return dt.date(*map(int, m.groups())) if m else None


def iso_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def points(text) -> Decimal:
    """'0.5 分', '0.5', '—', '' or a number -> Decimal."""
    if text is None or text in ("", "—", "-"):
        return Decimal(0)
    return Decimal(str(text).replace("分", "").strip())


def expected_items(state) -> dict[str, dict]:
    return {
        i.requirement: {
            "departments": {o.department for o in i.owners},
            "due": {o.department: o.due for o in i.owners},
            "lost": i.lost,
            "pending": i.pending,
        }
        for i in state.gaps
    }


def expected_counts(state) -> dict[str, tuple[int, int]]:
    """department -> (requirements it answers for, open ones)."""
    out: dict[str, list[int]] = {}
    for i in state.items:
        for o in i.owners:
            row = out.setdefault(o.department, [0, 0])
            row[0] += 1
            row[1] += i.is_gap
    return {k: (v[0], v[1]) for k, v in out.items()}


def owners_cell(item) -> str:
    """The 责任单位 a document prints for a requirement, from the round's state."""
    return owners_text([Assignee(o.department, o.role_label) for o in item.owners])


def doc_tables(data: bytes):
    return [table_rows(t) for t in open_docx(data).tables]


def annex_tables(data: bytes) -> list[list[list[str]]]:
    """The tables after 附件1: where the 简报 keeps its full lists."""
    doc = open_docx(data)
    items = list(body_items(doc))
    start = next(n for n, x in enumerate(items) if isinstance(x, Paragraph) and x.text == "附件1")
    assert not [x for x in items[:start] if isinstance(x, Table)], "the body holds no table"
    return [table_rows(x) for x in items[start:] if isinstance(x, Table)]


def sheet(data: bytes, title: str | None = None):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[title] if title else wb.active
    rows = list(ws.iter_rows(values_only=True))
    head = next(n for n, r in enumerate(rows) if r and r[0] in ("要求编号", "编号"))
    return [dict(zip(rows[head], r, strict=False)) for r in rows[head + 1 :] if r and r[0]]


def _plain(value):
    if isinstance(value, Decimal):
        return num(value)
    return list(value) if isinstance(value, tuple) else value


def findings_file(state, path: Path) -> Path:
    """The round's findings as a findings file (rubric, unassessed, findings) for `pioneer score`."""
    data = {
        "rubric": state.rubric.id,
        "unassessed": sorted(state.findings.unassessed),
        "findings": {rule: _plain(v) for rule, v in state.findings.values.items()},
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
