"""自查预评 on screen: the office's and a department's view, and confirm/override in 模拟考评."""

from __future__ import annotations

from services import precheck
from services.rounds import core as rounds
from tests.ui.conftest import app_as, texts
from tests.ui.test_inspector_pages import _goto


def _proposal(rid, rule):
    return next(p for p in precheck.proposals(precheck_actor(), rid) if p["rule"] == rule)


def precheck_actor():
    from services.actor import SYSTEM_ACTOR

    return SYSTEM_ACTOR


def test_office_sees_the_score_from_proposals_and_what_to_fix(demo_home):
    at = app_as(demo_home, "bangongshi", "selfcheck")
    assert not at.exception
    shown = texts(at)
    assert "按现有材料预评" in shown and "怎么补" in shown
    assert "未见写明时间步骤的创建工作方案" in shown


def test_a_department_sees_only_its_own_requirements(demo_home):
    at = app_as(demo_home, "czj", "selfcheck")
    assert not at.exception
    rid = at.session_state["round_id"]
    view = precheck.self_check(at.session_state["actor"], rid)
    assert view.rows and all("区财政局" in r.departments for r in view.rows)


def test_inspector_adopts_one_proposal_and_overrides_another_with_a_reason(demo_home):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = _goto(at, "1.3.1")
    assert "自查预评建议" in texts(at)
    before = rounds.round_scorecard(precheck_actor(), rid).requirement("1.3.1").score
    assert _proposal(rid, "1.3.1b")["value"] is True
    at.button(key=f"{rid}:1.3.1:pre:1.3.1b:ok").click().run()
    assert not at.exception
    assert _proposal(rid, "1.3.1b")["status"] == "confirmed"
    after = rounds.round_scorecard(precheck_actor(), rid).requirement("1.3.1").score
    assert before - after == 0.25
    # overriding without a reason is refused, with one it is kept
    at.button(key=f"{rid}:1.3.1:pre:1.3.1c:no").click().run()
    assert any("必须说明理由" in e.value for e in at.error)
    at.text_input(key=f"{rid}:1.3.1:pre:1.3.1c:why").input("附件责任分工表已列明")
    at.button(key=f"{rid}:1.3.1:pre:1.3.1c:no").click().run()
    p = _proposal(rid, "1.3.1c")
    assert p["status"] == "overridden" and p["reason_override"] == "附件责任分工表已列明"


def _rates(at):
    return next(df.value for df in at.dataframe if "一致率" in df.value.columns)


def test_office_switches_a_check_off_with_a_reason_and_on_again(demo_home):
    """设置 → 预评规则: off needs a reason; off, its open proposal is gone at once (模拟考评 and
    自查预评 no longer offer it); on again, it proposes again."""
    at = app_as(demo_home, "bangongshi", "settings")
    rid = at.session_state["round_id"]
    short = {g.rule for r in precheck.self_check(precheck_actor(), rid).rows for g in r.gaps}
    open_ = next(
        p
        for p in precheck.proposals(precheck_actor(), rid)
        if p["status"] == "proposed" and p["rule"] in short
    )
    check, rule = open_["check"], open_["rule"]
    row = _rates(at)[lambda d: d["规则"] == rule]
    assert list(row["状态"]) == ["启用"]
    at.selectbox(key="check_pick").set_value(check)
    at.radio(key="check_on").set_value("停用")
    at.button(key="check_save").click().run()
    assert any("须说明原因" in e.value for e in at.error)
    assert rule in {p["rule"] for p in precheck.proposals(precheck_actor(), rid)}
    at.selectbox(key="check_pick").set_value(check)
    at.radio(key="check_on").set_value("停用")
    at.text_input(key="check_reason").input("误判较多，改由考核组人工判断")
    at.button(key="check_save").click().run()
    assert not at.exception and not at.error
    assert any("已停用" in s.value for s in at.success) or "已停用" in texts(at)
    row = _rates(at)[lambda d: d["规则"] == rule]
    assert list(row["状态"]) == ["已停用：误判较多，改由考核组人工判断"]
    assert rule not in {p["rule"] for p in precheck.proposals(precheck_actor(), rid)}
    assert rule not in {
        g.rule for r in precheck.self_check(precheck_actor(), rid).rows for g in r.gaps
    }
    at.selectbox(key="check_pick").set_value(check)
    at.radio(key="check_on").set_value("启用")
    at.button(key="check_save").click().run()
    assert not at.exception and not at.error
    assert list(_rates(at)[lambda d: d["规则"] == rule]["状态"]) == ["启用"]
    again = {p["rule"]: p for p in precheck.proposals(precheck_actor(), rid)}
    assert again[rule]["value"] == open_["value"]
