"""Per-page text of a PDF: pypdfium2 first, pypdf when PDFium cannot open the file.

Each page is returned as raw extracted text plus a flag saying whether the page should go to
OCR: no usable text layer on a page that has graphics, or a text layer that is garbage (fonts
without a ToUnicode map).
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import IntakeRefused
from evidence.guards import CORRUPT_PDF_MESSAGE, open_pdf, open_pdf_with_pypdf
from evidence.limits import DEFAULT_LIMITS, Limits
from evidence.normalize import meaningful_chars, text_quality

# A page with fewer letters/ideographs than this has no usable text layer.
MIN_TEXT_CHARS = 10


@dataclass(frozen=True)
class PdfPageText:
    raw: str
    needs_ocr: bool
    engine: str  # "pdfium" or "pypdf"
    loaded: bool = True  # False when the page object could not be read at all


def _needs_ocr(raw: str, has_graphics: bool) -> bool:
    if text_quality(raw).garbled:
        return True
    return meaningful_chars(raw) < MIN_TEXT_CHARS and has_graphics


def pdf_page_texts(
    data: bytes, password: str | None, limits: Limits = DEFAULT_LIMITS
) -> list[PdfPageText]:
    try:
        document = open_pdf(data, password, limits)
    except IntakeRefused as refusal:
        if refusal.code != "corrupt":
            raise
        return _pypdf_page_texts(data, password, limits, refusal)
    try:
        pages = [_pdfium_page(document, index) for index in range(len(document))]
    finally:
        document.close()
    if not any(page.loaded for page in pages):
        # e.g. a page tree whose /Kids point back to a parent: pages counted, none loadable
        raise IntakeRefused("corrupt", CORRUPT_PDF_MESSAGE, detail="no page could be loaded")
    return pages


def _pdfium_page(document, index: int) -> PdfPageText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        page = document[index]
    except pdfium.PdfiumError:
        return PdfPageText("", False, "pdfium", loaded=False)
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
        finally:
            textpage.close()
        graphics = (
            pdfium_c.FPDF_PAGEOBJ_IMAGE,
            pdfium_c.FPDF_PAGEOBJ_PATH,
            pdfium_c.FPDF_PAGEOBJ_SHADING,
        )
        has_graphics = next(iter(page.get_objects(filter=graphics, max_depth=3)), None) is not None
        return PdfPageText(raw, _needs_ocr(raw, has_graphics), "pdfium")
    finally:
        page.close()


def _pypdf_page_texts(
    data: bytes, password: str | None, limits: Limits, pdfium_refusal: IntakeRefused
) -> list[PdfPageText]:
    try:
        reader = open_pdf_with_pypdf(data, password, limits)
    except IntakeRefused as refusal:
        if refusal.code == "corrupt":
            refusal.detail = f"pdfium: {pdfium_refusal.detail}; pypdf: {refusal.detail}"
        raise
    pages: list[PdfPageText] = []
    for page in reader.pages:
        try:
            raw = page.extract_text() or ""
        except RecursionError as exc:
            raise IntakeRefused("corrupt", CORRUPT_PDF_MESSAGE, detail="recursion") from exc
        except Exception:  # noqa: BLE001 - one damaged page must not lose the others
            raw = ""
        # pypdf does not tell us cheaply whether a page has graphics: assume it has.
        pages.append(PdfPageText(raw, _needs_ocr(raw, True), "pypdf"))
    return pages


def render_pdf_pages(
    data: bytes, password: str | None, indexes, dpi: int = 200, limits: Limits = DEFAULT_LIMITS
):
    """Yield (index, PIL image) for the given pages, rendered with PDFium."""
    document = open_pdf(data, password, limits)
    try:
        for index in indexes:
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
                yield index, bitmap.to_pil()
            finally:
                page.close()
    finally:
        document.close()
