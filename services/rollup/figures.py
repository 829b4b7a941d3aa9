"""全市/全省总览: every unit below an office's unit, from the stored figures of its current round.

A unit's line is made by ``services.rollup.snapshots.figures_from`` from the snapshot of the
same ``RoundState`` its own 总览 reads (made again whenever the unit's data changed), so the two
always agree (tests/services/test_rollup.py checks it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import select

from services import access
from services.actor import Actor
from services.ledgers.targets import TargetProgress, progress_of
from services.rollup.build import _rows, gc_paused, id_in
from services.rollup.snapshots import UnitFigures, figures_from, fresh_snapshots
from services.rubrics import get_rubric
from store.db import session_scope
from store.ledger_tables import TargetReport, WorkTarget
from store.org import Department, Unit

ROLLUP_ROLES = ("office", "viewer")


@dataclass(frozen=True)
class LostRequirement:
    requirement: str
    text: str
    units: int  # units that lost points on it
    lost: Decimal  # points lost, summed over those units
    departments: list[tuple[str, int]]  # responsible departments (by name) and how many units


@dataclass(frozen=True)
class BehindTarget:
    unit: str
    progress: TargetProgress


@dataclass(frozen=True)
class Rollup:
    root: str
    level: str
    today: dt.date
    units: list[UnitFigures]  # ranked: highest total first
    systems: list[tuple[str, str, Decimal]]  # (id, name, max) of the rubric
    without_round: list[str]  # units below without a current round
    lost_most: list[LostRequirement]
    behind: list[BehindTarget]
    spread: dict[str, list[Decimal]] = field(default_factory=dict)  # system id -> unit scores


def _ranked(rows: list[UnitFigures]) -> list[UnitFigures]:
    """Highest total first; equal totals share a rank (1, 2, 2, 4)."""
    rows = sorted(rows, key=lambda r: (-r.total, r.pending, r.unit_id))
    out, rank = [], 0
    for n, r in enumerate(rows):
        if n == 0 or r.total != rows[n - 1].total:
            rank = n + 1
        out.append(UnitFigures(**{**r.__dict__, "rank": rank}))
    return out


def _lost_most(snaps: list[dict], texts: dict[str, str], top: int) -> list[LostRequirement]:
    units: Counter[str] = Counter()
    lost: dict[str, Decimal] = defaultdict(Decimal)
    depts: dict[str, Counter[str]] = defaultdict(Counter)
    for snap in snaps:
        for req, req_lost, names in snap["lost_items"]:
            units[req] += 1
            lost[req] += Decimal(req_lost)
            for name in names:
                depts[req][name] += 1
    order = sorted(units, key=lambda r: (-units[r], -lost[r], r))[:top]
    return [
        LostRequirement(r, texts.get(r, ""), units[r], lost[r], depts[r].most_common(5))
        for r in order
    ]


def _behind(session, units: dict[int, Unit], today: dt.date) -> list[BehindTarget]:
    """Targets behind their time share; plain rows (tens of thousands of reports in a province),
    which ``progress_of`` reads by attribute as it reads the table's objects."""
    ids = sorted(units)
    t_cols = (
        WorkTarget.id,
        WorkTarget.unit_id,
        WorkTarget.name,
        WorkTarget.measure,
        WorkTarget.target_value,
        WorkTarget.period_start,
        WorkTarget.period_end,
        WorkTarget.department_id,
        WorkTarget.source,
    )
    targets = _rows(session, t_cols, WorkTarget.unit_id, ids)
    if not targets:
        return []
    reports: dict[int, list] = defaultdict(list)
    r_cols = (TargetReport.target_id, TargetReport.month, TargetReport.value)
    for where in id_in(session, WorkTarget.unit_id, ids):
        q = (
            select(*r_cols)
            .join(WorkTarget, WorkTarget.id == TargetReport.target_id)
            .where(where)
            .order_by(TargetReport.month)
        )
        for r in session.connection().execute(q).all():
            reports[r.target_id].append(r)
    dept_ids = sorted({t.department_id for t in targets})
    names = dict(_rows(session, (Department.id, Department.name), Department.id, dept_ids))  # type: ignore[arg-type]
    by_unit: dict[int, list] = defaultdict(list)
    for t in targets:
        by_unit[t.unit_id].append(t)
    out = []
    for uid in ids:
        for p in progress_of(sorted(by_unit[uid], key=lambda t: t.id), reports, names, today):
            if p.behind:
                out.append(BehindTarget(units[uid].name, p))
    return sorted(out, key=lambda b: (b.progress.share_done - b.progress.share_elapsed, b.unit))


def build_rollup(
    actor: Actor, root_unit_id: int, today: dt.date | None = None, *, top: int = 10
) -> Rollup:
    """The roll-up of every unit below ``root_unit_id`` that the actor may read."""
    actor.require(*ROLLUP_ROLES, action="查看全市（全省）总览")
    with gc_paused():
        return _build_rollup(actor, root_unit_id, today, top)


def _build_rollup(actor: Actor, root_unit_id: int, today: dt.date | None, top: int) -> Rollup:
    today = today or dt.date.today()
    with session_scope() as session:
        access.require_read_unit(actor, root_unit_id, session)
        root = session.get(Unit, root_unit_id)
        tree = access.unit_tree(session)
        below = (tree.subtree(root_unit_id) - {root_unit_id}) & access.readable_units(
            actor, session
        )
        cols = (Unit.id, Unit.name, Unit.level, Unit.parent_id, Unit.current_round_id)
        units = {u.id: u for u in _rows(session, cols, Unit.id, sorted(below))}  # type: ignore[arg-type]
        parents = {u.id: u.name for u in units.values()} | {root.id: root.name}
        rounds, snaps, _ = fresh_snapshots(session, list(units.values()))
        behind = _behind(session, units, today)
    rows = [
        figures_from(
            snaps[rid],
            rnd,
            units[rnd.unit_id].name,
            today,
            units[rnd.unit_id].level,
            parents.get(units[rnd.unit_id].parent_id, ""),
        )
        for rid, rnd in rounds.items()
        if rid in snaps and rnd.unit_id in units
    ]
    with_round = {r.unit_id for r in rows}
    rubric = get_rubric(next(iter(rounds.values())).rubric_id) if rows else None
    systems = [(s.id, s.name, s.max) for s in rubric.systems] if rubric else []
    texts = {q.id: q.requirement for q in rubric.requirements()} if rubric else {}
    return Rollup(
        root=root.name,
        level=root.level,
        today=today,
        units=_ranked(rows),
        systems=systems,
        without_round=sorted(u.name for uid, u in units.items() if uid not in with_round),
        lost_most=_lost_most([snaps[r.round_id] for r in rows], texts, top),
        behind=behind,
        spread={sid: [r.systems.get(sid, Decimal(0)) for r in rows] for sid, _, _ in systems},
    )
