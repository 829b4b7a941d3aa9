"""Read xlsx/xls/csv files into rows of strings and locate a ledger's header row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from ledgers.errors import LedgerReadError
from ledgers.kinds import HeaderMatch, LedgerKind, apply_mapping, get_kind, match_headers

HEADER_SCAN_ROWS = 10
Source = str | os.PathLike | bytes | BinaryIO

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # rows[i] is sheet row i + 1


@dataclass
class Table:
    """A ledger sheet after its header row was found: data rows as strings."""

    kind: LedgerKind = field(repr=False)
    headers: list[str]
    header_row: int  # 1-based, as Excel shows it
    rows: list[list[str]]  # non-blank data rows, padded to the header width
    row_numbers: list[int]  # 1-based sheet row of each data row
    match: HeaderMatch
    source: str = ""
    sheet: str = ""
    blank_rows: int = 0  # fully blank rows below the header, not counted as data

    def with_mapping(self, mapping: dict[str, int]) -> Table:
        """The same table with a user-confirmed column mapping (canonical -> 0-based column)."""
        return replace(self, match=apply_mapping(self.headers, self.kind, mapping))


def cell_text(value: object) -> str:
    """One cell as text. Dates become ISO dates; integral floats lose their '.0'; numbers of 15
    digits and more are shown as Excel shows them (3.70882199001011E+17), since their last digits
    are already lost and an identity number stored like that must be recognisable as such."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer():
            return str(int(value)) if abs(value) < 1e15 else format(value, ".15G")
        return repr(value)
    return str(value).strip()


def _load(source: Source, filename: str | None) -> tuple[bytes, str]:
    try:
        if isinstance(source, bytes):
            return source, filename or ""
        if isinstance(source, (str, os.PathLike)):
            path = Path(source)
            return path.read_bytes(), filename or path.name
        data = source.read()
        return data, filename or getattr(source, "name", "") or ""
    except FileNotFoundError:
        raise LedgerReadError(f"找不到文件：{source}") from None
    except OSError as exc:
        raise LedgerReadError(f"无法打开文件：{exc.strerror or exc}") from None


def _file_type(data: bytes, name: str) -> str:
    ext = Path(name).suffix.lower()
    if data.startswith(_ZIP):
        return "xlsx"
    if data.startswith(_OLE):
        return "xls"
    if ext in (".xlsx", ".xlsm", ".xls", ".et"):
        raise LedgerReadError(f"文件“{name}”已损坏或不是Excel文件，请用Excel打开确认后另存为.xlsx")
    if ext in (".csv", ".txt", ".tsv", "") and b"\x00" not in data[:4096]:
        return "csv"
    raise LedgerReadError(f"不支持的文件类型“{ext or name}”，请使用 .xlsx、.xls 或 .csv 文件")


def read_sheets(
    source: Source, *, filename: str | None = None, engine: str = "auto"
) -> list[Sheet]:
    """Every sheet of the file as rows of strings (a csv file is one sheet).

    engine: "auto" (python-calamine, falling back to openpyxl), "calamine" or "openpyxl".
    """
    data, name = _load(source, filename)
    if not data.strip():
        raise LedgerReadError(f"文件“{name}”是空的")
    kind = _file_type(data, name)
    if kind == "csv":
        sheets = [Sheet(name=Path(name).stem, rows=_read_csv(data, name))]
    else:
        sheets = _read_excel(data, name, kind, engine)
    if not any(any(r) for s in sheets for r in s.rows):
        raise LedgerReadError(f"文件“{name}”中没有任何数据")
    return sheets


def _read_csv(data: bytes, name: str) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly everything
        raise LedgerReadError(f"无法识别文件“{name}”的文字编码，请另存为UTF-8或GBK编码的CSV")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise LedgerReadError(f"CSV文件“{name}”格式有误：{exc}") from None


def _read_excel(data: bytes, name: str, ftype: str, engine: str) -> list[Sheet]:
    errors = []
    engines = ["calamine", "openpyxl"] if engine == "auto" else [engine]
    for eng in engines:
        if eng == "openpyxl" and ftype == "xls":
            continue
        try:
            return _calamine(data) if eng == "calamine" else _openpyxl(data)
        except LedgerReadError:
            raise
        except ImportError:
            continue
        except Exception as exc:  # noqa: BLE001 - any parser failure means an unreadable file
            errors.append(exc)
            if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
                raise LedgerReadError(f"文件“{name}”设置了密码，请取消密码后再导入") from None
    if engine == "openpyxl" and ftype == "xls":
        raise LedgerReadError(f"“{name}”是旧版.xls文件，openpyxl无法读取，请另存为.xlsx")
    hint = "损坏或设置了密码" if ftype == "xls" else "损坏"
    raise LedgerReadError(
        f"无法读取Excel文件“{name}”：文件可能已{hint}，请用Excel打开后另存为.xlsx"
    )


def _calamine(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for i, sheet_name in enumerate(wb.sheet_names):
        ws = wb.get_sheet_by_index(i)
        rows = [[cell_text(v) for v in row] for row in ws.to_python(skip_empty_area=False)]
        sheets.append(Sheet(sheet_name, rows))
    return sheets


def _openpyxl(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        for ws in wb.worksheets:
            rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            sheets.append(Sheet(ws.title, rows))
        return sheets
    finally:
        wb.close()


def find_header_row(rows: list[list[str]], kind: str | LedgerKind) -> int | None:
    """0-based index of the first of the first 10 rows matching at least half of the kind's
    required columns (and having at least two filled cells), or None."""
    kind = get_kind(kind)
    need = math.ceil(len(kind.required) / 2)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if sum(1 for c in row if c) < 2:
            continue
        m = match_headers(row, kind)
        if sum(1 for n in kind.required if n in m.mapping) >= need:
            return i
    return None


def table_from_rows(
    rows: list[list[str]],
    kind: str | LedgerKind,
    *,
    header_row: int | None = None,
    source: str = "",
    sheet: str = "",
) -> Table:
    """Build a Table from sheet rows (rows[i] is sheet row i + 1). header_row is 1-based; when
    None it is detected."""
    kind = get_kind(kind)
    if header_row is None:
        idx = find_header_row(rows, kind)
        if idx is None:
            where = f"工作表“{sheet}”" if sheet else "文件"
            raise LedgerReadError(
                f"{where}前{HEADER_SCAN_ROWS}行中找不到{kind.title}的表头"
                f"（应包含：{'、'.join(kind.required)}），请确认台账类型或手动指定表头所在行"
            )
    else:
        if not 1 <= header_row <= len(rows):
            raise LedgerReadError(f"表头行号 {header_row} 超出范围（共{len(rows)}行）")
        idx = header_row - 1
    headers = [c.strip() for c in rows[idx]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    data, numbers, blank = [], [], 0
    for j in range(idx + 1, len(rows)):
        row = rows[j]
        cells = [row[k] if k < len(row) else "" for k in range(width)]
        if not any(cells):
            blank += 1
            continue
        data.append(cells)
        numbers.append(j + 1)
    return Table(
        kind=kind,
        headers=headers,
        header_row=idx + 1,
        rows=data,
        row_numbers=numbers,
        match=match_headers(headers, kind),
        source=source,
        sheet=sheet,
        blank_rows=blank,
    )


def read_table(
    source: Source,
    kind: str | LedgerKind,
    *,
    filename: str | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
    engine: str = "auto",
) -> Table:
    """Read one ledger. Without `sheet`, the first sheet whose header is found is used."""
    sheets = read_sheets(source, filename=filename, engine=engine)
    name = filename or (Path(source).name if isinstance(source, (str, os.PathLike)) else "")
    return table_from_sheets(sheets, kind, name=name, sheet=sheet, header_row=header_row)


def table_from_sheets(
    sheets: list[Sheet],
    kind: str | LedgerKind,
    *,
    name: str = "",
    sheet: str | int | None = None,
    header_row: int | None = None,
) -> Table:
    """One ledger from sheets already read (e.g. by the sandbox): ``sheet`` or the first sheet
    whose header is found."""
    kind = get_kind(kind)
    if sheet is not None:
        chosen = _pick_sheet(sheets, sheet)
        return table_from_rows(
            chosen.rows, kind, header_row=header_row, source=name, sheet=chosen.name
        )
    first_error = None
    for s in sheets:
        if not any(any(r) for r in s.rows):
            continue
        try:
            return table_from_rows(s.rows, kind, header_row=header_row, source=name, sheet=s.name)
        except LedgerReadError as exc:
            first_error = first_error or exc
    raise first_error or LedgerReadError(f"文件“{name}”中没有任何数据")


def _pick_sheet(sheets: list[Sheet], sheet: str | int) -> Sheet:
    if isinstance(sheet, int):
        if 0 <= sheet < len(sheets):
            return sheets[sheet]
        raise LedgerReadError(f"没有第{sheet + 1}个工作表（共{len(sheets)}个）")
    for s in sheets:
        if s.name == sheet:
            return s
    raise LedgerReadError(f"找不到工作表“{sheet}”（现有：{'、'.join(s.name for s in sheets)}）")
