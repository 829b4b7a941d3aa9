"""The Yanzhou rubric as data matches spec section 4 row by row; the models are strict."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from rubric import load_rubric
from rubric.models import DeductEachRule, GradeRule, Rubric, TargetRule, TiersRule

D = Decimal

# Spec section 4: req -> (weight, weight inferred, base or None for "=", base inferred, rules).
# A rule is (kind, points) with points None for zero; tiers/grade/target are checked below.
DE, DX, Z, A, AE = "deduct", "deduct_each", "zero", "award", "award_each"
T, G, TG = "tiers", "grade", "target"
SPEC = {
    "1.1.1": (1, True, None, False, [(DE, 1)]),
    "1.1.2": (1, True, None, False, [(DE, 1)]),
    "1.2.1": (1, True, None, False, [(DE, "0.25")] * 4 + [(Z, None)]),
    "1.2.2": (1, True, None, False, [(DE, "0.5"), (DE, "0.5"), (Z, None)]),
    "1.2.3": (1, True, None, False, [(DE, "0.25"), (DE, "0.25"), (DE, "0.5")]),
    "1.3.1": (1, True, None, False, [(DE, "0.25")] * 4 + [(Z, None)]),
    "1.3.2": (1, True, None, False, [(Z, None)]),
    "1.3.3": (1, True, None, False, [(DX, "0.5")]),
    "1.3.4": (1, True, None, False, [(Z, None)]),
    "1.4.1": (1, True, None, False, [(DE, "0.5"), (DE, "0.5")]),
    "1.4.2": (1, True, None, False, [(DX, "0.5"), (DX, "0.5")]),
    "1.5.1": (1, True, None, False, [(Z, None)]),
    "1.5.2": (1, True, None, False, [(DE, "0.5"), (DE, "0.5")]),
    "1.6.1": (2, False, 0, False, [(G, None)]),
    "2.1.1": (3, False, None, False, [(DX, "0.5"), (DX, 1)]),
    "2.2.1": (4, True, 0, False, [(T, None)]),
    "2.2.2": (4, True, 2, False, [(T, None), (Z, None), (DE, 1)]),
    "2.2.3": (6, True, None, False, [(Z, None), (DE, 1), (DX, "0.5"), (DE, 1)]),
    "2.3.1": (3, False, 0, False, [(A, 3), (AE, 1), (Z, None)]),
    "3.1.1": (3, False, None, False, [(DX, "0.2"), (DE, 1), (DE, 1)]),
    "3.2.1": (4, False, None, False, [(DE, 1), (DE, 1), (DX, "0.2"), (DE, 1)]),
    "3.3.1": (4, False, None, False, [(DE, 1)] * 4),
    "3.4.1": (4, False, None, False, [(DE, 2), (DE, 1), (DE, 1)]),
    "3.5.1": (3, False, 1, True, [(DE, 1), (G, None)]),
    "3.6.1": (2, False, 0, False, [(G, None)]),
    "4.1.1": (2, False, None, False, [(DE, 1), (Z, None)]),
    "4.2.1": (2, True, None, False, [(DX, "0.5"), (Z, None), (Z, None), (Z, None)]),
    "4.2.2": (2, True, None, False, [(DE, 1), (DE, 1), (Z, None)]),
    "4.2.3": (2, True, None, False, [(DX, 1)]),
    "4.3.1": (2, True, None, False, [(DX, "0.5"), (DE, 1), (Z, None), (DE, "0.5")]),
    "4.3.2": (2, True, 0, False, [(G, None)]),
    "4.3.3": (2, True, None, False, [(DE, 1), (Z, None)]),
    "4.4.1": (2, False, None, False, [(Z, None)]),
    "4.5.1": (2, False, None, False, [(DX, "0.5"), (DX, "0.5")]),
    "4.6.1": (2, False, 0, False, [(G, None)]),
    "5.1.1": (2, True, None, False, [(DE, 1), (Z, None)]),
    "5.1.2": (1, True, None, False, [(DE, 1)]),
    "5.1.3": (2, True, None, False, [(DE, 1), (DE, 1)]),
    "5.2.1": (3, True, None, False, [(Z, None)]),
    "5.2.2": (3, True, None, False, [(DE, 1), (Z, None)]),
    "5.3.1": (2, True, None, False, [(Z, None)]),
    "5.3.2": (2, True, None, False, [(DE, 1), (Z, None)]),
    "6.1.1": (2, True, 0, False, [(TG, None)]),
    "6.2.1": (2, True, 0, False, [(TG, None)]),
    "6.3.1": (2, True, 0, False, [(TG, None)]),
    "6.4.1": (2, True, 0, False, [(TG, None)]),
    "6.5.1": (2, True, 0, False, [(TG, None)]),
}

ITEMS = {
    "2.1.1a": "市场准入 创业场地 行政管理 融资服务 税费减免 创业和岗位开发补贴 提升创业能力 "
    "加强创业服务 创业扶持或引导资金 创业担保贷款",
    "2.1.1b": "高校毕业生 退役军人 农民工",
    "2.2.3c": "项目开发 方案设计 风险评估 开业指导 跟踪扶持 创业带动就业奖励 创业孵化基地 创业型城市建设",
    "3.1.1a": "全日制高等院校在校学生 农村转移就业劳动者 登记失业人员",
    "3.2.1c": "办学经费 教学场地 设施设备 教材 师资",
    "4.2.1a": "编制 经费 场地 人员",
    "4.2.3a": "中小企业服务机构 大学生就业指导机构",
    "4.3.1a": "政策发布 项目推介 咨询服务",
    "4.5.1a": "民间创业咨询 创业金融 创业孵化实体",
}

TIERS = {
    "2.2.1a": [("0.5", 2), ("0.8", 3), ("0.9", 4)],
    "2.2.2a": [("0.8", 1), ("0.9", 2)],
}
GRADES = {
    "1.6.1a": [2, 1, 0],
    "3.5.1b": [2, 1, 0],
    "3.6.1a": [2, 1, 0],
    "4.3.2a": [2, 1, 0],
    "4.6.1a": [2, 1, 0],
}
TARGETS = {"6.1.1a": "0.15", "6.2.1a": "0.70", "6.3.1a": "0.80", "6.4.1a": "0.80", "6.5.1a": "0.10"}


@pytest.fixture(scope="module")
def yz() -> Rubric:
    return load_rubric("yanzhou-2020")


def test_structure(yz):
    assert [s.id for s in yz.systems] == list("123456")
    assert [s.points for s in yz.systems] == [15, 20, 20, 20, 15, 10]
    assert [s.name for s in yz.systems] == [
        "组织领导体系",
        "政策扶持体系",
        "创业培训体系",
        "创业服务体系",
        "工作考核体系",
        "创业数据指标",
    ]
    assert len(yz.indicators()) == 29
    assert len(yz.requirements()) == 47
    assert yz.total == 100 and yz.max_score == 100 and yz.bonus_cap is None
    assert [q.id for q in yz.requirements()] == list(SPEC)


@pytest.mark.parametrize("req_id", list(SPEC))
def test_requirement_matches_spec_table(yz, req_id):
    weight, w_inf, base, b_inf, rules = SPEC[req_id]
    q = yz.requirement_index()[req_id]
    assert q.weight == weight
    assert q.inferred.weight is w_inf
    assert q.start == (weight if base is None else base)
    assert q.inferred.base is b_inf
    assert [r.id for r in q.rules] == [req_id + "abcdefgh"[n] for n in range(len(rules))]
    got = [(r.kind, getattr(r, "points", None)) for r in q.rules]
    assert got == [(k, None if p is None else D(str(p))) for k, p in rules]
    assert q.departments and all(q.departments)
    assert q.scoring and q.requirement


@pytest.mark.parametrize("rule_id", list(ITEMS))
def test_items(yz, rule_id):
    rule = yz.rule_index()[rule_id][1]
    assert isinstance(rule, DeductEachRule)
    assert rule.items == ITEMS[rule_id].split()


def test_only_listed_rules_have_items(yz):
    with_items = {r.id for r in yz.rules() if getattr(r, "items", None)}
    assert with_items == set(ITEMS)


@pytest.mark.parametrize("rule_id", list(TIERS))
def test_tiers(yz, rule_id):
    rule = yz.rule_index()[rule_id][1]
    assert isinstance(rule, TiersRule)
    assert [(t.at, t.points) for t in rule.tiers] == [(D(a), D(p)) for a, p in TIERS[rule_id]]


@pytest.mark.parametrize("rule_id", list(GRADES))
def test_grades(yz, rule_id):
    rule = yz.rule_index()[rule_id][1]
    assert isinstance(rule, GradeRule)
    assert [lv.points for lv in rule.levels] == GRADES[rule_id]
    assert all(lv.label for lv in rule.levels)


@pytest.mark.parametrize("rule_id", list(TARGETS))
def test_targets(yz, rule_id):
    rule = yz.rule_index()[rule_id][1]
    assert isinstance(rule, TargetRule)
    assert rule.threshold == D(TARGETS[rule_id])
    assert rule.partial == "none"
    assert rule.measure


def test_data_indicators(yz):
    by_req = {d.requirement: d.name for d in yz.data_indicators}
    assert by_req == {
        "6.1.1": "创业活跃度",
        "6.2.1": "创业成功率",
        "6.3.1": "创业服务率",
        "6.4.1": "创业环境满意率",
        "6.5.1": "就业贡献率",
    }
    assert all(d.inferred and d.numerator and d.denominator for d in yz.data_indicators)


def test_every_rule_kind_is_used(yz):
    assert {r.kind for r in yz.rules()} == {DE, DX, Z, A, AE, T, G, TG}


def test_departments_in_table_order(yz):
    deps = yz.departments()
    assert deps[:2] == ["区政府办公室", "区人社局"]
    assert "各成员单位" in deps and "区财政局" in deps


# -- the second rubric -------------------------------------------------------------------------


def test_demo_bonus_rubric():
    r = load_rubric("demo-bonus-2024")
    assert r.title == "某市创业型街道（乡镇）创建评分细则（示例）"
    assert r.total == 100 and r.bonus_cap == 10 and r.max_score == 110 and r.pass_line == 80
    main = [s for s in r.systems if not s.bonus]
    bonus = [s for s in r.systems if s.bonus]
    assert sum(s.points for s in main) == 100
    assert [s.name for s in bonus] == ["加分项"]
    kinds = {
        rule.kind for s in bonus for i in s.indicators for q in i.requirements for rule in q.rules
    }
    assert {"award_each", "tiers"} <= kinds
    capped = r.rule_index()["4.1.1a"][1]
    assert capped.kind == "award_each" and capped.points == D("0.1") and capped.cap == 2
    assert capped.text == "在省级以上媒体刊发经验材料，有一篇加0.1分，但累计不超过2分"
    assert {"deduct_each", "grade"} <= {rule.kind for rule in r.rules()}
    assert any(getattr(rule, "items", None) for rule in r.rules() if rule.kind == "deduct_each")


# -- strict models -----------------------------------------------------------------------------


def _minimal(**rule) -> dict:
    return {
        "id": "t",
        "title": "t",
        "version": 1,
        "issuer": "i",
        "date": "2024-01-01",
        "source": "s",
        "total": 1,
        "systems": [
            {
                "id": "1",
                "name": "n",
                "points": 1,
                "indicators": [
                    {
                        "id": "1.1",
                        "name": "n",
                        "points": 1,
                        "requirements": [
                            {
                                "id": "1.1.1",
                                "requirement": "r",
                                "scoring": "s",
                                "departments": ["d"],
                                "weight": 1,
                                "rules": [{"id": "1.1.1a", "text": "t"} | rule],
                            }
                        ],
                    }
                ],
            }
        ],
    }


def test_minimal_rubric_validates_and_version_becomes_text():
    r = Rubric.model_validate(_minimal(kind="deduct", points="0.1"))
    assert r.version == "1"
    assert r.rules()[0].points == D("0.1")


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "deduct"},  # points missing
        {"kind": "deduct", "points": 1, "colour": "red"},  # extra key
        {"kind": "zero", "points": 1},  # zero takes no points
        {"kind": "tiers", "tiers": []},
        {"kind": "tiers", "tiers": [{"at": "1.5", "points": 1}]},
        {"kind": "grade", "levels": [{"points": 1}]},
        {"kind": "target", "threshold": "-0.1"},
        {"kind": "target", "threshold": "0.5", "partial": "some"},
        {"kind": "deduct_each", "points": 1, "max_count": 0},
        {"kind": "nothing"},
        {"points": 1},
    ],
)
def test_strict_rule_models_refuse(rule):
    with pytest.raises(ValidationError):
        Rubric.model_validate(_minimal(**rule))


def test_models_are_frozen(yz):
    with pytest.raises(ValidationError):
        yz.systems[0].points = D(1)
