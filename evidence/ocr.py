"""OCR of scanned pages and photos with RapidOCR (PP-OCR models shipped in the wheel, offline).

``ocr_pages`` is slow (seconds per page) and meant to run off the request path; it reports
progress as ``(done, total)``.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator

from evidence.errors import IntakeRefused
from evidence.limits import DEFAULT_LIMITS, Limits
from evidence.sniff import DOCX, IMAGE_KINDS, PDF

OCR_DPI = 200
# Longest side fed to the text detector (its cost grows with the pixel count). Recognition
# still reads the full-resolution crops. bench/jobs.py, 150-dpi A4 scans (1240×1754), one
# onnxruntime thread: detection 0.58–0.69 CPU s/page at 1280 against 0.73–0.97 at 1600, the
# same accuracy (0.9918, worst page 0.9900, against 0.9920 / 0.9906); at 1024 the worst page
# fell to 0.970.
DET_MAX_SIDE = 1280
# onnxruntime intra-op threads per process (PIONEER_OCR_THREADS overrides). OCR runs in
# ``pioneer worker`` processes, one page at a time each, and a 2-core server runs 2 of them:
# with a thread per core in each (onnxruntime's default) 4 threads share 2 cores. bench/jobs.py,
# same pages, one process: 5.67 CPU s/page with 1 thread against 7.32 with the default 2
# (load average 6–11); the extra thread bought no page a second while the other worker ran.
OCR_THREADS = 1
# Text-line pieces per recogniser run. The batch is padded to its widest piece and, on one
# thread, a batch of 6 cost 14 ms per 100 px of width against 9.5 ms one at a time:
# recognition 2.82 CPU s/page with 1 against 3.45 with RapidOCR's 6 (same accuracy, 0.993).
REC_BATCH = 1
# The 180° line classifier (use_cls) is kept: 0.03 CPU s/page, and it rights lines of a page
# scanned upside down.

_engine = None


def _get_engine():
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        _engine = _without_spinning(lambda: RapidOCR(rec_batch_num=REC_BATCH))
    return _engine


def ocr_threads() -> int:
    """onnxruntime intra-op threads for this process: PIONEER_OCR_THREADS, else OCR_THREADS."""
    value = os.environ.get("PIONEER_OCR_THREADS", "").strip()
    return max(1, int(value)) if value.isdecimal() else OCR_THREADS


def _without_spinning(factory):
    """Build the engine with ``ocr_threads()`` threads that do not spin-wait.

    Spinning threads burn the CPU they wait on; on a 2-core server shared with the web process
    that doubled the CPU time per page in bench/extract.py. RapidOCR has no option for it,
    so its session-options builder is wrapped while the engine is created.
    """
    try:
        from rapidocr_onnxruntime.utils import infer_engine

        session_class = infer_engine.OrtInferSession
        original = session_class.__dict__["_init_sess_opts"]
        build = original.__func__
    except (ImportError, AttributeError, KeyError):
        return factory()
    threads = ocr_threads()

    def quiet_options(config):
        options = build(config)
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return options

    session_class._init_sess_opts = staticmethod(quiet_options)
    try:
        return factory()
    finally:
        session_class._init_sess_opts = original


_CORRUPT_IMAGE = "图片已损坏或不完整，无法读取，请重新拍照或导出后上传"


def _declared_size(data: bytes) -> tuple[int, int]:
    """The width and height an image's header declares (nothing decoded)."""
    from PIL import Image

    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def check_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[int, int]:
    """Check the header, integrity and pixel count of a JPEG/PNG; return (width, height)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError:
        width, height = _declared_size(data)  # far too large: the size message, not 已损坏
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise IntakeRefused("corrupt", _CORRUPT_IMAGE, detail=repr(exc)) from exc
    if width * height > limits.max_image_pixels:
        raise IntakeRefused(
            "too_large",
            f"图片尺寸过大（{width}×{height} 像素），请缩小到 "
            f"{limits.max_image_pixels // 1_000_000} 百万像素以内或转为 PDF 后上传",
        )
    return width, height


def load_image(data: bytes, limits: Limits = DEFAULT_LIMITS):
    """Decode a JPEG/PNG (after :func:`check_image`), upright according to its EXIF tag."""
    from PIL import Image, ImageOps

    check_image(data, limits)
    try:
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
        image.load()
    except (OSError, ValueError, SyntaxError) as exc:
        raise IntakeRefused("corrupt", _CORRUPT_IMAGE, detail=repr(exc)) from exc
    return image.convert("RGB")


def image_text(image) -> str:
    """OCR one PIL image; lines in reading order (top to bottom, then left to right)."""
    engine = _get_engine()
    pixels = engine.load_img(image.convert("RGB"))  # BGR array, as the engine expects
    height, width = pixels.shape[:2]
    if min(height, width) < 64 or width > 8 * height:
        lines = _whole_engine(engine, pixels)  # tiny or banner-like: let RapidOCR pad it
    else:
        lines = _fast_pipeline(engine, pixels)
    return "\n".join(_reading_order(lines))


def _whole_engine(engine, pixels) -> list[tuple[float, float, float, str]]:
    result, _elapsed = engine(pixels)
    boxes = []
    for box, text, _score in result or []:
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append((min(ys), max(ys), min(xs), text))
    return boxes


def _fast_pipeline(engine, pixels) -> list[tuple[float, float, float, str]]:
    """Detection on a copy capped at DET_MAX_SIDE; recognition on full-resolution crops, long
    lines cut at blank columns (the recogniser's cost grows faster than a line's length)."""
    import cv2
    import numpy as np

    height, width = pixels.shape[:2]
    scale = min(1.0, DET_MAX_SIDE / max(height, width))
    small = pixels
    if scale < 1.0:
        small = cv2.resize(pixels, (round(width * scale), round(height * scale)), cv2.INTER_AREA)
    boxes, _elapsed = engine.auto_text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = [np.asarray(box, dtype=np.float32) / scale for box in boxes]
    crops = engine.get_crop_img_list(pixels, boxes)
    if engine.use_cls:
        crops, _cls, _elapsed = engine.text_cls(crops)
    pieces: list[np.ndarray] = []
    owners: list[int] = []
    for index, crop in enumerate(crops):
        for piece in _split_long(crop):
            pieces.append(piece)
            owners.append(index)
    recognised, _elapsed = engine.text_rec(pieces)
    texts = [""] * len(crops)
    for owner, found in zip(owners, recognised, strict=True):
        text, score = found[0], found[1]
        if text and score >= engine.text_score:
            texts[owner] += text
    lines = []
    for box, text in zip(boxes, texts, strict=True):
        if text:
            lines.append(
                (float(box[:, 1].min()), float(box[:, 1].max()), float(box[:, 0].min()), text)
            )
    return lines


def _split_long(crop, max_ratio: float = 10.0):
    """Cut a text-line image wider than ``max_ratio`` × its height into pieces, each cut in
    the middle of the widest blank gap near the target (gaps between characters are wider
    than the gaps inside a character such as 训 = 讠 + 川)."""

    height, width = crop.shape[:2]
    if width <= max_ratio * height:
        return [crop]
    gray = crop.mean(axis=2) if crop.ndim == 3 else crop
    ink = (gray.max() - gray).sum(axis=0)
    blank = ink <= 0.03 * max(float(ink.max()), 1.0)
    step = int(0.8 * max_ratio * height)
    cuts = [0]
    while width - cuts[-1] > max_ratio * height:
        target = cuts[-1] + step
        low, high = (
            max(cuts[-1] + height, target - 2 * height),
            min(width - height, target + 2 * height),
        )
        cuts.append(_widest_gap(blank, low, high, target))
    cuts.append(width)
    return [crop[:, a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b - a > 2]


def _widest_gap(blank, low: int, high: int, target: int) -> int:
    best, best_key = target, (-1, 0)
    run_start = None
    for x in range(low, high + 1):
        inside = x < high and bool(blank[x])
        if inside and run_start is None:
            run_start = x
        elif not inside and run_start is not None:
            middle = (run_start + x) // 2
            key = (x - run_start, -abs(middle - target))
            if key > best_key:
                best, best_key = middle, key
            run_start = None
    return best


def _reading_order(boxes: list[tuple[float, float, float, str]]) -> list[str]:
    """Group boxes whose vertical extents overlap into lines; join each line left to right."""
    boxes.sort(key=lambda b: (b[0], b[2]))
    lines: list[list[tuple[float, float, float, str]]] = []
    for box in boxes:
        top, bottom = box[0], box[1]
        if lines:
            line = lines[-1]
            line_top = min(b[0] for b in line)
            line_bottom = max(b[1] for b in line)
            overlap = min(bottom, line_bottom) - max(top, line_top)
            if overlap > 0.5 * min(bottom - top, line_bottom - line_top):
                line.append(box)
                continue
        lines.append([box])
    return [" ".join(b[3] for b in sorted(line, key=lambda b: b[2])) for line in lines]


def _images(
    data: bytes, kind: str, pages: Iterable[int], password: str | None, limits: Limits
) -> Iterator[tuple[int, object]]:
    if kind == PDF:
        from evidence.pdf_text import render_pdf_pages

        yield from render_pdf_pages(data, password, pages, OCR_DPI, limits)
    elif kind in IMAGE_KINDS:
        if 0 in pages:
            yield 0, load_image(data, limits)
    elif kind == DOCX:  # pasted scans are the pages after the text pages
        from evidence.office_text import docx_page_texts, docx_scans

        first = len(docx_page_texts(data))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for n, name in enumerate(docx_scans(data)):
                if first + n in pages:
                    yield first + n, load_image(archive.read(name), limits)
    else:
        raise ValueError(f"OCR is for PDF pages, images and scans in .docx, not {kind!r}")


def ocr_pages(
    data: bytes,
    kind: str,
    pages: Iterable[int],
    progress: Callable[[int, int], None] | None = None,
    *,
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[int, str]:
    """Raw OCR text of each requested page (0-based), in page order. Not normalised."""
    wanted = sorted(set(pages))
    total = len(wanted)
    texts: dict[int, str] = {}
    if progress:
        progress(0, total)
    for index, image in _images(data, kind, wanted, password, limits):
        texts[index] = image_text(image)
        if progress:
            progress(len(texts), total)
    return texts
