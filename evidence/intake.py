"""The single entry point for an uploaded file: check it, extract its text, guess its metadata.

    inspection = inspect_bytes(data, "通知.pdf")       # raises IntakeRefused
    texts = run_ocr(data, inspection.kind, inspection.needs_ocr, progress=callback)

Order of work: size cap, magic-byte sniffing, zip-bomb checks (in-process, streaming, bounded),
then parsing in the sandbox (child process with memory cap and timeout).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from evidence.errors import IntakeRefused, human_size
from evidence.extract import Extraction, extract_document, ocr_texts
from evidence.guards import check_zip
from evidence.limits import DEFAULT_LIMITS, Limits
from evidence.metadata import guess_metadata
from evidence.normalize import clean_text, normalize_text
from evidence.sandbox import run_sandboxed
from evidence.sniff import DOCX, IMAGE_KINDS, PDF, ZIP_KINDS, sniff, stored_name


@dataclass(frozen=True)
class Inspection:
    kind: str  # "pdf", "docx", "xlsx", "jpeg", "png"
    mime: str
    size: int
    sha256: str  # hex
    original_name: str
    pages: int
    texts: tuple[str, ...]  # per page, as written (what people read)
    needs_ocr: tuple[int, ...]  # 0-based page indexes; an image is (0,)
    doc_number: str | None  # 文号, e.g. 兖政办发〔2020〕5号
    doc_date: dt.date | None  # 成文日期
    title_guess: str | None
    engine: str = ""  # which extractor produced the text

    @property
    def index_texts(self) -> tuple[str, ...]:
        """Per page, the normalised copy for the search index (NFKC, Chinese joined across
        line breaks)."""
        return tuple(normalize_text(t) for t in self.texts)


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise IntakeRefused(
            "too_large",
            f"文件过大（{human_size(size)}），单个文件上限为 {human_size(limits.max_bytes)}。"
            "请压缩图片、降低扫描分辨率或拆分后上传",
        )


def inspect_bytes(
    data: bytes,
    filename: str,
    *,
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sandbox: bool = True,
) -> Inspection:
    """Check and read one uploaded file. Raises :class:`IntakeRefused` with a Chinese message.

    ``sandbox=False`` parses in-process (tests only: no timeout, no memory cap).
    """
    check_size(len(data), limits)
    sniffed = sniff(data)
    if sniffed.kind in ZIP_KINDS:
        check_zip(data, limits)
    extraction = Extraction.from_json(
        run_sandboxed(
            extract_document, data, sniffed.kind, password, limits, limits=limits, sandbox=sandbox
        )
    )
    metadata = guess_metadata(tuple(clean_text(t) for t in extraction.texts))
    return Inspection(
        kind=sniffed.kind,
        mime=sniffed.mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=stored_name(filename, sniffed),
        pages=extraction.pages,
        texts=extraction.texts,
        needs_ocr=extraction.needs_ocr,
        doc_number=metadata.doc_number,
        doc_date=metadata.doc_date,
        title_guess=metadata.title_guess,
        engine=extraction.engine,
    )


def run_ocr(
    data: bytes,
    kind: str,
    pages: Iterable[int],
    progress: Callable[[int, int], None] | None = None,
    *,
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sandbox: bool = True,
) -> dict[int, str]:
    """OCR the given pages (0-based) of a PDF, an image or the scans pasted into a .docx; the text
    as read per page index (``normalize_text`` gives the index copy).

    Slow (seconds per page): call it off the request path. ``progress(done, total)`` is called
    before the first page and after each page. The sandbox allows
    ``parse_seconds + ocr_seconds_per_page * pages`` seconds and ``ocr_memory_mb``.
    """
    if kind not in (PDF, DOCX) and kind not in IMAGE_KINDS:
        raise ValueError(f"OCR reads PDF pages, images and scans in .docx, not {kind!r}")
    wanted = tuple(sorted(set(pages)))
    if not wanted:
        return {}
    seconds = limits.parse_seconds + limits.ocr_seconds_per_page * len(wanted)
    texts = run_sandboxed(
        ocr_texts,
        data,
        kind,
        wanted,
        password,
        limits,
        limits=limits,
        seconds=seconds,
        memory_mb=limits.ocr_memory_mb,
        progress=progress,
        sandbox=sandbox,
    )
    return {int(index): text for index, text in texts.items()}
