"""The inspector's pages: 模拟考评, 材料审核, 分歧 (AppTest on the demo county)."""

from decimal import Decimal

import pytest

from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.evidence import query as evidence_query
from services.rounds import core as rounds
from services.rounds import sheets
from services.rounds import views as round_views
from tests.ui.conftest import app_as, texts
from ui.components.rule_inputs import percent_to_ratio
from ui.pages.assess import STATUS_ICONS


def _goto(at, req_id: str):
    """Pick a requirement in the 模拟考评 jump list."""
    rid = at.session_state["round_id"]
    system = req_id.split(".")[0]
    at.selectbox(key=f"assess:{rid}:system").set_value(system).run()
    at.radio(key=f"assess:{rid}:req:{system}").set_value(req_id).run()
    return rid


def _option(at, req_id: str) -> str:
    """The jump-list label of a requirement (status icon, id, round score)."""
    rid = at.session_state["round_id"]
    radio = at.radio(key=f"assess:{rid}:req:{req_id.split('.')[0]}")
    return next(o for o in radio.options if f" {req_id}\u3000" in o)


@pytest.mark.parametrize("user", ["kaohe1", "kaohe2"])
@pytest.mark.parametrize("page", ["assess", "review", "disagreements"])
def test_every_inspector_page_renders(demo_home, user, page):
    at = app_as(demo_home, user, page)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert {"assess": "模拟考评", "review": "材料审核", "disagreements": "分歧"}[page] in texts(at)


def test_assess_opens_on_the_first_requirement_not_yet_reviewed(demo_home):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = at.session_state["round_id"]
    sheet = round_views.inspector_sheet(at.session_state["actor"], rid)
    assert "1.3.4" not in sheet  # the demo lead has reviewed 1.1.1 .. 1.3.3
    assert at.session_state[f"assess:{rid}:current"] == "1.3.4"
    assert "本项计分（已保存） 待评" in texts(at)


def test_tick_a_deduction_and_save_updates_the_round(demo_home):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = _goto(at, "1.5.2")
    before = rounds.round_scorecard(SYSTEM_ACTOR, rid)
    assert before.requirement("1.5.2").status == "unassessed"
    assert _option(at, "1.5.2") == f"{STATUS_ICONS['todo']} 1.5.2\u3000待评"

    at.checkbox(key=f"{rid}:1.5.2a").check().run()
    shown = texts(at)
    assert "按当前录入，本项得分 0.5 分" in shown  # live, before saving
    assert "- 未能开展新闻宣传报道和表彰活动的，扣0.5分：-0.5 分 :gray[1.5.2a]" in shown
    assert "`" not in shown  # no rule id in code font
    at.text_area(key=f"{rid}:1.5.2:comment").input("未见表彰文件").run()
    at.button(key=f"{rid}:1.5.2:save").click().run()
    assert not at.exception

    after = rounds.round_scorecard(SYSTEM_ACTOR, rid)
    rs = after.requirement("1.5.2")
    assert rs.status == "assessed" and rs.score == Decimal("0.5")
    assert after.total - before.total == Decimal("0.5")
    shown = texts(at)
    assert f"本轮总分（已保存） {fmt(after.total)} 分" in shown
    assert "本项计分（已保存） 0.5 分" in shown
    assert "按当前录入（与已保存的一致）" in shown
    assert _option(at, "1.5.2") == f"{STATUS_ICONS['reviewed']} 1.5.2\u30000.5 分"
    assert any("1.5.2 已保存并标记为已评" in s.value for s in at.success)
    entry = round_views.inspector_sheet(at.session_state["actor"], rid)["1.5.2"]
    assert entry.status == "reviewed" and entry.values == {"1.5.2a": True}
    assert entry.comment == "未见表彰文件"


def test_edits_survive_moving_to_another_requirement_and_back(demo_home):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = _goto(at, "1.5.2")
    at.checkbox(key=f"{rid}:1.5.2b").check().run()
    at.text_area(key=f"{rid}:1.5.2:comment").input("未见典型材料").run()
    shown = texts(at)
    assert "本项计分（已保存） 待评" in shown  # the header says what is saved...
    assert "按当前录入（草稿，尚未保存" in shown  # ...and the live box that this is a draft
    assert "按当前录入，本项得分 0.5 分" in shown
    assert _option(at, "1.5.2").startswith(STATUS_ICONS["draft"])
    at.button(key=f"assess:{rid}:next").click().run()  # 下一条 without saving
    assert at.session_state[f"assess:{rid}:current"] == "1.6.1"
    rid = _goto(at, "1.5.2")
    assert at.checkbox(key=f"{rid}:1.5.2b").value is True
    assert at.text_area(key=f"{rid}:1.5.2:comment").value == "未见典型材料"
    assert (
        rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("1.5.2").status == "unassessed"
    )  # not saved
    at.button(key=f"{rid}:1.5.2:save").click().run()
    entry = round_views.inspector_sheet(at.session_state["actor"], rid)["1.5.2"]
    assert entry.values == {"1.5.2b": True} and entry.comment == "未见典型材料"
    assert sheets.drafts(at.session_state["actor"], rid) == {}


def test_ratio_in_percent_is_exact_and_reaches_the_tier(demo_home):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = _goto(at, "2.2.1")
    box = at.number_input(key=f"{rid}:2.2.1a")
    assert box.value == pytest.approx(86.0)  # prefilled from the lead's sheet (0.86)
    box.set_value(95).run()
    assert "按当前录入，本项得分 4 分" in texts(at)
    at.number_input(key=f"{rid}:2.2.1a").set_value(79.99).run()
    assert "未达到" not in texts(at) and "达到 50% 档，得 2 分" in texts(at)
    at.number_input(key=f"{rid}:2.2.1a").set_value(80).run()
    assert "达到 80% 档，得 3 分" in texts(at)
    at.button(key=f"{rid}:2.2.1:save").click().run()
    assert rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("2.2.1").score == Decimal(3)
    sheet = round_views.inspector_sheet(at.session_state["actor"], rid)
    assert sheet["2.2.1"].values == {"2.2.1a": Decimal("0.8")}


def test_percent_to_ratio_is_exact():
    assert percent_to_ratio(80) == Decimal("0.8")
    assert percent_to_ratio(86.5) == Decimal("0.865")
    assert percent_to_ratio(80.12000000000001) == Decimal("0.8012")
    assert percent_to_ratio(100) == Decimal(1)
    assert percent_to_ratio(0) == Decimal(0)


def test_items_grade_and_missing_input(demo_home):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = _goto(at, "2.1.1")
    assert at.multiselect(key=f"{rid}:2.1.1a").value == ["市场准入", "创业场地"]
    at.multiselect(key=f"{rid}:2.1.1a").select("行政管理").run()
    assert "按当前录入，本项得分 1.5 分" in texts(at)

    rid = _goto(at, "3.6.1")  # grade, not yet reviewed: no level chosen
    at.button(key=f"{rid}:3.6.1:save").click().run()
    assert any("3.6.1a 尚未填写" in e.value for e in at.error)
    assert "3.6.1" not in round_views.inspector_sheet(at.session_state["actor"], rid)
    radio = at.radio(key=f"{rid}:3.6.1a")
    assert radio.value is None
    assert radio.options == ["2 分：确属创新且效果很好", "1 分：虽属创新但效果一般", "0 分：无创新"]
    radio.set_value(Decimal(1)).run()
    at.button(key=f"{rid}:3.6.1:save").click().run()
    assert rounds.round_scorecard(at.session_state["actor"], rid).requirement(
        "3.6.1"
    ).score == Decimal(1)

    rid = _goto(at, "1.6.1")
    assert at.radio(key=f"{rid}:1.6.1a").options[0] == "2 分：确属创新且效果更好"


def test_draft_is_marked_for_recheck_and_prev_next_move(demo_home):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = _goto(at, "1.5.2")
    at.button(key=f"{rid}:1.5.2:draft").click().run()
    assert round_views.inspector_sheet(at.session_state["actor"], rid)["1.5.2"].status == "recheck"
    assert (
        rounds.round_scorecard(at.session_state["actor"], rid).requirement("1.5.2").status
        == "unassessed"
    )
    assert _option(at, "1.5.2") == f"{STATUS_ICONS['recheck']} 1.5.2\u3000待评"
    at.button(key=f"assess:{rid}:next").click().run()
    assert at.session_state[f"assess:{rid}:current"] == "1.6.1"
    at.button(key=f"assess:{rid}:next").click().run()
    assert at.session_state[f"assess:{rid}:current"] == "2.1.1"
    assert at.selectbox(key=f"assess:{rid}:system").value == "2"
    at.button(key=f"assess:{rid}:prev").click().run()
    assert at.session_state[f"assess:{rid}:current"] == "1.6.1"


def test_only_the_lead_records_an_agreed_finding(demo_home):
    at = app_as(demo_home, "kaohe2", "assess")
    rid = _goto(at, "1.5.2")
    assert not [b for b in at.button if b.key == f"{rid}:1.5.2:agree"]
    lead = app_as(demo_home, "kaohe1", "assess")
    _goto(lead, "1.5.2")
    lead.checkbox(key=f"{rid}:1.5.2b").check().run()
    lead.button(key=f"{rid}:1.5.2:agree").click().run()
    assert not lead.exception
    assert rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("1.5.2").score == Decimal("0.5")
    agreed = round_views.inspector_sheet(lead.session_state["actor"], rid, agreed=True)
    assert agreed["1.5.2"].values == {"1.5.2b": True}


def test_approve_pending_evidence(demo_home):
    at = app_as(demo_home, "kaohe1", "review")
    actor = at.session_state["actor"]
    unit = at.session_state["unit_id"]
    pending = evidence_query.list_evidence(actor, unit, status="pending")
    assert len(pending) == 5
    ev = pending[0]
    assert "待审核（5）" in [t.label for t in at.tabs]
    at.button(key=f"review:{ev.id}:approve").click().run()
    assert not at.exception
    assert evidence_query.get_evidence(actor, ev.id).status == "approved"
    assert any(ev.title in s.value for s in at.success)
    assert "待审核（4）" in [t.label for t in at.tabs]


def test_return_needs_a_reason(demo_home):
    at = app_as(demo_home, "kaohe1", "review")
    actor = at.session_state["actor"]
    ev = evidence_query.list_evidence(actor, at.session_state["unit_id"], status="pending")[0]
    at.button(key=f"review:{ev.id}:return").click().run()
    assert any("退回材料时必须填写退回原因" in e.value for e in at.error)
    assert evidence_query.get_evidence(actor, ev.id).status == "pending"

    at.text_input(key=f"review:{ev.id}:reason").input("缺少盖章页").run()
    at.button(key=f"review:{ev.id}:return").click().run()
    item = evidence_query.get_evidence(actor, ev.id)
    assert item.status == "returned" and item.return_reason == "缺少盖章页"
    assert "退回原因：缺少盖章页" in texts(at)  # now listed read-only under 已退回


def test_review_filters_by_department(demo_home):
    at = app_as(demo_home, "kaohe1", "review")
    at.selectbox(key="review:dept").set_value("区统计局").run()
    assert "共 2 份：待审核 1 份，已退回 0 份，已通过 1 份" in texts(at)
    at.selectbox(key="review:req").set_value("5.1.1").run()
    assert "共 1 份：待审核 0 份，已退回 0 份，已通过 1 份" in texts(at)
    assert "没有待审核的材料" in texts(at)


def test_disagreement_listed_and_settled_by_the_lead(demo_home):
    at = app_as(demo_home, "kaohe1", "disagreements")
    rid = at.session_state["round_id"]
    assert "共 1 条要求有分歧：1.2.2" in texts(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["规则", "李组长（考核组）", "赵考核员（考核组）"]
    assert table.iloc[0].tolist() == ["本项得分", "0.5 分", "0 分"]
    assert rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("1.2.2").status == "unassessed"

    assert at.checkbox(key=f"agree:{rid}:1.2.2b").value is True  # the lead's own view
    at.checkbox(key=f"agree:{rid}:1.2.2a").check().run()
    at.button(key=f"agree:{rid}:1.2.2:save").click().run()
    assert not at.exception
    assert round_views.disagreements(at.session_state["actor"], rid) == []
    assert "本轮没有分歧" in texts(at)
    rs = rounds.round_scorecard(at.session_state["actor"], rid).requirement("1.2.2")
    assert rs.status == "assessed" and rs.score == Decimal(0)


def test_second_inspector_sees_disagreements_read_only(demo_home):
    at = app_as(demo_home, "kaohe2", "disagreements")
    rid = at.session_state["round_id"]
    assert "只有考核组组长可以确定一致意见" in texts(at)
    assert "1.2.2" in texts(at)
    assert not [b for b in at.button if b.key == f"agree:{rid}:1.2.2:save"]
    assert not [c for c in at.checkbox if (c.key or "").startswith("agree:")]


def test_withdraw_an_approval_on_the_review_page(demo_home):
    at = app_as(demo_home, "kaohe1", "review")
    office = at.session_state["actor"]
    approved = [
        e
        for e in evidence_query.list_evidence(office, at.session_state["unit_id"])
        if e.status == "approved"
    ]
    ev = approved[0]
    at.button(key=f"review:{ev.id}:undo").click().run()
    assert any("说明原因" in e.value for e in at.error)
    assert evidence_query.get_evidence(office, ev.id).status == "approved"
    at.text_input(key=f"review:{ev.id}:undo_reason").input("发现缺少盖章页，重新审核").run()
    at.button(key=f"review:{ev.id}:undo").click().run()
    assert not at.exception
    assert evidence_query.get_evidence(office, ev.id).status == "pending"
