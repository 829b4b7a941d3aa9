"""Daily work: the nightly consistency check and the morning reminders.

Every runner and worker calls ``tick()``; each day's job has a key (``verify:2026-12-01``), so
however many processes tick, the day gets one job. Hours are local time:
PIONEER_VERIFY_HOUR (default 2: the store check, the audit check, and the audit chain heads
written to the anchor file), PIONEER_BACKUP_HOUR (default 3, when PIONEER_BACKUP_DIR is set: the nightly backup) and
PIONEER_REMINDER_HOUR (default 8).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time

from services.jobs.queue import enqueue
from store.db import session_scope

_last = {"at": 0.0}
_lock = threading.Lock()
EVERY_SECONDS = 60


def daily_jobs(now: dt.datetime) -> list[tuple[str, str, dict]]:
    """(kind, key, args) of the daily jobs due by ``now``."""
    day = now.date().isoformat()
    due = []
    if now.hour >= int(os.environ.get("PIONEER_VERIFY_HOUR", "2")):
        due.append(("verify", f"verify:{day}", {}))
        due.append(("audit_verify", f"audit_verify:{day}", {}))
        due.append(("audit_anchor", f"audit_anchor:{day}", {"day": day}))
    backups = os.environ.get("PIONEER_BACKUP_DIR", "").strip()
    if backups and now.hour >= int(os.environ.get("PIONEER_BACKUP_HOUR", "3")):
        due.append(("backup", f"backup:{day}", {"day": day}))
    if now.hour >= int(os.environ.get("PIONEER_REMINDER_HOUR", "8")):
        due.append(("reminders", f"reminders:{day}", {"day": day}))
    return due


def tick(now: dt.datetime | None = None, force: bool = False) -> int:
    """Enqueue the day's jobs not yet enqueued (at most once a minute per process)."""
    with _lock:
        if not force and time.monotonic() - _last["at"] < EVERY_SECONDS:
            return 0
        _last["at"] = time.monotonic()
    now = now or dt.datetime.now()
    added = 0
    with session_scope() as session:
        for kind, key, args in daily_jobs(now):
            job = enqueue(session, kind, args, key=key)
            added += job.attempts == 0 and job.status == "queued"
    return added
