"""Stored figures of each unit's current round (``round_snapshot``), made from its RoundState.

A snapshot keeps what a roll-up line needs and does not depend on the day: the score, each
system, the open items that lost points with their departments, and the deadlines of the open
items and of the departments that still have to act on them (counted by date). ``figures_from`` counts what is overdue on
a given day from those deadlines; ``unit_figures`` of a unit's own state goes through the same
two functions, so a roll-up line and the unit's 总览 cannot disagree.

Triggers raise ``unit_change.version`` on every write the figures depend on; a snapshot made at
an older version (or of another rubric text or scoring code) is stale and made again, in bulk,
by ``fresh_snapshots``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import chain
from pathlib import Path

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from rubric import Rubric
from scoring import Scorecard
from services.rollup.build import _rows, gc_paused, rubrics_of
from services.rollup.bulk import open_items
from services.rounds.deadlines import days_overdue
from services.rounds.overview import stage_now
from services.rounds.state import RoundState, owner_must_act
from store.base import utcnow
from store.org import Unit
from store.rounds import Round
from store.snapshot_tables import RoundSnapshot, UnitChange

ROOT = Path(__file__).resolve().parent.parent.parent
# the code a snapshot's figures come from: a change to any of it makes every snapshot stale
SOURCES = (
    "scoring",
    "services/rounds/state.py",
    "services/rounds/sheets.py",
    "services/rounds/deadlines.py",
    "services/evidence/progress.py",
    "services/org/responsibility.py",
    "services/rollup/snapshots.py",
    "services/rollup/bulk.py",
    "services/rollup/build.py",
)


@dataclass(frozen=True)
class UnitFigures:
    """One unit's line in the ranking (scores in points, counts in 项要求 / 项（按部门）)."""

    unit_id: int
    unit: str
    level: str
    parent: str
    round_id: int
    round_name: str
    total: Decimal
    systems: dict[str, Decimal]  # system id -> score
    pending: Decimal
    lost: Decimal
    open_items: int  # 整改事项（项要求）
    overdue_items: int  # 逾期（项要求）
    overdue_pairs: int  # 逾期（项（按部门））
    stage: str | None
    rank: int = 0


@cache
def code_key() -> str:
    h = hashlib.sha256()
    for rel in SOURCES:
        p = ROOT / rel
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def rubric_key(rubric: Rubric) -> str:
    text = rubric.model_dump_json().encode()
    return f"{rubric.id}:{hashlib.sha256(text).hexdigest()[:16]}:{code_key()}"


def _count(dates) -> dict[str, int]:
    return {d.isoformat(): n for d, n in Counter(dates).items()}


def snapshot_of(state: RoundState) -> dict:
    """The day-independent figures of a round state, as stored (decimals as text)."""
    return snapshot_from(
        state.card,
        (
            (
                i.requirement,
                i.lost,
                i.departments,
                [o.due for o in i.owners if o.due and owner_must_act(True, o.status)],
            )
            for i in state.gaps
        ),
    )


def snapshot_from(card: Scorecard, open_items) -> dict:
    """The stored figures from a scorecard and its open items in rubric order, each as
    (requirement, points lost, its departments in order, the deadlines of the departments still
    to act): the open items that lost points with their departments, and how many open items
    (by their earliest deadline) and assignments (by theirs) still to act on fall due on each
    date. ``snapshot_of`` (one unit's state) and ``services.rollup.bulk`` (many units' rows)
    both come here."""
    lost_items, dues, n = [], [], 0
    for requirement, lost, departments, owner_dues in open_items:
        n += 1
        if lost > 0:
            lost_items.append([requirement, str(lost), list(dict.fromkeys(departments))])
        dues.append(owner_dues)
    return {
        "total": str(card.total),
        "pending": str(card.pending),
        "lost": str(card.lost),
        "systems": {s.id: str(s.score) for s in card.systems},
        "open": n,
        "lost_items": lost_items,
        "item_dues": _count(min(d) for d in dues if d),
        "pair_dues": _count(chain.from_iterable(dues)),
    }


def _past(counts: dict[str, int], today: dt.date) -> int:
    return sum(n for d, n in counts.items() if days_overdue(dt.date.fromisoformat(d), today) > 0)


def figures_from(
    snap: dict, rnd: Round, unit_name: str, today: dt.date, level: str = "", parent_name: str = ""
) -> UnitFigures:
    """A unit's roll-up line on ``today`` from its snapshot."""
    return UnitFigures(
        unit_id=rnd.unit_id,
        unit=unit_name,
        level=level,
        parent=parent_name,
        round_id=rnd.id,
        round_name=rnd.name,
        total=Decimal(snap["total"]),
        systems={k: Decimal(v) for k, v in snap["systems"].items()},
        pending=Decimal(snap["pending"]),
        lost=Decimal(snap["lost"]),
        open_items=snap["open"],
        overdue_items=_past(snap["item_dues"], today),
        overdue_pairs=_past(snap["pair_dues"], today),
        stage=stage_now(rnd, today),
    )


def unit_figures(state: RoundState, level: str = "", parent_name: str = "") -> UnitFigures:
    """The roll-up line of one unit from its round state (what its own 总览 shows); pure."""
    return figures_from(
        snapshot_of(state), state.round, state.unit, state.today, level, parent_name
    )


def _upsert(session: Session, rows: list[dict]) -> None:
    """Insert or replace snapshots: one statement run for all rows (the driver batches them),
    not one statement with thousands of literal values to compile."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    ins = (postgresql if dialect == "postgresql" else sqlite).insert(RoundSnapshot)
    cols = ("unit_id", "unit_version", "rubric_key", "figures", "computed_at")
    stmt = ins.on_conflict_do_update(
        index_elements=["round_id"], set_={c: ins.excluded[c] for c in cols}
    )
    session.connection().execute(stmt, rows)


def fresh_snapshots(
    session: Session, units: list[Unit], *, force: bool = False
) -> tuple[dict[int, Round], dict[int, dict], int]:
    """(round id -> current round, round id -> snapshot figures, how many were made again) for
    the units with a current round. Stale or missing snapshots (all with ``force``) are made
    from the units' states, loaded in bulk, and stored."""
    with gc_paused():
        return _fresh_snapshots(session, units, force)


def _fresh_snapshots(
    session: Session, units: list[Unit], force: bool
) -> tuple[dict[int, Round], dict[int, dict], int]:
    ids = sorted({u.current_round_id for u in units if u.current_round_id})
    # plain rows with the table's columns (read like Round objects; thousands in a province)
    rounds = {r.id: r for r in _rows(session, Round.__table__.columns, Round.id, ids)}  # type: ignore[attr-defined]
    unit_ids = sorted({r.unit_id for r in rounds.values()})
    # versions are read before any state: a write after this read leaves the snapshot stale
    versions: dict[int, int] = dict(
        _rows(session, (UnitChange.unit_id, UnitChange.version), UnitChange.unit_id, unit_ids)  # type: ignore[arg-type]
    )
    cols = (
        RoundSnapshot.round_id,
        RoundSnapshot.unit_id,
        RoundSnapshot.unit_version,
        RoundSnapshot.rubric_key,
        RoundSnapshot.figures,
    )
    stored = {row[0]: tuple(row[1:]) for row in _rows(session, cols, RoundSnapshot.round_id, ids)}
    rubrics = rubrics_of(rounds.values())
    keys = {rid: rubric_key(r) for rid, r in rubrics.items()}
    out: dict[int, dict] = {}
    stale: list[Unit] = []
    by_round = {u.current_round_id: u for u in units if u.current_round_id in rounds}
    for rid, rnd in rounds.items():
        got = stored.get(rid)
        want = (rnd.unit_id, versions.get(rnd.unit_id, 0), keys[rnd.rubric_id])
        if got is not None and not force and got[:3] == want:
            out[rid] = got[3]
        elif rid in by_round:
            stale.append(by_round[rid])
    if stale:
        made = open_items(
            session, {u.current_round_id: rounds[u.current_round_id] for u in stale}, rubrics
        )
        rows = []
        for rid, (card, items) in made.items():
            rnd = rounds[rid]
            out[rid] = snapshot_from(card, items)
            rows.append(
                {
                    "round_id": rid,
                    "unit_id": rnd.unit_id,
                    "unit_version": versions.get(rnd.unit_id, 0),
                    "rubric_key": keys[rnd.rubric_id],
                    "figures": out[rid],
                    "computed_at": utcnow(),
                }
            )
        _upsert(session, rows)
    return rounds, out, len(stale)


__all__ = ["UnitFigures", "figures_from", "fresh_snapshots", "snapshot_of", "unit_figures"]
