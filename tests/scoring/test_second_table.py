"""The second table (充分就业社区, schema 2): flat numbering, no departments, a capped bonus
section, parts not yet received, and the clause kinds of issue 13, with hand-computed scores."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rubric import RubricError, load_rubric, parse_rubric
from scoring import FindingsError, score, validate_findings
from scoring.report import parse_findings_text, scorecard_dict

D = Decimal
ROOT = Path(__file__).resolve().parents[2]
CF = load_rubric("chongfen-jiuye-shequ")

# every clause kind, one requirement each, in the table-driven style of test_rule_kinds
TYPICAL = {
    "1a": False,
    "2a": 1,
    "4a": ["限时办结"],
    "6a": D("0.92"),
    "7a": [D("0.65"), D("1"), D("0.85")],
    "8a": {"就业困难人员援助率": "100%", "零就业家庭动态清零率": "0.9", "公益性岗位安置率": 0.8},
    "9a": 4,
    "9b": True,
    "10a": 3,
    "11a": "85%",
    "13a": 2,
    "14a": D("0.93"),
    "15a": D("0.9"),
    "16a": True,
    "18a": 3,
    "19a": 6,
    "20a": 2,
    "21a": True,
}


def card(values=TYPICAL, unassessed=()):
    return score(CF, validate_findings(CF, values, unassessed))


def test_loads_with_flat_numbers_no_departments_and_no_date():
    assert CF.date is None and CF.issuer == "" and CF.numbering == "flat"
    assert [q.id for q in CF.requirements()][:3] == ["1", "2", "3"]
    assert all(q.departments == [] for q in CF.requirements())
    assert [s.max for s in CF.systems] == [20, 40, 25, 15, 10]
    assert (CF.total, CF.bonus_max, CF.max_score) == (100, 10, 110)


@pytest.mark.parametrize(
    ("req", "expected", "applied"),
    [
        ("1", "4", []),
        ("2", "3", [("2a", "-1")]),
        ("4", "3.5", [("4a", "-0.5")]),
        ("6", "4", [("6a", "4")]),
        ("7", "4", [("7a", "4")]),  # 每完成一项得2分: two of three targets met
        ("8", "2", [("8a", "-1")]),  # 一项未完成的扣1分: 0.9 < 100%
        ("9", "0", [("9a", "-4"), ("9b", "-1")]),
        ("10", "3", [("10a", "3")]),
        ("11", "3", [("11a", "3")]),
        ("12", "4", []),
        ("13", "5", [("13a", "-1")]),
        ("14", "5", [("14a", "5")]),
        ("15", "0", [("15a", "0")]),
        ("16", "3", [("16a", "-2")]),
        ("18", "3", [("18a", "3")]),
    ],
)
def test_each_clause_hand_computed(req, expected, applied):
    r = card().requirement(req)
    assert (r.status, r.score) == ("assessed", D(expected))
    assert [(a.rule, a.delta) for a in r.applied] == [(k, D(v)) for k, v in applied]
    assert r.base + sum((a.delta for a in r.applied), D(0)) == r.score


def test_threshold_deduct_records_the_measured_rates():
    r = card().requirement("8")
    assert r.applied[0].value == (D(1), D("0.9"), D("0.8"))
    d = scorecard_dict(card())
    entry = next(q for q in d["requirements"] if q["id"] == "8")["applied"][0]
    assert entry["value"] == [1, 0.9, 0.8]
    met = card(TYPICAL | {"8a": [1, 1, D("0.85")]}).requirement("8")
    assert met.score == 3 and [(a.rule, a.delta) for a in met.applied] == [("8a", 0)]


def test_totals_hand_computed():
    c = card()
    # 组织建设 18.5, 就业服务 25, 社会保障 11 (17 pending 5), 档案管理 pending 15,
    # 加分 6 + 4 + 6 = 16 counted as 10 (its cap)
    assert [s.score for s in c.systems] == [D("18.5"), 25, 11, 0, 10]
    assert [s.pending for s in c.systems] == [0, 0, 5, 15, 0]
    assert (c.total, c.max, c.pending) == (D("64.5"), 110, 20)
    assert (c.bonus, c.bonus_max, c.bonus_cut) == (10, 10, 0)
    bonus = c.systems[-1]
    assert (bonus.max, bonus.cut, bonus.cap_text) == (10, 6, "加分上限 10 分，超出的 6 分不计")
    # 已失分 is the main part only: 1.5 + 15 + 9, never the bonus not earned
    assert c.lost == D("25.5")
    assert sum((g.lost for g in c.gaps), D(0)) == c.lost


def test_json_explains_the_cap_and_reports_bonus_on_its_own_line():
    d = scorecard_dict(card())
    bonus = next(s for s in d["systems"] if s["id"] == "五")
    assert bonus == {
        "id": "五",
        "name": "加分项",
        "score": 10,
        "max": 10,
        "bonus": True,
        "cap": {"cut": 6, "text": "加分上限 10 分，超出的 6 分不计"},
    }
    assert d["bonus"] == {"score": 10, "max": 10, "pending": 0, "cut": 0}
    assert d["lost"] == 25.5
    assert sum(s["score"] for s in d["systems"]) == d["total"]


def test_missing_parts_are_pending_and_flagged():
    c = card()
    r = c.requirement("17")
    assert (r.status, r.missing, r.pending, r.lost) == ("unassessed", True, 5, 0)
    d = scorecard_dict(c)
    assert next(q for q in d["requirements"] if q["id"] == "17")["missing"] is True


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"7a": [0.7, 1]}, "应有 3 个比例"),
        ({"8a": {"就业困难人员援助率": 1}}, "缺少"),
        ({"7a": [0.7, 1, "九成"]}, "就业困难人员就业率"),
        ({"9a": 5}, "最多 4 项"),
    ],
)
def test_bad_measured_values_are_named(values, message):
    with pytest.raises(FindingsError) as exc:
        validate_findings(CF, values)
    assert message in str(exc.value)


def test_a_float_ratio_in_yaml_is_read_exactly():
    text = "findings:\n  14a: 0.89999999999999999999\n  15a: 0.95\n"
    data = parse_findings_text(text)
    values = validate_findings(CF, data["findings"]).values
    assert values["14a"] == D("0.89999999999999999999")  # below 90%, not rounded up to 0.9
    assert score(CF, validate_findings(CF, data["findings"])).requirement("14").score == 0


@pytest.mark.parametrize("text", ["0.8", "80%", "80％", " 0.80 "])
def test_ratio_as_text(text):
    yz = load_rubric("yanzhou-2020")
    assert validate_findings(yz, {"2.2.1a": text}).values["2.2.1a"] == D("0.8")


def test_huge_count_is_refused_and_big_counts_stay_exact():
    yz = load_rubric("yanzhou-2020")
    with pytest.raises(FindingsError) as exc:
        validate_findings(yz, {"1.3.3a": 10**35})
    assert "过大" in str(exc.value)
    r = score(yz, validate_findings(yz, {"1.3.3a": 10_000})).requirement("1.3.3")
    assert r.base + sum((a.delta for a in r.applied), D(0)) == r.score == 0


def test_floor_false_lets_a_deduction_go_below_zero():
    text = (
        CF_TEXT.replace(
            "        scoring: 未建立台账的扣2分；信息未及时更新的扣2分。\n        weight: 4\n",
            "        scoring: 未建立台账的扣2分；信息未及时更新的扣2分。\n        weight: 3\n"
            "        floor: false\n",
        )
        .replace("    points: 40\n", "    points: 39\n")
        .replace("total: 100", "total: 99")
    )
    r = parse_rubric(text)
    got = score(r, validate_findings(r, {"12a": True, "12b": True})).requirement("12")
    assert got.score == -1  # 3 - 2 - 2: no 扣完为止 written, so the loss is not stopped at 0


CF_TEXT = (ROOT / "rubric" / "standards" / "chongfen-jiuye-shequ.yaml").read_text(encoding="utf-8")


def test_nested_numbering_still_refuses_a_flat_id():
    text = CF_TEXT.replace("numbering: flat\n", "")
    with pytest.raises(RubricError) as exc:
        parse_rubric(text)
    assert "要求编号应以所属指标编号" in str(exc.value)


def test_bonus_section_needs_a_cap():
    text = CF_TEXT.replace("    cap: 10\n", "")
    with pytest.raises(RubricError) as exc:
        parse_rubric(text)
    assert "没有上限" in str(exc.value)


@settings(max_examples=150, deadline=None)
@given(
    g=st.sampled_from([0, 3, 6, 10]),
    n20=st.integers(0, 50),
    a21=st.booleans(),
    a22=st.booleans(),
    n23=st.integers(0, 200),
)
def test_bonus_never_exceeds_its_cap_and_never_counts_as_lost(g, n20, a21, a22, n23):
    values = TYPICAL | {"19a": g, "20a": n20, "21a": a21, "22a": a22, "23a": n23}
    c = card(values)
    bonus = c.systems[-1]
    raw = sum((r.score for r in c.requirements if r.system == "五"), D(0))
    assert bonus.score == min(raw, 10)
    assert bonus.cut == raw - bonus.score
    assert c.total == D("54.5") + bonus.score
    assert c.lost == D("25.5")
    assert c.total + c.pending + c.lost <= c.max
