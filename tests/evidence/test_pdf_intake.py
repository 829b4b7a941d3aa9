"""PDF intake: passwords, damaged files, page caps, pages without a text layer."""

import io
import time

import pypdf
import pytest

from evidence import IntakeRefused, Limits, inspect_bytes
from evidence.pdf_text import pdf_page_texts
from tests.evidence.evidence_builders import make_pdf


def _encrypt(pdf: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_only_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 400), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 700, 300), outline="black", width=8)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=100)
    return out.getvalue()


def test_libreoffice_pdf_yields_the_chinese_text(libreoffice_pdf):
    inspection = inspect_bytes(libreoffice_pdf, "通知.pdf")
    assert inspection.kind == "pdf" and inspection.pages == 2
    assert inspection.engine == "pdfium"
    assert "创建省级创业型城市工作领导小组" in inspection.texts[0]
    assert "组织领导" in inspection.texts[1]
    assert inspection.needs_ocr == ()
    assert inspection.doc_number == "兖政办发〔2020〕5号"
    assert inspection.doc_date is not None and inspection.doc_date.isoformat() == "2020-02-06"
    assert inspection.title_guess == "关于成立济宁市兖州区创建省级创业型城市工作领导小组的通知"
    assert len(inspection.sha256) == 64 and inspection.size == len(libreoffice_pdf)


def test_truncated_pdf_is_refused_as_corrupt(libreoffice_pdf):
    for fraction in (0.3, 0.7):
        with pytest.raises(IntakeRefused) as caught:
            inspect_bytes(libreoffice_pdf[: int(len(libreoffice_pdf) * fraction)], "a.pdf")
        assert caught.value.code == "corrupt"
        assert "损坏" in caught.value.message


def test_user_password_is_required_and_checked(libreoffice_pdf):
    locked = _encrypt(libreoffice_pdf, "secret")
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(locked, "a.pdf")
    assert caught.value.code == "needs_password"
    assert "需要密码" in caught.value.message
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(locked, "a.pdf", password="wrong")
    assert caught.value.code == "wrong_password"
    assert "密码不正确" in caught.value.message
    opened = inspect_bytes(locked, "a.pdf", password="secret")
    assert "领导小组" in opened.texts[0]


def test_empty_user_password_opens_without_asking(libreoffice_pdf):
    restricted = _encrypt(libreoffice_pdf, "")
    assert pypdf.PdfReader(io.BytesIO(restricted)).is_encrypted
    assert "领导小组" in inspect_bytes(restricted, "a.pdf").texts[0]


@pytest.mark.parametrize(
    "objects",
    [
        [  # /Kids of the child points back to the root node
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
        ],
        [  # the root node lists itself
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 5 >>",
        ],
    ],
)
def test_cyclic_page_tree_is_refused_without_hanging(objects):
    started = time.perf_counter()
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(make_pdf(objects), "a.pdf", limits=Limits(parse_seconds=10))
    assert time.perf_counter() - started < 10
    assert caught.value.code in ("corrupt", "timeout")


def test_page_cap(libreoffice_pdf):
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(libreoffice_pdf, "a.pdf", limits=Limits(max_pages=1), sandbox=False)
    assert caught.value.code == "too_many_pages"
    assert "2 页" in caught.value.message and "1 页" in caught.value.message


def test_oversized_upload_is_refused_before_parsing():
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(b"%PDF-1.4" + bytes(2048), "a.pdf", limits=Limits(max_bytes=1024))
    assert caught.value.code == "too_large"
    assert "上限" in caught.value.message


def test_image_only_page_needs_ocr():
    inspection = inspect_bytes(_image_only_pdf(), "扫描件.pdf")
    assert inspection.pages == 1
    assert inspection.needs_ocr == (0,)
    assert inspection.texts == ("",)


def test_blank_page_does_not_need_ocr():
    blank = make_pdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )
    inspection = inspect_bytes(blank, "a.pdf", sandbox=False)
    assert inspection.pages == 1 and inspection.needs_ocr == ()


def _pdf_with_text(raw_text_bytes: bytes) -> bytes:
    """One page showing ``raw_text_bytes`` in a font with no ToUnicode map."""
    stream = b"BT /F1 24 Tf 72 700 Td <" + raw_text_bytes.hex().encode() + b"> Tj ET"
    return make_pdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream",
        ]
    )


def test_glyph_garbage_is_sent_to_ocr():
    # glyph ids rendered through a simple font come out as control characters
    garbage = bytes(range(1, 31)) * 2
    pages = pdf_page_texts(_pdf_with_text(garbage), None)
    assert pages[0].needs_ocr
    readable = pdf_page_texts(_pdf_with_text(b"Employment and entrepreneurship 2020"), None)
    assert not readable[0].needs_ocr
    assert "entrepreneurship" in readable[0].raw
