"""Figures computed from a ledger are kept per import batch, so that 总览 and 数据指标确认 do not
reload and recompute hundreds of thousands of rows on every render.

The key is what the figure was computed from: the database, the unit, the kind, the date it is
computed for and, per import batch, its id, file hash, time and number of stored rows. A new
import, a withdrawn one (its rows are deleted) or another database gives another key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from store.ledger_tables import LedgerImport, LedgerRecord

_KEEP = 128
_MISSING = object()
_cache: OrderedDict[tuple, Any] = OrderedDict()
_lock = threading.Lock()
stats = {"hits": 0, "misses": 0}


def batch_key(session: Session, unit_id: int, kind: str) -> tuple:
    q = (
        select(
            LedgerImport.id,
            LedgerImport.sha256,
            LedgerImport.imported_at,
            func.count(LedgerRecord.id),
        )
        .join(LedgerRecord, LedgerRecord.import_id == LedgerImport.id)
        .where(LedgerRecord.unit_id == unit_id, LedgerRecord.kind == kind)
        .group_by(LedgerImport.id, LedgerImport.sha256, LedgerImport.imported_at)
        .order_by(LedgerImport.id)
    )
    return tuple(tuple(r) for r in session.exec(q))


def cached(session: Session, unit_id: int, kind: str, extra: tuple, compute: Callable[[], Any]):
    """``compute()`` once per set of import batches (and ``extra``, e.g. the as-of date)."""
    key = (str(session.get_bind().url), unit_id, kind, extra, batch_key(session, unit_id, kind))
    with _lock:
        value = _cache.get(key, _MISSING)
        if value is not _MISSING:
            _cache.move_to_end(key)
            stats["hits"] += 1
            return value
    value = compute()
    with _lock:
        stats["misses"] += 1
        _cache[key] = value
        while len(_cache) > _KEEP:
            _cache.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _cache.clear()
