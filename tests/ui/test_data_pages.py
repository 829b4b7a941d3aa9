"""台账与数据, 数据指标确认 and 工作目标 through the pages (AppTest on the demo county)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from ledgers.ids import check_code
from services.actor import SYSTEM_ACTOR
from services.demo import build as demo
from services.ledgers.imports import list_imports
from services.ledgers.indicators import list_proposals
from services.ledgers.samples import draw_sample
from services.ledgers.targets import target_progress
from services.org import auth
from services.rounds import core as rounds
from services.rubrics import get_rubric
from tests.ui.conftest import app_as, password_of, texts
from ui.components import ledger_import
from ui.components import tables as tables_mod
from ui.pages import indicators as indicators_page
from ui.pages import targets as targets_page

TITLES = {"ledgers": "台账与数据", "indicators": "数据指标确认", "targets": "工作目标"}


def _id(body: str) -> str:
    return body + check_code(body)


# born in 1961: no demo resident is that old, so none of these is a duplicate of a demo row
GOOD = [_id(f"37088219610{m}0{m}52{m}") for m in (1, 2, 3)]
BAD = GOOD[0][:10] + "0415" + "6371"  # a valid birth date, a wrong check digit
BAD = BAD[:17] + ("0" if check_code(BAD[:17]) != "0" else "1")


def _csv(headers: str, rows: list[str]) -> bytes:
    return ("\n".join([headers, *rows]) + "\n").encode("utf-8")


SUBSIDY_CSV = _csv(
    "姓名,身份证号,人员类别,是否符合条件,是否享受,金额,发放日期",
    [
        f"王建民,{GOOD[0]},高校毕业生,是,是,5000,2020-05-06",
        f"李秀梅,{GOOD[1]},退役军人,是,是,5000,2020-05-07",
        f"赵国强,{BAD},返乡创业农民工,是,是,5000,2020-05-08",  # sheet row 4
        f"孙立新,{GOOD[2]},登记失业人员,是,否,,",
    ],
)


def frames(at) -> str:
    """Every dataframe on the page as text."""
    return "\n".join(df.value.to_string() for df in at.dataframe)


def tables(at, *columns: str) -> list:
    """The page's dataframes (in page order) that have these columns."""
    return [df.value for df in at.dataframe if set(columns) <= set(df.value.columns)]


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def assert_no_raw_ids(at) -> None:
    shown = texts(at) + frames(at) + "\n".join(str(e.label) for e in at.expander)
    for raw in [*GOOD, BAD]:
        assert raw not in shown


def test_a_large_ledger_is_imported_in_the_background_with_its_progress_shown(
    demo_home, monkeypatch
):
    import time

    monkeypatch.setenv("PIONEER_LEDGER_JOB_ROWS", "4")  # this file counts as large
    at = app_as(demo_home, "czj", "ledgers")
    at.selectbox(key="ledger_kind").set_value("subsidy").run()
    at.file_uploader(key="ledger_file_0").set_value(
        ("2021年补贴台账.csv", SUBSIDY_CSV, "text/csv")
    ).run()
    button(at, "导入一次性创业补贴台账").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "ledger_import_job" in list(at.session_state)
    deadline = time.monotonic() + 120
    while "ledger_import_job" in list(at.session_state) and time.monotonic() < deadline:
        assert "正在后台导入" in texts(at)
        time.sleep(0.3)
        at.run()
    shown = texts(at)
    assert "一次性创业补贴台账：共4行数据，导入3行，退回1行" in shown
    assert tables(at, "行号", "列", "值", "原因")[0]["行号"].tolist() == [4]
    assert_no_raw_ids(at)
    imp = list_imports(SYSTEM_ACTOR, demo.get_demo_unit_id(), "subsidy")[-1]
    assert (imp["department"], imp["imported"], imp["rejected"]) == ("区财政局", 3, 1)


@pytest.mark.parametrize(
    ("user", "page"),
    [
        ("bangongshi", "ledgers"),
        ("bangongshi", "indicators"),
        ("bangongshi", "targets"),
        ("jycy", "ledgers"),
        ("jycy", "targets"),
        ("kaohe1", "indicators"),
        ("kaohe2", "indicators"),
    ],
)
def test_data_pages_render_for_their_roles(demo_home, user, page):
    at = app_as(demo_home, user, page)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert TITLES[page] in texts(at)


def test_import_a_subsidy_csv_through_the_page(demo_home):
    at = app_as(demo_home, "czj", "ledgers")
    at.selectbox(key="ledger_kind").set_value("subsidy").run()
    at.file_uploader(key="ledger_file_0").set_value(
        ("2021年补贴台账.csv", SUBSIDY_CSV, "text/csv")
    ).run()
    assert not at.exception and not at.error
    assert "所有列均已自动对应" in texts(at)
    assert "报送单位：区财政局" in texts(at)
    assert_no_raw_ids(at)  # the first rows are shown masked
    button(at, "导入一次性创业补贴台账").click().run()
    assert not at.exception and not at.error
    shown = texts(at)
    assert "一次性创业补贴台账：共4行数据，导入3行，退回1行" in shown
    assert "已导入 3" in shown and "退回 1" in shown
    bad = tables(at, "行号", "列", "值", "原因")[0]  # the import result, above the tabs' tables
    assert bad["行号"].tolist() == [4]
    assert bad["列"].tolist() == ["身份证号"]
    assert bad["值"].tolist() == [BAD[:4] + "*" * 13 + BAD[-1:]]
    assert "身份证号校验位错误" in bad["原因"][0]
    assert_no_raw_ids(at)
    assert at.file_uploader(key="ledger_file_1").value is None  # cleared for the next file
    imp = list_imports(SYSTEM_ACTOR, demo.get_demo_unit_id(), "subsidy")[-1]
    assert (imp["department"], imp["imported"], imp["rejected"]) == ("区财政局", 3, 1)

    at.selectbox(key="ledger_import_pick").set_value(imp["id"]).run()  # 导入记录
    assert tables(at, "行号", "姓名", "身份证号")[0]["行号"].tolist() == [2, 3, 5]
    assert tables(at, "行号", "列", "值", "原因")[-1]["行号"].tolist() == [4]
    assert_no_raw_ids(at)

    at.button(key=f"ledger_withdraw_{imp['id']}").click().run()  # 导入记录: withdraw
    assert any("说明原因" in e.value for e in at.error)
    at.text_input(key=f"ledger_withdraw_reason_{imp['id']}").input("导错了统计期").run()
    at.button(key=f"ledger_withdraw_{imp['id']}").click().run()
    assert not at.exception
    assert any("导错了统计期" in w.value for w in at.warning)
    after = list_imports(SYSTEM_ACTOR, demo.get_demo_unit_id(), "subsidy")[-1]
    assert after["withdrawn_reason"] == "导错了统计期"


def test_mapping_step_when_a_required_column_is_not_recognised(demo_home):
    data = _csv(
        "申领人,证件号,类别,资格,享受,金额,日期",
        [f"王建民,{GOOD[0]},高校毕业生,是,是,5000,2020-05-06"],
    )
    at = app_as(demo_home, "bangongshi", "ledgers")
    at.selectbox(key="ledger_kind").set_value("subsidy").run()
    at.file_uploader(key="ledger_file_0").set_value(("补贴.csv", data, "text/csv")).run()
    assert any("未能自动找到必填列：姓名" in w.value for w in at.warning)
    assert any("必填列“姓名”尚未选择对应的列" in e.value for e in at.error)
    assert button(at, "导入一次性创业补贴台账").disabled
    key = f"ledger:subsidy:{hashlib.sha256(data).hexdigest()[:12]}"
    at.selectbox(key=f"{key}:map:姓名").set_value(0).run()
    assert not at.error
    button(at, "导入一次性创业补贴台账").click().run()
    assert "导入1行，退回0行" in texts(at)
    assert_no_raw_ids(at)


def test_inspector_confirms_a_proposal_and_the_requirement_is_scored(demo_home):
    at = app_as(demo_home, "kaohe1", "indicators")
    rid = at.session_state["round_id"]
    assert rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("6.1.1").status == "unassessed"
    at.button(key=f"ind:{rid}:6.1.1a:confirm").click().run()
    assert not at.exception and not at.error
    rs = rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("6.1.1")
    assert rs.status == "assessed" and rs.score == Decimal("2")  # 16.20% >= 15%
    assert any("6.1.1 本项计 2 分" in s.value for s in at.success)
    p = next(p for p in list_proposals(SYSTEM_ACTOR, rid) if p["rule"] == "6.1.1a")
    assert p["status"] == "confirmed" and p["decided_by"] == "李组长（考核组）"


def test_override_needs_a_reason(demo_home):
    at = app_as(demo_home, "kaohe1", "indicators")
    rid = at.session_state["round_id"]
    at.number_input(key=f"ind:{rid}:6.3.1a:value").set_value(79.5).run()
    at.button(key=f"ind:{rid}:6.3.1a:override").click().run()
    assert any("必须说明理由" in e.value for e in at.error)
    assert (
        next(p for p in list_proposals(SYSTEM_ACTOR, rid) if p["rule"] == "6.3.1a")["status"]
        == "proposed"
    )

    at.text_input(key=f"ind:{rid}:6.3.1a:reason").input("花名册中有重复人员，核减后为79.5%")
    at.button(key=f"ind:{rid}:6.3.1a:override").click().run()
    assert not at.error
    p = next(p for p in list_proposals(SYSTEM_ACTOR, rid) if p["rule"] == "6.3.1a")
    assert p["status"] == "overridden" and p["final_value"] == "0.795"
    rs = rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("6.3.1")
    assert rs.status == "assessed" and rs.score == 0  # below the 80% line


def test_office_sees_proposals_read_only_and_can_recompute(demo_home):
    at = app_as(demo_home, "bangongshi", "indicators")
    rid = at.session_state["round_id"]
    assert not [b for b in at.button if b.key and b.key.endswith(":confirm")]
    assert "确认和改定由考核组进行" in texts(at)
    at.button(key="ind:recompute").click().run()
    assert not at.error
    assert any("重新计算" in s.value for s in at.success)
    clause = {
        r.id: r.text for r in get_rubric(rounds.get_round(SYSTEM_ACTOR, rid).rubric_id).rules()
    }
    table = tables(at, "规则", "建议值")[0]
    ids = [p["rule"] for p in list_proposals(SYSTEM_ACTOR, rid)]
    assert table["编号"].tolist() == ids  # the id small, at the end
    assert table["规则"].tolist() == [tables_mod.shorten(clause[i], 40) for i in ids]
    assert all(t != i for t, i in zip(table["规则"], ids, strict=True))


def test_department_reports_monthly_progress(demo_home):
    unit = demo.get_demo_unit_id()
    target = next(t for t in target_progress(SYSTEM_ACTOR, unit) if t.name == "创业培训")
    at = app_as(demo_home, "jycy", "targets")
    at.selectbox(key="report_target").set_value(target.id).run()
    month = at.selectbox(key=f"report_month_{target.id}").value
    assert month == dt.date.today().replace(day=1)  # the latest month first
    at.text_input(key=f"report_value_{target.id}").input("25")
    at.button(key="report_submit").click().run()
    assert not at.exception and not at.error
    after = next(t for t in target_progress(SYSTEM_ACTOR, unit) if t.id == target.id)
    assert after.done == target.done + 25
    assert any("已报送「创业培训」" in s.value for s in at.success)
    own = {
        t.name for t in target_progress(SYSTEM_ACTOR, unit) if t.department == "区就业创业促进中心"
    }
    assert set(at.selectbox(key="report_target").options) == {
        f"{t.name}（目标 {t.target.normalize():f} {t.measure}）"
        for t in target_progress(SYSTEM_ACTOR, unit)
        if t.name in own
    }


def test_office_adds_a_target(demo_home):
    at = app_as(demo_home, "bangongshi", "targets")
    before = len(target_progress(SYSTEM_ACTOR, demo.get_demo_unit_id()))
    at.text_input(key="target_name").input("创业开业指导")
    at.text_input(key="target_value").input("600")
    at.selectbox(key="target_dept").set_value("区就业创业促进中心")
    at.button(key="target_save").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    rows = target_progress(SYSTEM_ACTOR, demo.get_demo_unit_id())
    assert len(rows) == before + 1
    assert (rows[-1].name, rows[-1].target, rows[-1].measure) == ("创业开业指导", 600, "人次")


def test_sample_drawn_with_a_seed_redraws_identically(demo_home):
    at = app_as(demo_home, "bangongshi", "ledgers")
    at.selectbox(key="sample_kind").set_value("training").run()
    at.number_input(key="sample_n").set_value(5).run()
    at.text_input(key="sample_seed").input("20240601")
    at.button(key="sample_draw").click().run()
    assert not at.exception and not at.error
    drawn = tables(at, "序号", "台账行号", "核查结果")[0]
    assert len(drawn) == 5
    assert "随机种子 **20240601**" in texts(at) or "随机种子 20240601" in texts(at)
    assert all("**********" in v for v in drawn["身份证号"])
    assert "下载核查清单（Excel）" in [b.label for b in at.get("download_button")]
    sid = at.selectbox(key="sample_pick").value
    assert at.button(key="sample_redraw").label == "复核抽样结果"
    at.button(key="sample_redraw").click().run()
    assert any("复核一致" in s.value for s in at.success)
    assert tables(at, "序号", "台账行号", "核查结果")[1].equals(drawn)
    office = at.session_state["actor"]
    again = draw_sample(office, "training", 5, 20240601, unit_id=demo.get_demo_unit_id())
    assert again["sample_id"] != sid
    assert [r["台账行号"] for r in again["rows"]] == drawn["台账行号"].tolist()


def test_department_may_verify_but_not_draw(demo_home):
    office = auth.login("bangongshi", password_of(demo_home, "bangongshi"))
    draw_sample(office, "training", 3, 7, unit_id=demo.get_demo_unit_id())
    at = app_as(demo_home, "jycy", "ledgers")
    assert not [b for b in at.button if b.key == "sample_draw"]
    shown = texts(at)
    assert "##### 复核抽样结果" in shown
    assert "本单位可复核已有的抽样记录" in shown
    assert "同一次抽样可按抽样记录的编号重新抽取" in shown
    assert at.button(key="sample_redraw").label == "复核抽样结果"
    # issue 12: no jargon on the tab, in any of its words
    assert "按种子" not in shown + "".join(b.label for b in at.button)


def test_helpers():
    assert ledger_import.conflicts({"姓名": 0, "身份证号": 0, "金额": ledger_import.SKIP}) == [
        "第1列同时对应了“姓名”和“身份证号”"
    ]
    assert ledger_import.missing_required("subsidy", {"姓名": 0}) == [
        "身份证号",
        "是否符合条件",
        "是否享受",
    ]
    assert ledger_import.service_mapping({"姓名": 2, "金额": -1}) == {"姓名": 2, "金额": None}
    assert indicators_page.value_text("tiers", "0.8600") == "86%"
    assert indicators_page.value_text("deduct", False) == "扣分：否"
    from ui.components.data_entry import formula_preview

    assert formula_preview("activity", 8100, 50000).endswith("= 16.20%")
    assert formula_preview("activity", None, 50000) is None
    start, end = dt.date(2026, 7, 26), dt.date(2027, 3, 13)

    class T:
        period_start, period_end = start, end

    months = targets_page.months_of(T, dt.date(2026, 10, 3))
    assert months == [dt.date(2026, m, 1) for m in (10, 9, 8, 7)]


def test_an_import_with_rejections_is_a_warning_with_masked_names(demo_home):
    at = app_as(demo_home, "czj", "ledgers")
    at.selectbox(key="ledger_kind").set_value("subsidy").run()
    assert [b for b in at.get("download_button") if b.proto.label == "下载一次性创业补贴台账模板"]
    at.file_uploader(key="ledger_file_0").set_value(("补贴.csv", SUBSIDY_CSV, "text/csv")).run()
    button(at, "导入一次性创业补贴台账").click().run()
    assert not at.exception and not at.error
    assert not [s for s in at.success if "共4行数据" in s.value]
    assert [w for w in at.warning if "共4行数据，导入3行，退回1行" in w.value]
    bad = tables(at, "行号", "姓名/名称", "原因")[0]
    assert bad["姓名/名称"].tolist() == ["赵**"]
    assert "赵国强" not in frames(at)


def test_a_mostly_rejected_import_is_an_error(demo_home):
    at = app_as(demo_home, "czj", "ledgers")
    at.selectbox(key="ledger_kind").set_value("subsidy").run()
    bad_rows = [f"某人{i},{BAD},高校毕业生,是,是,5000,2020-05-06" for i in range(3)]
    data = _csv("姓名,身份证号,人员类别,是否符合条件,是否享受,金额,发放日期", bad_rows)
    at.file_uploader(key="ledger_file_0").set_value(("补贴.csv", data, "text/csv")).run()
    button(at, "导入一次性创业补贴台账").click().run()
    assert not at.exception
    assert [e for e in at.error if "过半数据行被退回" in e.value]
