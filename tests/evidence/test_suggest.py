"""Suggesting the rubric requirements a document is evidence for."""

import pytest

from evidence import suggest
from rubric import load_rubric

LEADING_GROUP_NOTICE = (
    "关于成立济宁市兖州区创建省级创业型城市工作领导小组的通知\n"
    "各镇人民政府、街道办事处，区政府各部门：为加强对创建工作的组织领导，决定成立领导小组。\n"
    "组长：区政府分管副区长；副组长：区人社局局长。\n"
    "成员单位：区财政局、区统计局、区市场监督管理局、团区委、区妇联。\n"
    "领导小组主要职责：统筹协调全区创建工作，研究解决重大问题，建立工作例会制度。"
)


@pytest.fixture(scope="module")
def rubric():
    return load_rubric("yanzhou-2020")


def test_leading_group_notice_suggests_1_2_1_and_1_2_2(rubric):
    suggestions = suggest(LEADING_GROUP_NOTICE, rubric, n=3)
    assert len(suggestions) == 3
    top = {s.requirement_id: s for s in suggestions}
    assert {"1.2.1", "1.2.2"} <= set(top)
    assert "领导小组" in top["1.2.1"].matched
    assert any("职责" in word for word in top["1.2.2"].matched)
    assert suggestions[0].score == 1.0
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("关于印发兖州区创建省级创业型城市工作方案的通知 现将工作方案印发给你们", "1.3.2"),
        ("创业担保贷款发放情况 经办银行 担保基金规模", "2.2.2"),
        ("关于认定兖州区创业孵化基地的批复 入驻企业 场地", "4.3.2"),
        ("创业带动就业统计制度 统计报表按月报送", "5.1.1"),
        ("创业环境满意度抽样调查问卷", "6.4.1"),
        ("2020年创业培训工作总结 培训合格率95% 培训补贴", "3."),
    ],
)
def test_concepts_land_on_their_requirement(rubric, text, expected):
    ids = [s.requirement_id for s in suggest(text, rubric)]
    assert any(i.startswith(expected) for i in ids), ids


def test_unrelated_text_suggests_nothing(rubric):
    assert suggest("The quick brown fox", rubric) == []
    assert suggest("", rubric) == []
