"""The job queue on both engines: enqueue in the data's transaction, retries with backoff,
the final failure with its reason, progress, one job per key, the in-process runner."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from cli import app
from services.errors import PermissionDenied
from services.jobs import execute, kinds, local
from services.jobs.queue import enqueue, get_job, list_jobs, submit
from store.base import utcnow
from store.db import session_scope
from store.evidence_tables import EvidenceRevision
from store.job_tables import BackgroundJob
from tests.services.helpers import UNIT, make_world
from tests.services.test_ocr_background import _scan_png

CALLS: list[int] = []


@pytest.fixture
def flaky_kind(monkeypatch):
    """A kind that fails its first two attempts, then reports progress and succeeds."""
    CALLS.clear()

    def handler(ctx: execute.JobContext) -> str:
        CALLS.append(ctx.attempt)
        if ctx.attempt < 3:
            raise RuntimeError(f"第 {ctx.attempt} 次故意失败")
        ctx.progress(5, 5, "全部完成")
        return "完成"

    def broken(ctx: execute.JobContext) -> str:
        raise RuntimeError("连接被拒绝")

    monkeypatch.setitem(kinds.KINDS, "flaky", kinds.Kind("flaky", "测试任务", handler))
    monkeypatch.setitem(kinds.KINDS, "broken", kinds.Kind("broken", "总是失败", broken))
    monkeypatch.setenv("PIONEER_JOB_BACKOFF", "0.05")


def _procrastinate_count(session) -> int:
    if session.get_bind().dialect.name != "postgresql":
        return 0
    return session.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar_one()


def test_a_rolled_back_upload_leaves_no_job_and_a_committed_one_leaves_one(pioneer_home):
    make_world()
    with pytest.raises(RuntimeError), session_scope() as session:
        enqueue(session, "verify", key="rolled-back")
        raise RuntimeError("the data's transaction fails")
    with session_scope() as session:
        assert session.exec(select(BackgroundJob)).all() == []
        assert _procrastinate_count(session) == 0
    with session_scope() as session:
        job = enqueue(session, "verify", key="kept")
    with session_scope() as session:
        [row] = session.exec(select(BackgroundJob)).all()
        assert row.id == job.id and row.status == "queued"
        if session.get_bind().dialect.name == "postgresql":
            assert row.queue_id is not None
            assert _procrastinate_count(session) == 1
            args = session.execute(
                text("SELECT args, task_name FROM procrastinate_jobs WHERE id = :i"),
                {"i": row.queue_id},
            ).one()
            assert args == ({"job_id": row.id}, "pioneer.run_job")


def test_a_scan_is_queued_in_the_same_transaction_as_its_evidence_row(pioneer_home, monkeypatch):
    from services.evidence import intake

    w = make_world()

    def crash(*a, **kw):
        raise RuntimeError("断电")

    with monkeypatch.context() as m, pytest.raises(RuntimeError):
        m.setattr(intake.audit, "record", crash)  # fails after the row and the job
        intake.add_evidence(
            w.dept_a,
            _scan_png("创业担保贷款"),
            "扫描件.png",
            requirements=["1.2.1"],
            department="区人社局",
            unit=UNIT,
        )
    with session_scope() as session:
        assert session.exec(select(EvidenceRevision)).all() == []
        assert session.exec(select(BackgroundJob)).all() == []
        assert _procrastinate_count(session) == 0
    s = intake.add_evidence(
        w.dept_a,
        _scan_png("创业担保贷款"),
        "扫描件.png",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
    )
    [job] = [j for j in list_jobs(w.office) if j["kind"] == "ocr"]  # with it, the 自查预评 re-run
    assert job["kind"] == "ocr" and job["status"] == "queued"
    with session_scope() as session:
        rev = session.exec(select(EvidenceRevision)).one()
        assert rev.evidence_id == s["evidence_id"] and rev.text_status == "ocr_pending"
        assert session.get(BackgroundJob, job["id"]).args == {"revision_id": rev.id}


def test_one_job_per_key(pioneer_home):
    make_world()
    a = submit("verify", key="verify:2026-12-01")
    b = submit("verify", key="verify:2026-12-01")
    assert a.id == b.id
    with session_scope() as session:
        assert len(session.exec(select(BackgroundJob)).all()) == 1


def test_failed_attempts_are_retried_with_backoff_until_one_succeeds(pioneer_home, flaky_kind):
    make_world()
    job = submit("flaky")
    worker = execute.worker_name("test")
    out = execute.run(job.id, worker)
    assert out.status == "retry" and out.wait == pytest.approx(0.05)
    row = get_job(job.id)
    assert row["status"] == "retrying" and "第 1 次故意失败" in row["error"]
    assert row["run_after"] > row["started_at"]
    out2 = execute.run(job.id, worker)
    assert out2.status == "retry" and out2.wait == pytest.approx(0.2)  # 4x the first wait
    assert execute.run(job.id, worker).status == "succeeded"
    done = get_job(job.id)
    assert CALLS == [1, 2, 3]
    assert done["status"] == "succeeded" and done["attempts"] == 3 and done["error"] is None
    assert (done["done"], done["total"], done["message"]) == (5, 5, "完成")
    assert execute.run(job.id, worker).status == "skipped"  # a finished job never runs again
    assert CALLS == [1, 2, 3]


def test_a_job_that_fails_for_good_shows_its_reason(pioneer_home, flaky_kind):
    w = make_world()
    job = submit("broken", max_attempts=2)
    assert local.run_due() == 1  # the first attempt; the retry is not due yet
    assert get_job(job.id)["status"] == "retrying"
    time.sleep(0.1)
    assert local.run_due() == 1
    row = get_job(job.id)
    assert row["status"] == "failed" and row["attempts"] == 2
    assert row["error"] == "执行出错：RuntimeError: 连接被拒绝"
    result = CliRunner().invoke(app, ["jobs", "list", "--status", "failed"])
    assert result.exit_code == 0, result.output
    assert (
        "总是失败 · 失败" in result.output
        and "原因：执行出错：RuntimeError: 连接被拒绝" in result.output
    )
    with pytest.raises(PermissionDenied):
        list_jobs(w.dept_a)


def test_a_job_whose_process_died_is_run_again(pioneer_home, flaky_kind, monkeypatch):
    make_world()
    job = submit("flaky", max_attempts=5)
    with session_scope() as session:  # as a killed process leaves it: running, no heartbeat
        row = session.get(BackgroundJob, job.id)
        row.status, row.attempts, row.heartbeat_at = "running", 2, utcnow()
        session.add(row)
    assert local.run_due() == 0
    monkeypatch.setenv("PIONEER_JOB_STALE_SECONDS", "0")
    assert local.requeue_stale() == 1
    assert local.run_due() == 1
    assert get_job(job.id)["status"] == "succeeded" and CALLS == [3]


def test_the_in_process_runner_takes_new_jobs_at_once(pioneer_home, flaky_kind):
    if not local.start(schedule=False):
        pytest.skip("PostgreSQL: workers run the jobs")
    make_world()
    job = submit("flaky")
    deadline = time.time() + 20
    while get_job(job.id)["status"] != "succeeded" and time.time() < deadline:
        time.sleep(0.05)
    assert get_job(job.id)["status"] == "succeeded" and CALLS == [1, 2, 3]
