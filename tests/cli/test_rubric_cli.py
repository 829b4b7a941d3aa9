"""`pioneer rubric check|show` and `pioneer score` through typer's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT / "rubric" / "standards"
EXAMPLE = ROOT / "examples" / "findings-example.yaml"
DATA = ROOT / "tests" / "data"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


# -- rubric show --------------------------------------------------------------------------------


def test_show_yanzhou():
    r = run("rubric", "show", "yanzhou-2020")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "6 个体系，29 项指标，47 条要求，总分 100 分" in out
    systems = re.findall(r"^[一二三四五六七八九十]、(\S+)  (\d+) 分$", out, flags=re.M)
    assert systems == [
        ("组织领导体系", "15"),
        ("政策扶持体系", "20"),
        ("创业培训体系", "20"),
        ("创业服务体系", "20"),
        ("工作考核体系", "15"),
        ("创业数据指标", "10"),
    ]
    assert len(re.findall(r"^  \d\.\d+ \S+  \d+\*? 分$", out, flags=re.M)) == 29
    assert len(re.findall(r"^    \d\.\d+\.\d+ \[", out, flags=re.M)) == 47
    assert "1.2.1 [1* 分]" in out  # inferred weight is marked
    assert "2.2.2 [4* 分，起始 2 分]" in out
    assert "3.5.1 [3 分，起始 1* 分]" in out
    assert "3.5.1b 分级 2/1*/0 分" in out  # the inferred middle level is marked
    assert "责任部门：区政府办公室、区人社局" in out
    assert "2.2.1a 分档 ≥50% 得 2 分，≥80% 得 3 分，≥90% 得 4 分" in out
    assert "6.1.1a 达标值 ≥15%" in out


def test_show_default_is_yanzhou():
    assert run("rubric", "show").stdout == run("rubric", "show", "yanzhou-2020").stdout


def test_show_json_parses():
    r = run("rubric", "show", "yanzhou-2020", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["id"] == "yanzhou-2020" and d["total"] == 100
    assert [s["points"] for s in d["systems"]] == [15, 20, 20, 20, 15, 10]
    assert sum(len(s["indicators"]) for s in d["systems"]) == 29
    reqs = [q for s in d["systems"] for i in s["indicators"] for q in i["requirements"]]
    assert len(reqs) == 47
    assert reqs[2]["rules"][0]["points"] == 0.25
    assert reqs[2]["inferred"]["weight"] is True


def test_show_demo_bonus():
    r = run("rubric", "show", "demo-bonus-2024")
    assert r.exit_code == 0, r.output
    assert "总分 100 分，加分项上限 10 分" in r.stdout
    assert "四、加分项（加分项）  12 分" in r.stdout
    assert "每项加 0.1 分，累计不超过 2 分" in r.stdout


def test_show_second_table_flat_without_departments_or_date():
    r = run("rubric", "show", "chongfen-jiuye-shequ")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "五、加分项（加分项）  32 分（上限 10 分）" in out
    assert "四、档案管理  15 分  待补充细则" in out
    assert "    21 [6 分，起始 0 分] 创新社区就业服务模式。" in out
    assert "责任部门：未分配" in out
    # the footer is the rubric's own notes, not the Yanzhou appendix's
    assert "附件只给出指标分值" not in out
    assert "本细则未列责任部门" in out


def test_show_footer_of_yanzhou_is_its_own_note():
    out = run("rubric", "show", "yanzhou-2020").stdout
    assert out.rstrip().endswith(
        "* 为推定值：附件只给出指标分值，本系统按评分办法推定（见规范第 4 节）。"
    )
    assert out.count("* 为推定值") == 1


def test_check_a_directory_is_a_clear_error(tmp_path):
    r = run("rubric", "check", str(tmp_path))
    assert r.exit_code == 2
    assert "这是一个文件夹，请指定一个评分细则文件" in r.stderr


def test_score_second_table_reports_bonus_on_its_own_line(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_text(
        "rubric: chongfen-jiuye-shequ\nfindings:\n  19a: 10\n  21a: true\n  1a: false\n",
        encoding="utf-8",
    )
    r = run("score", "--findings", str(f))
    assert r.exit_code == 0, r.output
    assert "其中加分 10 分（上限 10 分）" in r.stdout
    assert "加分上限 10 分，超出的 6 分不计" in r.stdout


def test_show_unknown_rubric():
    r = run("rubric", "show", "no-such")
    assert r.exit_code == 2
    assert "找不到评分细则「no-such」" in r.stderr


# -- rubric check -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["yanzhou-2020", "demo-bonus-2024", "zhenjiang-chongfen-jiuye"])
def test_check_good_file(name):
    r = run("rubric", "check", str(STANDARDS / f"{name}.yaml"))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("校验通过：")


def test_check_yanzhou_summary():
    r = run("rubric", "check", str(STANDARDS / "yanzhou-2020.yaml"))
    assert "6 个体系、29 项指标、47 条要求，总分 100 分" in r.stdout


def test_check_bad_file(tmp_path):
    text = (STANDARDS / "yanzhou-2020.yaml").read_text(encoding="utf-8")
    text = text.replace("total: 100", "total: 90").replace("base: 2\n", "base: 5\n", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    r = run("rubric", "check", str(bad))
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "评分细则校验未通过（2 处问题）" in r.stderr
    assert f"{bad}:1 「yanzhou-2020」各体系分值之和为 100，与总分 90 不符" in r.stderr
    assert re.search(rf"{re.escape(str(bad))}:\d+ 「2\.2\.2」起始分 5 高于分值 4", r.stderr)


def test_check_missing_file(tmp_path):
    r = run("rubric", "check", str(tmp_path / "none.yaml"))
    assert r.exit_code == 2 and "文件不存在" in r.stderr


# -- score --------------------------------------------------------------------------------------


def test_score_example_human():
    r = run("score", "--findings", str(EXAMPLE))
    assert r.exit_code == 0, r.output
    # spec section 7: an award-only requirement nobody reviewed (2.3.1) is pending, not lost
    assert r.stdout.startswith("总分 69.75 / 100 分，待评 26 分，已失分 4.25 分")
    assert "2.3.1  待评 3 分  责任部门：各成员单位" in r.stdout
    assert "失 3 分" not in r.stdout
    assert "4.4.1  待评 2 分  责任部门：各成员单位" in r.stdout


def test_score_invalid_file_names_each_bad_rule():
    r = run("score", "--findings", str(DATA / "findings-invalid.yaml"))
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "评分结果文件有误（8 处），未计分" in r.stderr
    for rule in ("1.2.1a", "1.2.9z", "2.1.1b", "2.1.1a", "2.2.1a", "6.1.1a", "1.6.1a", "9.9.9"):
        assert re.search(rf"^{re.escape(rule)}：", r.stderr, flags=re.M), rule
    assert "总分" not in r.output


def test_score_invalid_file_json_mode_also_refuses():
    r = run("score", "--findings", str(DATA / "findings-invalid.yaml"), "--json")
    assert r.exit_code == 2 and r.stdout == "" and "1.2.9z" in r.stderr


def test_score_findings_that_do_not_fit_the_chosen_rubric():
    r = run("score", "--findings", str(EXAMPLE), "--rubric", "demo-bonus-2024")
    assert r.exit_code == 2
    assert "1.3.3a：评分细则中没有这条规则" in r.stderr
    assert "4.4.1：unassessed 中的要求编号在评分细则中不存在" in r.stderr


def test_score_second_rubric_caps_the_bonus(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_text(
        "findings:\n  2.1.1a: 0.96\n  2.2.2a: 10\n  3.1.1a: 0.2\n  4.1.1a: 25\n  4.2.1a: 0.6\n",
        encoding="utf-8",
    )
    r = run("score", "--findings", str(f), "--rubric", "demo-bonus-2024", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (d["rubric"], d["total"], d["max"]) == ("demo-bonus-2024", 110, 110)
    assert sum(s["score"] for s in d["systems"]) == 112  # bonus earned 12, counted 10

    human = run("score", "--findings", str(f), "--rubric", "demo-bonus-2024")
    assert human.stdout.startswith("总分 110 / 110 分")


def test_score_second_rubric_partial(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_text(
        "rubric: demo-bonus-2024\nfindings:\n"
        "  1.2.1a: [进度安排]\n  2.1.1a: 0.7\n  2.2.1a: 2\n  2.2.2a: 5\n  3.1.1a: 0.15\n"
        "  4.1.1a: 3\n  4.2.1a: 0.35\n",
        encoding="utf-8",
    )
    r = run("score", "--findings", str(f), "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    # main: 30 - 3 + 10 + 6 + 5 + 30 = 78; bonus: 0.3 + 5 = 5.3
    assert (d["total"], d["max"], d["pending"]) == (83.3, 110, 0)


def test_score_missing_findings_file(tmp_path):
    r = run("score", "--findings", str(tmp_path / "none.yaml"))
    assert r.exit_code == 2 and "文件不存在" in r.stderr


def test_score_unknown_rubric_option():
    r = run("score", "--findings", str(EXAMPLE), "--rubric", "no-such")
    assert r.exit_code == 2 and "找不到评分细则「no-such」" in r.stderr


def test_score_rubric_ref_that_is_not_text(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_text("rubric: 2020\nfindings: {}\n", encoding="utf-8")
    r = run("score", "--findings", str(f))
    assert r.exit_code == 2, r.output
    assert "rubric：" in r.stderr and "编号或文件路径" in r.stderr


@pytest.mark.slow
def test_import_writes_a_draft_that_check_reads(tmp_path):
    from rubric import load_rubric
    from tests.rubric.import_fixtures import yanzhou_docx

    src = tmp_path / "附件2.docx"
    src.write_bytes(yanzhou_docx(load_rubric("yanzhou-2020")))
    out = tmp_path / "draft.yaml"
    r = run("rubric", "import", str(src), "--id", "yz-draft", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "共 97 条评分条款：已识别 87 条，待人工复核 10 条" in r.stdout
    c = run("rubric", "check", str(out))
    assert c.exit_code == 0 and "10 条规则待人工复核" in c.stdout


def test_import_refuses_a_file_that_is_not_a_table(tmp_path):
    src = tmp_path / "x.docx"
    src.write_bytes(b"not a document")
    r = run("rubric", "import", str(src), "--id", "x", "--out", str(tmp_path / "o.yaml"))
    assert r.exit_code == 2 and "Word（.docx）或 Excel（.xlsx）" in r.stderr
