"""Spreadsheets read back with openpyxl: frozen bold header, filter, widths, typed values."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from reports import EvidenceRow, evidence_xlsx, gap_rows, gaps_xlsx, scores_xlsx, table_xlsx
from reports.xlsx import GAP_HEADERS, display_width, sheet_title

from .conftest import rubric_owners


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def check_sheet(ws, headers):
    assert [c.value for c in ws[1]] == list(headers)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(headers)).column_letter}{ws.max_row}"
    assert all(c.font.bold for c in ws[1])


def num(value) -> Decimal:
    return Decimal(str(value))


def test_gaps_xlsx(rubric, card):
    rows = gap_rows(rubric, card, rubric_owners(rubric), statuses={"1.2.1": "整改中"})
    ws = load(gaps_xlsx(rows)).active
    assert ws.title == "整改清单"
    check_sheet(ws, GAP_HEADERS)
    assert ws.max_row == 1 + len(card.gaps)
    by_id = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert set(by_id) == {g.requirement for g in card.gaps}
    for gap in card.gaps:
        r = by_id[gap.requirement]
        assert num(ws.cell(r, 4).value) == gap.lost
        assert num(ws.cell(r, 5).value) == gap.pending
        assert isinstance(ws.cell(r, 4).value, int | float)
        assert ws.cell(r, 7).value == "、".join(gap.departments)
    due = ws.cell(by_id["1.2.1"], 8)
    assert due.is_date and due.value.date() == date(2020, 10, 15)
    assert ws.cell(by_id["1.2.1"], 9).value == "整改中"
    assert ws.cell(by_id["2.2.2"], 9).value == "待评定"
    assert ws.cell(by_id["2.2.2"], 8).value is None
    assert ws.cell(by_id["1.2.1"], 2).value == "1.2 组织领导"
    assert "【1.2.1a】政府领导未挂帅的，扣0.25分" in ws.cell(by_id["1.2.1"], 6).value
    # the long 创建要求 column is wider than the id column but capped
    assert ws.column_dimensions["C"].width == 60
    assert ws.column_dimensions["A"].width < ws.column_dimensions["G"].width


def test_evidence_xlsx():
    rows = [
        EvidenceRow(
            "1.2.1",
            "关于成立领导小组的通知",
            "兖政办发〔2020〕3号",
            date(2020, 2, 6),
            "区政府办公室",
            "已通过",
        ),
        EvidenceRow("2.2.1", "创业补贴发放台账", None, None, "区财政局", "待审核"),
    ]
    ws = load(evidence_xlsx(rows)).active
    assert ws.title == "材料清单"
    check_sheet(ws, ("要求编号", "材料标题", "文号", "成文日期", "责任部门", "状态"))
    assert [c.value for c in ws[2]][:3] == [
        "1.2.1",
        "关于成立领导小组的通知",
        "兖政办发〔2020〕3号",
    ]
    assert ws.cell(2, 4).is_date and ws.cell(2, 4).value == datetime(2020, 2, 6)
    assert ws.cell(3, 3).value is None and ws.cell(3, 4).value is None
    assert ws.cell(3, 6).value == "待审核"


def test_scores_xlsx_matches_the_scorecard(rubric, card):
    wb = load(scores_xlsx(card, rubric))
    assert wb.sheetnames == ["按创建要求", "按指标", "按体系"]
    ws = wb["按创建要求"]
    check_sheet(ws, ("编号", "创建要求", "满分", "得分", "失分", "状态", "责任部门"))
    assert ws.max_row == 1 + 47
    for n, r in enumerate(card.requirements, start=2):
        assert ws.cell(n, 1).value == r.id
        assert num(ws.cell(n, 3).value) == r.max
        assert num(ws.cell(n, 4).value) == r.score
        assert num(ws.cell(n, 5).value) == r.lost
    status = {ws.cell(n, 1).value: ws.cell(n, 6).value for n in range(2, ws.max_row + 1)}
    assert status["4.4.1"] == "待评" and status["1.2.1"] == "失分" and status["1.1.1"] == "满分"
    systems = wb["按体系"]
    check_sheet(systems, ("编号", "体系", "满分", "得分", "失分", "待评"))
    names = [systems.cell(n, 2).value for n in range(2, 8)]
    assert names == [s.name for s in card.systems]
    total = [systems.cell(8, c).value for c in range(2, 7)]
    assert total[0] == "合计"
    assert [num(v) for v in total[1:]] == [card.max, card.total, card.lost, card.pending]
    assert num(systems.cell(2, 4).value) == Decimal("12.75")
    indicators = wb["按指标"]
    check_sheet(indicators, ("编号", "指标", "所属体系", "满分", "得分", "失分", "待评"))
    assert indicators.max_row == 1 + 29
    assert indicators.cell(2, 3).value == "组织领导体系"


def test_table_xlsx_generic():
    data = table_xlsx(
        "抽样清单:第1批/2020",
        ["序号", "样本名称", "金额"],
        [[1, "创业担保贷款发放台账", Decimal("12.50")], [2, "ab", Decimal("3")], [3, None, 0.5]],
    )
    ws = load(data).active
    assert ws.title == sheet_title("抽样清单:第1批/2020") == "抽样清单第1批2020"
    check_sheet(ws, ["序号", "样本名称", "金额"])
    assert [ws.cell(n, 3).value for n in (2, 3, 4)] == [12.5, 3, 0.5]
    assert ws.cell(4, 2).value is None
    # CJK counts double: 10 characters -> 20 columns (+2 padding)
    assert ws.column_dimensions["B"].width == 22
    assert ws.column_dimensions["A"].width == 6


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("创业", 4), ("1.2.1 组织", 10), ("", 0)])
def test_display_width(text, width):
    assert display_width(text) == width


def test_sheet_title_is_valid():
    assert sheet_title("[]:*?/\\") == "Sheet"
    assert len(sheet_title("很" * 40)) == 31


HOSTILE = ['=HYPERLINK("http://x.example/","点击查看")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _all_cells(data: bytes):
    wb = load(data)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


@pytest.mark.parametrize("kind", ["gaps", "evidence", "scores"])
def test_formula_like_text_is_written_as_text_in_every_export(rubric, card, kind):
    """An evidence title or requirement text like =HYPERLINK(...) must not become a formula."""
    if kind == "gaps":
        rows = gap_rows(rubric, card, rubric_owners(rubric))
        rows = [rows[0].__class__(**{**rows[0].__dict__, "text": t}) for t in HOSTILE]
        data = gaps_xlsx(rows)
    elif kind == "evidence":
        data = evidence_xlsx(
            [EvidenceRow("1.2.1", t, None, None, "区人社局", "已通过") for t in HOSTILE]
        )
    else:
        from reports.inputs import Assignee

        owners = {q.id: [Assignee(HOSTILE[0])] for q in rubric.requirements()}
        data = scores_xlsx(card, rubric, owners)
    cells = list(_all_cells(data))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + HOSTILE[0] in texts
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_control_characters_do_not_break_the_workbook():
    data = table_xlsx("表", ["a"], [["标题\x01\x0b带控制符"]])
    assert load(data).active.cell(2, 1).value == "标题带控制符"


def test_exports_print_on_landscape_pages_one_wide_with_titles(rubric, card):
    rows = gap_rows(rubric, card, rubric_owners(rubric))
    ws = load(
        gaps_xlsx(
            rows, title="兖州区（演示）2020年第三季度模拟考评整改清单", dated=date(2020, 9, 15)
        )
    ).active
    assert ws.cell(1, 1).value == "兖州区（演示）2020年第三季度模拟考评整改清单"
    assert ws.cell(2, 1).value == "导出日期：2020年9月15日"
    assert [c.value for c in ws[3]] == list(GAP_HEADERS)
    assert ws.freeze_panes == "A4"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$3:$3"
    assert "&P" in ws.oddFooter.center.text
    long_row = next(r for r in range(4, ws.max_row + 1) if len(str(ws.cell(r, 3).value)) > 40)
    assert ws.row_dimensions[long_row].height > 15
    assert {ws.cell(long_row, c).alignment.vertical for c in range(1, 10)} == {"top"}
    assert ws.cell(long_row, 1).border.left.style == "thin"
