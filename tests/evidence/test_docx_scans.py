"""A scan pasted into a Word file becomes an extra page that OCR reads."""

import io

import docx
import pytest
from docx.shared import Mm
from PIL import Image, ImageDraw, ImageFont

from evidence import inspect_bytes, run_ocr
from evidence.office_text import docx_scans

PHRASE = "创业担保贷款"


def _png(font_path: str, text: str, size=(1200, 300)) -> bytes:
    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((60, 100), text, fill="black", font=ImageFont.truetype(font_path, 72))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _docx_with(*pictures: bytes) -> bytes:
    d = docx.Document()
    d.add_paragraph("附件：盖章扫描件")
    for pic in pictures:
        d.add_picture(io.BytesIO(pic), width=Mm(120))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_large_pictures_count_as_scans_and_small_ones_do_not(cjk_font):
    logo = _png(cjk_font, "徽", size=(120, 120))
    data = _docx_with(_png(cjk_font, PHRASE), logo)
    assert len(docx_scans(data)) == 1
    insp = inspect_bytes(data, "扫描件.docx")
    assert insp.pages == 2
    assert insp.needs_ocr == (1,)
    assert "盖章扫描件" in insp.texts[0] and insp.texts[1] == ""


@pytest.mark.slow
def test_the_pasted_scan_is_read_by_ocr(cjk_font):
    data = _docx_with(_png(cjk_font, PHRASE))
    insp = inspect_bytes(data, "扫描件.docx")
    texts = run_ocr(data, insp.kind, insp.needs_ocr)
    assert set(texts) == {1}
    assert PHRASE in texts[1]


def test_a_docx_without_pictures_needs_no_ocr():
    insp = inspect_bytes(_docx_with(), "通知.docx")
    assert insp.needs_ocr == ()
