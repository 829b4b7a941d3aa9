"""`pioneer report rollup`: the 全市创建工作进展通报 from the command line, with --pdf."""

from __future__ import annotations

import docx
import pytest
from typer.testing import CliRunner

from cli import app
from tests.services.city import make_city
from tests.tools import require


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def _text(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_report_rollup_writes_the_city_notice(pioneer_home, tmp_path):
    make_city()
    out = tmp_path / "通报.docx"
    res = run("report", "rollup", "--unit", "济宁市", "--out", str(out))
    assert res.exit_code == 0, res.output
    assert f"已生成创建工作进展通报：{out}" in res.output
    text = _text(out)
    assert "工作进展情况的通报" in text and "济创办发〔2026〕1号" in text
    assert "甲县" in text and "乙县" in text
    assert not out.with_suffix(".pdf").exists()  # no --pdf, no PDF
    wrong = run("report", "rollup", "--unit", "无此单位", "--out", str(out))
    assert wrong.exit_code != 0 and "Traceback" not in wrong.output


@pytest.mark.slow
def test_report_rollup_pdf_writes_the_pdf_beside_it(pioneer_home, tmp_path):
    require("soffice")
    make_city()
    out = tmp_path / "通报.docx"
    res = run("report", "rollup", "--unit", "济宁市", "--out", str(out), "--pdf")
    assert res.exit_code == 0, res.output
    pdf = out.with_suffix(".pdf")
    assert f"已生成 PDF：{pdf}" in res.output
    assert pdf.read_bytes().startswith(b"%PDF")
