"""Run one job with its bookkeeping: attempts, progress, retries with backoff, final failure.

Both executors call ``run``: the in-process runner on SQLite and procrastinate's workers on
PostgreSQL. The retry policy lives here, once: a failed attempt is retried after
``backoff_seconds`` until ``max_attempts``; then the job is ``failed`` with its reason, which
the office reads on 后台任务.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from dataclasses import dataclass

from sqlalchemy import update

from services.errors import ServiceError
from services.jobs.queue import backoff_seconds
from store.base import utcnow
from store.db import session_scope
from store.job_tables import BackgroundJob

log = logging.getLogger("pioneer.jobs")
RUNNABLE = ("queued", "retrying")


def worker_name(label: str = "app") -> str:
    return f"{label}@{socket.gethostname()}:{os.getpid()}"[:100]


@dataclass(frozen=True)
class Outcome:
    status: str  # succeeded | retry | failed | skipped
    wait: float = 0.0  # seconds before the retry
    error: str | None = None


class JobContext:
    """What a job's handler gets: its arguments and a way to report progress."""

    def __init__(self, job_id: int, args: dict, attempt: int, max_attempts: int) -> None:
        self.job_id = job_id
        self.args = args
        self.attempt = attempt
        self.max_attempts = max_attempts
        self._last = 0.0

    @property
    def final(self) -> bool:
        """This is the last attempt: a failure now is final."""
        return self.attempt >= self.max_attempts

    def progress(self, done: int, total: int, message: str | None = None) -> None:
        """Record progress (at most about once a second; always the last step)."""
        now = time.monotonic()
        if done < total and now - self._last < 1.0:
            return
        self._last = now
        values = {"progress_done": done, "progress_total": total, "heartbeat_at": utcnow()}
        if message is not None:
            values["message"] = message[:500]
        with session_scope() as session:
            session.execute(
                update(BackgroundJob).where(BackgroundJob.id == self.job_id).values(**values)
            )


def _start(job_id: int, worker: str, from_states: tuple[str, ...]) -> BackgroundJob | None:
    """Move the job to running (atomically: only one executor wins); None if not runnable."""
    now = utcnow()
    with session_scope() as session:
        res = session.execute(
            update(BackgroundJob)
            .where(BackgroundJob.id == job_id, BackgroundJob.status.in_(from_states))  # type: ignore[attr-defined]
            .values(
                status="running",
                attempts=BackgroundJob.attempts + 1,
                started_at=now,
                heartbeat_at=now,
                worker=worker,
                error=None,
            )
        )
        if res.rowcount != 1:
            return None
        return session.get(BackgroundJob, job_id)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ServiceError):
        return str(exc)
    return f"执行出错：{type(exc).__name__}: {exc}"[:2000]


def run(job_id: int, worker: str, from_states: tuple[str, ...] = RUNNABLE) -> Outcome:
    from services.jobs.kinds import KINDS

    job = _start(job_id, worker, from_states)
    if job is None:
        return Outcome("skipped")
    ctx = JobContext(job.id, dict(job.args or {}), job.attempts, job.max_attempts)
    try:
        message = KINDS[job.kind].handler(ctx) or ""
        result = message if isinstance(message, dict) else None
        if result is not None:  # a handler may return {"message": ..., other results}
            message = result.get("message", "")
    except Exception as exc:
        log.exception("job %s (%s) attempt %s failed", job.id, job.kind, job.attempts)
        reason = _reason(exc)
        final = job.attempts >= job.max_attempts or isinstance(exc, Permanent)
        wait = 0.0 if final else backoff_seconds(job.attempts)
        with session_scope() as session:
            row = session.get(BackgroundJob, job_id)
            row.error = reason
            row.heartbeat_at = utcnow()
            if final:
                row.status, row.finished_at = "failed", utcnow()
            else:
                row.status = "retrying"
                row.run_after = utcnow() + dt.timedelta(seconds=wait)
            session.add(row)
        return Outcome("failed" if final else "retry", wait, reason)
    with session_scope() as session:
        row = session.get(BackgroundJob, job_id)
        row.status, row.finished_at = "succeeded", utcnow()
        row.message = str(message)[:500]
        row.result = result
        if row.progress_total:
            row.progress_done = row.progress_total
        session.add(row)
    return Outcome("succeeded")


class Permanent(ServiceError):
    """A failure that retrying cannot fix (bad input, a missing row): fail at once."""
