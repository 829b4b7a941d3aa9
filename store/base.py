"""Shared column helpers for the SQLModel tables."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """Aware UTC timestamp (sqlmodel's UTCDateTime stores it the same on SQLite and PostgreSQL)."""
    return dt.datetime.now(dt.UTC)
