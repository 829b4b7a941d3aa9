"""The real second table (镇江 充分就业辖市(区) 创建和考核标准, received in part): it loads with
no code change, and scores as computed by hand - flat numbers, no departments, a 加分 section
counted up to 10, and the parts not received pending."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rubric import load_rubric
from scoring import FindingsError, score, validate_findings

D = Decimal
ZJ = load_rubric("zhenjiang-chongfen-jiuye")
FINDINGS = {
    "21a": True,
    "22a": True,
    "23a": ["建立一批创业孵化基地"],
    "24b": True,  # 反之,不得分
    "25a": [D("0.96"), D("0.5")],
    "26a": True,
    "26b": True,
    "27a": True,
    "28a": [D("0.99"), D("0.7"), D("0.95")],
    "29a": [D("0.5"), D("0.5"), D("0.5"), D("0.5")],
    "38a": 1,
    "39a": ["经济薄弱村劳动力培训任务"],
    "40a": 6,
    "b1a": 2,
    "b1b": 1,
    "b2a": 0,
    "b3a": 1,
    "b4a": 30,
}


def card(values=FINDINGS):
    return score(ZJ, validate_findings(ZJ, values, ()))


def test_loads_flat_without_departments_or_date():
    assert (ZJ.numbering, ZJ.date, ZJ.issuer) == ("flat", None, "镇江市人民政府办公室")
    assert all(q.departments == [] for q in ZJ.requirements())
    assert [s.max for s in ZJ.systems] == [61, 16, 11, 12, 10]
    assert (ZJ.total, ZJ.bonus_max, ZJ.max_score) == (100, 10, 110)
    assert [q.label for q in ZJ.requirements()][-4:] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("req", "expected"),
    [
        ("21", "1"),
        ("22", "1"),
        ("23", "2"),  # 各得2分: one of the two
        ("24", "0"),
        ("25", "2"),  # 每完成一项得2分: 0.96 >= 95%, 0.5 < 60%
        ("26", "2"),
        ("27", "1"),
        ("28", "2"),  # one rate below its threshold: -1
        ("29", "0"),  # four below: -4, 扣完为止
        ("38", "2"),
        ("39", "2"),
        ("40", "0"),  # six not done at 1 each on 5 points: floored at 0
        ("b1", "8"),  # 2 x 3 + 1 x 2
        ("b4", "2"),  # 30 x 0.1 = 3, 累计不超过2分
    ],
)
def test_each_item_hand_computed(req, expected):
    assert card().requirement(req).score == D(expected)


def test_totals_hand_computed():
    c = card()
    # 全民创业 9, 就业质量 2 (item 30 pending 4), 各项目标 4, part A pending 61;
    # 加分 8 + 0 + 1 + 2 = 11 counted as 10
    assert [s.score for s in c.systems] == [0, 9, 2, 4, 10]
    assert [s.pending for s in c.systems] == [61, 0, 4, 0, 0]
    assert (c.total, c.pending, c.bonus, c.bonus_cut) == (25, 65, 10, 0)
    assert c.systems[-1].cut == 1
    assert c.lost == 7 + 5 + 8  # the main part only, never the parts not received


def test_the_negation_and_its_award_cannot_both_hold():
    with pytest.raises(FindingsError, match="不能同时成立"):
        validate_findings(ZJ, {"21a": True, "21b": True}, ())
