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
from services.reminders.send import Connections, DeliveryError, deliver
from services.rollup.build import gc_paused, load_unit_states
from store.base import utcnow
from store.db import session_scope
from store.job_tables import OutboxMessage, ReminderTarget
from store.org import Department, Unit

log = logging.getLogger("pioneer.reminders")
MAX_ATTEMPTS = 5
LEASE_SECONDS = 300
BATCH = 500
THREADS = 8


@dataclass
class Delivery:
    sent: int = 0
    retry: int = 0
    failed: int = 0


def _targets(session) -> dict[int, list]:
    """department id -> its active targets (plain rows: tens of thousands in a province)."""
    out: dict[int, list] = {}
    cols = (ReminderTarget.id, ReminderTarget.department_id, ReminderTarget.channel)
    q = select(*cols, ReminderTarget.address).where(ReminderTarget.active)  # type: ignore[arg-type]
    for t in session.connection().execute(q.order_by(ReminderTarget.id)):
        out.setdefault(t.department_id, []).append(t)
    return out


def message_values(r: DepartmentReminder, unit_id: int, t, key: str, body: str) -> dict:
    now = utcnow()
    return {
        "key": key,
        "unit_id": unit_id,
        "department_id": r.department_id,
        "channel": t.channel,
        "address": t.address,
        "subject": r.subject,
        "body": body,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def reminder_rows(states, targets: dict[int, list], today: dt.date, days: int) -> list[dict]:
    """The outbox rows of the day's reminders of some units' round states: one per department
    target (markdown for the robots, plain text by e-mail)."""
    rows = []
    for state in states:
        for r in department_reminders(state, days):
            bodies: dict[bool, str] = {}
            for t in targets.get(r.department_id, ()):
                mail = t.channel == "email"
                if mail not in bodies:
                    bodies[mail] = r.plain() if mail else r.markdown()
                key = f"reminder:{today.isoformat()}:{t.id}"
                rows.append(message_values(r, state.round.unit_id, t, key, bodies[mail]))
    return rows


def queue_reminders(today: dt.date, days: int, chunk: int = 250) -> int:
    """Write the day's reminders of every unit's current round; returns rows added.

    Units are taken ``chunk`` at a time, their round states loaded in bulk
    (``services.rollup.build.load_unit_states``: the same ``build_state`` as a unit's own pages),
    each chunk in its own transaction (a rerun after a crash adds only what is missing: the keys
    are unique).
    """
    with session_scope() as session:
        targets = _targets(session)
        units = sorted(
            session.connection()
            .execute(
                select(Department.unit_id)
                .join(ReminderTarget, ReminderTarget.department_id == Department.id)
                .where(ReminderTarget.active)  # type: ignore[arg-type]
                .distinct()
            )
            .scalars()
        )
    added = 0
    for start in range(0, len(units), chunk):
        with gc_paused(), session_scope() as session:
            ids = units[start : start + chunk]
            found = session.exec(
                select(Unit).where(Unit.id.in_(ids), Unit.current_round_id.is_not(None))  # type: ignore[union-attr]
            )
            states = load_unit_states(session, sorted(found, key=lambda u: u.id), today)
            rows = reminder_rows(states.values(), targets, today, days)
            if rows:
                insert = pg_insert if is_postgres(session) else sqlite_insert
                stmt = (
                    insert(OutboxMessage)
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(OutboxMessage.id)
                )
                # one statement run for all rows (the driver batches them into a few INSERTs)
                added += len(session.connection().execute(stmt, rows).all())
    return added


def _lease(limit: int, due_by: dt.datetime) -> list:
    """Take up to ``limit`` due rows (plain rows, attempts counted with this one)."""
    now = utcnow()
    with session_scope() as session:
        conn = session.connection()
        ids = list(
            conn.execute(
                select(OutboxMessage.id)
                .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= due_by)
                .order_by(OutboxMessage.id)
                .limit(limit)
            ).scalars()
        )
        if not ids:
            return []
        taken = conn.execute(
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
        cols = ("id", "channel", "address", "subject", "body", "attempts")
        q = select(*(getattr(OutboxMessage, c) for c in cols))
        return list(
            conn.execute(q.where(OutboxMessage.id.in_(list(taken))).order_by(OutboxMessage.id))
        )  # type: ignore[union-attr]


def _send(m, conns: Connections | None = None) -> str | None:
    try:
        deliver(m.channel, m.address, m.subject, m.body, conns)
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
    with ThreadPoolExecutor(THREADS) as pool, Connections() as conns:
        while batch := _lease(BATCH, due_by):
            errors = list(pool.map(lambda m: _send(m, conns), batch))
            now = utcnow()
            outcomes: dict[tuple, list[int]] = {}  # the same values for many rows: one UPDATE
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
                outcomes.setdefault(tuple(sorted(values.items())), []).append(m.id)
            with session_scope() as session:
                for values, ids in outcomes.items():
                    session.connection().execute(
                        update(OutboxMessage)
                        .where(OutboxMessage.id.in_(ids))  # type: ignore[union-attr]
                        .values(dict(values))
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
