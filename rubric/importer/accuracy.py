"""How well an imported draft matches a hand-encoded rubric, clause by clause (the benchmark)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rubric.models import Rubric


@dataclass
class Accuracy:
    total: int = 0  # rules of the reference rubric
    clauses: int = 0  # clauses the draft read (a table's clauses the hand encoding merged count)
    exact: int = 0  # typed, not marked, and the same kind, points, cap and items
    # marked review: Rubric.to_review() of the draft, the one count the importer's report, the
    # app (「有 N 条条款待复核」) and the benchmark give
    marked: int = 0
    wrong: list[str] = field(default_factory=list)  # differ without a mark: must stay empty
    # draft clauses past the reference rule count of their requirement (3.5.1c: the table has
    # three clauses where the encoding has two rules), with whether each is marked
    unpaired: dict[str, bool] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.exact / self.total if self.total else 0.0


def _same(a, b) -> bool:
    keys = ("kind", "points", "cap", "items", "threshold")
    if any(getattr(a, k, None) != getattr(b, k, None) for k in keys):
        return False
    if a.kind == "tiers":
        return [(t.at, t.points) for t in a.tiers] == [(t.at, t.points) for t in b.tiers]
    if a.kind == "grade":
        return [lv.points for lv in a.levels] == [lv.points for lv in b.levels]
    return True


def compare(draft: Rubric, reference: Rubric) -> Accuracy:
    acc = Accuracy(clauses=len(draft.rules()), marked=len(draft.to_review()))
    # by position: a flat table's own numbers (21) and the draft's nested ids (5.1.3) differ
    mine_all = [q for q in draft.requirements() if q.status != "missing"]
    refs = [q for q in reference.requirements() if q.status != "missing"]
    for n_req, q in enumerate(refs):
        mine = mine_all[n_req] if n_req < len(mine_all) else None
        rules = mine.rules if mine else []
        for n, rule in enumerate(q.rules):
            acc.total += 1
            other = rules[n] if n < len(rules) else None
            if other is not None and _marked(other):
                continue
            if other is not None and _same(rule, other):
                acc.exact += 1
            else:
                acc.wrong.append(rule.id)
        for other in rules[len(q.rules) :]:  # the table has more clauses than the encoding
            acc.unpaired[other.id] = _marked(other)
    return acc


def _marked(rule) -> bool:
    return rule.kind == "review" or bool(rule.review)
