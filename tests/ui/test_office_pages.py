"""整改清单, 轮次, 设置 and 材料检索 as the office."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.demo import build as demo
from services.documents import core as documents
from services.org import auth
from services.org import responsibility as resp
from services.org import units as org
from services.rounds import core as rounds
from services.rounds import sheets
from services.rounds import views as round_views
from services.rounds.overview import build_overview, gap_rows
from services.rounds.state import load_state
from tests.ui.conftest import app_as, password_of, texts
from ui.components import tables


def _actor(home, username):
    return auth.login(username, password_of(home, username))


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_gaps_table_sorted_by_gain_with_excel_of_the_same_rows(demo_home):
    at = app_as(demo_home, "bangongshi", "gaps")
    assert not at.exception and not at.error
    shown = texts(at)
    assert "优先整改建议" in shown and "可挽回" in shown
    ov = build_overview(_actor(demo_home, "bangongshi"), at.session_state["round_id"])
    rows = gap_rows(ov.state)
    assert f"整改事项（项要求） {len(rows)}" in shown
    assert f"逾期事项（项要求） {len(ov.state.overdue_items())}" in shown
    table = at.dataframe[0].value
    assert list(table.columns)[:2] == ["创建要求", "编号"]  # names before ids
    gains = sorted(rows, key=lambda g: -g.gain)
    assert list(table["编号"]) == [g.requirement for g in gains]
    assert table["可挽回分"].iloc[0] == f"{fmt(gains[0].gain)} 分"
    data = documents.export(
        _actor(demo_home, "bangongshi"),
        "gaps",
        at.session_state["round_id"],
        requirements=list(table["编号"]),
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert {r[0] for r in ws.iter_rows(min_row=4, values_only=True)} == set(table["编号"])
    assert [b.label for b in at.get("download_button")] == ["下载 Excel（当前筛选结果）"]


def test_gaps_filters(demo_home):
    at = app_as(demo_home, "bangongshi", "gaps")
    at.checkbox(key="gaps_overdue").check().run()
    table = at.dataframe[0].value
    assert set(table["编号"]) == {"2.2.3", "4.4.1"}  # the demo's two overdue requirements
    assert all(v.startswith("已逾期") for v in table["逾期"])
    at.checkbox(key="gaps_overdue").uncheck().run()
    at.radio(key="gaps_kind").set_value("失分").run()
    table = at.dataframe[0].value
    assert all(v for v in table["失分"])
    at.multiselect(key="gaps_dept").set_value(["区统计局"]).run()
    table = at.dataframe[0].value
    assert all("区统计局" in d for d in table["责任单位"])


def test_create_a_round_then_copy_the_previous_and_compare(demo_home):
    unit_id = demo.get_demo_unit_id()
    source = rounds.list_rounds(SYSTEM_ACTOR, unit_id)[-1]
    at = app_as(demo_home, "bangongshi", "rounds")
    assert not at.exception and not at.error
    assert source.name in at.dataframe[0].value["名称"].tolist()
    assert "至少需要两个轮次" in texts(at)

    def fill(name: str, copy: bool) -> None:
        at.text_input(key="nr_name").input(name)
        at.selectbox(key="nr_kind").set_value("模拟考评")
        at.selectbox(key="nr_lead").set_value("kaohe1")
        if copy:
            at.checkbox(key="nr_copy").check()
            at.selectbox(key="nr_source").set_value(source.id)
        button(at, "创建轮次").click().run()

    fill("2020年第二次模拟考评", copy=False)
    assert not at.exception and not at.error
    assert any("已创建轮次「2020年第二次模拟考评」" in s.value for s in at.success)
    assert at.text_input(key="nr_name").value == ""  # the form clears after 创建
    fill("2020年第二次模拟考评", copy=False)  # the same name again: refused, nothing created
    assert any("已有名为「2020年第二次模拟考评」" in e.value for e in at.error)
    assert len(rounds.list_rounds(SYSTEM_ACTOR, unit_id)) == 2
    assert rounds.current_round_id(SYSTEM_ACTOR, unit_id) == source.id  # creating moved nothing

    fill("2020年第三次模拟考评", copy=True)
    assert not at.exception
    new = rounds.list_rounds(SYSTEM_ACTOR, unit_id)[-1]
    assert new.copied_from_id == source.id
    # every inspector of the new round sees the copied values, marked 待复核
    for user in ("kaohe1", "kaohe2"):
        sheet = round_views.inspector_sheet(_actor(demo_home, user), new.id)
        assert sheet and {e.status for e in sheet.values()} <= {"copied"}
    old, copied = (
        rounds.round_scorecard(SYSTEM_ACTOR, source.id),
        rounds.round_scorecard(SYSTEM_ACTOR, new.id),
    )
    assert copied.total == old.total  # like with like: the copy starts where the source was
    assert copied.pending <= old.pending
    cmp = round_views.compare_rounds(SYSTEM_ACTOR, source.id, new.id)
    assert all(r["delta"] == 0 for r in cmp.requirements)

    at.selectbox(key="rm_round").set_value(new.id).run()
    button(at, "设为当前轮次").click().run()
    assert rounds.current_round_id(SYSTEM_ACTOR, unit_id) == new.id
    leader = app_as(demo_home, "lingdao", "overview")
    assert leader.session_state["round_id"] == new.id  # every role opens on the current round


def test_create_round_reports_errors_inline(demo_home):
    at = app_as(demo_home, "bangongshi", "rounds")
    button(at, "创建轮次").click().run()  # no name
    assert not at.exception
    assert any("轮次名称不能为空" in e.value for e in at.error)


def test_settings_create_user_and_reset_password(demo_home):
    at = app_as(demo_home, "bangongshi", "settings")
    assert not at.exception and not at.error
    assert "czj" in at.dataframe[1].value["用户名"].tolist()
    at.text_input(key="nu_username").input("scjgj")
    at.text_input(key="nu_name").input("区市场监管局 吴科长")
    at.selectbox(key="nu_role").set_value("department")
    at.selectbox(key="nu_dept").set_value("区财政局")
    button(at, "创建用户").click().run()
    assert not at.exception and not at.error
    assert any("已创建用户「scjgj」" in s.value for s in at.success)
    first = at.code[0].value
    actor = auth.login("scjgj", first)
    assert actor.role == "department" and actor.department_name == "区财政局"

    at.selectbox(key="um_user").set_value("czj")
    at.button(key="um_reset").click().run()
    assert any("已重置「czj」的密码" in s.value for s in at.success)
    new = at.code[0].value
    assert new != password_of(demo_home, "czj")
    assert auth.login("czj", new).username == "czj"
    at.run()  # shown once only
    assert not at.code

    at.selectbox(key="um_user").set_value("scjgj")
    at.button(key="um_toggle").click().run()
    assert not next(
        u for u in auth.list_users(actor_office(demo_home)) if u["username"] == "scjgj"
    )["active"]


def actor_office(home):
    return _actor(home, "bangongshi")


def test_settings_departments_assignments_and_rubric(demo_home):
    at = app_as(demo_home, "bangongshi", "settings")
    unit_id = demo.get_demo_unit_id()
    at.text_input(key="dept_name").input("区市场监管局")
    button(at, "添加成员单位").click().run()
    assert not at.error
    assert "区市场监管局" in [d.name for d in org.list_departments(SYSTEM_ACTOR, unit_id)]

    at.selectbox(key="as_req").set_value("4.3.1").run()
    at.multiselect(key="as_lead_4.3.1").set_value(["区就业创业促进中心"])
    at.multiselect(key="as_support_4.3.1").set_value(["区市场监管局"])
    button(at, "保存分工").click().run()
    assert not at.exception and not at.error
    owners = resp.get_responsibilities(SYSTEM_ACTOR, unit_id, "yanzhou-2020")["4.3.1"]
    assert [(o.name, o.role_label) for o in owners] == [
        ("区就业创业促进中心", "牵头"),
        ("区市场监管局", "配合"),
    ]

    due = dt.date.today() + dt.timedelta(days=30)
    at.selectbox(key="dl_req").set_value("4.3.1")
    at.text_input(key="dl_due").input(due.isoformat())
    button(at, "设置期限").click().run()
    assert not at.exception and not at.error
    state = load_state(_actor(demo_home, "bangongshi"), at.session_state["round_id"])
    assert state.item("4.3.1").due == due

    rubric = next(d.value for d in at.dataframe if list(d.value.columns)[:1] == ["体系"])
    assert list(rubric.columns) == [
        "体系",
        "指标",
        "要求",
        "分值",
        "起始分",
        "评分办法",
        "责任部门",
    ]
    assert len(rubric) == 47
    assert rubric["分值"].str.endswith("*").any()  # inferred weights are marked
    assert "图例" in texts(at)


def test_office_search_sees_every_department(demo_home):
    at = app_as(demo_home, "bangongshi", "search")
    at.text_input(key="search_q").input("创业")
    button(at, "检索").click().run()
    assert not at.exception and not at.error
    shown = texts(at)
    assert "区财政局" in shown and "区就业创业促进中心" in shown


def test_rounds_page_compares_two_rounds(demo_home):
    from services.rounds.views import compare_rounds

    office = auth.login("bangongshi", password_of(demo_home, "bangongshi"))
    insp = auth.login("kaohe1", password_of(demo_home, "kaohe1"))
    second = rounds.create_round(
        office,
        name="第二次模拟考评",
        unit_id=demo.get_demo_unit_id(),
        kind="模拟考评",
        lead_inspector="kaohe1",
    )
    sheets.save_requirement(insp, second.id, "1.1.1", {})
    at = app_as(demo_home, "bangongshi", "rounds")
    assert not at.exception and not at.error
    change = next(m for m in at.metric if m.label == "变化")
    cmp = compare_rounds(SYSTEM_ACTOR, second.id - 1, second.id)
    assert cmp.total_b - cmp.total_a < 0  # the new round has only one requirement assessed
    assert change.value == tables.delta_text(cmp.total_b - cmp.total_a)
    assert at.get("plotly_chart")


def test_a_deadline_that_is_not_a_date_is_refused_in_chinese_and_nothing_is_set(demo_home):
    at = app_as(demo_home, "bangongshi", "settings")
    office, rid = _actor(demo_home, "bangongshi"), at.session_state["round_id"]
    before = load_state(office, rid).item("4.3.1").due
    at.selectbox(key="dl_req").set_value("4.3.1")
    at.text_input(key="dl_due").input("2026-13-45")
    button(at, "设置期限").click().run()
    assert not at.exception
    assert any("「2026-13-45」不是有效日期" in e.value for e in at.error)
    assert load_state(office, rid).item("4.3.1").due == before
