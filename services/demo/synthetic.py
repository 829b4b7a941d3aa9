"""Valid made-up findings for demo and benchmark units: better or worse by a ``quality`` share."""

from __future__ import annotations

import random
from decimal import Decimal

from scoring.findings import fires


def rule_value(rule, rng: random.Random, quality: float) -> object:
    """A valid value for one rule; with quality 1 mostly full marks, with 0 mostly none."""
    good = rng.random() < quality
    kind = rule.kind
    if kind in ("deduct", "zero"):
        return not good and rng.random() < 0.6
    if kind == "award":
        return good
    if kind in ("deduct_each", "award_each"):
        top = len(rule.items) if rule.items else (rule.max_count or 4)
        n = round(top * (quality if kind == "award_each" else 1 - quality) * rng.random() * 2)
        n = max(0, min(top, n))
        return rng.sample(list(rule.items), n) if rule.items else n
    if kind in ("tiers", "target"):
        edge = max(t.at for t in rule.tiers) if kind == "tiers" else rule.threshold
        scale = Decimal(str(round(quality + rng.uniform(-0.3, 0.3), 4)))
        return min(
            Decimal(1), max(Decimal(0), (edge * scale * Decimal("1.2")).quantize(Decimal("0.0001")))
        )
    if kind == "grade":
        levels = sorted((lv.points for lv in rule.levels), reverse=True)
        return levels[0] if good else rng.choice(levels)
    raise ValueError(kind)


def _silent(value: object) -> object:
    """The same kind of value, not firing."""
    if isinstance(value, bool):
        return False
    if isinstance(value, list | tuple):
        return []
    return type(value)(0)


def requirement_values(req, rng: random.Random, quality: float) -> dict:
    """rule id -> value for every rule of a requirement; of rules the requirement declares
    mutually exclusive, only one fires."""
    values = {r.id: rule_value(r, rng, quality) for r in req.rules}
    for group in req.exclusive:
        fired = [rid for rid in group if fires(values.get(rid))]
        for rid in fired[1:]:
            values[rid] = _silent(values[rid])
    return values
