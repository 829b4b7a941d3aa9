"""Resource limits applied to every uploaded file."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps for one upload. Defaults suit a county government's evidence files.

    ``parse_memory_mb`` is the address space a parse may add on top of what the worker
    process had mapped when it started (interpreter and libraries already loaded).
    """

    max_bytes: int = 50 * MiB
    max_pages: int = 500
    max_zip_members: int = 2000
    max_unzipped_bytes: int = 200 * MiB
    max_member_ratio: int = 100
    parse_seconds: float = 60
    parse_memory_mb: int = 1024
    # OCR runs off the request path; it gets its own, larger budgets.
    ocr_seconds_per_page: float = 30
    ocr_memory_mb: int = 2048
    max_image_pixels: int = 80_000_000


DEFAULT_LIMITS = Limits()
