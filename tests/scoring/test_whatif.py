"""What-if (issue 2 item 4): points regained if findings were cleared; the best gaps first."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring import best_gaps, clear, gap_gains, score, validate_findings, what_if
from services import rubrics as svc

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "findings-example.yaml"


@pytest.fixture(scope="module")
def example():
    return svc.read_findings_file(EXAMPLE)


def test_clearing_1_2_1a_regains_exactly_0_25(example):
    rubric, findings = example
    w = what_if(rubric, findings, ["1.2.1a"])
    assert w.gain == Decimal("0.25")
    assert str(w.gain) == "0.25"
    assert w.after.requirement("1.2.1").score == 1
    assert w.cleared == ("1.2.1a",)
    assert w.before == score(rubric, findings)


def test_clearing_a_clamped_deduction_regains_only_the_weight(example):
    rubric, findings = example  # 1.3.3a: 3 x 0.5 = 1.5 on a weight of 1
    assert what_if(rubric, findings, ["1.3.3a"]).gain == 1


@pytest.mark.parametrize(
    ("req", "weight"), [("4.4.1", 2), ("2.2.2", 4), ("6.3.1", 2), ("3.6.1", 2)]
)
def test_clearing_a_pending_requirement_regains_its_full_weight(example, req, weight):
    rubric, findings = example
    before = score(rubric, findings).requirement(req)
    assert before.status == "unassessed" and before.pending == weight
    w = what_if(rubric, findings, [req])
    assert w.gain == weight
    after = w.after.requirement(req)
    assert (after.status, after.score) == ("assessed", weight)
    assert w.after.pending == w.before.pending - weight


def test_clearing_one_deduction_under_a_fired_zero_rule_regains_nothing(yz, card_for, met):
    findings = validate_findings(yz, met(yz) | {"1.2.1a": True, "1.2.1e": True})
    assert what_if(yz, findings, ["1.2.1a"]).gain == 0
    assert what_if(yz, findings, ["1.2.1e"]).gain == Decimal("0.75")
    assert what_if(yz, findings, ["1.2.1"]).gain == 1


def test_clear_leaves_the_original_alone(example):
    rubric, findings = example
    cleared = clear(rubric, findings, ["4.4.1", "1.2.1a", "2.1.1a"])
    assert findings.values["1.2.1a"] is True and "4.4.1" in findings.unassessed
    assert cleared.values["1.2.1a"] is False
    assert cleared.values["2.1.1a"] == 0
    assert "4.4.1" not in cleared.unassessed


def test_clear_unknown_id(example):
    rubric, findings = example
    with pytest.raises(KeyError):
        clear(rubric, findings, ["9.9.9a"])


def test_clearing_everything_gives_the_maximum(example):
    rubric, findings = example
    every = [q.id for q in rubric.requirements()]
    w = what_if(rubric, findings, every)
    assert w.after.total == 100 and w.after.pending == 0 and w.after.gaps == ()
    assert w.gain == w.before.lost + w.before.pending


def test_gap_gains_cover_every_gap_and_add_up(example):
    rubric, findings = example
    card = score(rubric, findings)
    gains = gap_gains(rubric, findings, card)
    assert {g.gap.requirement for g in gains} == {g.requirement for g in card.gaps}
    # requirements are independent: closing each gap alone regains its loss or pending weight
    for g in gains:
        assert g.gain == g.gap.lost + g.gap.pending
    assert sum(g.gain for g in gains) == card.lost + card.pending


def test_best_gaps_ordering(example):
    rubric, findings = example
    best = best_gaps(rubric, findings, n=5)
    assert [(g.gap.requirement, g.gain) for g in best] == [
        ("2.2.2", 4),
        ("2.3.1", 3),
        ("3.5.1", 3),
        ("3.6.1", 2),
        ("4.3.2", 2),
    ]
    everything = best_gaps(rubric, findings, n=100)
    gains = [g.gain for g in everything]
    assert gains == sorted(gains, reverse=True)
    assert all(g > 0 for g in gains)
    assert everything[-1].gap.requirement == "1.2.1" and everything[-1].gain == Decimal("0.25")


def test_best_gaps_of_a_perfect_card_is_empty(yz, met):
    findings = validate_findings(yz, met(yz) | {"2.3.1a": True})
    assert best_gaps(yz, findings) == []


def test_bonus_gain_stops_at_the_cap(demo, met):
    # main part met, bonus 4.2.1 at 10 already: the capped bonus leaves nothing to regain
    findings = validate_findings(demo, met(demo) | {"4.1.1a": 0})
    card = score(demo, findings)
    assert card.total == 110
    assert what_if(demo, findings, ["4.1.1a"]).gain == 0
