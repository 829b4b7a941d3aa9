"""Structural checks that run before any document library parses a file.

``check_zip`` inspects an Office package from its central directory, then stream-decompresses
every member with a running byte budget (declared sizes are not trusted) and refuses a DTD or
entity declaration in any member. ``open_pdf`` opens a
PDF with pypdfium2 (pypdf as a fallback), handles passwords and enforces the page cap.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from evidence.errors import IntakeRefused, human_size
from evidence.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    import pypdfium2

_CHUNK = 64 * 1024
# Below this uncompressed size a member's ratio is not judged: small XML parts compress well.
_RATIO_FLOOR = 1024 * 1024
_FORBIDDEN_XML = tuple(
    marker.encode(codec)
    for marker in ("<!doctype", "<!entity")
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(m) for m in _FORBIDDEN_XML) - 1


def _bomb(total: int, compressed: int, why: str) -> IntakeRefused:
    ratio = total / max(compressed, 1)
    return IntakeRefused(
        "zip_bomb",
        f"压缩内容异常（解压后约 {human_size(total)}，压缩比 {ratio:.0f}:1），疑似压缩炸弹，已拒收。"
        "如确为正常文件，请另存为 PDF 后上传",
        detail=why,
    )


def _corrupt(exc: BaseException) -> IntakeRefused:
    return IntakeRefused(
        "corrupt",
        "Office 文件已损坏或不完整（可能上传中断），请用 Word/Excel 重新打开并另存后上传",
        detail=repr(exc),
    )


def check_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an Office package whose members are too many, too big or too compressible."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _corrupt(exc) from exc
    if len(infos) > limits.max_zip_members:
        raise IntakeRefused(
            "zip_bomb",
            f"文件内部包含 {len(infos)} 个部件，超过上限 {limits.max_zip_members}，疑似异常文件，已拒收",
        )
    declared = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if declared > limits.max_unzipped_bytes:
        raise _bomb(declared, packed, "declared total over budget")
    for info in infos:
        if info.file_size > _RATIO_FLOOR and (
            info.file_size > limits.max_member_ratio * max(info.compress_size, 1)
        ):
            raise _bomb(info.file_size, info.compress_size, f"declared ratio of {info.filename}")
    with archive:
        _stream_members(archive, infos, limits)


def _stream_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Decompress everything with a running budget; checks the CRCs and the XML prologues."""
    budget = limits.max_unzipped_bytes
    total = 0
    packed_total = 0
    for info in infos:
        if info.is_dir():
            continue
        produced = 0
        packed_total += info.compress_size
        tail = b""
        try:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    # every part, whatever its name, in UTF-8 or UTF-16, anywhere in it (a long
                    # comment before the DTD hid it from a look at the first 4 KB)
                    _check_no_dtd(info.filename, tail + chunk)
                    tail = chunk[-_OVERLAP:]
                    produced += len(chunk)
                    total += len(chunk)
                    if total > budget:
                        raise _bomb(total, packed_total, "running total over budget")
                    if produced > _RATIO_FLOOR and produced > limits.max_member_ratio * max(
                        info.compress_size, 1
                    ):
                        raise _bomb(produced, info.compress_size, f"real ratio of {info.filename}")
        except IntakeRefused:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise _corrupt(exc) from exc
        except RuntimeError as exc:  # encrypted member ("File is encrypted, password required")
            raise IntakeRefused(
                "encrypted",
                "Office 文件内部部件已加密，无法读取。请取消密码后另存为 .docx/.xlsx 或导出 PDF 后上传",
                detail=repr(exc),
            ) from exc


def _check_no_dtd(name: str, chunk: bytes) -> None:
    low = chunk.lower()
    if any(marker in low for marker in _FORBIDDEN_XML):
        raise IntakeRefused(
            "unsafe_content",
            "文档内部含有不允许的 XML 声明（DTD/实体），可能被篡改，已拒收。"
            "请用 Word/WPS/Excel 重新另存后上传",
            detail=f"DOCTYPE/ENTITY in {name}",
        )


# -- PDF ---------------------------------------------------------------------------------------

NEEDS_PASSWORD_MESSAGE = "PDF 文件已加密，需要密码：请在“密码”栏填写打开密码后重新上传"
WRONG_PASSWORD_MESSAGE = "密码不正确，无法打开此 PDF。请核对打开密码（区分大小写）后重新上传"
CORRUPT_PDF_MESSAGE = "PDF 文件已损坏或不完整（可能上传中断），请重新导出或扫描为 PDF 后上传"


def _pdfium_password_error(exc: Exception) -> bool:
    import pypdfium2.raw as pdfium_c

    return getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD


def open_pdf(
    data: bytes, password: str | None, limits: Limits = DEFAULT_LIMITS
) -> pypdfium2.PdfDocument:
    """Open a PDF with pypdfium2 and enforce passwords and the page cap.

    Raises IntakeRefused (``needs_password``, ``wrong_password``, ``corrupt``,
    ``too_many_pages``). The caller closes the document.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)  # PDFium tries the empty user password itself
    except pdfium.PdfiumError as exc:
        if not _pdfium_password_error(exc):
            raise IntakeRefused("corrupt", CORRUPT_PDF_MESSAGE, detail=repr(exc)) from exc
        if not password:
            raise IntakeRefused("needs_password", NEEDS_PASSWORD_MESSAGE) from exc
        try:
            document = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc2:
            if _pdfium_password_error(exc2):
                raise IntakeRefused("wrong_password", WRONG_PASSWORD_MESSAGE) from exc2
            raise IntakeRefused("corrupt", CORRUPT_PDF_MESSAGE, detail=repr(exc2)) from exc2
    check_page_count(len(document), limits)
    return document


def open_pdf_with_pypdf(data: bytes, password: str | None, limits: Limits = DEFAULT_LIMITS):
    """Fallback opener (pypdf, non-strict). Same refusals as :func:`open_pdf`."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == 0:  # PasswordType.NOT_DECRYPTED
            if not password:
                raise IntakeRefused("needs_password", NEEDS_PASSWORD_MESSAGE)
            if reader.decrypt(password) == 0:
                raise IntakeRefused("wrong_password", WRONG_PASSWORD_MESSAGE)
        pages = len(reader.pages)
    except IntakeRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise IntakeRefused("corrupt", CORRUPT_PDF_MESSAGE, detail=repr(exc)) from exc
    except RecursionError as exc:  # cyclic or absurdly deep page tree
        raise IntakeRefused("corrupt", CORRUPT_PDF_MESSAGE, detail="recursion") from exc
    check_page_count(pages, limits)
    return reader


def check_page_count(pages: int, limits: Limits) -> None:
    if pages > limits.max_pages:
        raise IntakeRefused(
            "too_many_pages",
            f"文件共 {pages} 页，超过单个文件 {limits.max_pages} 页的上限，请拆分后分别上传",
        )
    if pages == 0:
        raise IntakeRefused("corrupt", "PDF 文件没有任何页面（可能已损坏），请重新导出后上传")
