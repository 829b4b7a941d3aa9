"""Per-page text of an accepted file. These functions are what the sandbox runs.

``extract_document`` returns the text as written (``written_text``: no NFKC, line breaks kept)
and the pages that need OCR; the caller derives the normalised copy for metadata and the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from evidence.guards import check_page_count
from evidence.limits import DEFAULT_LIMITS, Limits
from evidence.normalize import written_text
from evidence.ocr import check_image
from evidence.office_text import docx_page_texts, docx_scans, xlsx_page_texts
from evidence.pdf_text import pdf_page_texts
from evidence.sniff import DOCX, IMAGE_KINDS, PDF, XLSX


@dataclass(frozen=True)
class Extraction:
    pages: int
    texts: tuple[str, ...]  # as written, line breaks kept
    needs_ocr: tuple[int, ...]
    engine: str  # "pdfium", "pypdf", "python-docx", "calamine/openpyxl", "image"

    @classmethod
    def from_json(cls, data: dict) -> Extraction:
        """Rebuild from the sandbox's JSON answer."""
        return cls(
            pages=int(data["pages"]),
            texts=tuple(str(t) for t in data["texts"]),
            needs_ocr=tuple(int(i) for i in data["needs_ocr"]),
            engine=str(data["engine"]),
        )


def extract_document(
    data: bytes, kind: str, password: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Extraction:
    if kind == PDF:
        pages = pdf_page_texts(data, password, limits)
        engine = pages[0].engine if pages else "pdfium"
        return Extraction(
            pages=len(pages),
            texts=tuple(written_text(p.raw) for p in pages),
            needs_ocr=tuple(i for i, p in enumerate(pages) if p.needs_ocr),
            engine=engine,
        )
    if kind == DOCX:
        texts = [written_text(t) for t in docx_page_texts(data)]
        scans = docx_scans(data)  # pasted scans: one extra page each, read by OCR
        check_page_count(len(texts) + len(scans), limits)
        first = len(texts)
        return Extraction(
            first + len(scans),
            tuple(texts) + ("",) * len(scans),
            tuple(range(first, first + len(scans))),
            "python-docx",
        )
    if kind == XLSX:
        texts = xlsx_page_texts(data)
        check_page_count(len(texts), limits)
        return Extraction(
            len(texts), tuple(written_text(t) for t in texts), (), "calamine/openpyxl"
        )
    if kind in IMAGE_KINDS:
        check_image(data, limits)
        return Extraction(1, ("",), (0,), "image")
    raise ValueError(f"unsupported kind {kind!r}")


def ocr_texts(
    data: bytes,
    kind: str,
    pages: Iterable[int],
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, str]:
    """OCR the given pages and return the text as read, per page index (JSON: string keys)."""
    from evidence.ocr import ocr_pages

    raw = ocr_pages(data, kind, pages, progress, password=password, limits=limits)
    return {index: written_text(text) for index, text in raw.items()}
