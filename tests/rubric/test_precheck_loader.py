"""The loader refuses bad checks with their line, and reads the 附件2 checks."""

from __future__ import annotations

import pytest

from rubric.loader import RubricError, load_rubric, parse_rubric
from rubric.precheck import Check, Manual

BASE = """id: t
title: 测试
version: "1"
issuer: 测试
date: 2020-01-01
source: 测试
total: 1
systems:
  - id: "1"
    name: 体系
    points: 1
    indicators:
      - id: "1.1"
        name: 指标
        points: 1
        requirements:
          - id: "1.1.1"
            requirement: 要求
            scoring: 办法
            departments: [区人社局]
            weight: 1
            rules:
              - id: 1.1.1a
                kind: deduct
                points: 1
                text: 未有方案的扣1分
            checks:
{checks}
"""

GOOD = """              - id: c1
                rule: 1.1.1a
                needs: 方案
                reads: 未有方案的扣1分
                when: {document: {title: [方案]}}
                met: false
                unmet: true
                met_reason: 有方案
                unmet_reason: 无方案"""


def rubric_with(checks: str):
    return parse_rubric(BASE.format(checks=checks), "t.yaml")


def refusal(checks: str) -> str:
    with pytest.raises(RubricError) as err:
        rubric_with(checks)
    return str(err.value)


def test_a_good_check_loads():
    (check,) = rubric_with(GOOD).requirements()[0].checks
    assert isinstance(check, Check) and check.when.key == "document"


def test_an_unknown_predicate_is_refused_with_its_line():
    text = refusal(GOOD.replace("{document: {title: [方案]}}", "{smell: [方案]}"))
    assert "t.yaml:32" in text and "未知的检查条件「smell」" in text


def test_an_unknown_field_of_a_predicate_is_refused():
    text = refusal(GOOD.replace("{title: [方案]}", "{titel: [方案]}"))
    assert "t.yaml:32" in text and "未知字段" in text


def test_an_unknown_field_of_a_check_is_refused():
    text = refusal(GOOD + "\n                weight: 2")
    assert "t.yaml:37" in text and "未知字段" in text


def test_a_rule_of_another_requirement_is_refused():
    text = refusal(GOOD.replace("rule: 1.1.1a", "rule: 1.1.2a"))
    assert "「c1」" in text and "1.1.2a" in text and "t.yaml:28" in text


def test_a_value_of_the_wrong_type_is_refused():
    text = refusal(GOOD.replace("unmet: true", "unmet: 2"))
    assert "unmet 的值与规则「1.1.1a」的类型（扣分）不符" in text


def test_a_bad_pattern_is_refused():
    text = refusal(GOOD.replace("[方案]", '["方案("]'))
    assert "正则表达式" in text


def test_two_entries_for_one_rule_are_refused():
    text = refusal(GOOD + "\n              - rule: 1.1.1a\n                manual: 现场核实")
    assert "已有一条检查或说明" in text


def test_a_manual_entry_needs_its_reason():
    text = refusal("              - rule: 1.1.1a\n                manual: ''")
    assert "manual" in text


def test_yanzhou_has_checks_for_at_least_40_rules_and_says_why_for_the_others():
    rubric = load_rubric("yanzhou-2020")
    checks = [c for q in rubric.requirements() for c in q.checks if isinstance(c, Check)]
    manual = [c for q in rubric.requirements() for c in q.checks if isinstance(c, Manual)]
    assert len({c.rule for c in checks}) >= 40
    assert all(c.reads and c.needs and c.fix for c in checks)
    assert all(m.manual for m in manual)
