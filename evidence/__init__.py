"""Evidence files: intake checks, text extraction, OCR, metadata guesses, blob storage and
requirement suggestions. Pure library code (no database, no UI).

Entry points: :func:`evidence.intake.inspect_bytes`, :func:`evidence.intake.run_ocr`,
:class:`evidence.storage.BlobStore`, :func:`evidence.suggest.suggest`.
"""

from evidence.errors import IntakeRefused
from evidence.intake import Inspection, inspect_bytes, run_ocr
from evidence.limits import Limits
from evidence.storage import BlobStore
from evidence.suggest import Suggestion, suggest

__all__ = [
    "BlobStore",
    "Inspection",
    "IntakeRefused",
    "Limits",
    "Suggestion",
    "inspect_bytes",
    "run_ocr",
    "suggest",
]
