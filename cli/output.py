"""Helpers shared by the commands: printing JSON, Chinese errors with the right exit code,
writing output files and the ``--pdf`` option of document commands."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import typer

from services.documents.pdf import PdfNotMade, document_pdf


def plain(value: Any) -> Any:
    """Make a structure JSON-ready: exact decimals as numbers, tuples/sets as lists."""
    if isinstance(value, Decimal):
        n = value.normalize()
        return int(n) if n == n.to_integral_value() else float(format(n, "f"))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def print_json(data: Any) -> None:
    typer.echo(json.dumps(plain(data), ensure_ascii=False, indent=2))


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a Chinese error to stderr and exit (2: bad input; 1: inconsistent state)."""
    print(message, file=sys.stderr)
    raise typer.Exit(code)


PDF_HELP = "同时生成 PDF（由 LibreOffice 转换；未安装时仍输出 Word 文件并给出提示）"


def pdf_option() -> Any:
    """``pdf: bool = pdf_option()`` in a command's signature gives it ``--pdf``."""
    return typer.Option(False, "--pdf", help=PDF_HELP)


def write_file(out: Path, data: bytes) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        fail(f"无法写入「{out}」：{exc.strerror}")


def write_document(out: Path, data: bytes, *, pdf: bool = False, kind: str = "docx") -> Path | None:
    """Write ``out`` and, with ``pdf``, its PDF beside it (``out`` with suffix .pdf).

    Returns the PDF's path, or None. When no PDF can be made (LibreOffice missing, or the
    conversion failed) the document is still written and the reason is printed to stderr.
    """
    write_file(out, data)
    if not pdf:
        return None
    try:
        pdf_bytes = document_pdf(data, kind)
    except PdfNotMade as exc:
        print(f"未生成 PDF：{exc}", file=sys.stderr)
        return None
    target = out.with_suffix(".pdf")
    write_file(target, pdf_bytes)
    return target
