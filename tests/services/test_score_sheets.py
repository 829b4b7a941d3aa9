"""``score_sheets`` (a batch's rounds, one memo of requirement results) gives what the whole
round's merge and scoring give, round by round; the memo never answers for another input."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

import pytest

from rubric import load_rubric
from scoring import FindingsError, engine, score
from services.demo.synthetic import requirement_values
from services.rounds import sheets
from services.rounds.sheets import COPIED, merge_sheets, score_sheets, store_value

RUBRIC = load_rubric("yanzhou-2020")


def check(req: str, inspector: int | None = 1, agreed: bool = False, status: str = "reviewed"):
    return SimpleNamespace(requirement_id=req, inspector_id=inspector, agreed=agreed, status=status)


def stored(values: dict) -> dict:
    """A sheet as the database gives it back (JSON of the stored values)."""
    return {k: json.loads(json.dumps(store_value(v))) for k, v in values.items()}


def whole(checks, values):
    return score(RUBRIC, merge_sheets(RUBRIC, checks, values).findings)


def random_round(rng: random.Random):
    """Checks and sheets of every kind: one inspector, two who agree or differ, the lead's agreed
    sheet, values copied from an earlier round, a recheck, nothing."""
    checks, values = [], {}
    for req in RUBRIC.requirements():
        sheet = stored(requirement_values(req, rng, rng.random()))
        how = rng.choice(["one", "two", "differ", "agreed", "copied", "recheck", "none"])
        if how == "none":
            continue
        who = {
            "one": [(1, False, "reviewed")],
            "two": [(1, False, "reviewed"), (2, False, "reviewed")],
            "differ": [(1, False, "reviewed"), (2, False, "reviewed")],
            "agreed": [(1, False, "reviewed"), (9, True, "reviewed")],
            "copied": [(None, False, COPIED)],
            "recheck": [(1, False, "recheck")],
        }[how]
        for n, (inspector, agreed, status) in enumerate(who):
            checks.append(check(req.id, inspector, agreed, status))
            own = sheet
            if how == "differ" and n == 1:
                own = stored(requirement_values(req, rng, rng.random()))
            values.setdefault((inspector, agreed), {})[req.id] = own
    return checks, values


def test_a_batch_scores_every_round_as_its_own_merge_does():
    rng = random.Random(7)
    memo: dict = {}
    rounds = [random_round(rng) for _ in range(40)]
    # rounds sharing sheet objects (as a batch's loader gives them) take the memo's results
    rounds += [(checks, {k: dict(v) for k, v in values.items()}) for checks, values in rounds]
    for checks, values in rounds:
        assert score_sheets(RUBRIC, checks, values, memo) == whole(checks, values)


def test_the_memo_is_used_for_the_same_sheet_object(monkeypatch):
    req = RUBRIC.requirements()[0]
    sheet = stored({r.id: False for r in req.rules})
    made = []
    real = engine.requirement_result
    monkeypatch.setattr(sheets, "requirement_result", lambda *a: made.append(a[0].id) or real(*a))
    memo: dict = {}
    for unit in (1, 2, 3):  # three rounds, another inspector each, one shared sheet
        score_sheets(RUBRIC, [check(req.id, unit)], {(unit, False): {req.id: sheet}}, memo)
    assert made.count(req.id) == 1


def test_the_memo_does_not_answer_for_other_values():
    req = next(q for q in RUBRIC.requirements() if any(r.kind == "deduct" for r in q.rules))
    rule = next(r for r in req.rules if r.kind == "deduct")
    memo: dict = {}
    cards = []
    for fired in (False, True, False):
        sheet = stored({r.id: False for r in req.rules} | {rule.id: fired})
        checks, values = [check(req.id)], {(1, False): {req.id: sheet}}
        cards.append(score_sheets(RUBRIC, checks, values, memo))
        assert cards[-1] == whole(checks, values)
    assert cards[0].requirement(req.id).score > cards[1].requirement(req.id).score
    assert cards[0] == cards[2]


def test_an_invalid_value_raises_as_the_whole_merge_does():
    req = RUBRIC.requirements()[0]
    rule = req.rules[0]
    checks = [check(req.id)]
    values = {(1, False): {req.id: {rule.id: "not a value"}}}
    with pytest.raises(FindingsError) as whole_error:
        whole(checks, values)
    with pytest.raises(FindingsError) as batch_error:
        score_sheets(RUBRIC, checks, values, {})
    assert str(batch_error.value) == str(whole_error.value)


def test_a_rule_of_another_requirement_counts_as_the_whole_merge_counts_it():
    first, second = RUBRIC.requirements()[:2]
    stray = next(r for r in second.rules if r.kind in ("deduct", "zero"))
    checks = [check(first.id)]
    values = {(1, False): {first.id: stored({r.id: False for r in first.rules}) | {stray.id: True}}}
    assert score_sheets(RUBRIC, checks, values, {}) == whole(checks, values)
