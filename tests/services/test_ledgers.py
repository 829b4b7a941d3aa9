"""Ledger import, spot-check samples, survey and targets through the services."""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel

from services.actor import SYSTEM_ACTOR
from services.errors import InvalidInput, PermissionDenied
from services.ledgers import imports as ledgers
from services.ledgers import indicators, samples, surveys, targets
from services.rounds import core as rounds
from store.db import session_scope
from tests.services.helpers import make_world
from tests.services.ledger_fixtures import (
    HEADERS,
    ledger,
    make_id,
    row,
    subsidy_ledger,
    survey_xlsx,
    wrong_check,
    xlsx,
)

# kind, position of the bad row among 6 data rows, overrides, column, words of the reason
PLANTED = [
    ("training", 2, {"身份证号": wrong_check(make_id(2))}, "身份证号", "校验位错误"),
    ("training", 4, {"结业日期": "2020-01-01"}, "结业日期", "早于开班日期"),
    ("training", 5, {"是否合格": "待定"}, "是否合格", "无法识别的是/否值"),
    ("subsidy", 1, {"是否符合条件": ""}, "是否符合条件", "必填项为空"),
    ("subsidy", 3, {"金额": "五千"}, "金额", "金额不是有效数字"),
    ("loan", 0, {"放款日期": "2020-02-30"}, "放款日期", "日期不存在"),
    ("loan", 2, {"身份证号": make_id(2)[:6] + make_id(2)[8:17]}, "身份证号", "15位旧身份证号"),
    ("service", 3, {"事项": ""}, "事项", "必填项为空"),
    ("registry", 4, {"注销日期": "2019-12-31"}, "注销日期", "早于登记日期"),
]


@pytest.mark.parametrize("kind, pos, over, column, reason", PLANTED)
def test_planted_bad_row_is_reported_with_row_column_and_reason(
    pioneer_home, kind, pos, over, column, reason
):
    w = make_world()
    rows = [row(kind, i, **(over if i == pos else {})) for i in range(6)]
    out = ledgers.import_ledger(w.office, xlsx(kind, rows), f"{kind}.xlsx", kind, unit_id=w.unit_id)
    assert out["rows"] == 6
    assert out["imported"] == 5
    assert out["rejected"] == 1
    [rej] = out["rejections"]
    assert rej["row"] == pos + 2  # header on row 1
    assert rej["column"] == column
    assert reason in rej["reason"]
    assert ledgers.import_rejections(w.office, out["import_id"]) == out["rejections"]
    assert [r["row"] for r in ledgers.import_rows(w.office, out["import_id"])] == [
        i + 2 for i in range(6) if i != pos
    ]


def test_nothing_is_dropped_silently_and_total_rows_are_named(pioneer_home):
    w = make_world()
    rows = [row("subsidy", i) for i in range(8)]
    rows.insert(3, list(rows[1]))  # duplicate within the file
    rows.append(["合计", "", "", "", "", "40000", ""])
    out = ledgers.import_ledger(
        w.office, xlsx("subsidy", rows, title="2020年补贴台账"), "补贴.xlsx", "subsidy",
        unit_id=w.unit_id,
    )  # fmt: skip
    assert out["rows"] == out["imported"] + out["rejected"] == 10
    reasons = {r["row"]: r["reason"] for r in out["rejections"]}
    assert reasons == {
        6: "与第4行重复（身份证号、发放日期相同）",
        12: "合计行，不是台账记录，未导入",
    }
    assert out["header_row"] == 2
    assert out["period"] == "2020年"


def test_duplicates_are_checked_against_earlier_imports(pioneer_home):
    w = make_world()
    first = ledgers.import_ledger(
        w.office, ledger("training", 5), "a.xlsx", "training", unit_id=w.unit_id
    )
    again = ledgers.import_ledger(
        w.office, ledger("training", 7), "b.xlsx", "training", unit_id=w.unit_id
    )
    assert first["imported"] == 5
    assert (again["imported"], again["rejected"]) == (2, 5)
    assert all("此前已导入过相同记录" in r["reason"] for r in again["rejections"])
    assert f"第{first['import_id']}批“a.xlsx”第2行" in again["rejections"][0]["reason"]
    assert all(re.fullmatch(r"3708\*{13}[\dX]", r["value"]) for r in again["rejections"])


def test_department_imports_only_for_itself(pioneer_home):
    w = make_world()
    data = ledger("subsidy", 3)
    with pytest.raises(PermissionDenied):
        ledgers.import_ledger(
            w.dept_a, data, "s.xlsx", "subsidy", unit_id=w.unit_id, department="区财政局"
        )
    with pytest.raises(PermissionDenied):
        ledgers.import_ledger(w.inspector, data, "s.xlsx", "subsidy", unit_id=w.unit_id)
    out = ledgers.import_ledger(w.dept_b, data, "s.xlsx", "subsidy", unit_id=w.unit_id)
    assert out["imported"] == 3
    [imp] = ledgers.list_imports(w.office, w.unit_id)
    assert imp["department"] == "区财政局"
    assert imp["imported_by"] == "财政局"


def test_unreadable_file_and_missing_column_are_invalid_input(pioneer_home):
    w = make_world()
    with pytest.raises(InvalidInput, match="损坏"):
        ledgers.import_ledger(w.office, b"not excel", "x.xlsx", "loan", unit_id=w.unit_id)
    csv = "姓名,身份证号,开班日期,结业日期\n张伟,370882199001011234,2020-03-02,2020-03-12\n"
    with pytest.raises(InvalidInput, match="是否合格"):
        ledgers.import_ledger(w.office, csv.encode(), "t.csv", "training", unit_id=w.unit_id)
    assert ledgers.list_imports(w.office, w.unit_id) == []


def test_user_mapping_supplies_a_column_the_matcher_missed(pioneer_home):
    w = make_world()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "开班日期", "结业日期", "成绩评定"])
    ws.append(["张伟", make_id(1), "2020-03-02", "2020-03-12", "合格"])
    buf = io.BytesIO()
    wb.save(buf)
    preview = ledgers.preview_ledger(w.office, buf.getvalue(), "t.xlsx", "training")
    assert preview["missing_required"] == ["是否合格"]
    out = ledgers.import_ledger(
        w.office, buf.getvalue(), "t.xlsx", "training", unit_id=w.unit_id,
        mapping={"是否合格": "成绩评定"},
    )  # fmt: skip
    assert out["imported"] == 1
    assert out["header_mapping"]["是否合格"] == "成绩评定"


def test_secret_key_is_private_and_stable(pioneer_home):
    key = ledgers.secret_key()
    path = pioneer_home / ledgers.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ledgers.secret_key() == key
    assert ledgers.person_hash(make_id(1)) == ledgers.person_hash(make_id(1))


def _all_text(session) -> str:
    parts = []
    for table in SQLModel.metadata.sorted_tables:
        for r in session.execute(sa_select(table)).all():
            parts.append(repr(tuple(r)))
    return "\n".join(parts)


def test_raw_identity_numbers_are_never_stored(pioneer_home):
    w = make_world()
    ids = []
    for n, kind in enumerate(HEADERS):
        rows = [row(kind, 100 * n + i) for i in range(6)]
        ids += [make_id(100 * n + i) for i in range(6)]
        bad = wrong_check(make_id(100 * n + 50))
        ids.append(bad)
        column = HEADERS[kind].index("经营者身份证号" if kind == "registry" else "身份证号")
        rows[2][column] = bad
        rows.append(list(rows[0]))
        ledgers.import_ledger(w.office, xlsx(kind, rows), f"{kind}.xlsx", kind, unit_id=w.unit_id)
        again = ledgers.import_ledger(
            w.office, xlsx(kind, rows), f"{kind}-2.xlsx", kind, unit_id=w.unit_id
        )
        assert again["imported"] == 0
    r = rounds.create_round(
        w.office, name="模拟", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
    )
    indicators.propose_findings(w.office, r.id)
    samples.draw_sample(w.office, "training", 3, 1, unit_id=w.unit_id)
    with session_scope() as session:
        text = _all_text(session)
    assert "3708**********" in text  # masked numbers are there
    leaked = [i for i in ids if i in text or i[:17] in text]
    assert leaked == []


def test_sample_redraw_gives_the_same_rows(pioneer_home):
    w = make_world()
    ledgers.import_ledger(w.office, ledger("training", 40), "t.xlsx", "training", unit_id=w.unit_id)
    first = samples.draw_sample(w.inspector, "training", 10, 20200601, unit_id=w.unit_id)
    assert first["seed"] == 20200601
    assert (first["n"], first["population"]) == (10, 40)
    again = samples.redraw(SYSTEM_ACTOR, first["sample_id"])
    assert again["rows"] == first["rows"]
    assert again["matches"] is True
    same_seed = samples.draw_sample(w.office, "training", 10, 20200601, unit_id=w.unit_id)
    assert same_seed["picked"] == first["picked"]
    other = samples.draw_sample(w.office, "training", 10, 7, unit_id=w.unit_id)
    assert other["picked"] != first["picked"]
    # rows imported later do not change what a recorded sample redraws to
    ledgers.import_ledger(
        w.office, ledger("training", 20, start=500), "t2.xlsx", "training", unit_id=w.unit_id
    )
    assert samples.redraw(SYSTEM_ACTOR, first["sample_id"])["picked"] == first["picked"]
    assert all(re.fullmatch(r"3708\*{13}[\dX]", r["身份证号"]) for r in first["rows"])
    assert list(first["rows"][0])[:3] == ["序号", "导入批次", "台账行号"]
    assert "随机种子 20200601" in first["description"]
    book = openpyxl.load_workbook(io.BytesIO(samples.sample_xlsx(SYSTEM_ACTOR, first["sample_id"])))
    assert book.sheetnames == ["抽样核查清单", "抽样说明"]
    assert book["抽样核查清单"].max_row == 11


def test_sample_of_subsidies_draws_only_recipients(pioneer_home):
    w = make_world()
    ledgers.import_ledger(
        w.office, subsidy_ledger(10, 6, ineligible=2), "s.xlsx", "subsidy", unit_id=w.unit_id
    )
    s = samples.draw_sample(w.office, "subsidy", 100, 3, unit_id=w.unit_id)
    assert (s["n"], s["population"]) == (6, 6)
    assert {r["是否享受"] for r in s["rows"]} == {"是"}
    with pytest.raises(PermissionDenied):
        samples.draw_sample(w.dept_a, "subsidy", 3, 3, unit_id=w.unit_id)
    with pytest.raises(InvalidInput, match="尚未导入"):
        samples.draw_sample(w.office, "loan", 3, 3, unit_id=w.unit_id)


def test_survey_rate_and_wilson_interval_known_value(pioneer_home):
    w = make_world()
    answers = [["满意"]] * 60 + [["基本满意"]] * 21 + [["一般"]] * 12 + [["不满意"]] * 7
    data = survey_xlsx(answers + [[""]], ["您对本地创业环境是否满意"])
    out = surveys.import_survey(w.office, data, "调查.xlsx", unit_id=w.unit_id)
    assert out["respondents"] == 101
    assert out["rate"] == Decimal("0.81")
    assert round(out["low"], 4) == Decimal("0.7222")
    assert round(out["high"], 4) == Decimal("0.8749")
    assert out["invalid_answers"] == 1
    assert len(out["warnings"]) == 2  # the question and the overall: ±7.6 points > ±5
    [stored] = surveys.list_surveys(SYSTEM_ACTOR, w.unit_id)
    overall = next(r for r in stored["results"] if r["overall"])
    assert overall["rate"] == Decimal("0.81")
    assert round(overall["low"], 4) == Decimal("0.7222")
    with pytest.raises(InvalidInput, match="问卷"):
        surveys.import_survey(w.office, ledger("loan", 2), "x.xlsx", unit_id=w.unit_id)


def test_target_progress_flags_those_behind(pioneer_home):
    w = make_world()
    year = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    slow = targets.add_target(
        w.office, w.unit_id, name="创业贷款", measure="人次", target_value=500,
        period_start=year[0], period_end=year[1], department="区财政局",
    )  # fmt: skip
    fine = targets.add_target(
        w.office, w.unit_id, name="创业培训", measure="人次", target_value=500,
        period_start=year[0], period_end=year[1], department="区人社局",
    )  # fmt: skip
    for m in range(1, 7):
        targets.report_progress(w.dept_b, slow["id"], f"2020-{m:02d}", 30)
        targets.report_progress(w.dept_a, fine["id"], dt.date(2020, m, 15), 40)
    targets.report_progress(w.dept_a, fine["id"], "2020-06", 50)  # corrects June
    with pytest.raises(PermissionDenied):
        targets.report_progress(w.dept_a, slow["id"], "2020-06", 99)
    with pytest.raises(InvalidInput):
        targets.report_progress(w.dept_b, slow["id"], "2021-01", 1)
    progress = {
        p.name: p for p in targets.target_progress(SYSTEM_ACTOR, w.unit_id, dt.date(2020, 7, 1))
    }
    elapsed = Decimal(183) / Decimal(366)
    slow_p, fine_p = progress["创业贷款"], progress["创业培训"]
    assert (slow_p.done, slow_p.share_done) == (180, Decimal("0.36"))
    assert slow_p.share_elapsed == elapsed
    assert slow_p.behind is True  # 36% < 50% - 10 points
    assert (fine_p.done, fine_p.share_done) == (250, Decimal("0.5"))
    assert fine_p.behind is False
    assert slow_p.department == "区财政局"
    assert "进度滞后" in slow_p.text
    with pytest.raises(PermissionDenied):
        targets.add_target(
            w.dept_a, w.unit_id, name="x", measure="人", target_value=1,
            period_start=year[0], period_end=year[1], department="区人社局",
        )  # fmt: skip


def test_seed_targets(pioneer_home):
    w = make_world()
    made = targets.add_seed_targets(w.office, w.unit_id, dt.date(2020, 1, 1), dt.date(2021, 12, 31))
    got = {(t["name"], t["target"], t["measure"]) for t in made}
    assert ("创业培训", 500, "人次") in got
    assert ("发放创业担保贷款", 4, "亿元") in got
    assert len(made) == 7


def test_department_cannot_read_another_departments_imports_or_figures(pioneer_home):
    w = make_world()
    out = ledgers.import_ledger(
        w.dept_a,
        xlsx("training", [row("training", i) for i in range(3)]),
        "t.xlsx",
        "training",
        unit_id=w.unit_id,
    )
    indicators.enter_figure(
        w.dept_a,
        w.unit_id,
        "activity",
        10,
        100,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31),
        source="测试",
    )
    assert [i["id"] for i in ledgers.list_imports(w.dept_a, w.unit_id)] == [out["import_id"]]
    assert ledgers.list_imports(w.dept_b, w.unit_id) == []
    assert indicators.list_entered(w.dept_b, w.unit_id) == []
    assert len(indicators.list_entered(w.dept_a, w.unit_id)) == 1
    for call in (ledgers.import_rows, ledgers.import_rejections):
        with pytest.raises(PermissionDenied):
            call(w.dept_b, out["import_id"])
    assert len(ledgers.import_rows(w.office, out["import_id"])) == 3
    assert len(ledgers.import_rows(w.inspector, out["import_id"])) == 3


def test_a_mistaken_import_can_be_withdrawn_and_its_rows_imported_again(pioneer_home):
    w = make_world()
    data = xlsx("training", [row("training", i) for i in range(4)])
    first = ledgers.import_ledger(w.dept_a, data, "t.xlsx", "training", unit_id=w.unit_id)
    again = ledgers.import_ledger(w.dept_a, data, "t.xlsx", "training", unit_id=w.unit_id)
    assert again["imported"] == 0 and again["rejected"] == 4  # duplicates of the first batch
    with pytest.raises(PermissionDenied):
        ledgers.withdraw_import(w.dept_b, first["import_id"], "错误")
    with pytest.raises(InvalidInput, match="说明原因"):
        ledgers.withdraw_import(w.dept_a, first["import_id"], " ")
    out = ledgers.withdraw_import(w.dept_a, first["import_id"], "导错了年份")
    assert out["withdrawn_reason"] == "导错了年份" and out["withdrawn_at"] is not None
    assert ledgers.import_rows(w.office, first["import_id"]) == []
    third = ledgers.import_ledger(w.dept_a, data, "t.xlsx", "training", unit_id=w.unit_id)
    assert third["imported"] == 4
    with pytest.raises(InvalidInput, match="已于此前撤销"):
        ledgers.withdraw_import(w.office, first["import_id"], "再撤一次")
