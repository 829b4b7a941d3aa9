"""OCR of scanned pages and photos with RapidOCR (PP-OCR models shipped in the wheel, offline).

``ocr_pages`` is slow (seconds per page) and meant to run off the request path; it reports
progress as ``(done, total)``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator

from evidence.errors import IntakeRefused
from evidence.limits import DEFAULT_LIMITS, Limits
from evidence.sniff import IMAGE_KINDS, PDF

OCR_DPI = 200
# Longest side fed to the detector; bigger photos are scaled down (no gain, much slower).
MAX_SIDE = 4000

_engine = None


def _get_engine():
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        _engine = RapidOCR()
    return _engine


_CORRUPT_IMAGE = "图片已损坏或不完整，无法读取，请重新拍照或导出后上传"


def check_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[int, int]:
    """Check the header, integrity and pixel count of a JPEG/PNG; return (width, height)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
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
    import numpy as np

    scale = min(1.0, MAX_SIDE / max(image.size))
    if scale < 1.0:
        image = image.resize((int(image.width * scale), int(image.height * scale)))
    result, _elapsed = _get_engine()(np.asarray(image))
    if not result:
        return ""
    boxes = []
    for box, text, _score in result:
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append((min(ys), max(ys), min(xs), text))
    return "\n".join(_reading_order(boxes))


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
    else:
        raise ValueError(f"OCR is for PDF pages and images, not {kind!r}")


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
