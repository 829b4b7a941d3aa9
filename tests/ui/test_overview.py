from scoring import fmt
from services import rounds
from tests.ui.conftest import app_as, texts


def test_office_lands_on_overview_with_the_round_score(demo_home):
    at = app_as(demo_home, "bangongshi")
    assert not at.exception
    shown = texts(at)
    assert "总览" in shown
    rid = at.session_state["round_id"]
    total = rounds.round_scorecard(rid).total
    assert f"已确认得分 {fmt(total)} 分" in shown
    assert "没有逾期事项" not in shown  # the demo has two overdue assignments


def test_viewer_sees_only_the_overview(demo_home):
    at = app_as(demo_home, "lingdao")
    assert not at.exception
    assert "已确认得分" in texts(at)
    assert not at.error
