"""整改通知书: one per department with gaps, each naming only that department's gaps."""

from __future__ import annotations

import re
from datetime import date

import pytest

from reports import NoticeInput, build_notice, build_notices, departments_with_gaps, notice_title

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


def annex_text(doc) -> str:
    """Text from 附件1 on (where ids and the full list live)."""
    paras = paragraphs(doc)
    return "\n".join(paras[paras.index("附件1") :]) if "附件1" in paras else ""


def test_each_notice_lists_only_its_gaps_in_annex_1(notices, card, rubric):
    names = {i.id: i.name for i in card.indicators}
    for dept, data in notices.items():
        doc = open_docx(data)
        table = find_table(doc, "序号", "所属指标", "创建要求", "存在问题", "分值", "整改期限")
        rows = [[c.text for c in r.cells] for r in table.rows[1:]]
        mine = gaps_of(card, dept)
        order = [q.id for q in rubric.requirements()]
        mine.sort(key=lambda g: order.index(g.requirement))
        assert [r[2] for r in rows] == [
            rubric.requirement_index()[g.requirement].requirement for g in mine
        ], dept
        assert [r[1] for r in rows] == [
            names[card.requirement(g.requirement).indicator] for g in mine
        ]
        # the body names items, never raw ids
        assert not REQ_ID.findall("\n".join(paragraphs(doc)[: paragraphs(doc).index("附件1")]))


def test_notice_layout_head_number_title_addressee_and_signature(notices, rubric):
    doc = open_docx(notices["区人社局"])
    paras = paragraphs(doc)
    assert paras[0] == f"{ISSUER}文件"
    assert "兖创办发〔2020〕6号" in paras
    title = notice_title(UNIT, rubric, "2020年第三季度模拟考评")
    assert title == "关于做好2020年第三季度模拟考评发现问题整改工作的通知"
    assert title in paras
    assert "区人社局：" in paras
    at = paras.index("附件：1.区人社局整改事项清单")
    assert paras[at + 1] == "2.整改情况报告表"
    assert paras[at + 4 : at + 6] == [ISSUER, "2020年9月15日"]
    assert "兖创办发" not in all_text(open_docx(notices["区财政局"]))


def test_notice_states_deadline_reply_date_and_contact(rubric, card):
    from reports.inputs import Issue

    issue = Issue(office=ISSUER, number="兖创办发〔2020〕6号", contact="李明", phone="0537-3412345")
    data = build_notice(
        NoticeInput(
            UNIT,
            ISSUER,
            ISSUED,
            None,
            "区人社局",
            rubric,
            card,
            owners=rubric_owners(rubric),
            round_name="2020年第三季度模拟考评",
            issue=issue,
        )
    )
    text = all_text(open_docx(data))
    assert "请于2020年10月15日前完成全部整改。" in text
    assert f"请于2020年10月15日前将整改情况报告表（附件2）和佐证材料报送{ISSUER}" in text
    assert "（联系人：李明，联系电话：0537-3412345）" in text  # the 附注, under the date
    assert "涉及失分0.25分。" in text  # no pending part when nothing is pending


def test_reply_date_without_deadlines_is_thirty_days_on(notices):
    text = all_text(open_docx(notices["区就业创业促进中心"]))
    assert "整改期限另行通知" in text
    assert "请于2020年10月15日前将整改情况报告表" in text


def test_notice_findings_and_members(notices):
    text = all_text(open_docx(notices["区人社局"]))
    assert "组长不是政府领导" in text
    assert "【" not in text
    members = all_text(open_docx(notices["各成员单位"]))
    assert "各成员单位：" in members and "各单位负责的" in members
    assert "未见政策创新文件" in members
    assert "2020年10月31日" in members


def test_notice_to_department_without_gaps(rubric, card):
    data = build_notice(
        NoticeInput(UNIT, ISSUER, date(2020, 9, 15), None, "区统计局", rubric, card)
    )
    doc = open_docx(data)
    text = all_text(doc)
    assert "区统计局：" in text
    assert "暂无需要整改的问题" in text
    assert "附件" not in text
    assert not REQ_ID.findall(text)
