"""Issue 10, item 8: backup and restore.

A plain copy of pioneer.db taken while the server wrote caught 16 of 56 committed rows and
restored with 40 problems. ``pioneer backup`` snapshots while a writer commits; ``pioneer
restore`` into an empty home finds every row committed before the backup began, every evidence
file, and verify reports 0 problems. A home with data, a damaged backup, or a member the
manifest does not list is refused, and nothing is written.
"""

from __future__ import annotations

import io
import tarfile
import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from cli.main import app
from services import audit
from services.backup.manifest import BackupError
from services.backup.restore import restore_backup
from services.backup.snapshot import create_backup
from services.evidence import intake
from store.audit import AuditEvent
from store.db import make_engine, reset_engines, session_scope
from store.evidence_tables import Evidence
from tests.conftest import PG_URL, _pg_url
from tests.services.helpers import UNIT, docx_bytes, make_world


def _fresh_target(tmp_path, monkeypatch, name: str = "restored"):
    """An empty home (and, on PostgreSQL, an empty database) to restore into."""
    home = tmp_path / name
    monkeypatch.setenv("PIONEER_HOME", str(home))
    if PG_URL:
        base = _pg_url()
        db = base.rsplit("/", 1)[-1] + "_restore"
        admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{db}"'))
        admin.dispose()
        monkeypatch.setenv("PIONEER_DATABASE_URL", base.rsplit("/", 1)[0] + "/" + db)
    reset_engines()
    return home


def _world_with_notice():
    w = make_world()
    intake.add_evidence(
        w.dept_a,
        docx_bytes("领导小组通知"),
        "通知.docx",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
    )
    return w


class Writer(threading.Thread):
    """Commits audit events (and now and then an evidence file) until stopped."""

    def __init__(self, actor) -> None:
        super().__init__(daemon=True)
        self.actor, self.stop, self.committed, self.evidence = actor, threading.Event(), [], []
        self.error: BaseException | None = None

    def run(self) -> None:
        n = 0
        try:
            while not self.stop.is_set():
                n += 1
                if n % 10 == 0:
                    s = intake.add_evidence(
                        self.actor,
                        docx_bytes(f"第{n}号工作情况报告", f"内容{n}"),
                        f"报告{n}.docx",
                        requirements=["1.2.1"],
                        department="区人社局",
                        unit=UNIT,
                    )
                    self.evidence.append(s["evidence_id"])
                with session_scope() as session:
                    event = audit.record(session, self.actor, "test.write", "test", n)
                    session.flush()
                    event_id = event.id
                self.committed.append(event_id)  # after the commit
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc


def test_a_backup_taken_while_a_writer_commits_restores_every_committed_row(
    pioneer_home, tmp_path, monkeypatch
):
    w = _world_with_notice()
    writer = Writer(w.dept_a)
    writer.start()
    while len(writer.committed) < 25 and writer.error is None:
        time.sleep(0.05)
    committed_before = list(writer.committed)
    evidence_before = list(writer.evidence)
    out = tmp_path / "backup.tar"
    manifest = create_backup(out)
    while len(writer.committed) < len(committed_before) + 15 and writer.error is None:
        time.sleep(0.05)
    writer.stop.set()
    writer.join(60)
    assert writer.error is None, writer.error
    assert len(evidence_before) >= 2

    _fresh_target(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["restore", str(out)])
    assert result.exit_code == 0, result.output
    assert "问题 0 处" in result.output
    with session_scope() as s:
        ids = set(s.exec(select(AuditEvent.id)))
        evidence = set(s.exec(select(Evidence.id)))
    assert set(committed_before) <= ids
    assert set(evidence_before) <= evidence
    assert len(ids) == manifest.counts["audit_events"]
    blobs = set(intake.blob_store().iter_blobs())
    assert {n[len("evidence/") :] for n in manifest.files if n.startswith("evidence/")} == blobs
    assert CliRunner().invoke(app, ["audit", "verify"]).exit_code == 0


def test_restore_refuses_a_home_that_holds_data(pioneer_home, tmp_path):
    make_world()
    out = tmp_path / "b.tar"
    assert CliRunner().invoke(app, ["backup", str(out)]).exit_code == 0
    result = CliRunner().invoke(app, ["restore", str(out)])
    assert result.exit_code == 2
    assert "恢复只能写入空的数据目录和空数据库" in result.output


def _rewrite(src, dst, change) -> None:
    """Copy the tar, passing each (info, bytes) through ``change`` (None drops it)."""
    with tarfile.open(src) as tin, tarfile.open(dst, "w") as tout:
        members = [(m, tin.extractfile(m).read()) for m in tin.getmembers()]
        for info, data in members:
            for info2, data2 in change(info, data):
                info2.size = len(data2)
                tout.addfile(info2, io.BytesIO(data2))


@pytest.mark.parametrize(
    "damage, message",
    [
        ("flip", "与清单记录的哈希不符"),
        ("extra", "清单之外的内容"),
        ("drop", "备份文件不完整"),
    ],
)
def test_a_damaged_backup_is_refused_and_nothing_is_written(
    pioneer_home, tmp_path, monkeypatch, damage, message
):
    _world_with_notice()
    good = tmp_path / "good.tar"
    create_backup(good)

    def change(info, data):
        if info.name.startswith("evidence/"):
            if damage == "flip":
                return [(info, data[:-1] + bytes([data[-1] ^ 1]))]
            if damage == "drop":
                return []
        if damage == "extra" and info.name == "manifest.json":
            return [(tarfile.TarInfo("../../etc/evil"), b"x"), (info, data)]
        return [(info, data)]

    bad = tmp_path / "bad.tar"
    _rewrite(good, bad, change)
    home = _fresh_target(tmp_path, monkeypatch)
    with pytest.raises(BackupError, match=message):
        restore_backup(bad)
    assert not (home / "pioneer.db").exists()
    assert not any(intake.blob_store().iter_blobs())
    assert not (tmp_path / "etc").exists()


def test_the_nightly_job_backs_up_and_keeps_the_newest(pioneer_home, tmp_path, monkeypatch):
    import datetime as dt

    from services.jobs import execute, schedule
    from services.jobs.queue import submit

    _world_with_notice()
    folder = tmp_path / "backups"
    monkeypatch.setenv("PIONEER_BACKUP_DIR", str(folder))
    monkeypatch.setenv("PIONEER_BACKUP_HOUR", "3")
    monkeypatch.setenv("PIONEER_BACKUP_KEEP", "2")
    assert not any(k == "backup" for k, _, _ in schedule.daily_jobs(dt.datetime(2026, 12, 1, 2)))
    due = {k: (key, args) for k, key, args in schedule.daily_jobs(dt.datetime(2026, 12, 1, 4))}
    assert due["backup"] == ("backup:2026-12-01", {"day": "2026-12-01"})
    for day in ("2026-11-29", "2026-11-30", "2026-12-01"):
        job = submit("backup", args={"day": day}, key=f"backup:{day}")
        outcome = execute.run(job.id, "测试")
        assert outcome.status == "succeeded", outcome
    assert sorted(p.name for p in folder.iterdir()) == [
        "pioneer-2026-11-30.tar",
        "pioneer-2026-12-01.tar",
    ]
    _fresh_target(tmp_path, monkeypatch)
    assert restore_backup(folder / "pioneer-2026-12-01.tar").report.ok


def test_restore_says_the_id_key_is_not_in_the_backup(pioneer_home, tmp_path, monkeypatch):
    from services.ledgers import imports
    from tests.services.city import TRAINING

    w = _world_with_notice()
    imports.import_ledger(w.office, TRAINING.encode(), "培训.csv", "training", unit_id=w.unit_id)
    out = tmp_path / "b.tar"
    create_backup(out)
    _fresh_target(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["restore", str(out)])
    assert result.exit_code == 0, result.output
    assert "备份中不含身份证号散列密钥" in result.output
