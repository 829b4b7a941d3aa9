"""Detect what a file really is from its bytes. The file name's extension is never trusted."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from evidence.errors import IntakeRefused

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
JPEG = "jpeg"
PNG = "png"
KINDS = (PDF, DOCX, XLSX, JPEG, PNG)
IMAGE_KINDS = (JPEG, PNG)
ZIP_KINDS = (DOCX, XLSX)

_MIME = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    JPEG: "image/jpeg",
    PNG: "image/png",
}
_EXTENSION = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", JPEG: ".jpg", PNG: ".png"}

ACCEPTED = "PDF、Word（.docx）、Excel（.xlsx）或 JPG/PNG 图片"

_OLD_WORD = "这是旧版 Word/WPS（.doc/.wps）文件，请另存为 .docx 或 PDF 后上传"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTENT_TYPES_READ_CAP = 256 * 1024


@dataclass(frozen=True)
class Sniffed:
    kind: str
    mime: str
    extension: str


def _ok(kind: str) -> Sniffed:
    return Sniffed(kind=kind, mime=_MIME[kind], extension=_EXTENSION[kind])


_SAME_EXTENSION = {".jpeg": ".jpg", ".jpe": ".jpg"}


def stored_name(filename: str, sniffed: Sniffed) -> str:
    """The file's own name (no folders) with the extension of what it really is: a PDF named
    .exe or .html is stored and downloaded as .pdf (the name at most 200 characters before it)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "文件"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    ext = "." + ext if ext else ""
    if _SAME_EXTENSION.get(ext.lower(), ext.lower()) != sniffed.extension:
        ext = sniffed.extension
    return stem[:200] + ext


def _refuse(code: str, message: str) -> IntakeRefused:
    return IntakeRefused(code, message)


def sniff(data: bytes) -> Sniffed:
    """Return the real type of ``data`` or raise :class:`IntakeRefused`."""
    if not data:
        raise _refuse("empty", "文件为空（0 字节），可能上传中断或原文件已损坏，请检查后重新上传")
    if data.startswith(b"%PDF-"):
        return _ok(PDF)
    if data.startswith(b"\xff\xd8\xff"):
        return _ok(JPEG)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _ok(PNG)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if data.startswith(OLE_MAGIC):
        raise _ole_refusal(data)
    refusal = _other_refusal(data)
    if refusal is not None:
        raise refusal
    if b"%PDF-" in data[:1024]:  # readers accept junk before the header
        return _ok(PDF)
    if not data.strip(b" \t\r\n\x00"):
        raise _refuse("empty", "文件内容为空白，请检查后重新上传")
    raise _refuse("unknown_type", f"无法识别的文件类型，只接收 {ACCEPTED}")


def _ole_refusal(data: bytes) -> IntakeRefused:
    """OLE compound files: legacy Office, or an encrypted .docx/.xlsx (which is wrapped in OLE)."""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return _refuse(
            "encrypted",
            "Word/Excel 文件设置了打开密码，系统无法读取。请在 Word/WPS 中取消密码"
            "（文件→信息→保护文档/用密码进行加密，清空密码）后另存为 .docx/.xlsx，或导出 PDF 后上传",
        )
    # Word keeps body text in UTF-16 too, so look for its stream name before Excel's.
    if has("WordDocument"):
        return _refuse("ole_office", _OLD_WORD)
    if has("Workbook") or has("Book"):
        return _refuse(
            "ole_office",
            "这是旧版 Excel/WPS 表格（.xls/.et）文件，请另存为 .xlsx 或 PDF 后上传",
        )
    if has("PowerPoint Document"):
        return _refuse("ole_office", "这是旧版 PowerPoint（.ppt/.dps）文件，请导出为 PDF 后上传")
    return _refuse("ole_office", _OLD_WORD)


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IntakeRefused(
            "corrupt",
            "文件已损坏或不完整（压缩结构无法读取），请重新保存或导出后上传",
            detail=repr(exc),
        ) from exc
    name_set = set(names)
    if "mimetype" in name_set and any(n.endswith("content.xml") for n in names):
        raise _refuse(
            "unknown_type",
            "这是 OpenDocument（.odt/.ods，WPS/LibreOffice）文件，请另存为 .docx/.xlsx 或 PDF 后上传",
        )
    if "OFD.xml" in name_set:
        raise _refuse(
            "unknown_type", "这是 OFD 版式文件，暂不支持。请用 OFD 阅读器“另存为/导出 PDF”后上传"
        )
    if "[Content_Types].xml" not in name_set:
        raise _refuse(
            "unknown_type",
            f"这是一个压缩包（.zip 等），不是文档。请解压后逐个上传 {ACCEPTED}",
        )
    content_types = _read_capped(archive, "[Content_Types].xml")
    has_word = "word/document.xml" in name_set or any(n.startswith("word/") for n in names)
    has_excel = "xl/workbook.xml" in name_set or any(n.startswith("xl/") for n in names)
    if b"macroEnabled" in content_types:
        raise _refuse(
            "unknown_type",
            "这是含宏的 Office 文件（.docm/.xlsm），出于安全原因不接收。请另存为 .docx/.xlsx 或 PDF 后上传",
        )
    if has_word and b"wordprocessingml.document.main" in content_types:
        return _ok(DOCX)
    if has_excel and b"spreadsheetml.sheet.main" in content_types:
        return _ok(XLSX)
    if any(n.startswith("ppt/") for n in names):
        raise _refuse("unknown_type", "这是 PowerPoint 演示文稿，暂不支持，请导出为 PDF 后上传")
    if has_word or has_excel:
        raise _refuse(
            "corrupt",
            "Office 文件结构不完整（缺少内容类型声明），请用 Word/Excel 重新另存后上传",
        )
    raise _refuse("unknown_type", f"这是一个压缩包，不是文档。请解压后逐个上传 {ACCEPTED}")


def _read_capped(archive: zipfile.ZipFile, name: str) -> bytes:
    """Read at most a small prefix of one member (the member itself may be a bomb)."""
    try:
        with archive.open(name) as member:
            return member.read(_CONTENT_TYPES_READ_CAP)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise IntakeRefused(
            "corrupt",
            "Office 文件已损坏或不完整，无法读取其内容类型，请重新保存后上传",
            detail=repr(exc),
        ) from exc


_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows .exe/.dll
    b"\x7fELF",  # Linux
    b"#!",  # scripts
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O fat / Java class
    b"dex\n",
)
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<meta", b"<iframe")
_OTHER_FORMATS = (
    (b"{\\rtf", "这是 RTF 文件，请用 Word/WPS 另存为 .docx 或 PDF 后上传"),
    (b"Rar!", "这是 RAR 压缩包，不是文档。请解压后逐个上传"),
    (b"7z\xbc\xaf\x27\x1c", "这是 7z 压缩包，不是文档。请解压后逐个上传"),
    (b"\x1f\x8b", "这是 gzip 压缩包，不是文档。请解压后逐个上传"),
    (b"GIF8", "这是 GIF 图片，请转换为 JPG 或 PNG 后上传"),
    (b"BM", "这是 BMP 图片，请转换为 JPG 或 PNG 后上传"),
    (b"II*\x00", "这是 TIFF 图片，请转换为 JPG/PNG 或 PDF 后上传"),
    (b"MM\x00*", "这是 TIFF 图片，请转换为 JPG/PNG 或 PDF 后上传"),
)


def _other_refusal(data: bytes) -> IntakeRefused | None:
    if data.startswith(_EXECUTABLE_MAGIC):
        return _refuse(
            "executable", "这是可执行程序或脚本，不是证明材料，已拒收。请上传 " + ACCEPTED
        )
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _refuse("unknown_type", "这是 WEBP 图片，请转换为 JPG 或 PNG 后上传")
    for magic, message in _OTHER_FORMATS:
        if data.startswith(magic):
            return _refuse("unknown_type", message)
    text_head = _text_head(data)
    if text_head.startswith(b"mime-version:") or b"multipart/related" in text_head[:2048]:
        return _refuse(
            "html",
            "这是网页存档（.mht，常见于“另存为网页”的 Word 文件），请用 Word/WPS 另存为 .docx 或 PDF 后上传",
        )
    if any(marker in text_head for marker in _HTML_MARKERS):
        return _refuse(
            "html",
            "这是网页文件（HTML），不是 PDF/Word 文档。请在浏览器中选择“打印→另存为 PDF”，"
            "或在 Word/WPS 中另存为 .docx 后上传",
        )
    return None


def _text_head(data: bytes) -> bytes:
    """Lower-cased start of a text file, without BOM, UTF-16 zero bytes or leading blanks."""
    head = data[:4096]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:64].count(b"\x00") > 16:
        head = head.replace(b"\x00", b"")
    return head.lstrip().lower()
