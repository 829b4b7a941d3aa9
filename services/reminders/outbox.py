"""The outbox: every reminder is a row first, then delivered at least once.

``queue_reminders`` writes one row per department target and day, unique by key
(``reminder:2026-12-01:<target>``), so running the day's job twice sends nothing twice.
``deliver_due`` leases due rows (a conditional UPDATE: two workers never take the same row),
sends them in parallel, and records each result: sent, or tried again later with backoff until
``MAX_ATTEMPTS``, then failed with its reason. A worker that dies mid-send leaves its rows
leased; they are due again when the lease runs out (at least once).
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import select

from services.jobs.queue import backoff_seconds, is_postgres
from services.reminders.content import DepartmentReminder, department_reminders
from services.reminders.send import DeliveryError, deliver
from services.rounds.state import current_states
from store.base import utcnow
from store.db import session_scope
from store.job_tables import OutboxMessage, ReminderTarget
from store.org import Department

log = logging.getLogger("pioneer.reminders")
MAX_ATTEMPTS = 5
LEASE_SECONDS = 300
BATCH = 200
THREADS = 16


@dataclass
class Delivery:
    sent: int = 0
    retry: int = 0
    failed: int = 0


def _targets(session) -> dict[int, list[ReminderTarget]]:
    out: dict[int, list[ReminderTarget]] = {}
    for t in session.exec(select(ReminderTarget).where(ReminderTarget.active)):  # type: ignore[arg-type]
        out.setdefault(t.department_id, []).append(t)
    return out


def message_values(r: DepartmentReminder, unit_id: int, t: ReminderTarget, key: str) -> dict:
    return {
        "key": key,
        "unit_id": unit_id,
        "department_id": r.department_id,
        "channel": t.channel,
        "address": t.address,
        "subject": r.subject,
        "body": r.plain() if t.channel == "email" else r.markdown(),
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": utcnow(),
        "created_at": utcnow(),
    }


def queue_reminders(today: dt.date, days: int, chunk: int = 50) -> int:
    """Write the day's reminders of every unit's current round; returns rows added.

    Units are taken ``chunk`` at a time, each chunk in its own transaction (a rerun after a
    crash adds only what is missing: the keys are unique).
    """
    with session_scope() as session:
        targets = _targets(session)
        units = sorted(
            set(
                session.exec(
                    select(Department.unit_id).where(Department.id.in_(list(targets)))  # type: ignore[union-attr]
                )
            )
        )
    added = 0
    for start in range(0, len(units), chunk):
        with session_scope() as session:
            insert = pg_insert if is_postgres(session) else sqlite_insert
            for state in current_states(session, today, set(units[start : start + chunk])):
                rows = [
                    message_values(
                        r, state.round.unit_id, t, f"reminder:{today.isoformat()}:{t.id}"
                    )
                    for r in department_reminders(state, days)
                    for t in targets.get(r.department_id, ())
                ]
                if rows:
                    res = session.execute(
                        insert(OutboxMessage)
                        .values(rows)
                        .on_conflict_do_nothing(index_elements=["key"])
                        .returning(OutboxMessage.id)
                    )
                    added += len(res.all())
    return added


def _lease(limit: int, due_by: dt.datetime) -> list[OutboxMessage]:
    now = utcnow()
    with session_scope() as session:
        ids = list(
            session.exec(
                select(OutboxMessage.id)
                .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= due_by)
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        )
        if not ids:
            return []
        taken = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),  # type: ignore[union-attr]
                OutboxMessage.status == "pending",
                OutboxMessage.next_attempt_at <= due_by,
            )
            .values(
                attempts=OutboxMessage.attempts + 1,
                next_attempt_at=now + dt.timedelta(seconds=LEASE_SECONDS),
            )
            .returning(OutboxMessage.id)
        ).scalars()
        taken = list(taken)
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.id.in_(taken))))  # type: ignore[union-attr]


def _send(m: OutboxMessage) -> str | None:
    try:
        deliver(m.channel, m.address, m.subject, m.body)
    except DeliveryError as exc:
        return str(exc)
    except Exception as exc:  # never let one message stop the batch
        log.exception("delivery of outbox message %s failed", m.id)
        return f"发送出错：{type(exc).__name__}"
    return None


def deliver_due(progress=None) -> Delivery:
    """Send every message due now, each once; returns how many were sent, will be retried,
    failed for good. A retry falls due after this pass (the next outbox job takes it)."""
    result = Delivery()
    due_by = utcnow()
    with ThreadPoolExecutor(THREADS) as pool:
        while batch := _lease(BATCH, due_by):
            errors = list(pool.map(_send, batch))
            now = utcnow()
            with session_scope() as session:
                for m, error in zip(batch, errors, strict=True):
                    values: dict = {"last_error": error}
                    if error is None:
                        values.update(status="sent", sent_at=now)
                        result.sent += 1
                    elif m.attempts >= MAX_ATTEMPTS:
                        values.update(status="failed")
                        result.failed += 1
                    else:
                        wait = backoff_seconds(m.attempts)
                        values.update(next_attempt_at=now + dt.timedelta(seconds=wait))
                        result.retry += 1
                    session.execute(
                        update(OutboxMessage).where(OutboxMessage.id == m.id).values(**values)
                    )
            if progress is not None:
                progress(result.sent + result.failed, result.sent + result.failed + result.retry)
    return result


def next_due() -> dt.datetime | None:
    """When the next pending message is due (for the retry job)."""
    with session_scope() as session:
        return session.exec(
            select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "pending")
        ).one()
