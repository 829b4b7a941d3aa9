"""One flow across roles, all through the pages: a department uploads, the office sees it
pending, the inspector approves and scores, and the office's 总览 total changes."""

from __future__ import annotations

from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.demo import build as demo
from services.evidence import query as evidence_query
from services.org import auth
from services.rounds import core as rounds
from tests.ui.conftest import app_as, password_of, texts
from tests.ui.test_department_pages import MENTORS
from tests.ui.test_inspector_pages import _goto
from ui.components import upload

TITLE = "兖州区创业导师团队聘任管理办法"


def test_upload_review_score_and_the_total_moves(demo_home):
    office = auth.login("bangongshi", password_of(demo_home, "bangongshi"))
    unit = demo.get_demo_unit_id()

    dept = app_as(demo_home, "jycy", "tasks")
    dept.file_uploader(key="upload_files_0").set_value(
        [("导师办法.docx", MENTORS, "application/octet-stream")]
    ).run()
    key = upload.file_key(MENTORS)
    dept.multiselect(key=f"upload_reqs_{key}").set_value(["4.2.2"]).run()
    dept.text_input(key=f"upload_t_{key}").input(TITLE)
    dept.button(key="upload_submit").click().run()
    assert not dept.exception and not dept.error

    pending = evidence_query.list_evidence(office, unit, status="pending")
    ev = next(e for e in pending if e.title == TITLE)

    inspector = app_as(demo_home, "kaohe1", "review")
    inspector.button(key=f"review:{ev.id}:approve").click().run()
    assert not inspector.exception
    assert evidence_query.get_evidence(office, ev.id).status_label == "已通过"

    before = app_as(demo_home, "bangongshi")
    rid = before.session_state["round_id"]
    total_before = rounds.round_scorecard(SYSTEM_ACTOR, rid).total
    assert f"已确认得分 {fmt(total_before)} 分" in texts(before)

    assess = app_as(demo_home, "kaohe1", "assess")
    _goto(assess, "4.2.2")
    assess.checkbox(key=f"{rid}:4.2.2b").check().run()  # 很少开展工作: -1
    assess.button(key=f"{rid}:4.2.2:save").click().run()
    assert not assess.exception and not assess.error

    after = app_as(demo_home, "bangongshi")
    total_after = rounds.round_scorecard(SYSTEM_ACTOR, rid).total
    assert total_after == total_before + 1  # 4.2.2 (2 points) was pending, now 1
    assert f"已确认得分 {fmt(total_after)} 分" in texts(after)
