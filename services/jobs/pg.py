"""Workers on PostgreSQL: procrastinate takes the jobs ``enqueue`` deferred, on any machine.

``pioneer worker`` runs ``run_worker``: a procrastinate worker on queue ``pioneer`` whose one
task runs a ``background_job`` through services.jobs.execute (the same bookkeeping as on
SQLite). Alongside it a watchdog every few seconds puts back the jobs of workers that stopped
sending heartbeats (a machine that died, ``kill -9``), and enqueues the daily jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os

import procrastinate
from procrastinate import exceptions as pexc
from procrastinate.retry import BaseRetryStrategy, RetryDecision

from services.jobs import execute
from services.jobs.queue import QUEUE, TASK
from store.settings import load_settings

log = logging.getLogger("pioneer.jobs")


def heartbeat_seconds() -> float:
    return float(os.environ.get("PIONEER_WORKER_HEARTBEAT", "10"))


def stall_seconds() -> float:
    """A worker silent for this long is dead: its running jobs are retried."""
    return float(os.environ.get("PIONEER_WORKER_STALL_SECONDS", "30"))


class RetryLater(Exception):
    def __init__(self, wait: float, reason: str) -> None:
        super().__init__(reason)
        self.wait = wait


class FailedForGood(Exception):
    pass


class _Retry(BaseRetryStrategy):
    """Retry exactly when execute.run said so, after the wait it computed."""

    def get_retry_decision(self, *, exception, job):
        if isinstance(exception, RetryLater):
            return RetryDecision(retry_in={"seconds": exception.wait})
        return None


def _conninfo(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def make_app(worker: str) -> procrastinate.App:
    url = load_settings().database_url
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=_conninfo(url)),
    )

    @app.task(name=TASK, queue=QUEUE, retry=_Retry())
    def run_job(job_id: int) -> None:
        # a job retried after its worker died is still "running" in our table
        out = execute.run(job_id, worker, from_states=(*execute.RUNNABLE, "running"))
        if out.status == "retry":
            raise RetryLater(out.wait, out.error or "")
        if out.status == "failed":
            raise FailedForGood(out.error or "")

    return app


async def _watchdog(app: procrastinate.App, stop: asyncio.Event, daily: bool) -> None:
    from services.jobs import schedule

    while not stop.is_set():
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                queue=QUEUE, seconds_since_heartbeat=stall_seconds()
            )
            for job in stalled:
                log.warning("retrying job %s of a stalled worker", job.id)
                await app.job_manager.retry_job(job, retry_at=dt.datetime.now(dt.UTC))
            if daily:
                await asyncio.to_thread(schedule.tick)
        except Exception:  # logged; the next round tries again
            log.exception("watchdog step failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=max(stall_seconds() / 3, 1.0))


def run_worker(concurrency: int = 1, name: str | None = None, daily: bool = True) -> None:
    """Run a worker in the foreground until SIGINT/SIGTERM."""
    worker = execute.worker_name(name or "worker")
    app = make_app(worker)

    async def main() -> None:
        stop = asyncio.Event()
        async with app.open_async():
            dog = asyncio.create_task(_watchdog(app, stop, daily))
            try:
                await app.run_worker_async(
                    queues=[QUEUE],
                    concurrency=concurrency,
                    name=worker,
                    update_heartbeat_interval=heartbeat_seconds(),
                    stalled_worker_timeout=stall_seconds(),
                )
            finally:
                stop.set()
                await dog

    try:
        asyncio.run(main())
    except pexc.ConnectorException as exc:  # pragma: no cover - printed by the CLI
        raise RuntimeError(f"无法连接任务队列数据库：{exc}") from exc
