"""A filled template imports with no rejection; rejections carry the masked name and the
import's outcome says warning or error, not success."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ledgers.kinds import KINDS
from ledgers.template import DATA_SHEET
from services.errors import InvalidInput, PermissionDenied
from services.ledgers.imports import import_ledger, import_rejections, list_imports
from services.ledgers.rows import import_outcome
from services.ledgers.templates import ledger_template
from tests.services.helpers import make_world
from tests.services.ledger_fixtures import HEADERS, make_id, row, wrong_check


def _fill(template: bytes, rows: list[list[object]]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb[DATA_SHEET]
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("code", list(KINDS))
def test_a_filled_template_imports_with_no_rejection(pioneer_home, code):
    w = make_world()
    name, template = ledger_template(w.office, code)
    assert name == f"{KINDS[code].title}模板.xlsx"
    assert HEADERS[code] == KINDS[code].names
    data = _fill(template, [row(code, i) for i in range(6)])
    result = import_ledger(w.office, data, name, code, unit_id=w.unit_id)
    assert (result["rows"], result["imported"], result["rejected"]) == (6, 6, 0)
    assert result["outcome"] == "ok" and result["rejections"] == []
    assert not result["unsure"]


def test_template_of_an_unknown_kind_and_for_a_viewer(pioneer_home):
    w = make_world()
    with pytest.raises(InvalidInput):
        ledger_template(w.office, "nonsense")
    with pytest.raises(PermissionDenied):
        ledger_template(w.viewer, "training")


def test_outcome_reading():
    assert import_outcome(8, 0) == "ok"
    assert import_outcome(8, 1) == "warning"
    assert import_outcome(8, 4) == "warning"  # half is not a majority
    assert import_outcome(8, 5) == "error"


def test_rejected_rows_show_the_masked_name_and_reason(pioneer_home):
    w = make_world()
    rows = [row("training", i) for i in range(8)]
    rows[1][0] = "欧阳娜娜"
    rows[1][1] = wrong_check(make_id(1))
    for i in (2, 3, 4, 5):
        rows[i][0] = "张三"
        rows[i][4] = "2020-13-45"
    _, template = ledger_template(w.office, "training")
    result = import_ledger(
        w.office, _fill(template, rows), "培训.xlsx", "training", unit_id=w.unit_id
    )
    assert (result["imported"], result["rejected"]) == (3, 5)
    assert result["outcome"] == "error"
    by_row = {r["row"]: r for r in result["rejections"]}
    assert by_row[3]["name"] == "欧阳**" and "校验位" in by_row[3]["reason"]
    assert by_row[4]["name"] == "张*" and "日期" in by_row[4]["reason"]
    stored = import_rejections(w.office, result["import_id"])
    assert {(r["row"], r["name"]) for r in stored} == {
        (3, "欧阳**"),
        (4, "张*"),
        (5, "张*"),
        (6, "张*"),
        (7, "张*"),
    }
    assert "欧阳娜娜" not in repr(stored) and "张三" not in repr(stored)
    listed = list_imports(w.office, w.unit_id, "training")[-1]
    assert listed["outcome"] == "error"


def test_registry_rejections_name_the_entity(pioneer_home):
    w = make_world()
    rows = [row("registry", i) for i in range(3)]
    rows[0][2] = "不是日期"
    result = import_ledger(
        w.office,
        _fill(ledger_template(w.office, "registry")[1], rows),
        "登记.xlsx",
        "registry",
        unit_id=w.unit_id,
    )
    assert result["outcome"] == "warning"
    assert result["rejections"][0]["name"] == "兖州区某某商店0"
