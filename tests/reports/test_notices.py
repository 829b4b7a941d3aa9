"""整改通知书: one per department with gaps, each naming only that department's gaps."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx.table import Table

from reports import NoticeInput, build_notice, build_notices, departments_with_gaps, notice_title
from scoring import fmt

from .conftest import ISSUED, ISSUER, UNIT, rubric_owners
from .helpers import all_text, find_table, open_docx, paragraphs

REQ_ID = re.compile(r"(?<![\d.])\d\.\d\.\d(?![\d.])")


@pytest.fixture(scope="module")
def notices(rubric, card) -> dict[str, bytes]:
    return build_notices(
        UNIT,
        ISSUER,
        ISSUED,
        rubric,
        card,
        owners=rubric_owners(rubric),
        comments={"1.2.1": "组长不是政府领导。", "2.3.1": "未见政策创新文件。"},
        doc_numbers={"区人社局": "兖创办发〔2020〕6号"},
        round_name="2020年第三季度模拟考评",
    )


def gaps_of(card, dept):
    return [g for g in card.gaps if dept in g.departments]


def test_one_notice_per_department_with_gaps(notices, rubric, card):
    expected = {d for g in card.gaps for d in g.departments}
    assert set(notices) == expected
    assert list(notices) == departments_with_gaps(rubric, card, rubric_owners(rubric))
    order = [q.id for q in rubric.requirements()]
    first: dict[str, int] = {}
    for gap in card.gaps:  # in the order departments first appear over the gaps
        for d in gap.departments:
            first[d] = min(first.get(d, 999), order.index(gap.requirement))
    assert list(notices) == sorted(notices, key=first.get)


def test_each_notice_mentions_only_its_gaps(notices, card):
    for dept, data in notices.items():
        text = all_text(open_docx(data))
        mine = {g.requirement for g in gaps_of(card, dept)}
        assert set(REQ_ID.findall(text)) == mine, dept
        for gap in gaps_of(card, dept):
            assert f"要求{gap.requirement}（" in text


def test_notice_layout_title_addressee_and_signature(notices, rubric):
    doc = open_docx(notices["区人社局"])
    paras = paragraphs(doc)
    assert paras[0] == notice_title(UNIT, rubric)
    assert paras[0] == "关于兖州区（演示）创建省级创业型城市问题整改的通知"
    assert paras[1] == "兖创办发〔2020〕6号"
    assert "区人社局：" in paras
    assert paras[-2:] == [ISSUER, "2020年9月15日"]
    assert "特此通知。" in paras
    assert "兖创办发" not in all_text(open_docx(notices["区财政局"]))


def test_notice_summary_table_and_details(notices, card, rubric):
    doc = open_docx(notices["区就业创业促进中心"])
    table = find_table(doc, "编号", "问题", "失分", "待评", "整改期限")
    gaps = sorted(gaps_of(card, "区就业创业促进中心"), key=lambda g: g.requirement)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in rows] == [g.requirement for g in gaps]
    for row, gap in zip(rows, gaps, strict=True):
        assert row[2] == (fmt(gap.lost) if gap.lost else "—")
        assert row[3] == (fmt(gap.pending) if gap.pending else "—")
    text = all_text(doc)
    lost = sum(g.lost for g in gaps)
    pending = sum(g.pending for g in gaps)
    assert f"涉及失分{fmt(lost)}分、待评{fmt(pending)}分" in text
    # a pending requirement: no clause lost, it awaits review
    assert "2.2.2 | 尚未评定（待评4分）" in text
    # what would close the gap: the evidence list and the 评分办法
    req = rubric.requirement_index()["2.2.1"]
    assert f"应提供的佐证材料：{'、'.join(req.evidence)}。" in text
    assert f"评分办法：{req.scoring}" in text
    assert "共同责任单位：区财政局" in text
    assert "整改期限：另行通知。" in text


def test_notice_clauses_comments_and_due_dates(notices):
    text = all_text(open_docx(notices["区人社局"]))
    assert "【1.2.1a】政府领导未挂帅的，扣0.25分" in text
    assert "检查意见：组长不是政府领导。" in text
    assert "整改期限：2020年10月15日前。" in text
    assert "涉及失分0.25分。" in text  # no pending part when nothing is pending
    members = all_text(open_docx(notices["各成员单位"]))
    assert "各成员单位：" in members and "各单位负责的" in members
    assert "检查意见：未见政策创新文件。" in members
    assert "2020年10月31日" in members


def test_notice_to_department_without_gaps(rubric, card):
    data = build_notice(
        NoticeInput(UNIT, ISSUER, date(2020, 9, 15), None, "区统计局", rubric, card)
    )
    doc = open_docx(data)
    text = all_text(doc)
    assert "区统计局：" in text
    assert "暂无需要整改的问题" in text
    assert not [t for t in doc.tables if isinstance(t, Table)]
    assert not REQ_ID.findall(text)
