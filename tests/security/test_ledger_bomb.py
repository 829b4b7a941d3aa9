"""Issue 10, item 1: a 4.9 KB ledger .xlsx with one cell at XFD1048576 killed the server.

Ledger and survey files are now read in the sandbox, with the limits checked before parsing;
each refusal is Chinese, and the process that asked (server, CLI) carries on.
"""

from __future__ import annotations

import os
import time

import pytest
from typer.testing import CliRunner

from cli import app
from evidence.errors import IntakeRefused
from ledgers.limits import LedgerLimits, check_ledger_file
from services.errors import InvalidInput
from services.ledgers import imports, surveys
from services.ledgers.reading import read_untrusted
from tests.security.hostile_files import far_cell_xlsx, tall_csv, xlsx_with_sheet_xml
from tests.services.helpers import UNIT, make_world
from tests.services.ledger_fixtures import row, xlsx


def test_the_far_cell_file_is_small():
    assert len(far_cell_xlsx()) < 5000


@pytest.mark.parametrize("dimension", [None, "A1:XFD1048576", "A1:D2"])  # absent, honest, lying
def test_far_cell_refused_before_parsing(dimension):
    with pytest.raises(IntakeRefused) as err:
        check_ledger_file(far_cell_xlsx(dimension), "台账.xlsx", LedgerLimits())
    assert err.value.code in {"too_many_rows", "too_many_columns", "too_many_cells"}
    assert "上限" in err.value.message


def test_row_cap_is_configurable(monkeypatch):
    monkeypatch.setenv("PIONEER_LEDGER_MAX_ROWS", "100")
    limits = LedgerLimits.from_env()
    assert limits.max_rows == 100
    with pytest.raises(IntakeRefused, match="拆分"):
        check_ledger_file(tall_csv(500), "台账.csv", limits)
    check_ledger_file(tall_csv(100), "台账.csv", limits)


def test_wide_and_long_cells_are_refused():
    wide = xlsx_with_sheet_xml('<row r="1"><c r="ZZ1" t="inlineStr"><is><t>x</t></is></c></row>')
    with pytest.raises(InvalidInput, match="列的上限"):
        read_untrusted(wide, "宽.xlsx")
    long_cell = xlsx_with_sheet_xml(
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"长" * 20000}</t></is></c></row>'
    )
    with pytest.raises(InvalidInput, match="每个单元格"):
        read_untrusted(long_cell, "长.xlsx")


def test_zip_with_too_many_members_is_refused():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(600):
            z.writestr(f"x/{i}.xml", "<a/>")
    with pytest.raises(InvalidInput, match="部件"):
        read_untrusted(buf.getvalue(), "多.xlsx")


def test_service_refuses_in_chinese_and_this_process_lives(pioneer_home):
    w = make_world()
    started = time.monotonic()
    for read in (
        lambda d: imports.preview_ledger(w.office, d, "台账.xlsx", "training"),
        lambda d: imports.import_ledger(w.office, d, "台账.xlsx", "training", unit_id=w.unit_id),
        lambda d: surveys.import_survey(w.office, d, "问卷.xlsx", unit_id=w.unit_id),
    ):
        with pytest.raises(InvalidInput, match="上限"):
            read(far_cell_xlsx())
    assert time.monotonic() - started < 15
    # a good file still imports afterwards, in the same process
    out = imports.import_ledger(
        w.office, xlsx("training", [row("training", i) for i in range(3)]), "t.xlsx", "training",
        unit_id=w.unit_id,
    )  # fmt: skip
    assert out["imported"] == 3


def test_a_parser_that_runs_out_of_memory_is_refused_not_fatal(pioneer_home):
    """Even past the checks (limits raised by a careless setting), the sandbox takes the blow."""
    huge = LedgerLimits(
        max_rows=2_000_000, max_columns=20_000, max_cells=10**12, parse_memory_mb=256
    )
    with pytest.raises(InvalidInput, match="内存|异常退出"):
        read_untrusted(far_cell_xlsx(), "炸弹.xlsx", huge)
    assert os.getpid()  # still here


def test_cli_refuses_and_exits_2(pioneer_home, tmp_path):
    make_world()
    path = tmp_path / "台账.xlsx"
    path.write_bytes(far_cell_xlsx())
    r = CliRunner().invoke(
        app, ["ledger", "import", str(path), "--kind", "training", "--unit", UNIT]
    )
    assert r.exit_code == 2, r.output
    assert "上限" in r.stderr
    assert "Traceback" not in r.output


def test_ui_upload_shows_the_refusal_and_the_page_lives(demo_home):
    from tests.ui.conftest import app_as

    at = app_as(demo_home, "czj", "ledgers")
    at.file_uploader(key="ledger_file_0").set_value(
        ("台账.xlsx", far_cell_xlsx(), "application/octet-stream")
    ).run()
    assert not at.exception
    assert any("上限" in e.value for e in at.error)
    at.run()  # the server (this process) still serves the page
    assert not at.exception


def test_ledger_figures_are_computed_once_per_import_batch(pioneer_home, monkeypatch):
    from services.ledgers import figure_cache, figures
    from tests.services.ledger_fixtures import subsidy_ledger

    w = make_world()
    imports.import_ledger(w.office, subsidy_ledger(20, 10), "s.xlsx", "subsidy", unit_id=w.unit_id)
    calls = []
    real = figures.load_rows
    monkeypatch.setattr(figures, "load_rows", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    figure_cache.clear()
    first = {f.key: f.value_text for f in figures.compute_figures(w.office, w.unit_id)}
    loaded = len(calls)
    again = {f.key: f.value_text for f in figures.compute_figures(w.office, w.unit_id)}
    assert again == first and len(calls) == loaded  # the second render reloads nothing
    imports.import_ledger(w.office, subsidy_ledger(10, 10, start=100), "s2.xlsx", "subsidy",
                          unit_id=w.unit_id)  # fmt: skip
    third = {f.key: f.value_text for f in figures.compute_figures(w.office, w.unit_id)}
    assert calls.count("subsidy") == 2  # a new batch: recomputed
    assert third["subsidy"] != first["subsidy"]
