"""Work users ask for as background jobs: a large ledger import, PDF conversion and a batch of
考评报告 for many units. Queued with the rights checked in the same transaction, run by the
runner (in-process here; tests/jobs/test_worker_pg.py has real workers on PostgreSQL), failures
kept with their reason, the output handed only to the requester."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from sqlalchemy import text
from sqlmodel import select

from services.actor import CLI_ACTOR
from services.errors import NotFound, PermissionDenied
from services.jobs import files, local, requests
from services.jobs.queue import get_job
from services.ledgers import imports
from services.org import auth
from store.db import session_scope
from store.job_tables import BackgroundJob
from store.ledger_tables import LedgerImport, LedgerRecord
from tests.services.city import make_city
from tests.services.helpers import make_world
from tests.services.ledger_fixtures import ledger
from tests.tools import require

START = local.start


@pytest.fixture(autouse=True)
def runner_by_hand(monkeypatch):
    """The tests run the queue themselves (local.run_due); the last test lets the app's runner."""
    monkeypatch.setattr(local, "start", lambda schedule=True: False)


def _staged() -> list[str]:
    folder = files.jobs_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_large_ledger_is_imported_by_a_job_and_its_file_removed_after(pioneer_home):
    w = make_world()
    data = ledger("training", 300, start=1)
    assert requests.ledger_in_background(3000) and not requests.ledger_in_background(10)
    job_id = requests.start_ledger_import(
        w.dept_a, data, "培训台账.xlsx", "training", unit_id=w.unit_id, department="区人社局"
    )
    assert len(_staged()) == 1 and get_job(job_id)["status"] == "queued"
    with session_scope() as session:
        assert session.exec(select(LedgerImport)).all() == []  # nothing imported yet
    assert local.run_due() == 1
    job = requests.my_job(w.dept_a, job_id)
    assert job["status"] == "succeeded", job["error"]
    assert job["result"]["imported"] == 300 and job["result"]["rejected"] == 0
    assert job["message"] == "创业培训实名制台账：共300行数据，导入300行，退回0行"
    with session_scope() as session:
        [imp] = session.exec(select(LedgerImport)).all()
        assert imp.imported_by == "人社局"  # in the requester's name
        assert len(session.exec(select(LedgerRecord)).all()) == 300
    assert _staged() == []  # identity numbers in clear are not kept
    with pytest.raises(PermissionDenied):
        requests.my_job(w.dept_b, job_id)


def test_a_ledger_import_the_user_may_not_make_is_refused_before_it_is_queued(pioneer_home):
    w = make_world()
    for actor in (w.viewer, w.inspector):
        with pytest.raises(PermissionDenied):
            requests.start_ledger_import(
                actor, ledger("training", 3), "培训.xlsx", "training", unit_id=w.unit_id
            )
    with pytest.raises(PermissionDenied):  # 区财政局 in 区人社局's name
        requests.start_ledger_import(
            w.dept_b, ledger("training", 3), "培训.xlsx", "training", unit_id=w.unit_id,
            department="区人社局",
        )  # fmt: skip
    with session_scope() as session:
        assert session.exec(select(BackgroundJob)).all() == []
    assert _staged() == []


def test_a_bad_ledger_fails_at_once_with_its_reason_and_a_retry_does_not_import_twice(
    pioneer_home,
):
    w = make_world()
    bad = requests.start_ledger_import(
        w.office, b"not a spreadsheet", "台账.xlsx", "training", unit_id=w.unit_id
    )
    data = ledger("training", 5)
    good = requests.start_ledger_import(w.office, data, "培训.xlsx", "training", unit_id=w.unit_id)
    assert local.run_due() == 2
    failed = get_job(bad)
    assert failed["status"] == "failed" and failed["attempts"] == 1  # no retry for bad input
    assert failed["error"] and "Traceback" not in failed["error"]
    assert get_job(good)["status"] == "succeeded"
    # the worker died after the import committed, before the job did: the retry finds it
    with session_scope() as session:
        job = session.get(BackgroundJob, good)
        job.status, job.args = (
            "retrying",
            {**job.args, "input": files.stage(data, "xlsx")},
        )
        session.add(job)
    assert local.run_due() == 1
    assert get_job(good)["message"].startswith("已在上次执行中导入")
    with session_scope() as session:
        assert len(session.exec(select(LedgerImport)).all()) == 1


def test_a_user_switched_off_before_the_job_runs_gets_nothing_imported(pioneer_home):
    w = make_world()
    job_id = requests.start_ledger_import(
        w.dept_a, ledger("training", 3), "培训.xlsx", "training", unit_id=w.unit_id
    )
    auth.set_active(w.office, "rsj", False)
    local.run_due()
    job = get_job(job_id)
    assert job["status"] == "failed" and "已停用" in job["error"]
    assert imports.list_imports(w.office, w.unit_id) == []


def test_without_libreoffice_a_pdf_job_fails_for_good_with_the_reason(pioneer_home, monkeypatch):
    from reports import pdf

    w = make_world()
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    job_id = requests.start_pdf(w.office, b"PK docx", "docx", "考评报告.docx")
    with pytest.raises(PermissionDenied):
        requests.start_pdf(w.dept_a, b"PK", "docx", "x.docx")
    local.run_due()
    job = requests.my_job(w.office, job_id)
    assert job["status"] == "failed" and job["attempts"] == 1
    assert "未安装 LibreOffice" in job["error"]
    with pytest.raises(NotFound):
        requests.job_output(w.office, job_id)


@pytest.mark.slow
def test_a_report_and_a_zip_of_notices_are_converted_to_pdf_by_jobs(pioneer_home):
    from docx import Document

    require("soffice")
    w = make_world()
    doc = Document()
    doc.add_paragraph("关于创业型城市创建工作情况的报告")
    buf = io.BytesIO()
    doc.save(buf)
    one = requests.start_pdf(w.office, buf.getvalue(), "docx", "考评报告.docx")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("整改通知书-区人社局.docx", buf.getvalue())
        z.writestr("整改通知书-区财政局.docx", buf.getvalue())
    many = requests.start_pdf(w.office, zipped.getvalue(), "zip", "整改通知书.zip")
    assert local.run_due() == 2
    name, data = requests.job_output(w.office, one)
    assert name == "考评报告.pdf" and data.startswith(b"%PDF")
    name, data = requests.job_output(w.office, many)
    assert name == "整改通知书-PDF.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["整改通知书-区人社局.pdf", "整改通知书-区财政局.pdf"]
        assert all(z.read(n).startswith(b"%PDF") for n in z.namelist())
    with pytest.raises(PermissionDenied):
        requests.job_output(w.inspector, one)


def test_a_batch_of_reports_for_many_units_is_one_zip(pioneer_home):
    c = make_city()
    with pytest.raises(PermissionDenied):  # 乙县's office does not read 甲县's round
        requests.start_report_batch(c.office_b, [c.round_a, c.round_b])
    job_id = requests.start_report_batch(CLI_ACTOR, [c.round_a, c.round_b])
    local.run_due()  # with the city's own follow-up jobs
    job = get_job(job_id)
    assert job["status"] == "succeeded", job["error"]
    assert job["message"] == "已生成考评报告 2 份"
    name, data = requests.job_output(CLI_ACTOR, job_id)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = sorted(z.namelist())
    assert name == "考评报告.zip" and len(names) == 2
    assert names[0].startswith("乙县-") and names[1].startswith("甲县-")
    assert all(n.endswith("-考评报告.docx") for n in names)


def test_a_retried_batch_keeps_the_numbers_its_first_attempt_gave(pioneer_home, monkeypatch):
    """The first attempt numbers 甲县's report, then 乙县's, and dies writing 乙县's (a full
    disk, say); the retry hands out the same two 文号: none is taken twice, none skipped."""
    from docx import Document

    from services.documents import core
    from store.issuing import IssuedNumber

    c = make_city()
    monkeypatch.setenv("PIONEER_JOB_BACKOFF", "0")
    real, calls = core.build_assessment_report, []

    def full_disk_once(inp):
        calls.append(inp.doc_number)
        if len(calls) == 2:
            raise OSError("磁盘空间不足")
        return real(inp)

    monkeypatch.setattr(core, "build_assessment_report", full_disk_once)
    job_id = requests.start_report_batch(CLI_ACTOR, [c.round_a, c.round_b])
    local.run_due()
    job = get_job(job_id)
    assert job["status"] == "succeeded" and job["attempts"] == 2, job["error"]
    assert len(calls) == 4 and calls[2:] == calls[:2]  # the retry printed the numbers again
    with session_scope() as session:
        taken = session.exec(
            select(IssuedNumber.unit_id, IssuedNumber.seq).where(IssuedNumber.kind == "assessment")
        ).all()
    assert sorted(taken) == sorted([(c.a, 1), (c.b, 1)])
    with zipfile.ZipFile(io.BytesIO(requests.job_output(CLI_ACTOR, job_id)[1])) as z:
        printed = {
            n: "".join(p.text for p in Document(io.BytesIO(z.read(n))).paragraphs)
            for n in z.namelist()
        }
    assert sorted(x for text in printed.values() for x in calls[:2] if x in text) == sorted(
        calls[:2]
    )  # each report carries the number it was given, once


def test_a_ledger_import_queued_with_its_rights_in_one_transaction(pioneer_home, monkeypatch):
    """The job row (and on PostgreSQL its procrastinate job) is written in the transaction that
    checked the rights: a failure before that commits leaves neither the job nor the file."""
    from services.jobs import queue

    w = make_world()

    def enqueue_then_crash(session, *a, **kw):
        queue.enqueue(session, *a, **kw)
        raise RuntimeError("断电")

    monkeypatch.setattr(requests, "enqueue", enqueue_then_crash)
    with pytest.raises(RuntimeError):
        requests.start_ledger_import(
            w.office, ledger("training", 3), "培训.xlsx", "training", unit_id=w.unit_id
        )
    with session_scope() as session:
        assert session.exec(select(BackgroundJob)).all() == []
        if queue.is_postgres(session):
            assert session.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar() == 0
    assert _staged() == []


def test_on_sqlite_the_apps_own_runner_takes_the_job_at_once(pioneer_home, monkeypatch):
    monkeypatch.setattr(local, "start", START)
    w = make_world()
    job_id = requests.start_ledger_import(
        w.office, ledger("training", 5), "培训.xlsx", "training", unit_id=w.unit_id
    )
    if not local.running():
        pytest.skip("PostgreSQL: workers run the jobs (tests/jobs/test_worker_pg.py)")
    deadline = time.monotonic() + 60
    while get_job(job_id)["status"] != "succeeded" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert get_job(job_id)["status"] == "succeeded"


def test_the_command_line_makes_a_batch_of_reports_for_a_city(pioneer_home, tmp_path):
    from typer.testing import CliRunner

    from cli import app
    from store.settings import load_settings
    from tests.jobs.test_worker_pg import start_worker, stop

    c = make_city()
    assert requests.batch_rounds(c.city_office, c.city) == [c.round_a, c.round_b]
    assert requests.batch_rounds(c.office_a, c.a) == [c.round_a]
    out = tmp_path / "考评报告.zip"
    worker = None if load_settings().is_sqlite else start_worker("批量")  # PostgreSQL: a real one
    try:
        result = CliRunner().invoke(app, ["report", "batch", "--unit", "济宁市", "--out", str(out)])
    finally:
        if worker is not None:
            stop(worker)
    assert result.exit_code == 0, result.output
    assert "已生成考评报告 2 份" in result.output
    with zipfile.ZipFile(out) as z:
        assert len(z.namelist()) == 2


def test_a_binder_that_cannot_be_built_shows_why_to_its_units_office_only(
    pioneer_home, monkeypatch
):
    """The build's status is the job row of the unit's round: a failure keeps its reason for
    every app server; another unit's office sees neither the status nor the reason."""
    from reports import pdf
    from services.documents import binder

    c = make_city()
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    job_id = binder.start_binder(c.office_a, c.round_a)
    with pytest.raises(PermissionDenied):
        binder.start_binder(c.office_b, c.round_a)
    local.run_due()
    status = binder.binder_status(c.office_a, c.round_a)
    assert status["id"] == job_id and status["status"] == "failed" and status["attempts"] == 1
    assert "未安装 LibreOffice" in status["error"]
    assert get_job(job_id)["error"] == status["error"]
    with pytest.raises((PermissionDenied, NotFound)):
        binder.binder_status(c.office_b, c.round_a)
    assert binder.binder_status(c.office_b, c.round_b) == {}
