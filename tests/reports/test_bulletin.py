"""工作简报: masthead, progress table, approvals, gaps closed and open, trend, overdue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reports import BulletinInput, DepartmentProgress, build_bulletin
from scoring import fmt

from .conftest import ISSUER, UNIT
from .helpers import all_text, find_table, open_docx, paragraphs

PROGRESS = [
    DepartmentProgress("区人社局", 5, 8, 2, 1),
    DepartmentProgress("区财政局", 3, 2, 1, 0),
    DepartmentProgress("区就业创业促进中心", 12, 20, 5, 3),
]
APPROVED = [
    ("1.2.2", "领导小组工作制度", "区人社局", date(2020, 9, 8)),
    ("1.1.1", "2020年区政府工作报告", "区政府办公室", date(2020, 9, 3)),
]
OVERDUE = [("2.3.1", "各成员单位", date(2020, 9, 10))]


def make(rubric, card, **changes) -> BulletinInput:
    fields = dict(
        unit=UNIT,
        issuer=ISSUER,
        issued_on=date(2020, 9, 15),
        issue_no=3,
        period_start=date(2020, 9, 1),
        period_end=date(2020, 9, 15),
        rubric=rubric,
        card=card,
        department_progress=PROGRESS,
        approved_in_period=APPROVED,
        gaps_closed=["1.1.1"],
        overdue=OVERDUE,
        trend=[("第一轮自评", Decimal("62.5")), ("第二轮模拟考评", card.total)],
    )
    fields.update(changes)
    return BulletinInput(**fields)


@pytest.fixture(scope="module")
def doc(rubric, card):
    return open_docx(build_bulletin(make(rubric, card)))


def test_masthead(doc):
    paras = paragraphs(doc)
    assert paras[0] == "创建省级创业型城市工作简报"
    assert paras[1] == "第3期"
    assert paras[2] == f"{ISSUER}\t2020年9月15日"
    assert doc.paragraphs[0].runs[0].font.color.rgb is not None  # red masthead
    assert "w:pBdr" in doc.paragraphs[3]._p.xml  # the rule under the masthead


def test_overview_numbers(doc, card):
    text = all_text(doc)
    assert "本期统计时间为2020年9月1日至2020年9月15日" in text
    assert f"目前确认得分{fmt(card.total)}分（满分{fmt(card.max)}分）" in text
    assert f"仍有{len(card.gaps)}项创建要求存在失分或尚待评定" in text
    assert "逾期未完成整改1项" in text


def test_progress_table(doc):
    table = find_table(doc, "责任部门", "已通过（份）")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[-1] == ["合计", "20", "30", "8", "4"]
    assert ["区就业创业促进中心", "12", "20", "5", "3"] in rows
    assert rows[0][0] == "区就业创业促进中心"  # most returned first


def test_approved_gaps_and_overdue(doc, card):
    approved = find_table(doc, "要求编号", "材料名称")
    rows = [[c.text for c in r.cells] for r in approved.rows[1:]]
    assert rows == [
        ["1.1.1", "2020年区政府工作报告", "区政府办公室", "2020年9月3日"],
        ["1.2.2", "领导小组工作制度", "区人社局", "2020年9月8日"],
    ]
    text = all_text(doc)
    assert "1.要求1.1.1：促进以创业带动就业工作摆上政府工作重要位置。" in text
    open_table = find_table(doc, "要求编号", "失分", "待评", "责任部门")
    assert {r.cells[0].text for r in open_table.rows[1:]} == {g.requirement for g in card.gaps}
    overdue = find_table(doc, "要求编号", "责任部门", "整改期限", "逾期天数")
    assert [c.text for c in overdue.rows[1].cells] == ["2.3.1", "各成员单位", "2020年9月10日", "5"]


def test_trend_chart_only_with_two_rounds(doc, rubric, card):
    assert len(doc.inline_shapes) == 1
    assert "第二轮模拟考评总分71.75分，较第一轮自评（62.5分）提高9.25分。" in all_text(doc)
    single = open_docx(build_bulletin(make(rubric, card, trend=[("本轮", card.total)])))
    assert len(single.inline_shapes) == 0
    assert "暂不绘制得分趋势" in all_text(single)


def test_empty_period(rubric, card):
    quiet = make(
        rubric, card, department_progress=(), approved_in_period=(), gaps_closed=(), overdue=()
    )
    text = all_text(open_docx(build_bulletin(quiet)))
    for sentence in (
        "本期未统计各部门材料报送情况。",
        "本期无审核通过的佐证材料。",
        "本期无新完成整改的项目。",
        "本期无逾期未完成整改的事项。",
    ):
        assert sentence in text
