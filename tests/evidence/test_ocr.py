"""OCR of scans: a rendered Chinese phrase must be found again (slow: model inference)."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from evidence import inspect_bytes, run_ocr

PHRASE = "创建省级创业型城市工作领导小组"
KEY = "创业型城市"


def _scan(font_path: str) -> Image.Image:
    font = ImageFont.truetype(font_path, 44)
    image = Image.new("RGB", (1240, 420), "white")
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "关于成立" + PHRASE + "的通知", font=font, fill="black")
    draw.text((60, 220), "各镇人民政府、街道办事处", font=font, fill="black")
    return image


def test_run_ocr_reads_pdf_images_and_docx_scans_only():
    assert run_ocr(b"%PDF-1.4", "pdf", []) == {}
    with pytest.raises(ValueError):
        run_ocr(b"PK", "xlsx", [0])


@pytest.mark.slow
def test_ocr_finds_the_phrase_in_a_png_and_an_image_only_pdf(cjk_font):
    image = _scan(cjk_font)
    png, pdf = io.BytesIO(), io.BytesIO()
    image.save(png, "PNG")
    image.save(pdf, "PDF", resolution=150)

    inspection = inspect_bytes(png.getvalue(), "扫描件.png")
    assert (inspection.kind, inspection.needs_ocr, inspection.texts) == ("png", (0,), ("",))
    progress = []
    texts = run_ocr(
        png.getvalue(), "png", inspection.needs_ocr, progress=lambda *p: progress.append(p)
    )
    assert progress == [(0, 1), (1, 1)]
    assert KEY in texts[0]
    assert "街道办事处" in texts[0]

    scanned = inspect_bytes(pdf.getvalue(), "扫描件.pdf")
    assert scanned.needs_ocr == (0,)
    pdf_texts = run_ocr(pdf.getvalue(), "pdf", scanned.needs_ocr)
    assert list(pdf_texts) == [0]
    assert KEY in pdf_texts[0]


@pytest.mark.slow
def test_ocr_engine_threads_do_not_spin():
    from evidence import ocr

    session = ocr._get_engine().text_det.infer.session
    assert (
        session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning")
        == "0"
    )


@pytest.mark.slow
def test_ocr_engine_uses_one_thread_per_process_and_recognises_one_piece_at_a_time():
    """Two workers on a 2-core server: a thread each (not one per core each), and no padded
    batches (evidence/ocr.py has the figures)."""
    from evidence import ocr

    engine = ocr._get_engine()
    for session in (engine.text_det.infer, engine.text_cls.infer, engine.text_rec.session):
        options = session.session.get_session_options()
        assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    assert engine.text_rec.rec_batch_num == 1


@pytest.mark.slow
def test_ocr_threads_can_be_configured(monkeypatch):
    from rapidocr_onnxruntime import RapidOCR

    from evidence import ocr

    monkeypatch.setenv("PIONEER_OCR_THREADS", "2")
    engine = ocr._without_spinning(RapidOCR)
    assert engine.text_rec.session.session.get_session_options().intra_op_num_threads == 2
    monkeypatch.setenv("PIONEER_OCR_THREADS", "²")
    assert ocr.ocr_threads() == 1


@pytest.mark.slow
def test_an_a4_scan_is_detected_at_1280_pixels_and_still_read(cjk_font, monkeypatch):
    from evidence import ocr

    engine = ocr._get_engine()
    fed = []
    detect = engine.auto_text_det
    monkeypatch.setattr(engine, "auto_text_det", lambda img: fed.append(img.shape) or detect(img))
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(cjk_font, 30)
    for n in range(3):
        draw.text((90, 120 + n * 70), "关于成立" + PHRASE + "的通知", font=font, fill="black")
    text = ocr.image_text(page)
    assert fed == [(1280, 905, 3)]
    assert text.count(PHRASE) == 3
