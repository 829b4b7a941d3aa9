"""Issue 10 item 7: hostile files.

- The DTD/entity guard was bypassed three ways: a UTF-16 part, a prolog comment over 4 KB, and a
  part not named .xml.
- A PDF named .exe, and %PDF- followed by HTML named .html, were stored and downloaded under those
  names: the name now takes the sniffed extension.
- A 30000×30000 PNG was refused as 已损坏 instead of with the size message.
"""

from __future__ import annotations

import struct
import zlib

import pytest

from evidence.errors import IntakeRefused
from evidence.guards import check_zip
from evidence.intake import inspect_bytes
from evidence.ocr import check_image
from evidence.sniff import PDF, sniff, stored_name
from services.evidence import intake, query
from tests.evidence.evidence_builders import docx_package, make_pdf, notice_docx
from tests.services.city import make_city

DTD = '<!DOCTYPE w [<!ENTITY lol "lol">]>'
BODY = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
PROLOG = '<?xml version="1.0" encoding="{}"?>'

HOSTILE_PARTS = {
    "utf-16 part": {
        "word/document.xml": "\ufeff".encode("utf-16-le")
        + (PROLOG.format("UTF-16") + DTD + BODY).encode("utf-16-le")
    },
    "utf-16 big-endian part": {
        "word/document.xml": (PROLOG.format("UTF-16") + DTD + BODY).encode("utf-16")
    },
    "comment over 4 KB": {
        "word/document.xml": (
            PROLOG.format("UTF-8") + "<!--" + "填" * 3000 + "-->" + DTD + BODY
        ).encode()
    },
    "part not named .xml": {
        "word/document.xml": (PROLOG.format("UTF-8") + BODY).encode(),
        "customXml/item1.dat": (PROLOG.format("UTF-8") + DTD + "<a>&lol;</a>").encode(),
    },
    "marker across a 64 KB chunk": {
        "word/document.xml": (PROLOG.format("UTF-8") + BODY).encode(),
        "word/media/x.bin": b" " * (64 * 1024 - 4) + DTD.encode(),
    },
}


@pytest.mark.parametrize("how", sorted(HOSTILE_PARTS))
def test_the_dtd_guard_catches_every_disguise(how):
    with pytest.raises(IntakeRefused) as exc:
        check_zip(docx_package(HOSTILE_PARTS[how]))
    assert exc.value.code == "unsafe_content"
    assert "DTD" in exc.value.message


def test_an_ordinary_document_passes_the_guard():
    check_zip(notice_docx())


A_PDF = make_pdf(
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
)
PDF_THEN_HTML = A_PDF + b"<html><body><script>alert(1)</script></body></html>"


def test_names_take_the_extension_of_what_the_file_is():
    pdf = sniff(A_PDF)
    assert stored_name("通知.exe", pdf) == "通知.pdf"
    assert stored_name("通知.html", pdf) == "通知.pdf"
    assert stored_name("通知.PDF", pdf) == "通知.PDF"
    assert stored_name("..\\..\\通知", pdf) == "通知.pdf"
    assert stored_name("a" * 300 + ".exe", pdf) == "a" * 200 + ".pdf"
    assert sniff(PDF_THEN_HTML).kind == PDF


@pytest.mark.parametrize(
    ("data", "name"), [(A_PDF, "通知.exe"), (PDF_THEN_HTML, "通知.html")], ids=["exe", "html"]
)
def test_a_disguised_pdf_is_stored_and_downloaded_as_pdf(pioneer_home, data, name):
    c = make_city()
    out = intake.add_evidence(
        c.dept_a, data, name, requirements=["1.2.1"], department="区人社局", unit=c.a
    )
    filename, mime, _ = query.evidence_bytes(c.dept_a, out["evidence_id"])
    assert (filename, mime) == ("通知.pdf", "application/pdf")


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_huge_png_gets_the_size_message():
    with pytest.raises(IntakeRefused) as exc:
        check_image(_png(30000, 30000))
    assert exc.value.code == "too_large"
    assert "30000×30000" in exc.value.message and "损坏" not in exc.value.message
    with pytest.raises(IntakeRefused) as exc:
        inspect_bytes(_png(30000, 30000), "扫描.png", sandbox=False)
    assert exc.value.code == "too_large"
