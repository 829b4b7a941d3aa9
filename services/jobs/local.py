"""The in-process runner: on SQLite the app (or ``pioneer worker``) runs the queued jobs itself.

One thread per process takes due jobs from ``background_job`` (a conditional UPDATE decides
which process gets a job), runs them, and sleeps until ``wake()`` or the next poll. A job left
``running`` by a killed process is retried once its heartbeat is older than ``STALE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading

from sqlalchemy import or_, update
from sqlmodel import select

from services.jobs import execute
from store.base import utcnow
from store.db import session_scope
from store.job_tables import BackgroundJob
from store.settings import load_settings

log = logging.getLogger("pioneer.jobs")
POLL_SECONDS = 2.0


def stale_seconds() -> float:
    return float(os.environ.get("PIONEER_JOB_STALE_SECONDS", "600"))


def next_due() -> int | None:
    with session_scope() as session:
        return session.exec(
            select(BackgroundJob.id)
            .where(
                BackgroundJob.status.in_(execute.RUNNABLE),  # type: ignore[attr-defined]
                BackgroundJob.run_after <= utcnow(),
            )
            .order_by(BackgroundJob.run_after, BackgroundJob.id)
            .limit(1)
        ).first()


def requeue_stale() -> int:
    """Jobs whose process died mid-run (no heartbeat for a while) go back to the queue."""
    cutoff = utcnow() - dt.timedelta(seconds=stale_seconds())
    with session_scope() as session:
        res = session.execute(
            update(BackgroundJob)
            .where(
                BackgroundJob.status == "running",
                or_(BackgroundJob.heartbeat_at < cutoff, BackgroundJob.heartbeat_at.is_(None)),  # type: ignore[union-attr]
            )
            .values(
                status="retrying", run_after=utcnow(), error="上次执行中断（进程退出），已重新排队"
            )
        )
        return res.rowcount or 0


def run_due(worker: str | None = None, limit: int | None = None) -> int:
    """Run every due job now, in this thread; returns how many ran (the CLI uses this)."""
    worker = worker or execute.worker_name("cli")
    ran = 0
    while limit is None or ran < limit:
        job_id = next_due()
        if job_id is None:
            break
        if execute.run(job_id, worker).status != "skipped":
            ran += 1
    return ran


class Runner:
    def __init__(self, schedule: bool = True, label: str = "app") -> None:
        self.schedule = schedule
        self.worker = execute.worker_name(label)
        self.wakeup = threading.Event()
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def loop(self) -> None:
        from services.jobs import schedule

        home = load_settings()
        requeue_stale()
        while not self.stopped.is_set():
            if load_settings() != home:  # the process moved to another database (tests)
                break
            try:
                if self.schedule:
                    schedule.tick()
                ran = run_due(self.worker, limit=1)
            except Exception:  # logged; the loop goes on (a database hiccup, say)
                log.exception("job runner step failed")
                ran = 0
            if not ran:
                self.wakeup.wait(POLL_SECONDS)
                self.wakeup.clear()

    def start(self) -> None:
        self.thread = threading.Thread(target=self.loop, name="pioneer-jobs", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 30) -> None:
        self.stopped.set()
        self.wakeup.set()
        if self.thread is not None:
            self.thread.join(timeout)


_lock = threading.Lock()
_runner: Runner | None = None


def start(schedule: bool = True) -> bool:
    """Start this process's runner on SQLite (no-op on PostgreSQL, where workers run jobs).

    Returns True when a runner is (now) running in this process.
    """
    global _runner
    if not load_settings().is_sqlite:
        return False
    with _lock:
        if _runner is None or not (_runner.thread and _runner.thread.is_alive()):
            _runner = Runner(schedule=schedule)
            _runner.start()
        return True


def stop(timeout: float = 30) -> None:
    """Stop this process's runner, waiting up to ``timeout`` seconds for the job it runs."""
    global _runner
    with _lock:
        runner, _runner = _runner, None
    if runner is not None:
        runner.stop(timeout)


def wake() -> None:
    """A job was committed: let this process's runner look now."""
    runner = _runner
    if runner is not None:
        runner.wakeup.set()


def running() -> bool:
    return _runner is not None and bool(_runner.thread and _runner.thread.is_alive())
