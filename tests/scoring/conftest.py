"""Shared fixtures for the scoring tests: the two shipped rubrics and findings helpers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rubric import load_rubric
from rubric.models import INPUT_REQUIRED_KINDS, POSITIVE_KINDS, GradeRule, Rubric
from scoring import Findings, score, validate_findings
from scoring.findings import met_value


def met_inputs(rubric: Rubric) -> dict[str, object]:
    """Inputs for every tiers/grade/target rule at its best, so every requirement is assessed.

    An award-only requirement (base 0) gets its first award at its best too: without any input
    it would be pending (spec 3).
    """
    out: dict[str, object] = {}
    for rule in rubric.rules():
        if rule.kind in INPUT_REQUIRED_KINDS:
            if isinstance(rule, GradeRule):
                out[rule.id] = max(lv.points for lv in rule.levels)
            else:
                out[rule.id] = Decimal(1)
    for q in rubric.requirements():
        if q.start == 0 and not any(rule.id in out for rule in q.rules):
            first = next(rule for rule in q.rules if rule.kind in POSITIVE_KINDS)
            out[first.id] = met_value(first, q.weight)
    return out


@pytest.fixture(scope="session")
def yz() -> Rubric:
    return load_rubric("yanzhou-2020")


@pytest.fixture(scope="session")
def demo() -> Rubric:
    return load_rubric("demo-bonus-2024")


@pytest.fixture(scope="session")
def met():
    """met(rubric) -> inputs for every tiers/grade/target rule at its best."""
    return met_inputs


@pytest.fixture(scope="session")
def card_for():
    """card_for(rubric, overrides, unassessed=(), met=True) -> Scorecard of validated findings."""

    def run(rubric: Rubric, overrides: dict, unassessed=(), met: bool = True):
        values = (met_inputs(rubric) if met else {}) | overrides
        findings: Findings = validate_findings(rubric, values, unassessed)
        return score(rubric, findings)

    return run
