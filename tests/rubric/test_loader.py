"""Loader refusals (issue 2 item 3): each names the file, the line and the id, in Chinese.

Every broken rubric is the real YAML text with one edit, so the expected line is where the
edited object sits in that text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from rubric import RubricError, available_rubrics, load_rubric, load_rubric_file, parse_rubric

STANDARDS = Path(__file__).resolve().parents[2] / "rubric" / "standards"
YANZHOU = (STANDARDS / "yanzhou-2020.yaml").read_text(encoding="utf-8")
DEMO = (STANDARDS / "demo-bonus-2024.yaml").read_text(encoding="utf-8")
PATH = "broken/细则.yaml"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, needle
    return hits[nth - 1]


def edit(text: str, old: str, new: str, after: str | None = None) -> str:
    """Replace the first ``old`` (after the anchor ``after``, if given); ``old`` must exist."""
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def refuse(text: str) -> RubricError:
    with pytest.raises(RubricError) as info:
        parse_rubric(text, PATH)
    assert info.value.path == PATH
    return info.value


def assert_names(err: RubricError, line: int, obj_id: str, *words: str) -> str:
    """One rendered problem names the file, the line and the id (and the given words)."""
    rendered = str(err).splitlines()
    prefix = f"{PATH}:{line} 「{obj_id}」"
    hits = [r for r in rendered if r.startswith(prefix) and all(w in r for w in words)]
    assert hits, f"no problem starting {prefix!r} with {words} in:\n{err}"
    assert re.search(r"[\u4e00-\u9fff]", hits[0][len(prefix) :]), "message is not Chinese"
    return hits[0]


# -- the shipped rubrics load ----------------------------------------------------------------


def test_shipped_rubrics_are_available():
    assert {"yanzhou-2020", "demo-bonus-2024"} <= set(available_rubrics())


@pytest.mark.parametrize("rubric_id", ["yanzhou-2020", "demo-bonus-2024"])
def test_shipped_rubrics_load(rubric_id):
    r = load_rubric(rubric_id)
    assert r.id == rubric_id
    assert load_rubric_file(STANDARDS / f"{rubric_id}.yaml") == r


def test_load_by_path_and_cache():
    path = STANDARDS / "yanzhou-2020.yaml"
    assert load_rubric(path) is load_rubric(str(path))


def test_unknown_rubric_ref_is_refused_in_chinese():
    with pytest.raises(RubricError) as info:
        load_rubric("no-such-rubric")
    assert "找不到评分细则「no-such-rubric」" in str(info.value)
    assert "yanzhou-2020" in str(info.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(RubricError, match="文件不存在"):
        load_rubric_file(tmp_path / "none.yaml")


def test_the_unedited_text_parses():
    assert parse_rubric(YANZHOU, PATH).id == "yanzhou-2020"
    assert parse_rubric(DEMO, PATH).id == "demo-bonus-2024"


# -- refusals ----------------------------------------------------------------------------------


def test_duplicate_id_names_both_lines():
    text = edit(YANZHOU, '- id: "1.1.2"', '- id: "1.1.1"')
    err = refuse(text)
    first = line_of(YANZHOU, '- id: "1.1.1"')
    second = line_of(YANZHOU, '- id: "1.1.2"')
    msg = assert_names(err, first, "1.1.1", "编号重复")
    assert str(second) in msg.split("编号重复", 1)[1], msg


def test_duplicate_rule_id():
    text = edit(YANZHOU, "- id: 1.2.1b", "- id: 1.2.1a")
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, "- id: 1.2.1a"), "1.2.1a", "编号重复")


def test_unknown_rule_kind():
    text = edit(YANZHOU, "kind: deduct", "kind: deduction", after="- id: 1.2.1a")
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, "- id: 1.2.1a"), "1.2.1a", "未知的规则类型「deduction」")


def test_unknown_key():
    text = edit(
        YANZHOU, "weight: 1\n", "weight: 1\n            colour: red\n", after='- id: "1.1.1"'
    )
    err = refuse(text)
    line = line_of(text, "colour: red")
    assert_names(err, line, "1.1.1", "colour", "未知字段")


def test_unknown_key_at_the_top():
    err = refuse("owner: 某某\n" + YANZHOU)
    assert_names(err, 1, "yanzhou-2020", "owner", "未知字段")


def test_missing_field():
    # 责任部门 may be left out (the office assigns it); the 创建要求 text may not
    text = edit(YANZHOU, "            weight: 1\n", "", after='- id: "1.1.1"')
    err = refuse(text)
    assert_names(err, line_of(text, '- id: "1.1.1"'), "1.1.1", "weight", "缺少必填字段")


def test_indicator_sum_mismatch():
    text = edit(YANZHOU, "weight: 1\n", "weight: 2\n", after='- id: "1.2.1"')
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, '- id: "1.2"'), "1.2", "下属要求分值之和为 4", "指标分值 3")


def test_system_sum_mismatch():
    # indicator 1.2 and its requirement both grow by one point: only system 1 disagrees
    text = edit(YANZHOU, "points: 3\n", "points: 4\n", after='- id: "1.2"')
    text = edit(text, "weight: 1\n", "weight: 2\n", after='- id: "1.2.1"')
    err = refuse(text)
    assert len(err.problems) == 1, str(err)
    assert_names(err, line_of(YANZHOU, '- id: "1"'), "1", "下属指标分值之和为 16", "体系分值 15")


def test_total_mismatch():
    text = edit(YANZHOU, "total: 100", "total: 90")
    err = refuse(text)
    assert_names(
        err, line_of(YANZHOU, "id: yanzhou-2020"), "yanzhou-2020", "各体系分值之和为 100", "总分 90"
    )


def test_base_above_weight():
    text = edit(YANZHOU, "base: 2\n", "base: 5\n", after='- id: "2.2.2"')
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, '- id: "2.2.2"'), "2.2.2", "起始分 5 高于分值 4")


def test_unordered_tiers():
    old = "tiers: [{at: 0.5, points: 2}, {at: 0.8, points: 3}, {at: 0.9, points: 4}]"
    new = "tiers: [{at: 0.8, points: 3}, {at: 0.5, points: 2}, {at: 0.9, points: 4}]"
    err = refuse(edit(YANZHOU, old, new))
    assert_names(err, line_of(YANZHOU, "- id: 2.2.1a"), "2.2.1a", "分档门槛未按从低到高排列")


def test_tier_points_above_weight():
    old = "{at: 0.9, points: 4}]"
    err = refuse(edit(YANZHOU, old, "{at: 0.9, points: 5}]", after="- id: 2.2.1a"))
    assert_names(err, line_of(YANZHOU, "- id: 2.2.1a"), "2.2.1a", "最高档得分 5 高于要求分值 4")


def test_grade_level_above_weight():
    text = edit(
        YANZHOU, "{points: 2, label: 确属创新且效果更好}", "{points: 3, label: 确属创新且效果更好}"
    )
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, "- id: 1.6.1a"), "1.6.1a", "等级得分 3 高于要求分值 2")


def test_items_disagree_with_max_count():
    text = edit(
        YANZHOU,
        "                items: [全日制",
        "                max_count: 4\n                items: [全日制",
    )
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, "- id: 3.1.1a"), "3.1.1a", "列举项有 3 项", "max_count=4")


def test_rule_points_above_weight():
    text = edit(YANZHOU, "points: 1\n", "points: 2\n", after="- id: 1.1.1a")
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, "- id: 1.1.1a"), "1.1.1a", "规则分值 2 高于要求分值 1")


def test_rule_letters_out_of_order():
    text = edit(YANZHOU, "- id: 1.2.1c", "- id: 1.2.1z")
    err = refuse(text)
    assert_names(err, line_of(YANZHOU, "- id: 1.2.1c"), "1.2.1z", "规则编号应为「1.2.1c」")


def test_negative_points():
    text = edit(YANZHOU, "points: 0.25\n", "points: -0.25\n", after="- id: 1.2.1a")
    err = refuse(text)
    assert_names(err, line_of(text, "points: -0.25"), "1.2.1a", "points", "数值不能小于下限")


def test_yaml_syntax_error():
    text = edit(YANZHOU, "    points: 15\n", "    points: 15\n   bad: x\n")
    err = refuse(text)
    assert len(err.problems) == 1
    assert str(err).startswith(f"{PATH}:{line_of(text, '   bad: x')} YAML 格式错误")


def test_not_a_mapping():
    err = refuse("- 1\n- 2\n")
    assert str(err).startswith(f"{PATH}:1 ")
    assert "键值结构" in str(err)


def test_bonus_system_without_bonus_cap():
    text = edit(DEMO, "bonus_cap: 10\n", "")
    err = refuse(text)
    assert_names(err, line_of(DEMO, "id: demo-bonus-2024"), "demo-bonus-2024", "bonus_cap")


def test_bonus_cap_without_bonus_system():
    text = edit(YANZHOU, "total: 100\n", "total: 100\nbonus_cap: 5\n")
    err = refuse(text)
    assert_names(err, 1, "yanzhou-2020", "bonus_cap", "加分项")


def test_pass_line_above_total():
    err = refuse(edit(DEMO, "pass_line: 80", "pass_line: 120"))
    assert_names(err, line_of(DEMO, "id: demo-bonus-2024"), "demo-bonus-2024", "合格线 120")


def test_every_problem_is_listed_together():
    text = edit(YANZHOU, "total: 100", "total: 90")
    text = edit(text, "base: 2\n", "base: 5\n", after='- id: "2.2.2"')
    text = edit(text, "- id: 1.2.1c", "- id: 1.2.1z")
    err = refuse(text)
    ids = {p.obj_id for p in err.problems}
    assert {"yanzhou-2020", "2.2.2", "1.2.1z"} <= ids
    assert all(p.line for p in err.problems)


def test_points_are_exact_decimals():
    r = parse_rubric(YANZHOU, PATH)
    rule = r.rule_index()["1.2.1a"][1]
    assert isinstance(rule.points, Decimal)
    assert rule.points == Decimal("0.25")


def test_field_error_inside_tiers_names_the_tiers_line():
    old = "tiers: [{at: 0.5, points: 2}"
    text = edit(YANZHOU, old, "tiers: [{at: 1.5, points: 2}")
    err = refuse(text)
    msg = assert_names(err, line_of(YANZHOU, old), "2.2.1a", "数值不能大于上限")
    assert "rules.0.tiers.0.at：" in msg  # the kind tag is not shown as a field


def test_field_error_inside_a_target_rule():
    text = edit(YANZHOU, "threshold: 0.15", "threshold: 15")
    err = refuse(text)
    msg = assert_names(err, line_of(YANZHOU, "threshold: 0.15"), "6.1.1a", "数值不能大于上限")
    assert "rules.0.threshold：" in msg
