"""Audit events: who did what, when, with the state before and after.

The events of one unit form a hash chain: each carries its place in the chain (``seq``), the
hash of the event before it (``prev_hash``) and its own hash over its content and
``prev_hash`` (``event_hash``). ``audit_head`` holds each chain's last place and hash; a writer
takes that row first, so two writers never append at the same place. The events of actors with
no unit (command line, system, anonymous) form chain 0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from store.base import utcnow

GENESIS = "0" * 64  # the prev_hash of a chain's first event


class AuditEvent(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_auditevent_chain_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    username: str = Field(max_length=64)
    action: str = Field(max_length=64, index=True)
    entity: str = Field(max_length=64)
    entity_id: str | None = Field(default=None, max_length=64)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    chain: int = Field(default=0, index=True)  # the acting unit's id; 0: no unit
    seq: int = Field(default=0)  # place in the chain, from 1
    prev_hash: str = Field(default=GENESIS, max_length=64)
    hash: str = Field(default="", max_length=64)


class AuditHead(SQLModel, table=True):
    """The last event of each chain: taken (row lock / write lock) by every append."""

    __tablename__ = "audit_head"

    chain: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = 0
    hash: str = Field(default=GENESIS, max_length=64)


def _stamp(at: dt.datetime) -> str:
    aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    chain: int,
    seq: int,
    prev_hash: str,
    at: dt.datetime,
    user_id: int | None,
    username: str,
    action: str,
    entity: str,
    entity_id: str | None,
    before: Any,
    after: Any,
) -> str:
    """sha256 of the event's content and the previous event's hash (canonical JSON)."""
    body = {
        "chain": chain,
        "seq": seq,
        "prev": prev_hash,
        "at": _stamp(at),
        "user_id": user_id,
        "username": username,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_of(event: AuditEvent) -> str:
    """The hash the event's stored content and ``prev_hash`` give."""
    return event_hash(
        chain=event.chain,
        seq=event.seq,
        prev_hash=event.prev_hash,
        at=event.at,
        user_id=event.user_id,
        username=event.username,
        action=event.action,
        entity=event.entity,
        entity_id=event.entity_id,
        before=event.before,
        after=event.after,
    )
