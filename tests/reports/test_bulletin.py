"""工作简报 in the 公文 frame: a masthead naming the unit, 第N期, the 版记 with 报、送、发 and
共印份数, 工作动态, names instead of ids, and no empty section."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from docx.oxml.ns import qn

from reports import BulletinInput, DepartmentProgress, build_bulletin
from reports.bulletin import EVENTS_LISTED
from reports.inputs import BulletinEvent, Issue
from reports.wording import forbidden_in
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
OVERDUE = [("2.3.1", "区财政局", date(2020, 9, 10))]
ISSUE = Issue(
    office=ISSUER,
    number="3",
    seq=3,
    printer="兖州区创建工作领导小组办公室",
    distribution=("报：区委、区政府主要领导", "送：领导小组成员", "发：领导小组各成员单位"),
    copies=40,
)
EVENTS = (
    BulletinEvent("9月1日，2020年第三季度模拟考评启动。", "轮次启动"),
    BulletinEvent("各单位上传佐证材料12份，其中区人社局8份。", "材料报送", rank=0),
)


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
        issue=ISSUE,
        events=EVENTS,
    )
    fields.update(changes)
    return BulletinInput(**fields)


@pytest.fixture(scope="module")
def doc(rubric, card):
    return open_docx(build_bulletin(make(rubric, card)))


def test_masthead_names_the_unit_and_the_issue(doc):
    paras = paragraphs(doc)
    assert paras[0] == "兖州区创建省级创业型城市工作简报"
    assert paras[1] == "第3期"
    assert paras[2] == f"{ISSUER}\t2020年9月15日"
    assert doc.paragraphs[0].runs[0].font.color.rgb is not None  # red masthead
    assert "w:pBdr" in doc.paragraphs[3]._p.xml  # the red rule under the masthead
    assert "兖州区创建省级创业型城市工作进展情况" in paras
    assert "（2020年9月1日至2020年9月15日）" in paras


def test_record_gives_distribution_and_copies_at_the_foot(doc):
    record = doc.tables[-1]
    assert record._tbl.tblPr.find(qn("w:tblpPr")) is not None  # floats at the page foot
    lines = [r.cells[0].text.strip("　") for r in record.rows]
    assert lines[:3] == list(ISSUE.distribution)
    assert lines[3] == "兖州区创建工作领导小组办公室\t2020年9月15日印发"
    assert lines[4] == "\t（共印40份）"  # its own line: beside the date it wrapped


def test_overview_and_events(doc, card):
    text = all_text(doc)
    assert f"目前确认得分{fmt(card.total)}分（满分{fmt(card.max)}分）" in text
    assert f"仍有{len(card.gaps)}项创建要求存在失分或尚待评定" in text
    assert "二、工作动态" in text
    assert "（一）9月1日，2020年第三季度模拟考评启动。" in text
    assert "（二）各单位上传佐证材料12份，其中区人社局8份。" in text


def test_progress_table(doc):
    table = find_table(doc, "责任单位", "已通过（份）")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[-1] == ["合计", "20", "30", "8", "4"]
    assert rows[0][0] == "区就业创业促进中心"  # most returned first


def test_tables_name_requirements_instead_of_ids(doc, rubric):
    approved = find_table(doc, "序号", "材料名称")
    rows = [[c.text for c in r.cells] for r in approved.rows[1:]]
    assert rows[0][1:3] == ["2020年区政府工作报告", "区政府办公室"]
    assert rows[0][3].startswith("工作地位：促进以创业带动就业")
    text = all_text(doc)
    assert "完成整改，不再失分：工作地位：促进以创业带动就业工作摆上政府工作重要位置" in text
    overdue = find_table(doc, "序号", "逾期天数")
    row = [c.text for c in overdue.rows[1].cells]
    assert row[2:] == ["区财政局", "2020年9月10日", "5"]
    assert not forbidden_in(text), forbidden_in(text)
    for req in rubric.requirements():
        assert f"要求{req.id}" not in text


def test_trend_chart_only_with_two_rounds(doc, rubric, card):
    assert len(doc.inline_shapes) == 1
    assert "第二轮模拟考评总分71.75分，较第一轮自评（62.5分）提高9.25分。" in all_text(doc)
    single = open_docx(build_bulletin(make(rubric, card, trend=[("本轮", card.total)])))
    assert len(single.inline_shapes) == 0
    assert "得分趋势" not in all_text(single)


def test_empty_sections_are_left_out(rubric, card):
    quiet = make(
        rubric,
        card,
        department_progress=(),
        approved_in_period=(),
        gaps_closed=(),
        overdue=(),
        events=(),
        trend=(),
    )
    doc = open_docx(build_bulletin(quiet))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["一、总体进展", "二、整改进展"]
    text = all_text(doc)
    for word in ("工作动态", "本期无", "暂不", "逾期事项"):
        assert word not in text


def events_section(doc) -> list[str]:
    paras = paragraphs(doc)
    start = paras.index("二、工作动态") + 1
    end = next(n for n in range(start, len(paras)) if paras[n].startswith("三、"))
    return paras[start:end]


def test_many_events_are_capped_with_a_sentence_counting_the_rest(rubric, card):
    ledgers = [  # a busy period: ledgers came in on 30 days
        BulletinEvent(
            f"9月{d}日，区人社局报送创业培训台账，共{d * 10}条记录。", "台账报送", 3, d * 10
        )
        for d in range(1, 31)
    ]
    stages = [BulletinEvent(f"9月{d}日，自评“自查”阶段截止。", "阶段截止", 2) for d in (5, 6)]
    events = [
        *EVENTS,
        *stages,
        *ledgers,
        BulletinEvent("截至9月30日，2项整改事项逾期未完成。", rank=0),
    ]
    text = events_section(open_docx(build_bulletin(make(rubric, card, events=events))))
    numbered = [t for t in text if t.startswith("（")]
    assert len(numbered) == EVENTS_LISTED - 1
    # the period's figures, the round's start and its stages stay, in their order; then the
    # ledger days with the most records
    assert numbered[:4] == [
        f"（{n}）{e.text}" for n, e in zip("一二三四", [*EVENTS, *stages], strict=True)
    ]
    assert [t[3:8] for t in numbered[4:8]] == ["9月27日", "9月28日", "9月29日", "9月30日"]
    assert numbered[-1] == "（九）截至9月30日，2项整改事项逾期未完成。"
    assert text[-1] == "此外，本期还有台账报送等26项工作动态，不再逐项列出。"
    mixed = [*stages * 5, *ledgers[:6]]  # 9 stages listed; 1 stage and 6 ledgers left out
    text = events_section(open_docx(build_bulletin(make(rubric, card, events=mixed))))
    assert text[-1] == "此外，本期还有台账报送、阶段截止等7项工作动态，不再逐项列出。"


def test_few_events_are_all_listed(doc):
    text = events_section(doc)
    assert text == [f"（一）{EVENTS[0].text}", f"（二）{EVENTS[1].text}"]
