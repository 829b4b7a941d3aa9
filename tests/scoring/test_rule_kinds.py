"""A table of cases per rule kind, taken from the clauses of the Yanzhou appendix (spec 2, 3, 4).

Each case starts from findings where every requirement is assessed and fully met, applies the
case's findings, and checks the requirement's score and the applied deltas that explain it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rubric import load_rubric, parse_rubric
from rubric.models import POSITIVE_KINDS
from scoring import score, validate_findings
from scoring.report import scorecard_dict, scorecard_json

D = Decimal
YZ = load_rubric("yanzhou-2020")
ALL_21 = YZ.rule_index()["2.1.1a"][1].items
ALL_21B = ["高校毕业生", "退役军人", "农民工"]


def case(label, findings, req, expected, applied, unassessed=()):
    return pytest.param(findings, req, expected, applied, unassessed, id=label)


CASES = [
    # deduct ----------------------------------------------------------------------------------
    case("deduct 1.2.1a 政府领导未挂帅", {"1.2.1a": True}, "1.2.1", "0.75", [("1.2.1a", "-0.25")]),
    case("deduct false costs nothing", {"1.2.1a": False}, "1.2.1", "1", []),
    case(
        "deduct four 0.25 reach 0 exactly",
        {"1.2.1a": True, "1.2.1b": True, "1.2.1c": True, "1.2.1d": True},
        "1.2.1",
        "0",
        [("1.2.1a", "-0.25"), ("1.2.1b", "-0.25"), ("1.2.1c", "-0.25"), ("1.2.1d", "-0.25")],
    ),
    case("deduct 1.1.1a the whole weight", {"1.1.1a": True}, "1.1.1", "0", [("1.1.1a", "-1")]),
    case("deduct 1.2.3c 0.5", {"1.2.3c": True}, "1.2.3", "0.5", [("1.2.3c", "-0.5")]),
    case("deduct 3.4.1a 2 of 4", {"3.4.1a": True}, "3.4.1", "2", [("3.4.1a", "-2")]),
    case(
        "deduct 2.2.2c on a tiers base",
        {"2.2.2a": D("0.9"), "2.2.2c": True},
        "2.2.2",
        "3",
        [("2.2.2a", "2"), ("2.2.2c", "-1")],
    ),
    # deduct_each by count ----------------------------------------------------------------------
    case("deduct_each 1.3.3a x1", {"1.3.3a": 1}, "1.3.3", "0.5", [("1.3.3a", "-0.5")]),
    case("deduct_each 1.3.3a x2", {"1.3.3a": 2}, "1.3.3", "0", [("1.3.3a", "-1")]),
    case("deduct_each 1.3.3a x0", {"1.3.3a": 0}, "1.3.3", "1", []),
    case(
        "deduct_each 1.3.3a x3 clamps to 0",
        {"1.3.3a": 3},
        "1.3.3",
        "0",
        [("1.3.3a", "-1.5"), (None, "0.5")],
    ),
    case(
        "deduct_each 1.4.2a and 1.4.2b",
        {"1.4.2a": 1, "1.4.2b": 1},
        "1.4.2",
        "0",
        [("1.4.2a", "-0.5"), ("1.4.2b", "-0.5")],
    ),
    case("deduct_each 4.5.1b count", {"4.5.1b": 1}, "4.5.1", "1.5", [("4.5.1b", "-0.5")]),
    case("deduct_each items rule by count", {"2.1.1a": 2}, "2.1.1", "2", [("2.1.1a", "-1")]),
    # deduct_each by items ----------------------------------------------------------------------
    case(
        "deduct_each 2.1.1a two items",
        {"2.1.1a": ["市场准入", "融资服务"]},
        "2.1.1",
        "2",
        [("2.1.1a", "-1")],
    ),
    case("deduct_each no item ticked", {"2.1.1a": []}, "2.1.1", "3", []),
    case("deduct_each 2.1.1b all three", {"2.1.1b": ALL_21B}, "2.1.1", "0", [("2.1.1b", "-3")]),
    case(
        "deduct_each 2.2.3c three items",
        {"2.2.3c": ["项目开发", "风险评估", "创业型城市建设"]},
        "2.2.3",
        "4.5",
        [("2.2.3c", "-1.5")],
    ),
    case(
        "deduct_each 3.2.1c five items of 0.2",
        {"3.2.1c": ["办学经费", "教学场地", "设施设备", "教材", "师资"]},
        "3.2.1",
        "3",
        [("3.2.1c", "-1")],
    ),
    case(
        "deduct_each 4.2.3a one class",
        {"4.2.3a": ["中小企业服务机构"]},
        "4.2.3",
        "1",
        [("4.2.3a", "-1")],
    ),
    # clamp to 0 ----------------------------------------------------------------------------------
    case(
        "many deductions clamp to 0",
        {"2.1.1a": list(ALL_21), "2.1.1b": ALL_21B},
        "2.1.1",
        "0",
        [("2.1.1a", "-5"), ("2.1.1b", "-3"), (None, "5")],
    ),
    # award ----------------------------------------------------------------------------------------
    case("award 2.3.1a", {"2.3.1a": True}, "2.3.1", "3", [("2.3.1a", "3")]),
    case("award false on a zero base", {"2.3.1a": False}, "2.3.1", "0", []),
    case("grade 3.5.1b over the inferred base", {"3.5.1b": 2}, "3.5.1", "3", [("3.5.1b", "2")]),
    case("grade 3.5.1b middle level", {"3.5.1b": 1}, "3.5.1", "2", [("3.5.1b", "1")]),
    case(
        "deduct and grade 3.5.1",
        {"3.5.1a": True, "3.5.1b": 2},
        "3.5.1",
        "2",
        [("3.5.1a", "-1"), ("3.5.1b", "2")],
    ),
    case(
        "deduction and the lowest grade on an inferred base",
        {"3.5.1a": True, "3.5.1b": 0},
        "3.5.1",
        "0",
        [("3.5.1a", "-1"), ("3.5.1b", "0")],
    ),
    # award_each ----------------------------------------------------------------------------------
    case("award_each 2.3.1b x1", {"2.3.1a": False, "2.3.1b": 1}, "2.3.1", "1", [("2.3.1b", "1")]),
    case("award_each 2.3.1b x2", {"2.3.1a": False, "2.3.1b": 2}, "2.3.1", "2", [("2.3.1b", "2")]),
    case("award_each 2.3.1b x3", {"2.3.1a": False, "2.3.1b": 3}, "2.3.1", "3", [("2.3.1b", "3")]),
    case(
        "award_each beyond the weight clamps",
        {"2.3.1a": False, "2.3.1b": 5},
        "2.3.1",
        "3",
        [("2.3.1b", "5"), (None, "-2")],
    ),
    case(
        "award and award_each clamp to the weight",
        {"2.3.1a": True, "2.3.1b": 1},
        "2.3.1",
        "3",
        [("2.3.1a", "3"), ("2.3.1b", "1"), (None, "-1")],
    ),
    # grade ----------------------------------------------------------------------------------------
    *[
        case(f"grade {r} level {lv}", {r: lv}, r[:-1], str(lv), [(r, str(lv))])
        for r in ("1.6.1a", "3.6.1a", "4.3.2a", "4.6.1a")
        for lv in (2, 1, 0)
    ],
    # target --------------------------------------------------------------------------------------
    *[
        case(f"target {r} at {v}", {r: D(v)}, r[:-1], pts, [(r, pts)])
        for r, v, pts in [
            ("6.1.1a", "0.15", "2"),
            ("6.1.1a", "0.1499", "0"),
            ("6.1.1a", "0.16", "2"),
            ("6.1.1a", "0", "0"),
            ("6.1.1a", "1", "2"),
            ("6.2.1a", "0.70", "2"),
            ("6.2.1a", "0.6999", "0"),
            ("6.3.1a", "0.80", "2"),
            ("6.3.1a", "0.7999", "0"),
            ("6.4.1a", "0.80", "2"),
            ("6.4.1a", "0.7999", "0"),
            ("6.5.1a", "0.10", "2"),
            ("6.5.1a", "0.0999", "0"),
        ]
    ],
    case("target as a float 0.15", {"6.1.1a": 0.15}, "6.1.1", "2", [("6.1.1a", "2")]),
    # tiers 2.2.1a (base 0) -----------------------------------------------------------------------
    *[
        case(f"tiers 2.2.1a at {v}", {"2.2.1a": D(v)}, "2.2.1", pts, [("2.2.1a", pts)])
        for v, pts in [
            ("0", "0"),
            ("0.4999", "0"),
            ("0.50", "2"),
            ("0.7999", "2"),
            ("0.80", "3"),
            ("0.85", "3"),
            ("0.8999", "3"),
            ("0.90", "4"),
            ("1", "4"),
        ]
    ],
    # tiers 2.2.2a (base 2) -----------------------------------------------------------------------
    *[
        case(f"tiers 2.2.2a at {v}", {"2.2.2a": D(v)}, "2.2.2", total, [("2.2.2a", pts)])
        for v, pts, total in [
            ("0", "0", "2"),
            ("0.7999", "0", "2"),
            ("0.80", "1", "3"),
            ("0.8999", "1", "3"),
            ("0.90", "2", "4"),
            ("1", "2", "4"),
        ]
    ],
    case("tiers as a float 0.85", {"2.2.1a": 0.85}, "2.2.1", "3", [("2.2.1a", "3")]),
]


@pytest.mark.parametrize(("findings", "req", "expected", "applied", "unassessed"), CASES)
def test_rule_kind_case(card_for, findings, req, expected, applied, unassessed):
    r = card_for(YZ, findings, unassessed).requirement(req)
    assert r.status == "assessed"
    assert r.score == D(expected)
    assert [(a.rule, a.delta) for a in r.applied] == [(k, D(v)) for k, v in applied]
    assert r.base + sum((a.delta for a in r.applied), D(0)) == r.score
    assert D(0) <= r.score <= r.max


def test_clamp_entry_explains_the_clamp(card_for):
    r = card_for(YZ, {"1.3.3a": 3}).requirement("1.3.3")
    clamp = r.applied[-1]
    assert clamp.rule is None and clamp.kind == "clamp"
    assert "不低于 0" in clamp.text
    r = card_for(YZ, {"2.3.1a": False, "2.3.1b": 5}).requirement("2.3.1")
    assert "不超过本项分值 3" in r.applied[-1].text


# -- every zero rule ------------------------------------------------------------------------------

ZERO_RULES = [(q, rule) for q in YZ.requirements() for rule in q.rules if rule.kind == "zero"]


def _worst(q) -> dict:
    """Every other rule of the requirement at its worst: deductions fired, no awards."""
    out = {}
    for rule in q.rules:
        if rule.kind == "deduct":
            out[rule.id] = True
        elif rule.kind == "deduct_each":
            out[rule.id] = list(rule.items) if rule.items else 1
        elif rule.kind == "award":
            out[rule.id] = False
        elif rule.kind == "award_each":
            out[rule.id] = 0
        elif rule.kind in ("tiers", "target"):
            out[rule.id] = D(0)
        elif rule.kind == "grade":
            out[rule.id] = min(lv.points for lv in rule.levels)
    return out


def _quiet_exclusive(q, rule_id: str) -> dict:
    """The rules that cannot hold together with ``rule_id`` (spec 3), set not to fire."""
    rules = {r.id: r for r in q.rules}
    out: dict = {}
    for group in q.exclusive:
        if rule_id in group:
            for other in group:
                if other != rule_id:
                    out[other] = 0 if rules[other].kind.endswith("_each") else False
    return out


def _best(q) -> dict:
    """Every other rule at its best: no deduction, every award."""
    out = {}
    for rule in q.rules:
        if rule.kind in ("deduct", "zero"):
            out[rule.id] = False
        elif rule.kind == "award":
            out[rule.id] = True
        elif rule.kind == "award_each":
            out[rule.id] = 3
        elif rule.kind in ("tiers", "target"):
            out[rule.id] = D(1)
    return out


def test_zero_rules_are_all_here():
    assert len(ZERO_RULES) == 22
    assert {q.id for q, _ in ZERO_RULES} >= {"1.2.1", "2.2.2", "2.3.1", "4.2.1", "5.3.2"}


@pytest.mark.parametrize("others", ["met", "best", "worst"])
@pytest.mark.parametrize(("q", "rule"), ZERO_RULES, ids=[r.id for _, r in ZERO_RULES])
def test_every_zero_rule_gives_zero_whatever_else(card_for, q, rule, others):
    extra = {"met": {}, "best": _best(q), "worst": _worst(q)}[others]
    r = card_for(YZ, extra | _quiet_exclusive(q, rule.id) | {rule.id: True}).requirement(q.id)
    assert r.status == "assessed"
    assert r.score == 0
    assert r.applied[-1].rule == rule.id and r.applied[-1].kind == "zero"
    assert r.base + sum((a.delta for a in r.applied), D(0)) == 0
    assert rule.id in r.short_rules


@pytest.mark.parametrize(("q", "rule"), ZERO_RULES, ids=[r.id for _, r in ZERO_RULES])
def test_zero_rule_not_fired_changes_nothing(card_for, q, rule):
    # a reviewed award-only requirement (base 0) needs an input to be assessed at all
    reviewed = {r.id: False for r in q.rules if r.kind == "award"} if q.start == 0 else {}
    fired = card_for(YZ, reviewed | {rule.id: False}).requirement(q.id)
    untouched = card_for(YZ, reviewed).requirement(q.id)
    assert fired == untouched


def test_two_zero_rules_fire_once(card_for):
    r = card_for(YZ, {"4.2.1b": True, "4.2.1d": True}).requirement("4.2.1")
    assert r.score == 0
    assert [a.rule for a in r.applied] == ["4.2.1b"]
    assert set(r.short_rules) == {"4.2.1b", "4.2.1d"}


# -- unassessed ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule_id", [r.id for r in YZ.rules() if r.kind in ("tiers", "grade", "target")]
)
def test_missing_input_leaves_the_requirement_unassessed(card_for, met, rule_id):
    req = rule_id[:-1]
    card = card_for(YZ, {}, met=True)
    assert card.requirement(req).status == "assessed"
    values = {k: v for k, v in met(YZ).items() if k != rule_id}
    card = score(YZ, validate_findings(YZ, values))
    r = card.requirement(req)
    assert (r.status, r.score, r.pending, r.lost, r.applied) == ("unassessed", 0, r.max, 0, ())
    assert card.pending == r.max


def test_listed_unassessed_wins_over_findings(card_for):
    card = card_for(YZ, {"1.2.1a": True}, unassessed=["1.2.1"])
    r = card.requirement("1.2.1")
    assert (r.status, r.score, r.pending) == ("unassessed", 0, 1)
    assert card.pending == 1
    assert card.total == card_for(YZ, {}).total - 1


def test_zero_rule_with_missing_tier_input_is_still_pending(card_for):
    # spec section 3, read literally: a tiers rule without input leaves the requirement
    # unassessed; the zero rule makes no difference to the confirmed score (0 either way).
    card = card_for(YZ, {"2.2.2b": True}, met=False)
    assert card.requirement("2.2.2").status == "unassessed"
    assert card.requirement("2.2.2").score == 0


def test_every_requirement_met_gives_100(card_for):
    card = card_for(YZ, {"2.3.1a": True})
    assert (card.total, card.pending, card.lost, card.gaps) == (100, 0, 0, ())


def test_no_findings_at_all():
    card = score(YZ, validate_findings(YZ, {}))
    pending = {r.id for r in card.requirements if r.status == "unassessed"}
    inputs = {r.id[:-1] for r in YZ.rules() if r.kind in ("tiers", "grade", "target")}
    assert pending == inputs | {"2.3.1"}
    # 2.3.1 (award only, base 0) is pending too: none of its rules has input
    assert card.requirement("2.3.1").status == "unassessed"
    assert card.total + card.pending + card.lost == 100


# -- exact arithmetic -------------------------------------------------------------------------------


def test_three_deductions_of_0_2_are_exactly_0_6(card_for):
    items = ["全日制高等院校在校学生", "农村转移就业劳动者", "登记失业人员"]
    card = card_for(YZ, {"3.1.1a": items, "2.3.1a": True})
    r = card.requirement("3.1.1")
    assert r.applied[0].delta == D("-0.6")
    assert r.lost == D("0.6") and r.score == D("2.4")
    assert str(r.score) == "2.4"
    assert card.total == D("99.4")
    assert [g.lost for g in card.gaps] == [D("0.6")]
    text = scorecard_json(card)
    assert '"score": 2.4,' in text and '"lost": 0.6,' in text and '"delta": -0.6,' in text
    assert '"total": 99.4,' in text
    assert "2.4000000000000004" not in text and "0.6000000000000001" not in text
    assert scorecard_dict(card)["total"] == 99.4


def test_many_small_deductions_sum_exactly(card_for):
    fired = {f"1.2.{n}{c}": True for n, cs in ((1, "abcd"), (3, "ab")) for c in cs}
    fired |= {"3.2.1c": ["教材"], "3.1.1a": ["登记失业人员"], "2.3.1a": True}
    card = card_for(YZ, fired)
    assert card.total == D("98.1")
    assert card.indicators[1].score == D("1.5")  # 1.2: 0 + 1 + 0.5


# -- the second rubric: award_each with a cap, bonus section -------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0"), (1, "0.1"), (3, "0.3"), (19, "1.9"), (20, "2"), (25, "2")]
)
def test_award_each_with_cap(card_for, demo, count, expected):
    r = card_for(demo, {"4.1.1a": count}).requirement("4.1.1")
    assert r.score == D(expected)
    if count:
        # the rule's own cap, not the clamp: one entry, no clamp adjustment
        assert [(a.rule, a.delta) for a in r.applied] == [("4.1.1a", D(expected))]


@pytest.mark.parametrize(
    ("value", "expected"), [("0.1", "20"), ("0.0999", "19.98"), ("0.15", "30"), ("0", "0")]
)
def test_target_with_proportional_partial_credit(value, expected):
    text = (
        Path(__file__).resolve().parents[2] / "rubric/standards/demo-bonus-2024.yaml"
    ).read_text(encoding="utf-8")
    text = text.replace(
        "measure: 创业活跃度\n", "measure: 创业活跃度\n                partial: proportional\n"
    )
    rubric = parse_rubric(text, "partial.yaml")
    values = {"2.1.1a": 1, "2.2.2a": 10, "4.2.1a": 1, "3.1.1a": D(value)}
    r = score(rubric, validate_findings(rubric, values)).requirement("3.1.1")
    assert r.score == D(expected)


def test_positive_kinds_are_the_spec_ones():
    assert set(POSITIVE_KINDS) == {"award", "award_each", "tiers", "grade", "target", "target_each"}
