"""PDF copies of the documents the system makes (Word/Excel -> PDF through reports.pdf).

Callers (the CLI's ``--pdf``, the app's PDF downloads) catch ``PdfNotMade`` and still hand
out the .docx/.xlsx, with the Chinese message saying why there is no PDF.

A 公文 whose 版记 lands on an odd page is rendered a second time with the 版记 pushed to the
next, even page (``reports.record_page``): a PDF has its 版记 on the last even page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reports import pdf as _pdf
from reports.gongwen import for_libreoffice
from reports.record_page import record_fix
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
        made = _pdf.convert(data, kind)
        fixed = record_fix(data, made) if kind == "docx" else None
        return made if fixed is None else _pdf.convert(fixed, kind)
    except _pdf.PdfError as exc:
        raise PdfNotMade(exc.message, missing=isinstance(exc, _pdf.PdfUnavailable)) from exc


def documents_pdfs(files: dict[str, bytes], kind: str = "docx") -> dict[str, bytes]:
    """PDFs of several generated documents in one LibreOffice run ({name: PDF}).

    Raises ``PdfNotMade`` when LibreOffice is missing or any file could not be converted.
    """
    if not _pdf.available():
        raise PdfNotMade(_pdf.MISSING_MESSAGE, missing=True)
    if kind == "docx":
        files = {name: for_libreoffice(data) for name, data in files.items()}
    out = _convert_all(files, kind)
    if kind == "docx":  # those whose 版记 fell on an odd page, once more
        again = {n: f for n, pdf in out.items() if (f := record_fix(files[n], pdf)) is not None}
        if again:
            out |= _convert_all(again, kind)
    return out


def _convert_all(files: dict[str, bytes], kind: str) -> dict[str, bytes]:
    """{name: PDF} in one LibreOffice run; ``PdfNotMade`` when any file fails."""
    with tempfile.TemporaryDirectory(prefix="pioneer-pdfs-") as tmp:
        sources = {}
        for n, (name, data) in enumerate(files.items()):
            src = Path(tmp) / f"{n:04d}.{kind}"
            src.write_bytes(data)
            sources[src] = name
        made = _pdf.convert_files(list(sources), Path(tmp) / "out")
        out: dict[str, bytes] = {}
        for src, name in sources.items():
            result = made[src]
            if isinstance(result, _pdf.PdfError):
                raise PdfNotMade(f"「{name}」：{result.message}", missing=False)
            out[name] = result.read_bytes()
    return out


def zip_pdfs(data: bytes) -> bytes:
    """A zip of Word documents (整改通知书, a report batch) as a zip of their PDFs, converted in
    one LibreOffice run; other members are kept as they are."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        docs = {n: z.read(n) for n in z.namelist() if n.endswith(".docx")}
        others = {n: z.read(n) for n in z.namelist() if not n.endswith(".docx")}
    made = documents_pdfs(docs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, pdf in made.items():
            z.writestr(name.removesuffix(".docx") + ".pdf", pdf)
        for name, raw in others.items():
            z.writestr(name, raw)
    return buf.getvalue()
