"""转交: a file that proves another department's requirement reaches that department."""

import pytest
from sqlmodel import select

from services.errors import InvalidInput, NotFound, PermissionDenied
from services.evidence import intake, query, transfer
from store.audit import AuditEvent
from store.db import session_scope
from tests.services.helpers import UNIT, docx_bytes, make_world

FILE = docx_bytes("关于拨付创业担保贷款贴息资金的通知", "兖财发〔2020〕8号", "现拨付贴息资金。")


def _upload(w, **kw):
    return intake.add_evidence(
        w.dept_a,  # 区人社局
        FILE,
        "贴息通知.docx",
        department="区人社局",
        unit=UNIT,
        **({"requirements": ["1.2.1"]} | kw),
    )


def test_a_file_passed_on_is_accepted_as_the_receivers_own_evidence(pioneer_home):
    w = make_world()
    ev = _upload(w, requirements=[], unlinked=True)  # proves only another department's task
    tid = transfer.offer(
        w.dept_a, ev["evidence_id"], "3.4.1", to_department="区财政局", note="请接收"
    )
    (item,) = transfer.incoming(w.dept_b)
    assert (item.from_department, item.requirement, item.note) == ("区人社局", "3.4.1", "请接收")
    assert transfer.incoming(w.dept_a) == []
    new_id = transfer.accept(w.dept_b, tid)
    got = query.get_evidence(w.dept_b, new_id)
    assert (got.department, got.requirements, got.status) == ("区财政局", ("3.4.1",), "pending")
    assert query.get_evidence(w.dept_a, ev["evidence_id"]).department == "区人社局"  # kept
    assert [t.status for t in transfer.outgoing(w.dept_a)] == ["accepted"]
    with session_scope() as s:
        actions = {e.action for e in s.exec(select(AuditEvent))}
    assert {"evidence.transfer", "evidence.transfer_accept"} <= actions
    with pytest.raises(InvalidInput, match="已接收"):
        transfer.accept(w.dept_b, tid)


def test_a_transfer_can_be_declined_with_a_reason(pioneer_home):
    w = make_world()
    ev = _upload(w)
    tid = transfer.offer(w.dept_a, ev["evidence_id"], "3.4.1", to_department="区财政局")
    with pytest.raises(NotFound):
        transfer.decline(w.dept_a, tid, "不是本单位")  # only the receiver decides
    with pytest.raises(InvalidInput, match="原因"):
        transfer.decline(w.dept_b, tid, " ")
    transfer.decline(w.dept_b, tid, "材料不对应")
    assert transfer.outgoing(w.dept_a)[0].decision_note == "材料不对应"


def test_transfers_are_checked(pioneer_home):
    w = make_world()
    ev = _upload(w)
    with pytest.raises(PermissionDenied):
        transfer.offer(w.dept_b, ev["evidence_id"], "3.4.1")  # not its file
    with pytest.raises(InvalidInput, match="本单位承担"):
        transfer.offer(w.dept_a, ev["evidence_id"], "1.2.1")  # its own task: no transfer
    with pytest.raises(InvalidInput, match="不承担"):
        transfer.offer(w.dept_a, ev["evidence_id"], "3.4.1", to_department="区统计局")
    with pytest.raises(PermissionDenied):
        transfer.offer(w.office, ev["evidence_id"], "3.4.1")
    transfer.offer(w.dept_a, ev["evidence_id"], "3.4.1")
    with pytest.raises(InvalidInput, match="等待对方接收"):
        transfer.offer(w.dept_a, ev["evidence_id"], "3.4.1")


def test_a_returned_item_is_uploaded_again_in_place_keeping_its_history(pioneer_home):
    w = make_world()
    ev = _upload(w)
    query.review(w.inspector, ev["evidence_id"], "returned", "缺少盖章页")
    again = intake.add_evidence(
        w.dept_a,
        docx_bytes("关于拨付创业担保贷款贴息资金的通知（盖章版）"),
        "贴息通知-盖章.docx",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
        evidence_id=ev["evidence_id"],
    )
    assert again["evidence_id"] == ev["evidence_id"] and again["revision"] == 2
    item = query.get_evidence(w.dept_a, ev["evidence_id"])
    assert (item.status, item.revision, item.original_name) == ("pending", 2, "贴息通知-盖章.docx")
