"""PDF copies of the documents the system makes (Word/Excel -> PDF through reports.pdf).

Callers (the CLI's ``--pdf``, the app's PDF downloads) catch ``PdfNotMade`` and still hand
out the .docx/.xlsx, with the Chinese message saying why there is no PDF.
"""

from __future__ import annotations

from reports import pdf as _pdf
from reports.gongwen import for_libreoffice
from services.errors import ServiceError


class PdfNotMade(ServiceError):
    """No PDF: ``missing`` when LibreOffice is not installed, else the conversion failed."""

    def __init__(self, message: str, missing: bool) -> None:
        super().__init__(message)
        self.missing = missing


def pdf_available() -> bool:
    return _pdf.available()


def document_pdf(data: bytes, kind: str = "docx") -> bytes:
    """The PDF of a document this system generated (kind docx or xlsx)."""
    if kind == "docx":
        data = for_libreoffice(data)
    try:
        return _pdf.convert(data, kind)
    except _pdf.PdfError as exc:
        raise PdfNotMade(exc.message, missing=isinstance(exc, _pdf.PdfUnavailable)) from exc
