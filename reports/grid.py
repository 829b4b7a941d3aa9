"""The document grid of a 公文: 22 lines of 28 characters, in Word and in LibreOffice."""

from __future__ import annotations

import io
import math
import re
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reports.gwstyles import CHARS_PER_LINE, LINE, SIZE_3, TEXT_WIDTH_MM


def set_grid(section) -> None:
    """文档网格: 22 lines of 28 characters (``linesAndChars``; the pitch of a character is the
    type width / 28 = 15.79 pt, written as its difference from the 16 pt body size in 1/4096 pt).
    """
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    pitch = TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE.pt * 20)))
    grid.set(qn("w:charSpace"), str(math.floor((pitch - SIZE_3.pt) * 4096)))


_GRID = re.compile(r"<w:docGrid [^>]*/>")
_NORMAL_RPR = re.compile(r'(<w:style [^>]*w:styleId="Normal"[^>]*>.*?<w:rPr>)', re.S)


def for_libreoffice(data: bytes) -> bytes:
    """The same document with the 28-character line made the way LibreOffice lays it out.

    LibreOffice gives a 16 pt character two cells of a character grid narrower than 16 pt, so a
    ``linesAndChars`` grid of 15.79 pt halves the line. For a PDF made with LibreOffice the grid
    becomes a line grid and the body text is set 0.25 pt tighter: 28 characters a line as well.
    """
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data  # not a document of ours: the converter says what is wrong
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = body.decode("utf-8")
                grid = f'<w:docGrid w:type="lines" w:linePitch="{round(LINE.pt * 20)}"/>'
                body = _GRID.sub(grid, text).encode("utf-8")
            elif info.filename == "word/styles.xml":
                text = body.decode("utf-8")
                body = _NORMAL_RPR.sub(r'\1<w:spacing w:val="-5"/>', text, count=1).encode()
            out.writestr(info, body)
    return buf.getvalue()
