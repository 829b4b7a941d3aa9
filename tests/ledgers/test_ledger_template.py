"""Ledger templates: headers, notes, validation, the example; and masked names."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ledgers import read_table
from ledgers.kinds import BOOL, DATE, ID, KINDS
from ledgers.names import mask_name
from ledgers.template import DATA_SHEET, EXAMPLES, HELP_SHEET, template_xlsx
from ledgers.validate import validate_row


@pytest.mark.parametrize("code", list(KINDS))
def test_template_has_headers_notes_and_validation(code):
    kind = KINDS[code]
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx(code)))
    assert wb.sheetnames == [DATA_SHEET, HELP_SHEET]
    ws = wb[DATA_SHEET]
    headers = [c.value for c in ws[1]]
    assert headers == kind.names
    assert ws.max_row == 1  # no example among the data: it would be imported as a record
    for cell, col in zip(ws[1], kind.columns, strict=True):
        note = cell.comment.text
        assert ("必填" if col.required else "选填") in note
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            rules[rng.split(":")[0].rstrip("0123456789")] = dv
    for n, col in enumerate(kind.columns):
        letter = openpyxl.utils.get_column_letter(n + 1)
        dv = rules.get(letter)
        if col.type == DATE:
            assert dv.type == "date"
        elif col.type == BOOL:
            assert dv.type == "list" and dv.formula1 == '"是,否"'
        elif col.type == ID:
            assert dv.type == "textLength" and dv.formula1 == "18"
            assert ws.column_dimensions[letter].number_format == "@"


@pytest.mark.parametrize("code", list(KINDS))
def test_the_example_row_is_valid_and_the_empty_template_reads(code):
    kind = KINDS[code]
    data = template_xlsx(code)
    table = read_table(data, code, filename="模板.xlsx")
    assert table.sheet == DATA_SHEET and table.rows == [] and not table.match.unsure
    help_rows = [
        [("" if v is None else str(v)) for v in r]
        for r in openpyxl.load_workbook(io.BytesIO(data))[HELP_SHEET].iter_rows(values_only=True)
    ]
    example = help_rows[-1][: len(kind.names)]
    assert help_rows[-2][: len(kind.names)] == kind.names
    _, problems = validate_row(kind, table.match, example, 2)
    assert problems == []
    assert set(EXAMPLES[code]) == set(kind.names)


def test_names_are_masked_after_the_surname():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_name("欧阳娜") == "欧阳*"
    assert mask_name("司马相如") == "司马**"
    assert mask_name("王小明") == "王**"
    assert mask_name(" 李 四 ") == "李*"
    assert mask_name("李") == "*"
    assert mask_name("") == "" and mask_name(None) == ""
