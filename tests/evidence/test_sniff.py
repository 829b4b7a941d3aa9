"""Real type from magic bytes; the file name never matters."""

import io
import zipfile

import pytest

from evidence import IntakeRefused, inspect_bytes
from evidence.sniff import OLE_MAGIC, sniff
from tests.evidence.evidence_builders import docx_package, make_pdf, notice_docx


def _ole(*stream_names: str) -> bytes:
    """An OLE compound-file header followed by UTF-16 directory names (what sniff looks at)."""
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in stream_names)
    return OLE_MAGIC + bytes(504) + body + bytes(512)


def _refused(data: bytes, filename: str) -> IntakeRefused:
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(data, filename, sandbox=False)
    return caught.value


def test_accepted_kinds_ignore_the_extension():
    from PIL import Image

    png, jpeg = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(png, "PNG")
    Image.new("RGB", (8, 8), "white").save(jpeg, "JPEG")
    assert sniff(png.getvalue()).kind == "png"
    assert sniff(jpeg.getvalue()).extension == ".jpg"
    pdf = make_pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"])
    assert sniff(pdf).mime == "application/pdf"
    assert sniff(notice_docx()).kind == "docx"
    # a real .docx uploaded as "scan.pdf" is still read as a Word file
    assert inspect_bytes(notice_docx(), "scan.pdf", sandbox=False).kind == "docx"


def test_xlsx_detected_from_its_members():
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "满意度"
    buffer = io.BytesIO()
    book.save(buffer)
    sniffed = sniff(buffer.getvalue())
    assert (sniffed.kind, sniffed.extension) == ("xlsx", ".xlsx")


def test_executable_named_docx_is_refused():
    refusal = _refused(b"MZ\x90\x00\x03" + bytes(200), "通知.docx")
    assert refusal.code == "executable"
    assert "可执行程序" in refusal.message
    assert _refused(b"\x7fELF\x02\x01\x01" + bytes(60), "a.pdf").code == "executable"
    assert _refused(b"#!/bin/sh\nrm -rf /\n", "a.docx").code == "executable"


@pytest.mark.parametrize(
    ("streams", "filename", "word"),
    [
        (("Root Entry", "WordDocument", "1Table"), "方案.doc", ".docx"),
        (("Root Entry", "WordDocument", "Book list"), "书单.wps", ".docx"),
        (("Root Entry", "Workbook"), "台账.xls", ".xlsx"),
    ],
)
def test_ole_office_file_asks_for_a_modern_format(streams, filename, word):
    refusal = _refused(_ole(*streams), filename)
    assert refusal.code == "ole_office"
    assert word in refusal.message and "PDF" in refusal.message
    assert str(refusal) == refusal.message


def test_password_protected_docx_is_an_ole_container():
    refusal = _refused(_ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "a.docx")
    assert refusal.code == "encrypted"
    assert "密码" in refusal.message


def test_empty_and_blank_files_are_refused():
    assert _refused(b"", "a.pdf").code == "empty"
    assert "为空" in _refused(b"", "a.pdf").message
    assert _refused(b"  \r\n\t ", "a.docx").code == "empty"


def test_html_named_pdf_is_refused():
    page = "\ufeff<!DOCTYPE html><html><head><title>通知</title></head><body>…</body></html>"
    refusal = _refused(page.encode("utf-8"), "通知.pdf")
    assert refusal.code == "html"
    assert "另存为 PDF" in refusal.message
    utf16 = "<html><body>x</body></html>".encode("utf-16")
    assert _refused(utf16, "a.pdf").code == "html"


def test_plain_zip_and_other_packages_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("材料/通知.pdf", b"%PDF-1.4")
    refusal = _refused(buffer.getvalue(), "材料.docx")
    assert refusal.code == "unknown_type" and "解压" in refusal.message
    pptx = docx_package(
        {"ppt/presentation.xml": b"<p/>"},
        content_types='<Types><Override ContentType="application/'
        'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
    )
    assert "PowerPoint" in _refused(pptx, "a.docx").message
    macro = docx_package(
        {"word/document.xml": b"<w:document/>"},
        content_types='<Types><Override ContentType="application/'
        'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    )
    assert "宏" in _refused(macro, "a.docx").message


def test_unknown_bytes_list_what_is_accepted():
    refusal = _refused(b"just some text\n", "a.pdf")
    assert refusal.code == "unknown_type"
    assert "PDF" in refusal.message and ".docx" in refusal.message
    assert "RTF" in _refused(b"{\\rtf1\\ansi hello}", "a.doc").message
