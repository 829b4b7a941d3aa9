"""设置 → 初始化向导, walked as the office would: from `pioneer init` to a working county."""

from __future__ import annotations

import datetime as dt
import io
import time

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from reports.credentials import unseal
from services.actor import SYSTEM_ACTOR
from services.org import auth
from services.org import units as org
from services.org.setup import initialise
from services.rounds import core as rounds
from services.rounds.tasks import my_tasks
from services.rubrics import get_rubric
from tests.setup.helpers import annex_text, fast_hashing, publish_copy  # noqa: F401
from tests.ui.conftest import ROOT, texts

pytestmark = pytest.mark.usefixtures("fast_hashing")


def _office(pioneer_home) -> AppTest:
    first = initialise("兖州区")
    actor = auth.login("admin", first["admin_password"])
    actor = auth.change_password(actor, first["admin_password"], "Yz-Admin2020", "Yz-Admin2020")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["actor"] = actor
    at.session_state["last_seen"] = time.time()
    at.run()
    return at.switch_page("ui/views/settings.py").run()


def _next(at: AppTest, step: int) -> AppTest:
    at.button(key=f"sw_next_{step}").click().run()
    assert not at.exception
    return at


def test_the_wizard_sets_up_the_county_from_the_pasted_annex1(pioneer_home):
    at = _office(pioneer_home)
    assert "初始化向导" in [t.label for t in at.tabs]
    at.text_input(key="sw_unit").input("济宁市兖州区")
    _next(at, 0)
    _next(at, 1)
    # step 3: the list, pasted; what was read is shown for confirmation
    at.radio(key="sw_how").set_value("粘贴文字").run()
    at.text_area(key="sw_text").input(annex_text()).run()
    at.button(key="sw_read").click().run()
    assert not at.exception
    assert "读到 35 人、33 个成员单位" in texts(at)
    read = next(df.value for df in at.dataframe if "细则中的责任部门" in df.value.columns)
    matches = dict(zip(read["细则中的责任部门"], read["名单中的单位"], strict=True))
    assert matches["区人社局"] == "区人力资源和社会保障局"
    assert matches["区残联"] == "（未找到）"
    # the doubtful ones are asked: 区中小企业服务中心 (近似) kept, 区残联 to 区民政局
    at.selectbox(key="sw_match_区残联").set_value("区民政局").run()
    _next(at, 2)
    _next(at, 3)
    # dates are typed as YYYY-MM-DD (no English calendar); a wrong one is refused in Chinese
    assert not at.date_input
    at.text_input(key="sw_start").input("2019-12-01")
    at.text_input(key="sw_build_until").input("2020-06-10")
    at.text_input(key="sw_prepare_until").input("2020-02-30")  # no such day
    at.text_input(key="sw_round").input("2020年创建自评")
    at.button(key="sw_next_4").click().run()
    assert any("准备发动截止「2020-02-30」不是有效日期" in e.value for e in at.error)
    at.text_input(key="sw_prepare_until").input("2020-07-01")  # out of order
    at.button(key="sw_next_4").click().run()
    assert any("按时间先后" in e.value for e in at.error)
    at.text_input(key="sw_prepare_until").input("2020-02-10")
    at.text_input(key="sw_selfcheck_until").input("2020年9月10日")
    at.text_input(key="sw_assess_until").input("2020-10-31")
    _next(at, 4)
    shown = texts(at)
    assert "牵头单位：区人力资源和社会保障局" in shown
    assert "2020年2月10日" in shown
    at.button(key="sw_apply").click().run()
    assert not at.exception
    assert "初始化完成" in texts(at)
    assert at.sidebar.selectbox(key="unit_pick").options == ["济宁市兖州区"]
    seal = at.code[0].value
    blob = at.session_state["setup_wizard"]["result"]["sealed"][0]
    ws = openpyxl.load_workbook(io.BytesIO(unseal(blob, seal))).active
    slips = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}

    [unit] = org.list_units(SYSTEM_ACTOR)
    assert unit.name == "济宁市兖州区"
    depts = {d.name: d for d in org.list_departments(SYSTEM_ACTOR, unit.id)}
    assert "区残联" not in depts and "区残联" in depts["区民政局"].aliases
    assert "区人社局" not in depts and depts["区人力资源和社会保障局"].group_role == "lead"
    rnd = rounds.get_round(SYSTEM_ACTOR, rounds.current_round_id(SYSTEM_ACTOR, unit.id))
    assert (rnd.name, rnd.selfcheck_until) == ("2020年创建自评", dt.date(2020, 9, 10))
    # a department logs in with its slip, must change the password, then sees its tasks
    username, password = slips["区民政局"][5], slips["区民政局"][6]
    actor = auth.login(username, password)
    assert actor.must_change_password
    actor = auth.change_password(actor, password, "Mzj-2020ok", "Mzj-2020ok")
    dept = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    dept.session_state["actor"] = actor
    dept.session_state["last_seen"] = time.time()
    dept.run()
    assert not dept.exception
    assert "我的任务" in [t.value for t in dept.title][0]
    assert "当前轮次：2020年创建自评" in texts(dept)
    # the requirements the rubric gives 区残联 reach 区民政局, as the office chose
    disabled = {q.id for q in get_rubric().requirements() if "区残联" in q.departments}
    assert disabled and disabled <= {t.requirement for t in my_tasks(actor, unit.id).tasks}


def test_the_wizard_offers_a_rubric_imported_into_the_library(pioneer_home):
    at = _office(pioneer_home)
    [unit] = org.list_units(SYSTEM_ACTOR)
    ref = publish_copy(unit.id)
    at.text_input(key="sw_unit").input("济宁市兖州区")
    _next(at, 0)
    box = at.selectbox(key="sw_rubric")
    assert f"{get_rubric(ref).title}（第 1 版）" in box.options  # beside the built-in ones
    assert any("yanzhou-2020" in o for o in box.options)
    assert "导入并发布的评分细则" in texts(at)
    box.set_value(ref).run()
    _next(at, 1)
    assert at.session_state["setup_wizard"]["rubric"] == ref
