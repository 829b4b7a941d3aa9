"""Ledger and survey files are untrusted bytes: they are read in the sandbox, never in the server.

``read_untrusted`` runs ``ledgers.limits.read_sheets_checked`` in the sandbox subprocess (memory
and time caps; the limits are checked there before any parser runs) and turns every refusal
into an ``InvalidInput`` with the Chinese message. The last few files read are kept by their
SHA-256, so that a page that previews, maps and then imports one upload parses it once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict

from evidence.errors import IntakeRefused
from evidence.sandbox import run_sandboxed
from ledgers import Sheet
from ledgers.limits import LedgerLimits, read_sheets_checked
from services.errors import InvalidInput

log = logging.getLogger(__name__)
_KEEP = 2
_cache: OrderedDict[tuple[str, str], list[Sheet]] = OrderedDict()
_lock = threading.Lock()


def read_untrusted(data: bytes, filename: str, limits: LedgerLimits | None = None) -> list[Sheet]:
    """The sheets of an uploaded ledger or survey file, read in the sandbox."""
    limits = limits or LedgerLimits.from_env()
    key = (hashlib.sha256(data).hexdigest(), filename)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    try:
        result = run_sandboxed(
            read_sheets_checked,
            data,
            filename,
            limits,
            seconds=limits.parse_seconds,
            memory_mb=limits.parse_memory_mb,
        )
    except IntakeRefused as exc:
        if exc.detail:
            log.warning("ledger file refused: %s %s", exc.code, exc.detail[:500])
        raise InvalidInput(exc.message) from None
    sheets = [Sheet(name, rows) for name, rows in result]
    with _lock:
        _cache[key] = sheets
        while len(_cache) > _KEEP:
            _cache.popitem(last=False)
    return sheets
