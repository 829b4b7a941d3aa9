"""Workers on PostgreSQL: a worker killed mid-job (SIGKILL) loses nothing; another worker runs
the job again and it finishes once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from services.evidence import intake
from services.evidence import query as evidence_query
from services.jobs.queue import get_job, list_jobs
from store.audit import AuditEvent
from store.db import session_scope
from store.evidence_tables import EvidenceRevision
from tests.services.helpers import UNIT, make_world
from tests.services.test_ocr_background import _scan_png

pytestmark = pytest.mark.pg

PIONEER = str(Path(sys.executable).parent / "pioneer")
ROOT = str(Path(__file__).resolve().parents[2])  # the worker runs this checkout's code


def start_worker(name: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        PIONEER_WORKER_HEARTBEAT="0.5",
        PIONEER_WORKER_STALL_SECONDS="3",
        PYTHONPATH=os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])),
    )
    return subprocess.Popen(
        [PIONEER, "worker", "--name", name, "--no-daily"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its OCR child too
    )


def wait_for(check, seconds: float, what: str):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def test_a_worker_killed_mid_job_leaves_the_job_to_another_which_finishes_it_once(
    pioneer_home,
):
    w = make_world()
    s = intake.add_evidence(
        w.dept_a,
        _scan_png("创业担保贷款通知"),
        "扫描件.png",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
    )
    [job] = list_jobs(w.office, kind="ocr")
    first = start_worker("甲")
    try:
        wait_for(lambda: get_job(job["id"])["status"] == "running", 60, "the first worker")
        time.sleep(0.5)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        stop(first)
    killed = get_job(job["id"])
    assert killed["status"] == "running" and killed["attempts"] == 1  # it never finished
    with session_scope() as session:
        assert session.exec(select(EvidenceRevision)).one().text_status == "ocr_pending"
    second = start_worker("乙")
    try:
        done = wait_for(
            lambda: (j := get_job(job["id"]))["status"] in ("succeeded", "failed") and j,
            180,
            "the second worker",
        )
    finally:
        stop(second)
    assert done["status"] == "succeeded", done["error"]
    assert done["attempts"] == 2 and "乙" in done["worker"]
    with session_scope() as session:
        ocr_runs = session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.ocr")).all()
        assert len(ocr_runs) == 1  # finished once
        queue = session.execute(
            text("SELECT status FROM procrastinate_jobs WHERE id = :i"), {"i": done["queue_id"]}
        ).scalar_one()
        assert queue == "succeeded"
    hits = evidence_query.search(w.office, "担保贷款")
    assert [h.evidence_id for h in hits] == [s["evidence_id"]]
