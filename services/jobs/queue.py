"""Enqueue background work in the caller's transaction; list it for the office.

``enqueue(session, ...)`` adds a ``background_job`` row in the session the caller is writing
its data with (the evidence row for OCR, say). On PostgreSQL it also defers a procrastinate job
in that same transaction: a rollback leaves neither the data nor the job, a commit both, so a
crash never loses one. On SQLite the app runs the rows itself (services.jobs.local).
"""

from __future__ import annotations

import datetime as dt
import json
import os

from sqlalchemy import event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from services.actor import Actor
from store.base import utcnow
from store.db import session_scope
from store.job_tables import JOB_STATUSES, BackgroundJob

QUEUE = "pioneer"
TASK = "pioneer.run_job"
DEFAULT_ATTEMPTS = 4

_DEFER = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, NULL, "
    "CAST(:args AS jsonb), :at)::procrastinate_job_to_defer_v1])) AS id"
)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def backoff_seconds(attempt: int) -> float:
    """Wait before retry number ``attempt`` (1, 2, ...): 10 s, 40 s, 160 s ... at most an hour.

    PIONEER_JOB_BACKOFF sets the first wait (tests use a fraction of a second).
    """
    base = float(os.environ.get("PIONEER_JOB_BACKOFF", "10"))
    return min(base * 4 ** max(attempt - 1, 0), 3600.0)


def enqueue(
    session: Session,
    kind: str,
    args: dict | None = None,
    *,
    title: str = "",
    unit_id: int | None = None,
    key: str | None = None,
    created_by: str = "系统",
    max_attempts: int = DEFAULT_ATTEMPTS,
    delay: float = 0,
) -> BackgroundJob:
    """Add a job in ``session``'s transaction; with ``key``, at most one job per key ever."""
    from services.jobs.kinds import KINDS

    if kind not in KINDS:
        raise ValueError(f"unknown job kind: {kind}")
    if key is not None:
        existing = session.exec(select(BackgroundJob).where(BackgroundJob.key == key)).first()
        if existing is not None:
            return existing
    run_after = utcnow() + dt.timedelta(seconds=delay)
    job = BackgroundJob(
        kind=kind,
        title=(title or KINDS[kind].label)[:200],
        args=args or {},
        key=key,
        unit_id=unit_id,
        max_attempts=max_attempts,
        run_after=run_after,
        created_by=created_by[:100],
    )
    if key is None:
        session.add(job)
        session.flush()
    else:  # another process may add the same key at the same moment: the unique index decides
        insert = pg_insert if is_postgres(session) else sqlite_insert
        new_id = session.execute(
            insert(BackgroundJob)
            .values(**job.model_dump(exclude={"id"}))
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(BackgroundJob.id)
        ).scalar_one_or_none()
        if new_id is None:
            return session.exec(select(BackgroundJob).where(BackgroundJob.key == key)).one()
        job = session.get(BackgroundJob, new_id)
    if is_postgres(session):
        job.queue_id = session.execute(
            _DEFER,
            {"queue": QUEUE, "task": TASK, "args": json.dumps({"job_id": job.id}), "at": run_after},
        ).scalar_one()
        session.add(job)
    else:
        event.listen(session, "after_commit", _wake_local, once=True)
    return job


def _wake_local(_session) -> None:
    from services.jobs import local

    local.wake()


def submit(
    kind: str, args: dict | None = None, *, actor: Actor | None = None, **kw
) -> BackgroundJob:
    """Enqueue a job on its own (no other data written with it)."""
    with session_scope() as session:
        return enqueue(
            session, kind, args, created_by=actor.display_name if actor else "系统", **kw
        )


def waiting(kind: str) -> bool:
    """A job of this kind is queued or waiting to retry (not yet running)."""
    with session_scope() as session:
        return (
            session.exec(
                select(BackgroundJob.id).where(
                    BackgroundJob.kind == kind,
                    BackgroundJob.status.in_(("queued", "retrying")),  # type: ignore[attr-defined]
                )
            ).first()
            is not None
        )


def job_dict(job: BackgroundJob) -> dict:
    return {
        "id": job.id,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "status_label": JOB_STATUSES.get(job.status, job.status),
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "done": job.progress_done,
        "total": job.progress_total,
        "message": job.message,
        "error": job.error,
        "result": job.result,
        "worker": job.worker,
        "queue_id": job.queue_id,
        "created_by": job.created_by,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "run_after": job.run_after,
    }


def list_jobs(
    actor: Actor, *, status: str | None = None, kind: str | None = None, limit: int = 200
) -> list[dict]:
    """The latest jobs, newest first (办公室)."""
    actor.require("office", action="查看后台任务")
    with session_scope() as session:
        q = select(BackgroundJob)
        if status:
            q = q.where(BackgroundJob.status == status)
        if kind:
            q = q.where(BackgroundJob.kind == kind)
        rows = session.exec(q.order_by(BackgroundJob.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
        return [job_dict(j) for j in rows]


def get_job(job_id: int) -> dict | None:
    with session_scope() as session:
        job = session.get(BackgroundJob, job_id)
        return job_dict(job) if job else None


def counts() -> dict[str, int]:
    """Jobs per status."""
    from sqlalchemy import func

    with session_scope() as session:
        return {
            s: n
            for s, n in session.exec(
                select(BackgroundJob.status, func.count()).group_by(BackgroundJob.status)
            )
        }
