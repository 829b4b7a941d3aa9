"""The one exception the intake pipeline raises for a file it will not accept."""

from __future__ import annotations

# Refusal codes, stable for callers (services store and translate on them).
REFUSAL_CODES = (
    "empty",  # zero bytes
    "too_large",  # over Limits.max_bytes
    "unknown_type",  # not PDF/DOCX/XLSX/JPEG/PNG
    "executable",  # program or script
    "html",  # web page saved under another name
    "ole_office",  # legacy .doc/.xls/.wps/.et (OLE compound file)
    "encrypted",  # encrypted Office file we cannot open
    "needs_password",  # PDF with a user password, none supplied
    "wrong_password",  # PDF password supplied but wrong
    "zip_bomb",  # zip members too big, too many or too compressible
    "unsafe_content",  # DTD/entity declarations inside an Office package
    "corrupt",  # damaged or truncated file
    "too_many_pages",  # over Limits.max_pages
    "timeout",  # parsing exceeded Limits.parse_seconds
    "memory",  # parsing exceeded Limits.parse_memory_mb
    "crashed",  # the parser process died
)


class IntakeRefused(Exception):
    """A file was refused. ``code`` is an English slug, ``message`` Chinese text for the user.

    ``detail`` optionally carries technical text for logs (never shown to users).
    """

    def __init__(self, code: str, message: str, detail: str | None = None) -> None:
        super().__init__(code, message, detail)
        self.code = code
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"IntakeRefused({self.code!r}, {self.message!r})"


def human_size(n: int) -> str:
    """Size in the units a county clerk reads: KB / MB."""
    mb = n / (1024 * 1024)
    if mb >= 10:
        return f"{mb:.0f} MB"
    if mb >= 1:
        return f"{mb:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} 字节"
