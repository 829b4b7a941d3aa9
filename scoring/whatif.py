"""What-if: the points regained if given findings were cleared, and the best gaps to close first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rubric.models import Rubric
from scoring.engine import Gap, Scorecard, score
from scoring.findings import Findings, met_value


@dataclass(frozen=True)
class WhatIf:
    before: Scorecard
    after: Scorecard
    cleared: tuple[str, ...]

    @property
    def gain(self) -> Decimal:
        return self.after.total - self.before.total


def clear(rubric: Rubric, findings: Findings, ids: Iterable[str]) -> Findings:
    """Findings with each named rule set to its met value.

    A requirement id clears all its rules and takes the requirement out of ``unassessed``.
    """
    rules = rubric.rule_index()
    reqs = rubric.requirement_index()
    values = dict(findings.values)
    pending = set(findings.unassessed)
    for item in ids:
        if item in reqs:
            req = reqs[item]
            pending.discard(item)
            targets = [(req, rule) for rule in req.rules]
        elif item in rules:
            targets = [rules[item]]
        else:
            raise KeyError(item)
        for req, rule in targets:
            values[rule.id] = met_value(rule, req.weight)
    return Findings(values=values, unassessed=frozenset(pending))


def what_if(rubric: Rubric, findings: Findings, ids: Iterable[str]) -> WhatIf:
    ids = tuple(ids)
    return WhatIf(score(rubric, findings), score(rubric, clear(rubric, findings, ids)), ids)


@dataclass(frozen=True)
class GapGain:
    gap: Gap
    gain: Decimal


def gap_gains(rubric: Rubric, findings: Findings, card: Scorecard | None = None) -> list[GapGain]:
    """Each gap with the points closing it would bring, the largest gain first."""
    card = card or score(rubric, findings)
    out = []
    for gap in card.gaps:
        cleared = clear(rubric, findings, [gap.requirement])
        gain = score(rubric, cleared).total - card.total
        out.append(GapGain(gap, gain))
    order = {g.requirement: n for n, g in enumerate(card.gaps)}
    out.sort(key=lambda g: (-g.gain, order[g.gap.requirement]))
    return out


def best_gaps(rubric: Rubric, findings: Findings, n: int = 5) -> list[GapGain]:
    return [g for g in gap_gains(rubric, findings) if g.gain > 0][:n]
