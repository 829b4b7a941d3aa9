"""The findings validator (spec section 6): each problem names its rule; nothing is scored."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring import FindingsError, validate_findings
from scoring.findings import Findings
from scoring.report import findings_from_data, parse_findings_text
from services import rubrics as svc

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
EXAMPLE = ROOT / "examples" / "findings-example.yaml"


def problems(rubric, values, unassessed=()) -> dict[str, str]:
    with pytest.raises(FindingsError) as info:
        validate_findings(rubric, values, unassessed)
    return {p.rule: p.message for p in info.value.problems}


@pytest.mark.parametrize(
    ("rule", "value", "words"),
    [
        ("1.2.9z", True, "没有这条规则"),
        ("1.2.1", True, "没有这条规则"),  # a requirement id is not a rule id
        ("1.2.1a", "true", "true 或 false"),
        ("1.2.1a", 1, "true 或 false"),
        ("1.2.1e", "是", "true 或 false"),
        ("2.3.1a", None, "true 或 false"),
        ("1.3.3a", "3", "非负整数"),
        ("1.3.3a", True, "非负整数"),
        ("1.3.3a", 1.5, "非负整数"),
        ("1.3.3a", -1, "不能为负数"),
        ("1.3.3a", ["某单位"], "没有列举项"),
        ("2.1.1b", 4, "超过规则所列的最多 3 项"),
        ("2.1.1a", 11, "最多 10 项"),
        ("2.1.1a", ["市场准入", "火星登陆"], "「火星登陆」不在规则所列之中"),
        ("2.1.1a", ["市场准入", "市场准入"], "重复"),
        ("2.2.1a", 1.2, "0 到 1"),
        ("2.2.1a", -0.1, "0 到 1"),
        ("2.2.1a", "五成", "0 到 1"),  # a ratio as text is fine ("0.5", "50%"), words are not
        ("2.2.1a", True, "0 到 1"),
        ("6.1.1a", Decimal("1.0001"), "0 到 1"),
        ("6.1.1a", float("nan"), "0 到 1"),
        ("1.6.1a", 1.5, "2、1、0 之一"),
        ("1.6.1a", 3, "之一"),
        ("1.6.1a", "1", "之一"),
        ("1.6.1a", True, "之一"),
    ],
)
def test_bad_value_is_named(yz, rule, value, words):
    got = problems(yz, {rule: value})
    assert list(got) == [rule]
    assert words in got[rule]


def test_unknown_id_in_unassessed(yz):
    got = problems(yz, {}, ["4.4.1", "9.9.9", "1.2.1a"])
    assert set(got) == {"9.9.9", "1.2.1a"}
    assert "unassessed" in got["9.9.9"]


def test_all_problems_are_listed_together(yz):
    bad = {
        "1.2.1a": "是",
        "1.2.9z": True,
        "2.1.1b": 4,
        "2.1.1a": ["市场准入", "火星登陆"],
        "2.2.1a": 1.2,
        "6.1.1a": -0.1,
        "1.6.1a": 1.5,
        "1.3.3a": 1,  # valid: not reported
    }
    with pytest.raises(FindingsError) as info:
        validate_findings(yz, bad, ["9.9.9"])
    named = [p.rule for p in info.value.problems]
    assert named == ["1.2.1a", "1.2.9z", "2.1.1b", "2.1.1a", "2.2.1a", "6.1.1a", "1.6.1a", "9.9.9"]
    text = str(info.value)
    assert all(rule in text for rule in named)


def test_nothing_is_scored_from_an_invalid_file():
    with pytest.raises(FindingsError) as info:
        svc.score_findings_file(DATA / "findings-invalid.yaml")
    named = {p.rule for p in info.value.problems}
    assert named == {"1.2.1a", "1.2.9z", "2.1.1b", "2.1.1a", "2.2.1a", "6.1.1a", "1.6.1a", "9.9.9"}


def test_values_are_normalised(yz):
    f = validate_findings(
        yz,
        {"1.2.1a": True, "1.3.3a": 3, "2.1.1a": ["市场准入"], "2.2.1a": 0.85, "1.6.1a": 1},
        ["4.4.1"],
    )
    assert f.values == {
        "1.2.1a": True,
        "1.3.3a": 3,
        "2.1.1a": ("市场准入",),
        "2.2.1a": Decimal("0.85"),
        "1.6.1a": Decimal(1),
    }
    assert f.unassessed == frozenset({"4.4.1"})
    assert f.count("2.1.1a") == 1 and f.count("1.3.3a") == 3 and f.count("1.3.3b") == 0


def test_floats_become_their_shortest_decimal(yz):
    f = validate_findings(yz, {"2.2.1a": 0.1 + 0.7})  # 0.7999999999999999 as a float
    assert f.values["2.2.1a"] == Decimal("0.7999999999999999")


def test_example_file_validates():
    rubric, findings = svc.read_findings_file(EXAMPLE)
    assert rubric.id == "yanzhou-2020"
    assert isinstance(findings, Findings)
    assert findings.values["2.1.1a"] == ("市场准入", "融资服务")
    assert findings.unassessed == frozenset({"4.4.1"})


def test_example_file_is_the_spec_example_verbatim():
    spec = ROOT.parent / "shared" / "spec" / "yanzhou-rubric.md"
    if not spec.is_file():
        pytest.skip("the spec is not available")
    block = spec.read_text(encoding="utf-8").split("## 6.", 1)[1].split("```yaml\n", 1)[1]
    assert EXAMPLE.read_text(encoding="utf-8") == block.split("```", 1)[0]


def test_json_findings_file_scores_like_the_yaml_one():
    a = svc.score_findings_file(EXAMPLE)
    b = svc.score_findings_file(DATA / "findings-example.json")
    assert a == b


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("findings: [1, 2", "<f>", "YAML"),
        ("- 1\n- 2\n", "<f>", "键值结构"),
        ("rubric: yanzhou-2020\nfinding: {}\n", "<f>", "未知字段：finding"),
        ("findings: [1.2.1a]\n", "findings", "键值结构"),
        ("unassessed: 4.4.1\n", "unassessed", "列表"),
        ("rubric: 2020\nfindings: {}\n", "rubric", "编号或文件路径"),
        ("rubric: [yanzhou-2020]\n", "rubric", "编号或文件路径"),
    ],
)
def test_findings_text_refusals(text, where, words):
    with pytest.raises(FindingsError) as info:
        parse_findings_text(text, "<f>")
    (p,) = info.value.problems
    assert p.rule == where and words in p.message


def test_empty_findings_and_unassessed(yz):
    data = parse_findings_text("rubric: yanzhou-2020\nfindings:\nunassessed:\n")
    assert findings_from_data(yz, data) == Findings()


def test_missing_findings_file_is_refused(tmp_path):
    with pytest.raises(FindingsError, match="文件不存在"):
        svc.read_findings_file(tmp_path / "none.yaml")


def test_rubric_option_overrides_the_file(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_text("rubric: yanzhou-2020\nfindings:\n  4.1.1a: 3\n", encoding="utf-8")
    rubric, findings = svc.read_findings_file(f, "demo-bonus-2024")
    assert rubric.id == "demo-bonus-2024" and findings.values == {"4.1.1a": 3}


def test_rubric_path_relative_to_the_findings_file(tmp_path):
    src = ROOT / "rubric" / "standards" / "demo-bonus-2024.yaml"
    (tmp_path / "mine.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    f = tmp_path / "f.yaml"
    f.write_text("rubric: mine.yaml\nfindings:\n  4.1.1a: 3\n", encoding="utf-8")
    rubric, _ = svc.read_findings_file(f)
    assert rubric.id == "demo-bonus-2024"
