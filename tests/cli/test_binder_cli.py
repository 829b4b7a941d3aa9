"""`pioneer binder`: errors in Chinese; the build itself is tested in tests/services."""

from __future__ import annotations

from typer.testing import CliRunner

from cli import app
from reports import pdf
from tests.services.helpers import make_world


def test_unknown_round_is_a_chinese_error(pioneer_home, tmp_path):
    make_world()
    r = CliRunner().invoke(app, ["binder", "--round", "99", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "轮次 99 不存在" in r.output


def test_without_libreoffice_the_binder_says_why(pioneer_home, tmp_path, monkeypatch):
    from services.rounds import core as rounds

    w = make_world()
    rnd = rounds.create_round(w.office, name="自评", unit_id=w.unit_id, kind="自评")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    r = CliRunner().invoke(app, ["binder", "--round", str(rnd.id), "--out", str(tmp_path)])
    assert r.exit_code == 2 and "未安装 LibreOffice" in r.output
