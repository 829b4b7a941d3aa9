"""The chain heads written out daily to a separate, append-only file (the anchor file).

Someone able to write the database could rewrite a chain from the event they changed to its
head, hashes and all. A head copied out of the database earlier gives that away: verify checks
every anchored place still has the anchored hash. Keep the file where database users cannot
write (another machine, or ``chattr +a``); its place is PIONEER_AUDIT_ANCHOR_FILE, by default
``audit-anchors.log`` in the files directory. One JSON line per chain and day.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from sqlmodel import select

from store.audit import AuditHead
from store.db import session_scope
from store.settings import load_settings


def anchor_path() -> Path:
    named = os.environ.get("PIONEER_AUDIT_ANCHOR_FILE")
    return Path(named).expanduser() if named else load_settings().files / "audit-anchors.log"


def read_anchors(path: Path | None = None) -> list[tuple[int, int, str]]:
    """(chain, seq, hash) of every line; a line that does not parse is skipped."""
    path = path or anchor_path()
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            row = json.loads(line)
            out.append((int(row["chain"]), int(row["seq"]), str(row["hash"])))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def write_anchors(day: dt.date | None = None, path: Path | None = None) -> int:
    """Append today's head of every chain not yet anchored at that place; returns lines added."""
    path = path or anchor_path()
    day = day or dt.date.today()
    known = set(read_anchors(path))
    with session_scope() as session:
        heads = [(h.chain, h.seq, h.hash) for h in session.exec(select(AuditHead))]
    lines = [
        json.dumps({"day": day.isoformat(), "chain": c, "seq": s, "hash": h}) + "\n"
        for c, s, h in sorted(heads)
        if s and (c, s, h) not in known
    ]
    if lines:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write("".join(lines))
            f.flush()
            os.fsync(f.fileno())
    return len(lines)
