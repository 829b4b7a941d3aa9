"""Builders for the files the evidence tests feed to the intake (hostile ones included)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.tools import require

NOTICE_LINES = (
    "济宁市兖州区人民政府办公室文件",
    "兖政办发〔2020〕5号",
    "关于成立济宁市兖州区创建省级创业型城市工作领导小组的通知",
    "各镇人民政府、街道办事处，区政府各部门：",
    "为加强对创建省级创业型城市工作的组织领导，经区政府研究，决定成立领导小组。",
    "兖州区人民政府办公室",
    "2020年2月6日",
)

DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def make_pdf(objects: list[str], root: int = 1) -> bytes:
    """A raw PDF with a correct xref table from object bodies (object n is objects[n-1])."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_package(members: dict[str, bytes], content_types: str = DOCX_CONTENT_TYPES) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def notice_docx(lines=NOTICE_LINES, table=None, page_break_after: int | None = None) -> bytes:
    import docx

    document = docx.Document()
    for i, line in enumerate(lines):
        paragraph = document.add_paragraph(line)
        if page_break_after is not None and i == page_break_after:
            from docx.enum.text import WD_BREAK

            paragraph.add_run().add_break(WD_BREAK.PAGE)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def convert_with_soffice(source: Path) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        require("soffice")
    profile = source.parent / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf").read_bytes()
