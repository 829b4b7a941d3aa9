"""Hypothesis properties of the engine over random valid findings built from the rubric's rules."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rubric import load_rubric
from rubric.models import Rubric
from scoring import Findings, clear, score, validate_findings
from scoring.findings import fires
from scoring.report import scorecard_dict

YZ = load_rubric("yanzhou-2020")
DEMO = load_rubric("demo-bonus-2024")
ZERO = Decimal(0)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ratios(edges: list[Decimal]) -> st.SearchStrategy[Decimal]:
    """Ratios in [0, 1] as Decimals, with the rule's own thresholds and their neighbours likely."""
    step = Decimal("0.0001")
    near = sorted({e + d for e in edges for d in (-step, ZERO) if 0 <= e + d <= 1})
    return st.one_of(
        st.decimals(min_value=0, max_value=1, places=4),
        st.sampled_from(near + [ZERO, Decimal(1)]),
    )


def value_of(rule) -> st.SearchStrategy:
    kind = rule.kind
    if kind in ("deduct", "zero", "award"):
        return st.booleans()
    if kind in ("deduct_each", "award_each"):
        if rule.items:
            return st.one_of(
                st.integers(0, len(rule.items)),
                st.lists(st.sampled_from(rule.items), unique=True),
            )
        return st.integers(0, rule.max_count or 30)
    if kind == "tiers":
        return ratios([t.at for t in rule.tiers])
    if kind == "target":
        return ratios([rule.threshold])
    if kind == "grade":
        return st.sampled_from([lv.points for lv in rule.levels])
    raise AssertionError(kind)


def findings_for(rubric: Rubric) -> st.SearchStrategy[Findings]:
    """Each rule has a finding or none (None: left out); a few requirements are unassessed."""
    values = st.fixed_dictionaries(
        {rule.id: st.one_of(st.none(), value_of(rule)) for rule in rubric.rules()}
    )
    pending = st.sets(st.sampled_from([q.id for q in rubric.requirements()]), max_size=6)
    return st.builds(
        lambda v, u: validate_findings(rubric, consistent(rubric, v), sorted(u)),
        values,
        pending,
    )


def consistent(rubric: Rubric, values: dict) -> dict:
    """The values given, where of each group of mutually exclusive rules only the first fires."""
    out = {k: x for k, x in values.items() if x is not None}
    for q in rubric.requirements():
        for group in q.exclusive:
            fired = [rid for rid in group if fires(out.get(rid))]
            for rid in fired[1:]:
                del out[rid]
    return out


def _sum(xs) -> Decimal:
    return sum(xs, ZERO)


@SETTINGS
@given(findings_for(YZ))
def test_scorecard_invariants(findings):
    card = score(YZ, findings)
    reqs = {q.id: q for q in YZ.requirements()}
    for r in card.requirements:
        q = reqs[r.id]
        assert ZERO <= r.score <= q.weight
        assert r.max == q.weight
        if r.status == "unassessed":
            assert (r.score, r.pending, r.lost, r.applied) == (ZERO, q.weight, ZERO, ())
        else:
            assert r.status == "assessed"
            assert r.base + _sum(a.delta for a in r.applied) == r.score
            assert r.pending == ZERO
        # exact: every point in this rubric is a multiple of 0.05
        assert r.score % Decimal("0.05") == 0
    for i in card.indicators:
        mine = [r for r in card.requirements if r.indicator == i.id]
        assert i.score == _sum(r.score for r in mine)
        assert i.pending == _sum(r.pending for r in mine)
        assert i.max == _sum(r.max for r in mine)
    for s in card.systems:
        mine = [i for i in card.indicators if i.id.split(".")[0] == s.id]
        assert s.score == _sum(i.score for i in mine)
        assert s.pending == _sum(i.pending for i in mine)
        assert s.max == _sum(i.max for i in mine)
    assert card.total == _sum(s.score for s in card.systems)
    assert card.pending == _sum(s.pending for s in card.systems)
    lost = _sum(r.lost for r in card.requirements)
    assert card.total + card.pending + lost == card.max == 100
    assert card.lost == lost


@SETTINGS
@given(findings_for(YZ))
def test_gaps_are_every_loss_and_pending_largest_first(findings):
    card = score(YZ, findings)
    expected = {r.id for r in card.requirements if r.lost > 0 or r.pending > 0}
    assert {g.requirement for g in card.gaps} == expected
    keys = [(-g.lost, -g.pending) for g in card.gaps]
    assert keys == sorted(keys)
    assert _sum(g.lost for g in card.gaps) == card.lost
    assert _sum(g.pending for g in card.gaps) == card.pending


def _fired(findings: Findings) -> list[str]:
    index = YZ.rule_index()
    return [
        rule_id
        for rule_id, value in findings.values.items()
        if (index[rule_id][1].kind in ("deduct", "zero") and value is True)
        or (index[rule_id][1].kind == "deduct_each" and findings.count(rule_id) > 0)
    ]


@SETTINGS
@given(findings_for(YZ), st.data())
def test_clearing_a_fired_deduction_never_lowers_the_total(findings, data):
    fired = _fired(findings)
    if not fired:
        return
    rule_id = data.draw(st.sampled_from(fired))
    kind = YZ.rule_index()[rule_id][1].kind
    cleared_value = False if kind in ("deduct", "zero") else data.draw(st.sampled_from([0, ()]))
    cleared = Findings({**findings.values, rule_id: cleared_value}, findings.unassessed)
    before, after = score(YZ, findings), score(YZ, cleared)
    assert after.total >= before.total
    req = rule_id[:-1]
    assert after.requirement(req).score >= before.requirement(req).score
    # no other requirement moves
    others = [(a.id, a.score) for a in after.requirements if a.id != req]
    assert others == [(b.id, b.score) for b in before.requirements if b.id != req]


@SETTINGS
@given(findings_for(YZ), st.data())
def test_clear_regains_exactly_the_gap(findings, data):
    card = score(YZ, findings)
    if not card.gaps:
        return
    gap = data.draw(st.sampled_from(card.gaps))
    after = score(YZ, clear(YZ, findings, [gap.requirement]))
    assert after.total - card.total == gap.lost + gap.pending
    assert after.requirement(gap.requirement).score == after.requirement(gap.requirement).max


@SETTINGS
@given(findings_for(YZ))
def test_json_numbers_are_exact(findings):
    card = score(YZ, findings)
    d = json.loads(json.dumps(scorecard_dict(card)))
    assert Decimal(str(d["total"])) == card.total
    for r, rd in zip(card.requirements, d["requirements"], strict=True):
        assert Decimal(str(rd["score"])) == r.score
        assert [Decimal(str(a["delta"])) for a in rd["applied"]] == [a.delta for a in r.applied]


@SETTINGS
@given(findings_for(DEMO))
def test_bonus_is_capped(findings):
    card = score(DEMO, findings)
    main = _sum(s.score for s in card.systems if not s.bonus)
    bonus = _sum(s.score for s in card.systems if s.bonus)
    assert card.max == 110
    assert card.total == main + min(bonus, Decimal(10))
    assert ZERO <= card.total <= 110
    assert card.total + card.pending <= card.max
    for r in card.requirements:
        assert ZERO <= r.score <= r.max
        if r.status == "assessed":
            assert r.base + _sum(a.delta for a in r.applied) == r.score
    assert all(g.requirement[0] != "4" for g in card.gaps)  # bonus is never a loss
