"""`pioneer init`, `evidence add|search|verify`, `report` and `export` through CliRunner."""

from __future__ import annotations

import io
import json

import docx
import openpyxl
from typer.testing import CliRunner

from cli import app
from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.rounds import core as rounds
from services.rounds import sheets
from tests.services.helpers import UNIT, docx_bytes, make_world

NOTICE = docx_bytes(
    "关于成立创建工作领导小组的通知", "测政办字〔2020〕3号", "区长任组长。", "2020年1月20日"
)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_init_creates_the_database_and_prints_the_admin_password_once(pioneer_home):
    first = run("init", "--unit", "新区")
    assert first.exit_code == 0, first.output
    assert "数据库已就绪" in first.output and "admin" in first.output
    again = run("init", "--unit", "新区")
    assert again.exit_code == 0
    assert "初始密码" not in again.output


def test_evidence_add_prints_one_json_line(pioneer_home, tmp_path):
    make_world()
    f = tmp_path / "通知.docx"
    f.write_bytes(NOTICE)
    r = run(
        "evidence",
        "add",
        str(f),
        "--requirement",
        "1.2.1",
        "--department",
        "区人社局",
        "--unit",
        UNIT,
        "--title",
        "领导小组通知",
    )
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert out["title"] == "领导小组通知"
    assert out["original_name"] == "通知.docx"
    assert out["doc_number"] == "测政办字〔2020〕3号"
    assert out["requirements"] == ["1.2.1"]


def test_evidence_add_refusal_exits_2_with_a_chinese_reason(pioneer_home, tmp_path):
    make_world()
    f = tmp_path / "程序.docx"
    f.write_bytes(b"MZ" + b"\0" * 500)
    r = run("evidence", "add", str(f), "-r", "1.2.1", "--department", "区人社局", "--unit", UNIT)
    assert r.exit_code == 2
    assert "未能接收" in r.stderr
    missing = run(
        "evidence",
        "add",
        str(tmp_path / "无.pdf"),
        "-r",
        "1.2.1",
        "--department",
        "区人社局",
        "--unit",
        UNIT,
    )
    assert missing.exit_code == 2 and "无法读取文件" in missing.stderr
    wrong = run(
        "evidence", "add", str(f), "-r", "9.9.9", "--department", "区人社局", "--unit", UNIT
    )
    assert wrong.exit_code == 2 and "9.9.9" in wrong.stderr


def test_search_names_the_file_and_verify_is_clean(pioneer_home, tmp_path):
    make_world()
    f = tmp_path / "通知.docx"
    f.write_bytes(NOTICE)
    assert (
        run(
            "evidence", "add", str(f), "-r", "1.2.1", "--department", "区人社局", "--unit", UNIT
        ).exit_code
        == 0
    )
    r = run("evidence", "search", "领导小组", "--json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert [h["original_name"] for h in out["hits"]] == ["通知.docx"]
    assert out["total"] == 1 and out["index"] == "bigram"
    assert isinstance(out["took_ms"], float) and 0 <= out["took_ms"] < 10_000
    assert "通知.docx" in run("evidence", "search", "组长").stdout
    v = run("evidence", "verify")
    assert v.exit_code == 0 and "问题 0 处" in v.stdout


def test_verify_exits_1_when_a_file_is_missing(pioneer_home, tmp_path):
    make_world()
    f = tmp_path / "通知.docx"
    f.write_bytes(NOTICE)
    out = json.loads(
        run(
            "evidence", "add", str(f), "-r", "1.2.1", "--department", "区人社局", "--unit", UNIT
        ).stdout
    )
    from services.evidence.intake import blob_store

    blob_store().path(out["sha256"]).unlink()
    v = run("evidence", "verify")
    assert v.exit_code == 1 and "缺失" in v.stdout


def test_report_and_export_commands_write_files(pioneer_home, tmp_path):
    w = make_world()
    r = rounds.create_round(
        w.office, name="模拟", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
    )
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True})
    out = tmp_path / "报告.docx"
    res = run("report", "assessment", "--round", str(r.id), "--out", str(out))
    assert res.exit_code == 0, res.output
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert fmt(rounds.round_scorecard(SYSTEM_ACTOR, r.id).total) in text
    res = run("report", "notices", "--round", str(r.id), "--out", str(tmp_path / "n"))
    assert res.exit_code == 0 and (tmp_path / "n" / "整改通知书-区政府办公室.docx").exists()
    res = run(
        "report",
        "bulletin",
        "--round",
        str(r.id),
        "--since",
        "2020-01-01",
        "--out",
        str(tmp_path / "b.docx"),
    )
    assert res.exit_code == 0 and (tmp_path / "b.docx").stat().st_size > 0
    for what in ("gaps", "evidence", "scores"):
        x = tmp_path / f"{what}.xlsx"
        assert run("export", what, "--round", str(r.id), "--out", str(x)).exit_code == 0
        assert openpyxl.load_workbook(io.BytesIO(x.read_bytes())).active.max_row >= 1
    bad = run("export", "nothing", "--round", str(r.id), "--out", str(tmp_path / "x.xlsx"))
    assert bad.exit_code == 2 and "gaps" in bad.stderr
    both = run("report", "assessment", "--out", str(out))
    assert both.exit_code == 2 and "--round" in both.stderr
    date = run("report", "bulletin", "--round", str(r.id), "--since", "昨天", "--out", str(out))
    assert date.exit_code == 2 and "日期格式不正确" in date.stderr


def test_unit_may_be_left_out_while_there_is_only_one(pioneer_home, tmp_path):
    make_world()
    f = tmp_path / "通知.docx"
    f.write_bytes(NOTICE)
    one = run("evidence", "add", str(f), "-r", "1.2.1", "--department", "区人社局")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["unit"] == UNIT
    assert run("init", "--unit", "另一区").exit_code == 0
    two = run("evidence", "add", str(f), "-r", "1.2.1", "--department", "区人社局")
    assert two.exit_code == 2 and "有多个被考评单位" in two.stderr
    unknown = run("ledger", "list", "--unit", "不存在区")
    assert unknown.exit_code == 2 and "不存在" in unknown.stderr


def test_an_unexpected_error_is_a_chinese_message_not_a_traceback(
    pioneer_home, monkeypatch, capsys
):
    import sys

    import pytest

    import cli
    from services.evidence import search as evidence_search

    make_world()

    def boom(*a, **k):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(evidence_search, "search_evidence", boom)
    monkeypatch.setattr(sys, "argv", ["pioneer", "evidence", "search", "领导小组"])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "命令执行失败" in err and "磁盘已满" in err
    assert "Traceback" not in err


def test_search_filters_and_reindex_rebuilds_every_index(pioneer_home, tmp_path):
    make_world()
    f = tmp_path / "通知.docx"
    f.write_bytes(NOTICE)
    add = ("evidence", "add", str(f), "-r", "1.2.1", "--department", "区人社局", "--unit", UNIT)
    assert run(*add).exit_code == 0

    def names(*args):
        r = run("evidence", "search", *args, "--json")
        assert r.exit_code == 0, r.stderr
        return [h["original_name"] for h in json.loads(r.stdout)["hits"]]

    assert names("领导小组", "--unit", UNIT, "--department", "区人社局") == ["通知.docx"]
    assert names("领导小组", "--department", "区财政局") == []
    assert names("领导小组", "-r", "1.2.3") == []
    assert names("领导小组", "--from", "2021-01-01") == []
    assert names("领导小组", "--to", "2020-12-31") == ["通知.docx"]
    bad = run("evidence", "search", "领导小组", "--from", "2020/1/1")
    assert bad.exit_code == 2 and "成文日期格式不正确" in bad.stderr
    assert run("evidence", "search", "领导", "--department", "无此局").exit_code == 2

    from store.db import get_engine

    with get_engine().begin() as conn:  # an index lost, as after a restore of the tables alone
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM evidence_bigram")
        else:
            conn.exec_driver_sql("UPDATE evidencepage SET search_vector = NULL")
    assert names("领导小组") == []
    r = run("evidence", "reindex")
    assert r.exit_code == 0 and "检索索引已重建" in r.stdout
    assert names("领导小组") == names("组") == ["通知.docx"]
