import os
import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import select

from services.errors import InvalidInput, PermissionDenied
from services.evidence import details as evidence_details
from services.evidence import intake as evidence_intake
from services.evidence import query as evidence_query
from services.evidence import upkeep as evidence_upkeep
from store.audit import AuditEvent
from store.db import session_scope
from store.evidence_tables import Evidence, EvidenceRevision
from tests.services.helpers import UNIT, docx_bytes, make_world

NOTICE = docx_bytes(
    "关于成立测试区创建省级创业型城市工作领导小组的通知",
    "测政办字〔2020〕3号",
    "经区政府研究，决定成立创建工作领导小组，区长任组长，区人社局牵头，成员单位分工负责。",
    "2020年1月20日",
)


def _add(actor, data=NOTICE, reqs=("1.2.1",), dept="区人社局", name="通知.docx", **kw):
    return evidence_intake.add_evidence(
        actor, data, name, requirements=list(reqs), department=dept, unit=UNIT, **kw
    )


def test_add_stores_file_text_metadata_links_and_audit(pioneer_home):
    w = make_world()
    s = _add(w.dept_a, reqs=["1.2.1", "1.2.3"])
    assert s["doc_number"] == "测政办字〔2020〕3号"
    assert s["doc_date"] == "2020-01-20"
    assert s["requirements"] == ["1.2.1", "1.2.3"]
    assert s["status"] == "pending"
    path = evidence_intake.blob_store().path(s["sha256"])
    assert path.read_bytes() == NOTICE
    item = evidence_query.get_evidence(w.office, s["evidence_id"])
    assert item.original_name == "通知.docx"
    assert "领导小组" in evidence_query.evidence_text(w.office, s["evidence_id"])
    with session_scope() as session:
        ev = session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.add")).one()
    assert ev.username == "rsj" and ev.after["sha256"] == s["sha256"]


def test_same_bytes_twice_are_stored_once(pioneer_home):
    w = make_world()
    a = _add(w.dept_a)
    b = _add(w.dept_a, reqs=["1.2.3"], name="副本.docx")
    assert a["sha256"] == b["sha256"] and a["evidence_id"] != b["evidence_id"]
    assert list(evidence_intake.blob_store().iter_blobs()) == [a["sha256"]]
    assert evidence_upkeep.verify().ok


def test_revision_keeps_the_old_file(pioneer_home):
    w = make_world()
    a = _add(w.dept_a)
    v2 = docx_bytes("领导小组通知（修订）", "2020年2月1日")
    b = _add(w.dept_a, data=v2, reqs=[], evidence_id=a["evidence_id"])
    assert b["evidence_id"] == a["evidence_id"] and b["revision"] == 2
    store = evidence_intake.blob_store()
    assert store.exists(a["sha256"]) and store.exists(b["sha256"])
    with session_scope() as session:
        revs = session.exec(select(EvidenceRevision)).all()
    assert len(revs) == 2


def test_refused_file_stores_nothing_and_says_why_in_chinese(pioneer_home):
    w = make_world()
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2000
    with pytest.raises(InvalidInput, match="docx"):
        _add(w.dept_a, data=ole, name="旧文件.doc")
    with pytest.raises(InvalidInput):
        _add(w.dept_a, data=b"", name="空.pdf")
    with session_scope() as session:
        assert session.exec(select(Evidence)).all() == []
    assert list(evidence_intake.blob_store().iter_blobs()) == []


def test_department_can_only_submit_for_its_own_assigned_requirements(pioneer_home):
    w = make_world()
    with pytest.raises(PermissionDenied, match="不是本单位的任务"):
        _add(w.dept_a, reqs=["2.2.1"])  # 2.2.1 belongs to 区财政局 and 就业中心
    with pytest.raises(PermissionDenied, match="本单位名义"):
        _add(w.dept_a, dept="区财政局", reqs=["2.2.1"])
    with pytest.raises(PermissionDenied):
        _add(w.inspector)
    with pytest.raises(PermissionDenied):
        _add(w.viewer)


def test_department_cannot_read_or_change_another_departments_draft(pioneer_home):
    w = make_world()
    s = _add(w.dept_a)
    eid = s["evidence_id"]
    for call in (
        lambda: evidence_query.get_evidence(w.dept_b, eid),
        lambda: evidence_query.evidence_text(w.dept_b, eid),
        lambda: evidence_query.evidence_bytes(w.dept_b, eid),
        lambda: _add(w.dept_b, dept="区财政局", reqs=[], evidence_id=eid),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert evidence_query.list_evidence(w.dept_b, w.unit_id) == []
    assert evidence_query.search(w.dept_b, "领导小组") == []
    assert [h.evidence_id for h in evidence_query.search(w.dept_a, "领导小组")] == [eid]
    assert evidence_query.get_evidence(w.inspector, eid).id == eid


def test_search_long_and_short_queries_name_the_file(pioneer_home):
    w = make_world()
    s = _add(w.dept_a)
    for q in ("领导小组", "组长", "长", "区人社局牵头", "领导 牵头"):
        hits = evidence_query.search(w.office, q)
        assert [h.original_name for h in hits] == ["通知.docx"], q
        assert "【" in hits[0].snippet
    assert evidence_query.search(w.office, "不存在的词语") == []
    assert evidence_query.search(w.office, "１００％") == []  # NFKC-normalised, no crash
    assert s["evidence_id"] == hits[0].evidence_id


def test_search_finds_a_term_split_across_lines(pioneer_home):
    w = make_world()
    d = docx_bytes("本方案由领导小组办公室负责解释，创业担保", "贷款的具体办法另行制定。")
    _add(w.dept_a, data=d, name="方案.docx")
    assert [h.original_name for h in evidence_query.search(w.office, "创业担保贷款")] == [
        "方案.docx"
    ]


def test_review_requires_a_reason_to_return_and_is_audited(pioneer_home):
    w = make_world()
    eid = _add(w.dept_a)["evidence_id"]
    with pytest.raises(InvalidInput, match="退回原因"):
        evidence_query.review(w.inspector, eid, "returned", "  ")
    with pytest.raises(PermissionDenied):
        evidence_query.review(w.dept_a, eid, "approved")
    evidence_query.review(w.inspector, eid, "returned", "缺少盖章页")
    item = evidence_query.get_evidence(w.dept_a, eid)
    assert item.status_label == "已退回" and item.return_reason == "缺少盖章页"
    evidence_query.review(w.office, eid, "approved")
    assert evidence_query.get_evidence(w.dept_a, eid).status == "approved"


def test_verify_reports_missing_and_orphan_files(pioneer_home):
    w = make_world()
    s = _add(w.dept_a)
    store = evidence_intake.blob_store()
    assert evidence_upkeep.verify().ok
    orphan, _, _ = store.put(b"stray bytes")
    report = evidence_upkeep.verify()
    assert not report.ok and any(orphan in p for p in report.problems)
    store.path(orphan).unlink()
    store.path(s["sha256"]).unlink()
    report = evidence_upkeep.verify()
    assert any("缺失" in p for p in report.problems)


def test_suggestions_for_a_leading_group_notice(pioneer_home):
    w = make_world()
    preview = evidence_intake.preview_upload(w.dept_a, NOTICE, "通知.docx")
    ids = [s.requirement_id for s in preview.suggestions]
    assert "1.2.1" in ids
    assert any(s.matched for s in preview.suggestions)


KILLER = r"""
import os, sys, time
import services.evidence.intake as ei
from services.actor import CLI_ACTOR
real_publish = ei._publish
stage = sys.argv[1]
def stop(*a, **k):
    os.kill(os.getpid(), 9)
if stage == "after_stage":
    real_stage = ei._stage
    def staged(data, sha):
        real_stage(data, sha)
        stop()
    ei._stage = staged
elif stage == "after_commit":
    ei._publish = stop
data = open(sys.argv[2], "rb").read()
ei.add_evidence(CLI_ACTOR, data, "k.docx", requirements=["1.2.1"], department="区人社局",
                unit=sys.argv[3])
"""


@pytest.mark.parametrize("stage", ["after_stage", "after_commit"])
def test_kill_9_in_the_middle_of_add_leaves_verify_clean(pioneer_home, tmp_path, stage):
    make_world()
    f = tmp_path / "k.docx"
    f.write_bytes(docx_bytes("被中断的上传", str(time.time())))
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, stage, str(f), UNIT],
        env=dict(os.environ),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    report = evidence_upkeep.verify()
    assert report.ok, report.problems
    with session_scope() as session:
        rows = session.exec(select(EvidenceRevision)).all()
    assert len(rows) == (1 if stage == "after_commit" else 0)
    if rows:
        assert evidence_intake.blob_store().read(rows[0].sha256) == f.read_bytes()


def test_a_decision_can_be_withdrawn_with_a_reason(pioneer_home):
    w = make_world()
    eid = _add(w.dept_a)["evidence_id"]
    with pytest.raises(InvalidInput, match="尚未审核"):
        evidence_query.review(w.inspector, eid, "pending", "误操作")
    evidence_query.review(w.inspector, eid, "approved")
    with pytest.raises(InvalidInput, match="说明原因"):
        evidence_query.review(w.inspector, eid, "pending", "")
    evidence_query.review(w.inspector, eid, "pending", "误点了通过")
    assert evidence_query.get_evidence(w.dept_a, eid).status_label == "待审核"
    with session_scope() as session:
        last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last.before == {"status": "approved"} and last.after["status"] == "pending"


def test_a_department_withdraws_its_own_file_which_is_kept_but_counts_for_nothing(pioneer_home):
    """Issue 15: 撤回 by the owning department (or its office), with a reason, audited."""
    from services.audit.checks import evidence_status_problems
    from services.evidence.progress import requirement_status

    w = make_world()
    eid = _add(w.dept_a)["evidence_id"]
    sha = evidence_query.get_evidence(w.dept_a, eid).sha256
    for other in (w.dept_b, w.inspector, w.viewer):
        with pytest.raises(PermissionDenied):
            evidence_details.withdraw_evidence(other, eid, "不需要了")
    with pytest.raises(InvalidInput, match="说明原因"):
        evidence_details.withdraw_evidence(w.dept_a, eid, "  ")
    evidence_details.withdraw_evidence(w.dept_a, eid, "上传错了文件")
    item = evidence_query.get_evidence(w.dept_a, eid)
    assert (item.status, item.status_label) == ("withdrawn", "已撤回")
    assert evidence_intake.blob_store().read(sha) == NOTICE  # nothing lost
    assert evidence_query.search(w.office, "领导小组") == []  # leaves search
    assert evidence_query.search(w.dept_a, "领导小组") == []
    with session_scope() as session:
        assert requirement_status(session, w.unit_id) == {}  # 1.2.1 has no evidence again
        last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert evidence_status_problems(session)[1] == []  # the status follows its audit
    assert last.action == "evidence.withdraw" and last.after["reason"] == "上传错了文件"
    assert last.before == {"status": "pending"}
    with pytest.raises(InvalidInput, match="已经撤回"):
        evidence_details.withdraw_evidence(w.office, eid, "再撤一次")
    with pytest.raises(InvalidInput, match="撤回"):
        evidence_query.review(w.inspector, eid, "approved")
    # a new version puts it back into review and into search
    _add(w.dept_a, reqs=[], evidence_id=eid)
    assert evidence_query.get_evidence(w.office, eid).status == "pending"
    assert [h.evidence_id for h in evidence_query.search(w.office, "领导小组")] == [eid]


def test_the_office_of_the_unit_may_withdraw_a_department_file(pioneer_home):
    w = make_world()
    eid = _add(w.dept_a)["evidence_id"]
    evidence_query.review(w.inspector, eid, "approved")
    evidence_details.withdraw_evidence(w.office, eid, "重复上传")
    assert evidence_query.get_evidence(w.dept_a, eid).status == "withdrawn"
