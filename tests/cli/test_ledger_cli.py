"""`pioneer ledger import`, `pioneer indicators` and `pioneer sample` through CliRunner."""

from __future__ import annotations

import json

import openpyxl
from typer.testing import CliRunner

from cli import app
from services.actor import SYSTEM_ACTOR
from services.ledgers import indicators
from services.rounds import core as rounds
from tests.services.helpers import UNIT, make_world
from tests.services.ledger_fixtures import make_id, row, subsidy_ledger, wrong_check, xlsx


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def _file(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_json_lists_every_rejection(pioneer_home, tmp_path):
    make_world()
    rows = [row("training", i) for i in range(5)]
    rows[1][1] = wrong_check(make_id(1))
    rows[3][6] = "待定"
    path = _file(tmp_path, "培训台账.xlsx", xlsx("training", rows))
    r = run("ledger", "import", path, "--kind", "training", "--unit", UNIT, "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out) >= {"imported", "rejected", "rejections"}
    assert (out["imported"], out["rejected"]) == (3, 2)
    assert [set(x) for x in out["rejections"]] == [{"row", "name", "column", "reason"}] * 2
    assert out["outcome"] == "warning"  # 2 of 5 rows rejected: not a success, not a majority
    assert [(x["row"], x["column"]) for x in out["rejections"]] == [
        (3, "身份证号"),
        (5, "是否合格"),
    ]
    assert "校验位错误" in out["rejections"][0]["reason"]
    assert make_id(1)[:17] not in r.stdout


def test_import_text_output_and_department(pioneer_home, tmp_path):
    make_world()
    path = _file(tmp_path, "s.xlsx", subsidy_ledger(4, 3))
    r = run(
        "ledger", "import", path, "--kind", "subsidy", "--unit", UNIT, "--department", "区财政局"
    )
    assert r.exit_code == 0, r.output
    assert "共4行数据，导入4行，退回0行" in r.stdout
    r = run("ledger", "list", "--unit", UNIT, "--json")
    assert json.loads(r.stdout)[0]["department"] == "区财政局"


def test_unreadable_file_exits_2_with_a_chinese_message(pioneer_home, tmp_path):
    make_world()
    path = _file(tmp_path, "坏文件.xlsx", b"this is not a spreadsheet")
    r = run("ledger", "import", path, "--kind", "loan", "--unit", UNIT, "--json")
    assert r.exit_code == 2
    assert "损坏" in r.stderr
    assert r.stdout == ""
    no_header = _file(tmp_path, "x.csv", "甲,乙\n1,2\n".encode())
    assert run("ledger", "import", no_header, "--kind", "loan", "--unit", UNIT).exit_code == 2
    missing = str(tmp_path / "nope.xlsx")
    assert run("ledger", "import", missing, "--kind", "loan", "--unit", UNIT).exit_code == 2
    r = run("ledger", "import", path, "--kind", "payroll", "--unit", UNIT)
    assert r.exit_code == 2 and "台账类型" in r.stderr
    r = run("ledger", "import", path, "--kind", "loan", "--unit", "不存在区")
    assert r.exit_code == 2


def test_indicators_json(pioneer_home, tmp_path):
    w = make_world()
    run("ledger", "import", _file(tmp_path, "s.xlsx", subsidy_ledger(50, 40)), "--kind",
        "subsidy", "--unit", UNIT)  # fmt: skip
    rnd = rounds.create_round(w.office, name="模拟", unit_id=w.unit_id, kind="模拟考评")
    r = run("indicators", "--round", str(rnd.id), "--json", "--propose")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [x["id"] for x in out["indicators"]] == [
        "activity", "success", "service", "satisfaction", "contribution",
    ]  # fmt: skip
    assert set(out["indicators"][0]) == {
        "id", "rule", "name", "value", "value_text", "formula", "source", "target", "met",
        "status",
    }  # fmt: skip
    fig = next(f for f in out["figures"] if f["rule"] == "2.2.1a")
    assert (fig["value"], fig["value_text"]) == (0.8, "80.00%")
    assert fig["formula"] == "享受补贴人数 ÷ 符合条件申请人数 = 40 ÷ 50 = 80.00%"
    assert [p["rule"] for p in out["proposals"]] == ["2.2.1a"]
    assert [p["rule"] for p in indicators.list_proposals(SYSTEM_ACTOR, rnd.id)] == ["2.2.1a"]
    text = run("indicators", "--round", str(rnd.id))
    assert text.exit_code == 0
    assert "一次性创业补贴享受比例（2.2.1a）：80.00%" in text.stdout
    assert run("indicators", "--round", "999").exit_code == 2


def test_sample_is_reproducible(pioneer_home, tmp_path):
    make_world()
    rows = [row("training", i) for i in range(30)]
    run("ledger", "import", _file(tmp_path, "t.xlsx", xlsx("training", rows)), "--kind",
        "training", "--unit", UNIT)  # fmt: skip
    args = ("sample", "--ledger", "training", "--n", "5", "--seed", "42", "--unit", UNIT)
    first = run(*args, "--json")
    assert first.exit_code == 0, first.output
    a = json.loads(first.stdout)
    b = json.loads(run(*args, "--json").stdout)
    assert a["rows"] == b["rows"] and a["seed"] == 42 and a["population"] == 30
    assert len(a["rows"]) == 5
    assert all("*" in r["身份证号"] for r in a["rows"])
    book = tmp_path / "清单.xlsx"
    assert run(*args, "--xlsx", str(book)).exit_code == 0
    assert openpyxl.load_workbook(book)["抽样核查清单"].max_row == 6
    again = run("sample", "--redraw", str(a["sample_id"]))
    assert again.exit_code == 0
    assert "与原抽样一致" in again.stdout
    assert run("sample", "--ledger", "loan", "--n", "3", "--unit", UNIT).exit_code == 2
    assert run("sample", "--n", "3").exit_code == 2


def test_template_command_writes_a_template_that_imports(pioneer_home, tmp_path):
    make_world()
    out = tmp_path / "培训模板.xlsx"
    r = CliRunner().invoke(app, ["ledger", "template", "--kind", "training", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "创业培训实名制台账模板" in r.output
    wb = openpyxl.load_workbook(out)
    for i in range(3):
        wb["台账"].append(row("training", i))
    wb.save(out)
    r = CliRunner().invoke(app, ["ledger", "import", str(out), "--kind", "training", "--json"])
    assert r.exit_code == 0, r.output
    assert '"rejected": 0' in r.output and '"outcome": "ok"' in r.output
    bad = CliRunner().invoke(app, ["ledger", "template", "--kind", "nope", "--out", str(out)])
    assert bad.exit_code == 2 and "台账类型" in bad.output
