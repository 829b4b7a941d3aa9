"""Issue 10, item 8: the audit trail is tamper-evident.

Rows of the audit table changed, deleted or slipped in directly in the database, and an
evidence status changed in the database, are found by ``pioneer audit verify`` and
``pioneer evidence verify``, which name the first bad event. Two writers appending to one
unit's chain at once never fork it.
"""

from __future__ import annotations

import threading

from alembic import command
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from cli.main import app
from services import audit
from services.actor import Actor
from services.audit.anchor import write_anchors
from services.audit.checks import verify_audit
from services.evidence import intake, query
from store.audit import GENESIS, AuditEvent, AuditHead, hash_of
from store.db import get_engine, reset_engines, session_scope
from store.evidence_tables import Evidence
from store.migrate import alembic_config
from tests.services.helpers import UNIT, docx_bytes, make_world

NOTICE = docx_bytes("关于成立测试区创建工作领导小组的通知", "测政办字〔2020〕3号", "2020年1月20日")


def _world_with_evidence():
    w = make_world()
    s = intake.add_evidence(
        w.dept_a, NOTICE, "通知.docx", requirements=["1.2.1"], department="区人社局", unit=UNIT
    )
    query.review(w.inspector, s["evidence_id"], "returned", "缺少盖章页")
    query.review(w.inspector, s["evidence_id"], "approved")
    return w, s["evidence_id"]


def _sql(statement: str, **params) -> None:
    with get_engine().begin() as conn:
        conn.execute(text(statement), params)


def _events() -> list[AuditEvent]:
    with session_scope() as s:
        return list(s.exec(select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.seq)))


def _cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_service_writes_chain_their_events_per_unit_and_verify_finds_nothing(pioneer_home):
    w, _ = _world_with_evidence()
    events = _events()
    # a department's events join its unit's chain, and so do an inspector's on the unit's data
    # (an inspector may come from anywhere: 交叉考评); users without a unit otherwise, chain 0
    assert [e.action for e in events if e.chain == w.unit_id][-3:] == [
        "evidence.add",
        "evidence.review",
        "evidence.review",
    ]
    assert "evidence.review" not in {e.action for e in events if e.chain == 0}
    assert [e.action for e in events if e.username == "insp"][-2:] == ["evidence.review"] * 2
    for chain in {e.chain for e in events}:
        mine = [e for e in events if e.chain == chain]
        assert [e.seq for e in mine] == list(range(1, len(mine) + 1))
        assert mine[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(mine, mine[1:], strict=False))
        assert all(hash_of(e) == e.hash for e in mine)
    for command_ in (("audit", "verify"), ("evidence", "verify")):
        result = _cli(*command_)
        assert result.exit_code == 0, result.output
        assert "问题 0 处" in result.output


def test_an_audit_row_edited_in_the_database_is_named_by_both_verifies(pioneer_home):
    _world_with_evidence()
    review = [e for e in _events() if e.action == "evidence.review"][0]
    _sql(
        "UPDATE auditevent SET after = :a WHERE id = :i",
        a='{"status": "approved", "reason": null}',
        i=review.id,
    )
    for command_ in (("audit", "verify"), ("evidence", "verify")):
        result = _cli(*command_)
        assert result.exit_code == 1, result.output
        assert f"事件 #{review.id}" in result.output
        assert "内容与哈希不符" in result.output
    report = verify_audit()
    assert len(report.problems) == 1


def test_a_deleted_audit_row_names_the_event_after_it(pioneer_home):
    _world_with_evidence()
    chain = [e for e in _events() if e.chain == 0]
    gone, after = chain[-2], chain[-1]
    _sql("DELETE FROM auditevent WHERE id = :i", i=gone.id)
    result = _cli("evidence", "verify")
    assert result.exit_code == 1
    assert f"事件 #{after.id}" in result.output and "已不存在" in result.output


def test_the_last_events_cut_off_the_chain_are_reported(pioneer_home):
    _world_with_evidence()
    chain = [e for e in _events() if e.chain == 0]
    _sql("DELETE FROM auditevent WHERE id = :i", i=chain[-1].id)
    report = verify_audit()
    assert any(f"第 {chain[-1].seq} 条已不存在" in p for p in report.problems), report.problems


def test_an_evidence_status_changed_in_the_database_is_found(pioneer_home):
    w, ev_id = _world_with_evidence()
    assert verify_audit().ok
    _sql("UPDATE evidence SET status = 'returned' WHERE id = :i", i=ev_id)
    result = _cli("evidence", "verify")
    assert result.exit_code == 1
    assert f"材料 {ev_id}" in result.output and "状态在系统之外被直接改动" in result.output
    # an evidence row written past the services has no audit event at all
    with session_scope() as s:
        ev = s.get(Evidence, ev_id)
        s.add(
            Evidence(
                unit_id=ev.unit_id,
                department_id=ev.department_id,
                title="伪造",
                created_by=ev.created_by,
                status="approved",
            )
        )
    assert any("伪造" in p and "没有审计记录" in p for p in verify_audit().problems)


def test_a_chain_rewritten_whole_is_caught_by_the_anchor_file(pioneer_home, tmp_path, monkeypatch):
    monkeypatch.setenv("PIONEER_AUDIT_ANCHOR_FILE", str(tmp_path / "anchors.log"))
    w, _ = _world_with_evidence()
    assert write_anchors() >= 1
    assert write_anchors() == 0  # the same heads are not written twice
    # someone with database rights edits an event and re-hashes the chain to its head
    events = [e for e in _events() if e.chain == w.unit_id]
    prev = GENESIS
    with session_scope() as s:
        for e in events:
            row = s.get(AuditEvent, e.id)
            if row.action == "evidence.add":
                row.after = {**row.after, "title": "改过的标题"}
            row.prev_hash = prev
            row.hash = prev = hash_of(row)
            s.add(row)
        head = s.get(AuditHead, w.unit_id)
        head.hash = prev
        s.add(head)
    report = verify_audit()
    assert any("锚点文件" in p for p in report.problems), report.problems


def test_parallel_writers_of_one_unit_never_fork_its_chain(pioneer_home):
    w = make_world()
    actors = [
        Actor(id=None, username=f"w{n}", display_name="写入", role="office", unit_id=w.unit_id)
        for n in range(8)
    ]
    barrier = threading.Barrier(len(actors))
    errors: list[BaseException] = []

    def writer(actor: Actor) -> None:
        try:
            barrier.wait()
            for n in range(15):
                with session_scope() as s:
                    audit.record(s, actor, "test.write", "test", n)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    chain = [e for e in _events() if e.chain == w.unit_id]
    assert sum(e.action == "test.write" for e in chain) == 8 * 15
    assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
    report = verify_audit()
    assert report.ok, report.problems


def test_the_migration_chains_the_events_already_there(pioneer_home):
    w, _ = _world_with_evidence()
    before = [(e.id, e.action) for e in _events()]
    cfg = alembic_config()
    with get_engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_jobs_queue")
    reset_engines()
    with get_engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    reset_engines()
    after = _events()
    assert sorted((e.id, e.action) for e in after) == sorted(before)
    assert {e.chain for e in after if e.username == "rsj"} == {w.unit_id}
    assert verify_audit().ok
    # and the chains go on from where the back-fill left them
    with session_scope() as s:
        audit.record(s, w.office, "test.after", "test")
    assert verify_audit().ok


def test_the_daily_jobs_write_the_heads_and_check_the_chains(pioneer_home, tmp_path, monkeypatch):
    import datetime as dt

    from services.jobs import execute, schedule
    from services.jobs.queue import submit

    anchors = tmp_path / "anchors.log"
    monkeypatch.setenv("PIONEER_AUDIT_ANCHOR_FILE", str(anchors))
    monkeypatch.setenv("PIONEER_VERIFY_HOUR", "2")
    _world_with_evidence()
    due = {k: args for k, _, args in schedule.daily_jobs(dt.datetime(2026, 12, 1, 2, 30))}
    assert due["audit_anchor"] == {"day": "2026-12-01"}
    job = submit("audit_anchor", args=due["audit_anchor"], key="audit_anchor:2026-12-01")
    assert execute.run(job.id, "测试").status == "succeeded"
    assert '"day": "2026-12-01"' in anchors.read_text()
    review = [e for e in _events() if e.action == "evidence.review"][0]
    _sql("UPDATE auditevent SET username = 'someone' WHERE id = :i", i=review.id)
    assert "audit_verify" in due
    job = submit("audit_verify", key="audit_verify:2026-12-01", max_attempts=1)
    outcome = execute.run(job.id, "测试")
    assert outcome.status == "failed" and f"事件 #{review.id}" in outcome.error


def test_an_anchored_head_past_the_chain_end_is_reported(pioneer_home, tmp_path, monkeypatch):
    """The tail deleted, head row and all: only the anchor file still knows."""
    monkeypatch.setenv("PIONEER_AUDIT_ANCHOR_FILE", str(tmp_path / "anchors.log"))
    w, _ = _world_with_evidence()
    write_anchors()
    chain = [e for e in _events() if e.chain == w.unit_id]
    _sql("DELETE FROM auditevent WHERE id = :i", i=chain[-1].id)
    _sql(
        "UPDATE audit_head SET seq = seq - 1, hash = :h WHERE chain = :c",
        h=chain[-2].hash,
        c=w.unit_id,
    )
    problems = verify_audit().problems
    assert f"审计链只到第 {chain[-2].seq} 条" in problems[0], problems
    assert "状态在系统之外被直接改动" in problems[1]  # the deleted event was the last review
