"""Session fixtures for the evidence tests: fonts, LibreOffice output, a zip bomb."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.evidence.evidence_builders import DOCX_CONTENT_TYPES, convert_with_soffice, notice_docx
from tests.tools import require, unavailable

FONT_QUERY = "Noto Sans CJK SC"


@pytest.fixture(scope="session")
def cjk_font() -> str:
    require("fc-match")
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", FONT_QUERY], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not found or "CJK" not in found or not Path(found).is_file():
        unavailable("Noto CJK 字体")
    return found


@pytest.fixture(scope="session")
def libreoffice_pdf(tmp_path_factory) -> bytes:
    """The notice (two pages: break after the title) converted to PDF by LibreOffice."""
    folder = tmp_path_factory.mktemp("soffice")
    source = folder / "notice.docx"
    source.write_bytes(notice_docx(page_break_after=2))
    return convert_with_soffice(source)


@pytest.fixture(scope="session")
def zip_bomb_docx() -> bytes:
    """A .docx-shaped package whose one extra member is 200 MiB of zeros (~200 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.png", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(200):
                member.write(chunk)
    return buffer.getvalue()
