"""Engine semantics of issue 9: award-only requirements without input are pending, mutually
exclusive rules, duplicate keys refused, and the 3.5.1 grade reading (spec 3, 4, 7)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rubric import RubricError, load_rubric, parse_rubric
from rubric.models import GradeRule
from scoring import FindingsError, score, validate_findings
from scoring.report import findings_from_data, parse_findings_text, scorecard_dict

D = Decimal
ROOT = Path(__file__).resolve().parents[2]
YZ = load_rubric("yanzhou-2020")
EXAMPLE = ROOT / "examples" / "findings-example.yaml"


# -- base-0 requirements ------------------------------------------------------------------------


def test_award_only_requirement_without_input_is_pending_not_lost():
    card = score(YZ, validate_findings(YZ, {}))
    r = card.requirement("2.3.1")
    assert (r.status, r.score, r.pending, r.lost) == ("unassessed", 0, 3, 0)
    gap = next(g for g in card.gaps if g.requirement == "2.3.1")
    assert (gap.lost, gap.pending) == (0, 3)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"2.3.1a": False}, "0"),  # reviewed: no award
        ({"2.3.1c": True}, "0"),  # reviewed: 无创新
        ({"2.3.1b": 0}, "0"),
        ({"2.3.1b": 2}, "2"),
    ],
)
def test_award_only_requirement_with_any_input_is_assessed(values, expected):
    r = score(YZ, validate_findings(YZ, values)).requirement("2.3.1")
    assert (r.status, r.score, r.lost) == ("assessed", D(expected), 3 - D(expected))


# -- the example of spec section 6 gives the figures of section 7 ---------------------------------


def test_spec_section_7_example():
    data = parse_findings_text(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    d = scorecard_dict(score(YZ, findings_from_data(YZ, data)))
    assert (d["rubric"], d["total"], d["max"], d["pending"]) == ("yanzhou-2020", 69.75, 100, 26)
    assert {k: d["systems"][0][k] for k in ("id", "name", "score", "max")} == {
        "id": "1",
        "name": "组织领导体系",
        "score": 12.75,
        "max": 15,
    }
    ind = next(i for i in d["indicators"] if i["id"] == "1.2")
    assert (ind["name"], ind["score"], ind["max"]) == ("组织领导", 2.75, 3)
    req = next(r for r in d["requirements"] if r["id"] == "1.2.1")
    assert {k: req[k] for k in ("id", "score", "max", "status", "departments")} == {
        "id": "1.2.1",
        "score": 0.75,
        "max": 1,
        "status": "assessed",
        "departments": ["区政府办公室", "区人社局"],
    }
    # each applied entry carries its value too (section 7: "the real output carries more keys")
    assert [{k: a[k] for k in ("rule", "delta", "text")} for a in req["applied"]] == [
        {"rule": "1.2.1a", "delta": -0.25, "text": "政府领导未挂帅的，扣0.25分"}
    ]
    gap = next(g for g in d["gaps"] if g["requirement"] == "1.2.1")
    assert {k: gap[k] for k in ("requirement", "lost", "departments", "rules")} == {
        "requirement": "1.2.1",
        "lost": 0.25,
        "departments": ["区政府办公室", "区人社局"],
        "rules": ["1.2.1a"],
    }
    pending = {g["requirement"] for g in d["gaps"] if g["pending"]}
    assert {"2.3.1", "3.5.1", "4.4.1"} <= pending


# -- mutually exclusive rules ---------------------------------------------------------------------


def test_contradictory_award_and_zero_are_refused_naming_both():
    with pytest.raises(FindingsError) as exc:
        validate_findings(YZ, {"2.3.1a": True, "2.3.1c": True})
    text = str(exc.value)
    assert "2.3.1a" in text and "2.3.1c" in text
    assert "不能同时成立" in text
    assert "确属创新且效果很好得3分" in text and "无创新不得分" in text


def test_exclusive_rules_not_both_fired_are_fine():
    one = validate_findings(YZ, {"2.3.1a": True, "2.3.1c": False})
    other = validate_findings(YZ, {"2.3.1a": False, "2.3.1c": True})
    assert one.values["2.3.1a"] is True and one.values["2.3.1c"] is False
    assert other.values["2.3.1a"] is False and other.values["2.3.1c"] is True


def test_old_351_contradiction_is_refused():
    # 3.5.1b and 3.5.1c of the old reading: b is now a grade, c no longer exists
    with pytest.raises(FindingsError) as exc:
        validate_findings(YZ, {"3.5.1b": True, "3.5.1c": True})
    rules = {p.rule for p in exc.value.problems}
    assert {"3.5.1b", "3.5.1c"} <= rules


def _yz_text() -> str:
    return (ROOT / "rubric" / "standards" / "yanzhou-2020.yaml").read_text(encoding="utf-8")


def test_rubric_exclusive_must_name_rules_of_the_requirement():
    text = _yz_text().replace("exclusive: [[2.3.1a, 2.3.1c]", "exclusive: [[2.3.1a, 2.2.1a]", 1)
    with pytest.raises(RubricError) as exc:
        parse_rubric(text, "bad.yaml")
    assert "2.2.1a" in str(exc.value) and "不属于本要求" in str(exc.value)


# -- duplicate keys -------------------------------------------------------------------------------


def test_duplicate_key_in_findings_is_refused_naming_both_lines():
    text = "rubric: yanzhou-2020\nfindings:\n  1.2.1a: true\n  1.3.3a: 1\n  1.2.1a: false\n"
    with pytest.raises(FindingsError) as exc:
        parse_findings_text(text, "f.yaml")
    msg = str(exc.value)
    assert "1.2.1a" in msg and "第 3 行" in msg and "第 5 行" in msg and "重复" in msg


def test_duplicate_key_in_json_findings_is_refused():
    text = '{"findings": {"1.2.1a": true,\n "1.2.1a": false}}'
    with pytest.raises(FindingsError) as exc:
        parse_findings_text(text, "f.json")
    assert "第 1 行" in str(exc.value) and "第 2 行" in str(exc.value)


def test_duplicate_key_in_rubric_is_refused_naming_both_lines():
    text = _yz_text()
    lines = text.splitlines(keepends=True)
    n = next(k for k, line in enumerate(lines) if line.strip() == "weight: 3")
    indent = lines[n][: len(lines[n]) - len(lines[n].lstrip())]
    lines.insert(n + 1, f"{indent}weight: 2\n")
    with pytest.raises(RubricError) as exc:
        parse_rubric("".join(lines), "dup.yaml")
    msg = str(exc.value)
    assert "weight" in msg and f"第 {n + 1} 行" in msg and f"第 {n + 2} 行" in msg


# -- 3.5.1 as base 1, a deduct, b a grade ---------------------------------------------------------


def test_351_is_encoded_as_a_grade_with_inferred_marks():
    q = YZ.requirement_index()["3.5.1"]
    assert (q.weight, q.base, q.inferred.base) == (3, 1, True)
    assert [r.id for r in q.rules] == ["3.5.1a", "3.5.1b"]
    a, b = q.rules
    assert (a.kind, a.points) == ("deduct", 1)
    assert isinstance(b, GradeRule)
    assert [(lv.points, lv.inferred) for lv in b.levels] == [(2, False), (1, True), (0, False)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"3.5.1b": 2}, "3"),  # 提高超过3个百分点: the appendix's 得2分
        ({"3.5.1b": 1}, "2"),  # between: the old reading's base 2
        ({"3.5.1b": 0}, "1"),  # 低于前3年平均: the old deduct 1
        ({"3.5.1a": True, "3.5.1b": 2}, "2"),
        ({"3.5.1a": True, "3.5.1b": 1}, "1"),
        ({"3.5.1a": True, "3.5.1b": 0}, "0"),
    ],
)
def test_351_scores_as_the_old_reading_for_every_valid_combination(values, expected):
    r = score(YZ, validate_findings(YZ, values)).requirement("3.5.1")
    assert (r.status, r.score) == ("assessed", D(expected))
    assert r.base + sum(a.delta for a in r.applied) == r.score


def test_351_without_its_grade_is_pending():
    r = score(YZ, validate_findings(YZ, {"3.5.1a": True})).requirement("3.5.1")
    assert (r.status, r.pending) == ("unassessed", 3)
