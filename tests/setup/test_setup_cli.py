"""`pioneer setup --from examples/setup-yanzhou.yaml` on an empty home."""

from __future__ import annotations

import io

import openpyxl
import pytest
from typer.testing import CliRunner

from cli import app
from reports.credentials import unseal
from services.actor import SYSTEM_ACTOR
from services.org import auth
from services.org import units as org
from services.rounds.tasks import my_tasks
from tests.setup.helpers import EXAMPLE_YAML, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    from store.db import reset_engines

    home = tmp_path / "home"
    monkeypatch.setenv("PIONEER_HOME", str(home))
    monkeypatch.delenv("PIONEER_DATABASE_URL", raising=False)
    reset_engines()
    yield home
    reset_engines()


def _seal(output: str) -> str:
    return output.split("打开密码：", 1)[1].split("）", 1)[0]


def test_setup_from_the_example_gives_a_working_county(empty_home, tmp_path):
    out = tmp_path / "初始账号.xlsx"
    r = CliRunner().invoke(app, ["setup", "--from", str(EXAMPLE_YAML), "--passwords", str(out)])
    assert r.exit_code == 0, r.output
    assert "牵头单位：区人力资源和社会保障局" in r.output
    assert "名单中未找到" in r.output and "区残联" in r.output
    assert "2020年2月10日" in r.output and "2020-02-10" not in r.output
    [unit] = org.list_units(SYSTEM_ACTOR)
    names = {d.name for d in org.list_departments(SYSTEM_ACTOR, unit.id)}
    assert {"区人力资源和社会保障局", "区委机构编制委员会办公室", "人行兖州支行"} <= names
    ws = openpyxl.load_workbook(io.BytesIO(unseal(out.read_bytes(), _seal(r.output)))).active
    slips = {row[1]: row for row in ws.iter_rows(min_row=4, values_only=True)}
    username, password = slips["区财政局"][5], slips["区财政局"][6]
    actor = auth.login(username, password)
    actor = auth.change_password(actor, password, "Czj-2020ok", "Czj-2020ok")
    tasks = my_tasks(actor, unit.id)
    assert tasks.round_name == "2020年创建自评" and tasks.tasks
    assert actor.department_name == "区财政局"

    again = CliRunner().invoke(app, ["setup", "--from", str(EXAMPLE_YAML), "--passwords", str(out)])
    assert again.exit_code == 0 and "没有新建账号" in again.output
    assert "新建 0 个" in again.output


def test_dry_run_writes_nothing(empty_home, tmp_path):
    r = CliRunner().invoke(app, ["setup", "--from", str(EXAMPLE_YAML), "--dry-run"])
    assert r.exit_code == 0 and "试运行" in r.output
    assert "将建立账号 39 个" in r.output
    assert not (empty_home / "pioneer.db").exists() or org.list_units(SYSTEM_ACTOR) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit: 兖州区\n", "缺少 roster"),
        ("unit: 兖州区\nroster: 不存在.docx\n", "找不到名单文件"),
        ("unit: 兖州区\nlevel: 乡\nroster_text: 张三（区财政局局长）\n", "单位层级"),
        ("- a\n- b\n", "键: 值"),
        (
            "unit: 兖州区\nroster_text: 张三（区财政局局长）\nround:\n  name: 一\n  stages: {全面: 2020-01-01}\n",
            "未知的阶段",
        ),
        (
            "unit: 兖州区\nroster_text: 张三（区财政局局长）\nround:\n  name: 一\n  stages: {准备发动: 2020/1/1}\n",
            "YYYY-MM-DD",
        ),
    ],
)
def test_a_bad_setup_file_is_a_chinese_error(empty_home, tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(
        tmp_path
    )  # a setup that got far enough would export 初始账号.xlsx into the cwd
    f = tmp_path / "setup.yaml"
    f.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["setup", "--from", str(f)])
    assert r.exit_code == 2 and message in r.output, r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "初始账号.xlsx").exists(), "a refused setup exported passwords"


def test_setup_offers_a_rubric_imported_into_the_library(empty_home, tmp_path):
    from services.org.setup import initialise
    from services.rounds import core as rounds
    from tests.setup.helpers import EXAMPLE_DOCX, publish_copy

    unit_id = initialise("兖州区")["unit_id"]
    ref = publish_copy(unit_id)
    text = EXAMPLE_YAML.read_text(encoding="utf-8")
    text = text.replace("rubric: yanzhou-2020", "rubric: jining-2024@9", 1)
    text = text.replace("roster: 领导小组成员名单-兖州区.docx", f"roster: {EXAMPLE_DOCX}", 1)
    f = tmp_path / "setup.yaml"
    f.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["setup", "--from", str(f), "--dry-run"])
    assert r.exit_code == 2 and "只能选择系统内置的评分细则或已发布的评分细则" in r.output
    assert "yanzhou-2020、" in r.output and f"、{ref}）" in r.output  # built-in, then imported
    f.write_text(text.replace("jining-2024@9", ref), encoding="utf-8")
    out = tmp_path / "初始账号.xlsx"
    r = CliRunner().invoke(app, ["setup", "--from", str(f), "--passwords", str(out)])
    assert r.exit_code == 0, r.output
    assert f"（第 1 版）（{ref}）" in r.output
    rnd = rounds.get_round(SYSTEM_ACTOR, rounds.current_round_id(SYSTEM_ACTOR, unit_id))
    assert rnd.rubric_id == ref
