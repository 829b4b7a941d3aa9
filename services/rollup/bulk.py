"""Many units' stored figures in a few set-based queries, without each unit's full RoundState.

A snapshot needs a round's scorecard and, for each open item, its departments and the deadlines
of those still to act on it. ``snapshots.snapshot_of`` reads these from a unit's RoundState (its
own 总览); this module works them out from plain rows of many units through the same functions
(``merge_sheets``, ``score``, ``open_item``, ``owner_order``, ``Deadlines.due``,
``owner_must_act``; both end in ``snapshot_from``), and only for the open items. tests/services/
test_rollup_bulk.py checks that both give the same figures for every unit of a city.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import String, cast, func
from sqlmodel import Session, select

from scoring import Scorecard, score
from services.evidence.progress import status_from
from services.org.responsibility import owner_order
from services.rollup.build import _chunks, _rows, _statuses, round_rows, rubrics_of
from services.rounds.deadlines import Deadlines, deadlines_from
from services.rounds.sheets import merge_sheets
from services.rounds.state import open_item, owner_must_act
from store.org import Assignment, Department
from store.rounds import Round

# separators of the assignments a query strings together per unit (never in an id or a role)
FIELD, ENTRY = "\x1f", "\x1e"


def _assignments(session: Session, unit_ids: list[int]) -> dict[tuple[int, str], str]:
    """(unit id, rubric id) -> the unit's assignments of that rubric as one string (a province
    has hundreds of thousands of them: one row per unit, not one per assignment)."""
    entry = (
        Assignment.requirement_id
        + FIELD
        + cast(Assignment.department_id, String)
        + FIELD
        + Assignment.role
    )
    conn = session.connection()
    out: dict[tuple[int, str], str] = {}
    for part in _chunks(unit_ids):
        q = (
            select(Assignment.unit_id, Assignment.rubric_id, func.aggregate_strings(entry, ENTRY))
            .where(Assignment.unit_id.in_(part))  # type: ignore[attr-defined]
            .group_by(Assignment.unit_id, Assignment.rubric_id)
        )
        out.update(((u, r), text) for u, r, text in conn.execute(q))
    return out


def _owners(text: str | None, depts: dict[int, str]) -> dict[str, list[tuple[tuple, int]]]:
    """requirement id -> [(its order, department id)] of one unit's departments, from the unit's
    string of assignments (``responsibilities_from`` leaves out a department not of the unit)."""
    out: dict[str, list[tuple[tuple, int]]] = {}
    for e in text.split(ENTRY) if text else ():
        req, dept, role = e.split(FIELD)
        d = int(dept)
        if d in depts:
            out.setdefault(req, []).append((owner_order(role, d), d))
    return out


def _open_items(card, bonus, owners, depts, dl: Deadlines, status) -> list:
    """One round's open items for ``snapshot_from``: the departments of those that lost points,
    and the deadline of every department still to act (``owner_must_act``) on each."""
    approved: dict[str, set[int]] = {}
    for (req, d), st in status.items():
        if not owner_must_act(True, st):
            approved.setdefault(req, set()).add(d)
    by_pair = {req for req, _ in dl.by_pair}
    items = []
    for rs in card.requirements:
        if not open_item(rs.system in bonus, rs.lost, rs.pending):
            continue
        rows = owners.get(rs.id, ())
        done = approved.get(rs.id, ())
        if rs.id not in by_pair and (rs.id in dl.by_requirement or not dl.by_department):
            # one deadline for every department of the item (the usual case): no loop over them
            when = dl.due(rs.id, None)
            n = len(rows) - sum(1 for _, d in rows if d in done) if done else len(rows)
            dues = [when] * n if when else []
        else:
            dues = [when for _, d in rows if (when := dl.due(rs.id, d)) and d not in done]
        lost = rs.lost
        items.append((rs.id, lost, [depts[d] for _, d in sorted(rows)] if lost > 0 else (), dues))
    return items


def open_items(session: Session, rounds: dict[int, Round]) -> dict[int, tuple[Scorecard, list]]:
    """round id -> its scorecard and its open items in rubric order, each as (requirement,
    points lost, its departments in order, the deadlines of the departments still to act): what
    ``snapshots.snapshot_from`` makes the stored figures of."""
    if not rounds:
        return {}
    round_ids, unit_ids, (checks, values), deadlines = round_rows(session, rounds)
    names: dict[int, dict[int, str]] = defaultdict(dict)
    for d_id, uid, name in _rows(
        session, (Department.id, Department.unit_id, Department.name), Department.unit_id, unit_ids
    ):
        names[uid][d_id] = name
    assigned = _assignments(session, unit_ids)
    statuses = _statuses(session, unit_ids)
    rubrics = rubrics_of(rounds.values())
    bonus = {rid: {s.id for s in r.systems if s.bonus} for rid, r in rubrics.items()}
    memo: dict = {}  # requirement scores shared by the units of this batch
    out: dict[int, tuple[Scorecard, list]] = {}
    for rid in round_ids:
        rnd = rounds[rid]
        rubric = rubrics[rnd.rubric_id]
        card = score(rubric, merge_sheets(rubric, checks[rid], values[rid]).findings, memo)
        depts = names[rnd.unit_id]
        out[rid] = (
            card,
            _open_items(
                card,
                bonus[rnd.rubric_id],
                _owners(assigned.get((rnd.unit_id, rubric.id)), depts),
                depts,
                deadlines_from(rnd, deadlines[rid]),
                status_from(statuses[rnd.unit_id]),
            ),
        )
    return out


__all__ = ["open_items"]
