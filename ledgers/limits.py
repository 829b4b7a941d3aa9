"""Limits for an uploaded ledger or survey file, checked before any spreadsheet library parses it.

A 4.9 KB .xlsx with one cell at XFD1048576 makes calamine allocate the whole used range
(1,048,576 × 16,384 cells, 512 GiB) and abort the process. So, before parsing:

- the file size;
- for .xlsx: the zip members (count, declared and real sizes, ratio), then every worksheet's
  XML is streamed once: its declared ``<dimension>`` and the largest row and column that any
  ``<row r=…>`` / ``<c r=…>`` names, against a row cap, a column cap and a cell-area cap;
- for .csv: the number of lines.

``read_sheets_checked`` is what the sandbox runs (``services.ledgers.reading``): the checks,
then the parse, then the cell-size cap. Each refusal is an ``IntakeRefused`` with a Chinese
message; so is a ``LedgerReadError`` of the parse, so the sandbox passes its text through.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass

from evidence.errors import IntakeRefused, human_size
from ledgers.errors import LedgerReadError

MiB = 1024 * 1024
_CHUNK = 256 * 1024
_TAIL = 64  # bytes kept between chunks so that a tag split over two chunks is still seen
_RATIO_FLOOR = MiB
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Za-z$]*)\$?(\d*)(?::\$?([A-Za-z]+)\$?(\d+))?"'
)
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Za-z]{1,4})(\d+)"')
_EXCEL_MAX_COLUMN = 16384


@dataclass(frozen=True)
class LedgerLimits:
    """Caps for one ledger/survey file. ``max_rows`` may be set by ``PIONEER_LEDGER_MAX_ROWS``."""

    max_bytes: int = 50 * MiB
    max_rows: int = 200_000
    max_columns: int = 200
    max_cells: int = 6_000_000  # rows × columns of the area a parser fills in
    max_cell_chars: int = 10_000
    max_zip_members: int = 500
    max_unzipped_bytes: int = 600 * MiB
    max_member_ratio: int = 200
    parse_seconds: float = 180
    parse_memory_mb: int = 1536

    @classmethod
    def from_env(cls) -> LedgerLimits:
        rows = os.environ.get("PIONEER_LEDGER_MAX_ROWS", "").strip()
        return cls(max_rows=int(rows)) if rows.isdigit() and int(rows) > 0 else cls()


def _refuse(code: str, message: str, detail: str | None = None) -> IntakeRefused:
    return IntakeRefused(code, message, detail=detail)


def column_number(letters: bytes | str) -> int:
    """1-based column number of Excel letters (A -> 1, XFD -> 16384)."""
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        n = n * 26 + ord(ch) - 64
    return n


def _check_area(rows: int, columns: int, where: str, limits: LedgerLimits) -> None:
    if rows > limits.max_rows + 50:  # a few header and note rows above the data are normal
        raise _refuse(
            "too_many_rows",
            f"{where}有 {rows:,} 行，超过每个文件 {limits.max_rows:,} 行的上限，"
            "请按年度或季度拆分成几个文件分别导入",
        )
    if columns > limits.max_columns:
        raise _refuse(
            "too_many_columns",
            f"{where}用到第 {columns:,} 列，超过 {limits.max_columns} 列的上限。"
            "请删除表格右侧的空白列或无关内容后另存再导入",
        )
    if rows * columns > limits.max_cells:
        raise _refuse(
            "too_many_cells",
            f"{where}的数据区域为 {rows:,} 行 × {columns} 列，超过 {limits.max_cells:,} 个单元格的上限，"
            "请删除空白行列或拆分文件后再导入",
        )


def _size(data: bytes, name: str, limits: LedgerLimits) -> None:
    if len(data) > limits.max_bytes:
        raise _refuse(
            "too_large",
            f"文件“{name}”大小为 {human_size(len(data))}，超过 {human_size(limits.max_bytes)} 的上限，"
            "请拆分后分别导入",
        )


def _bomb(name: str, total: int, packed: int) -> IntakeRefused:
    return _refuse(
        "zip_bomb",
        f"文件“{name}”解压后约 {human_size(total)}（压缩比 {total / max(packed, 1):.0f}:1），"
        "内容异常，疑似压缩炸弹，已拒收。请用 Excel 打开后另存为 .xlsx 再导入",
    )


def _scan_sheet(member, info: zipfile.ZipInfo, name: str, budget: list[int], lim: LedgerLimits):
    """Stream one worksheet part: declared dimension, largest row and column named."""
    where = f"文件“{name}”的工作表（{info.filename.rsplit('/', 1)[-1]}）"
    max_row = max_col = produced = 0
    tail = b""
    first = True
    while chunk := member.read(_CHUNK):
        produced += len(chunk)
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise _bomb(name, lim.max_unzipped_bytes, info.compress_size)
        if produced > _RATIO_FLOOR and produced > lim.max_member_ratio * max(info.compress_size, 1):
            raise _bomb(name, produced, info.compress_size)
        text = tail + chunk
        if first:
            first = False
            dim = _DIMENSION.search(text[:8192])
            if dim and dim.group(3):
                _check_area(int(dim.group(4)), column_number(dim.group(3)), where, lim)
        for m in _ROW.finditer(text):
            max_row = max(max_row, int(m.group(1)))
        for m in _CELL.finditer(text):
            max_col = max(max_col, column_number(m.group(1)))
            max_row = max(max_row, int(m.group(2)))
        if max_row or max_col:
            _check_area(max_row, max_col, where, lim)
        tail = text[-_TAIL:]


def check_xlsx(data: bytes, name: str, limits: LedgerLimits) -> None:
    """Zip structure and worksheet extents of an .xlsx, without parsing it as a workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(
            "corrupt", f"文件“{name}”已损坏或不是Excel文件，请用Excel打开确认后另存为.xlsx"
        ) from None
    if len(infos) > limits.max_zip_members:
        raise _refuse(
            "zip_bomb",
            f"文件“{name}”内部包含 {len(infos)} 个部件，超过上限 {limits.max_zip_members}，"
            "疑似异常文件，已拒收",
        )
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unzipped_bytes:
        raise _bomb(name, declared, sum(i.compress_size for i in infos))
    budget = [limits.max_unzipped_bytes]
    with archive:
        for info in infos:
            if not info.filename.lower().startswith("xl/worksheets/") or info.is_dir():
                continue
            try:
                with archive.open(info) as member:
                    _scan_sheet(member, info, name, budget, limits)
            except IntakeRefused:
                raise
            except RuntimeError:  # encrypted member
                raise _refuse("encrypted", f"文件“{name}”设置了密码，请取消密码后再导入") from None
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
                raise _refuse(
                    "corrupt", f"文件“{name}”已损坏或不完整，请用Excel打开后另存为.xlsx再导入"
                ) from None


def check_ledger_file(data: bytes, name: str, limits: LedgerLimits) -> None:
    """Every check that can be made before a parser sees the bytes."""
    _size(data, name, limits)
    if data.startswith(b"PK\x03\x04"):
        check_xlsx(data, name, limits)
    elif not data.startswith(b"\xd0\xcf\x11\xe0"):  # text: csv/tsv
        lines = data.count(b"\n")
        if lines > limits.max_rows + 50:
            _check_area(lines, 1, f"文件“{name}”", limits)


def read_sheets_checked(data: bytes, name: str, limits: LedgerLimits) -> list[list]:
    """The sandbox's entry: checks, parse, cell caps. Returns ``[[sheet name, rows], ...]``."""
    from ledgers.read import read_sheets

    check_ledger_file(data, name, limits)
    try:
        sheets = read_sheets(data, filename=name)
    except LedgerReadError as exc:
        raise _refuse("ledger", str(exc)) from None
    for sheet in sheets:
        where = f"工作表“{sheet.name}”"
        width = max((len(r) for r in sheet.rows), default=0)
        _check_area(len(sheet.rows), width, where, limits)
        for i, row in enumerate(sheet.rows):
            for j, cell in enumerate(row):
                if len(cell) > limits.max_cell_chars:
                    raise _refuse(
                        "cell_too_long",
                        f"{where}第 {i + 1} 行第 {j + 1} 列有 {len(cell):,} 个字符，"
                        f"超过每个单元格 {limits.max_cell_chars:,} 字的上限，请检查该单元格",
                    )
    return [[s.name, s.rows] for s in sheets]
