"""Rows of the scoring table in a .docx or .xlsx, merged cells filled in. Run in the sandbox.

Word: every table of the document, in order (a table split across pages is often two tables
with the header repeated: the caller drops repeated headers). A vertically or horizontally
merged cell gives its text to every grid position it covers. Excel: the first sheet with
content; a merged range gives the top-left value to every cell of the range.
"""

from __future__ import annotations

import io

MAX_ROWS = 2000
MAX_COLS = 30


def _clean(text: object) -> str:
    return "" if text is None else str(text).replace("\r", "").strip()


def docx_rows(data: bytes) -> list[list[str]]:
    import docx

    doc = docx.Document(io.BytesIO(data))
    rows: list[list[str]] = []
    for table in doc.tables:
        for row in table.rows:
            # python-docx repeats a merged cell's object over the grid positions it spans,
            # and gives a vertical merge's continuation the cell above
            rows.append([_clean(c.text) for c in row.cells][:MAX_COLS])
            if len(rows) > MAX_ROWS:
                raise ValueError(f"表格超过 {MAX_ROWS} 行")
    return rows


def xlsx_rows(data: bytes) -> list[list[str]]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLS:
            raise ValueError(f"表格超过 {MAX_ROWS} 行或 {MAX_COLS} 列")
        grid = [
            [_clean(v) for v in row]
            for row in ws.iter_rows(max_col=ws.max_column, values_only=True)
        ]
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    grid[r - 1][c - 1] = top
        if any(any(cell for cell in row) for row in grid):
            return grid
    return []


def read_rows(data: bytes, kind: str) -> list[list[str]]:
    """The table's rows as text: ``kind`` is "docx" or "xlsx" (sniffed by the caller)."""
    return docx_rows(data) if kind == "docx" else xlsx_rows(data)
