"""The office's 总览 and 整改清单, read from the round's state (services.rounds.state)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reports.inputs import MISSING_WORD, GapRow, ScoreWords
from services.actor import Actor
from services.rounds.state import RoundState, load_state
from services.rounds.words import score_words
from store.rounds import STAGES, Round

OVERVIEW_ROLES = ("office", "inspector", "viewer")


@dataclass(frozen=True)
class Overview:
    state: RoundState
    completion: list[dict]
    stages: list[tuple[str, dt.date | None]]
    current_stage: str | None

    @property
    def round(self) -> Round:
        return self.state.round

    @property
    def unit(self) -> str:
        return self.state.unit

    @property
    def rubric(self):
        return self.state.rubric

    @property
    def card(self):
        return self.state.card

    @property
    def today(self) -> dt.date:
        return self.state.today

    @property
    def words(self) -> ScoreWords:
        """待补充细则, the caps and the 加分 line of the round's scorecard."""
        return score_words(self.state.rubric, self.state.card)


def stage_now(rnd: Round, today: dt.date) -> str | None:
    for key, label in STAGES:
        end = getattr(rnd, key)
        if end and today <= end:
            return label
    return None


def gap_row(state: RoundState, item) -> GapRow:
    return GapRow(
        requirement=item.requirement,
        indicator=f"{item.indicator} {item.indicator_name}".strip(),
        text=item.text,
        lost=item.lost,
        pending=item.pending,
        clauses=_clauses(item),
        departments="、".join(item.departments),
        due=item.due,
        status=item.status_label,
        gain=item.gain,
        overdue_days=max((o.overdue_days for o in item.owners), default=0),
    )


def _clauses(item) -> str:
    if item.missing:
        return MISSING_WORD
    if item.clauses:
        return "；".join(item.clauses)
    return "尚待评定" if item.pending else ""


def gap_rows(state: RoundState) -> list[GapRow]:
    """整改清单: every open item of the round, in rubric order (one row per requirement)."""
    return [gap_row(state, i) for i in state.gaps]


def completion(state: RoundState) -> list[dict]:
    """Per department: requirements it answers for and how many have approved/pending/... evidence."""
    rows: dict[int, dict] = {}
    for item in state.items:
        for o in item.owners:
            row = rows.setdefault(
                o.department_id,
                {
                    "department": o.department,
                    "department_id": o.department_id,
                    "office": o.kind == "office",
                    "assigned": 0,
                    "approved": 0,
                    "pending": 0,
                    "returned": 0,
                    "none": 0,
                    "open": 0,
                    "overdue": 0,
                },
            )
            row["assigned"] += 1
            row[o.status] += 1
            row["open"] += item.is_gap
            row["overdue"] += o.overdue
    out = sorted(rows.values(), key=lambda r: r["department_id"])
    for r in out:
        r["ratio"] = r["approved"] / r["assigned"] if r["assigned"] else 0.0
    return out


def build_overview(actor: Actor, round_id: int, today: dt.date | None = None) -> Overview:
    actor.require(*OVERVIEW_ROLES, action="查看总览")
    state = load_state(actor, round_id, today)
    rnd = state.round
    return Overview(
        state=state,
        completion=completion(state),
        stages=[(label, getattr(rnd, key)) for key, label in STAGES],
        current_stage=stage_now(rnd, state.today),
    )
