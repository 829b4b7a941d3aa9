"""Text of Office files: .docx in document order, .xlsx cell values per sheet.

Run only after :func:`evidence.guards.check_zip` accepted the package.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from evidence.errors import IntakeRefused

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CONTAINERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"}
CELL_SEPARATOR = " | "


def table_row(cells: list[str]) -> str:
    """``| a | b |``: the bars keep rows apart when Chinese is joined across line breaks."""
    return f"| {CELL_SEPARATOR.join(cells)} |"


_CORRUPT_DOCX = "Word 文件内容无法解析（可能已损坏或由不规范的软件生成），请用 Word/WPS 另存为 .docx 或导出 PDF 后上传"
_CORRUPT_XLSX = "Excel 文件内容无法解析（可能已损坏或由不规范的软件生成），请用 Excel/WPS 另存为 .xlsx 或导出 PDF 后上传"


# -- docx ---------------------------------------------------------------------------------------


class _Pages:
    """Lines grouped into pages; a hard page break starts a new page."""

    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]

    def add(self, line: str) -> None:
        self.pages[-1].append(line)

    def break_page(self) -> None:
        self.pages.append([])

    def texts(self) -> list[str]:
        texts = ["\n".join(lines) for lines in self.pages]
        while len(texts) > 1 and not texts[-1].strip():
            texts.pop()
        return texts


def docx_page_texts(data: bytes) -> list[str]:
    """Paragraphs and table cells in document order; pages split at hard page breaks."""
    import docx

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on bad input
        raise IntakeRefused("corrupt", _CORRUPT_DOCX, detail=repr(exc)) from exc
    pages = _Pages()
    for block in _blocks(body):
        if block.tag == f"{W}p":
            _paragraph(block, pages)
        elif block.tag == f"{W}tbl":
            for line in _table_lines(block):
                pages.add(line)
    return pages.texts()


def _blocks(element):
    """Direct block children, looking through content controls and custom XML wrappers."""
    for child in element.iterchildren():
        if child.tag in _CONTAINERS:
            yield from _blocks(child)
        else:
            yield child


def _runs_text(paragraph, on_page_break=None) -> str:
    """Text of one paragraph (including text boxes), skipping properties and mc:Fallback."""
    parts: list[str] = []
    stack = [paragraph]
    while stack:
        element = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag == f"{MC}Fallback" or tag.endswith("Pr"):
            continue
        if tag == f"{W}t":
            parts.append(element.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}br":
            if element.get(f"{W}type") == "page" and on_page_break is not None:
                on_page_break(parts)
                parts = []
            else:
                parts.append("\n")
        elif tag == f"{W}cr":
            parts.append("\n")
        elif tag == f"{W}p" and element is not paragraph:
            parts.append("\n")  # a paragraph inside a text box
            stack.extend(reversed(list(element)))
        else:
            stack.extend(reversed(list(element)))
    return "".join(parts)


def _paragraph(paragraph, pages: _Pages) -> None:
    def page_break(parts: list[str]) -> None:
        if "".join(parts).strip():
            pages.add("".join(parts))
        pages.break_page()

    text = _runs_text(paragraph, page_break)
    if text.strip():
        pages.add(text)


def _table_lines(table) -> list[str]:
    lines: list[str] = []
    for row in _blocks(table):
        if row.tag != f"{W}tr":
            continue
        cells = []
        for cell in _blocks(row):
            if cell.tag != f"{W}tc":
                continue
            parts: list[str] = []
            for block in _blocks(cell):
                if block.tag == f"{W}p":
                    parts.append(_runs_text(block))
                elif block.tag == f"{W}tbl":
                    parts.extend(_table_lines(block))
            text = " ".join(p.strip() for p in parts if p.strip())
            if text:
                cells.append(text)
        if cells:
            lines.append(table_row(cells))
    return lines


# -- xlsx ---------------------------------------------------------------------------------------


def format_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _sheet_text(name: str, rows) -> str:
    lines = [f"【{name}】"]
    for row in rows:
        cells = [format_cell(v) for v in row]
        cells = [c for c in cells if c]
        if cells:
            lines.append(table_row(cells))
    return "\n".join(lines)


def xlsx_page_texts(data: bytes) -> list[str]:
    """One page per sheet: the sheet name, then one line per non-empty row."""
    try:
        return _calamine_sheets(data)
    except Exception as calamine_error:  # noqa: BLE001 - fall back to openpyxl
        try:
            return _openpyxl_sheets(data)
        except Exception as exc:  # noqa: BLE001
            raise IntakeRefused(
                "corrupt", _CORRUPT_XLSX, detail=f"calamine: {calamine_error!r}; openpyxl: {exc!r}"
            ) from exc


def _calamine_sheets(data: bytes) -> list[str]:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        return [
            _sheet_text(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=True))
            for name in workbook.sheet_names
        ]
    finally:
        workbook.close()


def _openpyxl_sheets(data: bytes) -> list[str]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [
            _sheet_text(sheet.title, sheet.iter_rows(values_only=True))
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


# A scan pasted into Word: large enough to be a page, not a logo or an icon.
SCAN_MIN_PIXELS = 250_000
MAX_SCANS = 50
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def docx_scans(data: bytes) -> list[str]:
    """Names of the images inside a .docx that look like pasted scans, in name order.

    Each becomes one extra page after the document's text pages, sent to OCR. The package
    was already checked by ``guards.check_zip``.
    """
    from PIL import Image

    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if not (name.startswith("word/media/") and name.lower().endswith(_IMAGE_SUFFIXES)):
                continue
            try:
                with archive.open(name) as member, Image.open(member) as im:
                    width, height = im.size
            except Exception:  # noqa: BLE001 - an unreadable picture is simply not a scan
                continue
            if width * height >= SCAN_MIN_PIXELS:
                found.append(name)
            if len(found) >= MAX_SCANS:
                break
    return found
