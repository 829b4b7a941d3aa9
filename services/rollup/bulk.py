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

from rubric import Rubric
from scoring import Scorecard, score
from services.evidence.progress import status_from
from services.org.responsibility import owner_order
from services.rollup.build import _rows, _statuses, id_in, in_background, round_rows, rubrics_of
from services.rounds.deadlines import Deadlines, deadlines_from
from services.rounds.sheets import merge_sheets
from services.rounds.state import open_item, owner_must_act
from store.org import Assignment, Department
from store.rounds import Round

# separators of the assignments a query strings together per unit (never in an id or a role)
FIELD, ENTRY = "\x1f", "\x1e"


def _assignments(session: Session, unit_ids: list[int]) -> dict[tuple[int, str], tuple[int, str]]:
    """(unit id, rubric id) -> (the unit's lowest department id, its assignments of that rubric
    as one string, each department by its id less that lowest one). A province has hundreds of
    thousands of assignments but few distinct ways to share the work: units that share theirs
    get the same string, read once (``_owners``)."""
    conn = session.connection()
    out: dict[tuple[int, str], tuple[int, str]] = {}
    for where, of_dept in zip(
        id_in(session, Assignment.unit_id, unit_ids),
        id_in(session, Department.unit_id, unit_ids),
        strict=True,
    ):
        low = (
            select(Department.unit_id, func.min(Department.id).label("base"))
            .where(of_dept)
            .group_by(Department.unit_id)
            .subquery()
        )
        entry = (
            Assignment.requirement_id
            + FIELD
            + cast(Assignment.department_id - low.c.base, String)
            + FIELD
            + Assignment.role
        )
        q = (
            select(
                Assignment.unit_id,
                Assignment.rubric_id,
                low.c.base,
                func.aggregate_strings(entry, ENTRY),
            )
            .join(low, low.c.unit_id == Assignment.unit_id)
            .where(where)
            .group_by(Assignment.unit_id, Assignment.rubric_id, low.c.base)
        )
        out.update(((u, r), (base, text)) for u, r, base, text in conn.execute(q).all())
    return out


def _owners(got: tuple[int, str] | None, depts: dict[int, str], read: dict) -> tuple[int, dict]:
    """(base, requirement id -> [(its order, department id - base)] in that order) of one unit,
    from its string of assignments; a string read before (``read``) is not read again. Only the
    unit's own departments count (as in ``responsibilities_from``)."""
    if not got:
        return 0, {}
    base, text = got
    pattern = read.get(text)
    if pattern is None:
        owners: dict[str, list[tuple[tuple, int]]] = {}
        for e in text.split(ENTRY):
            req, off, role = e.split(FIELD)
            o = int(off)
            owners.setdefault(req, []).append((owner_order(role, o), o))
        owners = {req: sorted(rows) for req, rows in owners.items()}
        offsets = {o for rows in owners.values() for _, o in rows}
        pattern = read[text] = (owners, offsets)
    owners, offsets = pattern
    if all(base + o in depts for o in offsets):
        return base, owners
    return base, {req: [r for r in rows if base + r[1] in depts] for req, rows in owners.items()}


def _open_items(
    card, bonus, owned: tuple[int, dict], depts, dl: Deadlines, status, seen: dict
) -> list:
    """One round's open items for ``snapshot_from``: the departments of those that lost points,
    and the deadline of every department still to act (``owner_must_act``) on each. ``owned``
    is (base, requirement -> [(order, department id - base)] in order). ``seen``: a dict shared
    by the rounds of a batch, whose requirement scores are shared (``score``'s memo): whether
    each is an open item and what it lost, worked out once."""
    base, owners = owned
    approved: dict[str, set[int]] = {}
    for (req, d), st in status.items():
        if not owner_must_act(True, st):
            approved.setdefault(req, set()).add(d - base)
    by_pair = {req for req, _ in dl.by_pair}
    items = []
    for rs in card.requirements:
        got = seen.get(id(rs))
        if got is None:  # the score is kept with its figures: its id stands for it meanwhile
            got = seen[id(rs)] = (rs, open_item(rs.system in bonus, rs.lost, rs.pending), rs.lost)
        if not got[1]:
            continue
        rows = owners.get(rs.id, ())
        done = approved.get(rs.id, ())
        if rs.id not in by_pair and (rs.id in dl.by_requirement or not dl.by_department):
            # one deadline for every department of the item (the usual case): no loop over them
            when = dl.due(rs.id, None)
            n = len(rows) - sum(1 for _, o in rows if o in done) if done else len(rows)
            dues = [when] * n if when else []
        else:
            dues = [when for _, o in rows if (when := dl.due(rs.id, base + o)) and o not in done]
        lost = got[2]
        names = [depts[base + o] for _, o in rows] if lost > 0 else ()
        items.append((rs.id, lost, names, dues))
    return items


def _unit_rows(session: Session, unit_ids: list[int]):
    """The units' department names (unit id -> department id -> name), their assignments
    (``_assignments``) and their evidence status (unit id -> ``status_from`` its rows)."""
    names: dict[int, dict[int, str]] = defaultdict(dict)
    for d_id, uid, name in _rows(
        session, (Department.id, Department.unit_id, Department.name), Department.unit_id, unit_ids
    ):
        names[uid][d_id] = name
    statuses = {uid: status_from(rows) for uid, rows in _statuses(session, unit_ids).items()}
    return names, _assignments(session, unit_ids), statuses


def open_items(
    session: Session, rounds: dict[int, Round], rubrics: dict[str, Rubric] | None = None
) -> dict[int, tuple[Scorecard, list]]:
    """round id -> its scorecard and its open items in rubric order, each as (requirement,
    points lost, its departments in order, the deadlines of the departments still to act): what
    ``snapshots.snapshot_from`` makes the stored figures of. ``rubrics``: the rounds' rubrics by
    id, when the caller has them. The units' departments, assignments and evidence are read
    while the rounds are scored (``in_background``)."""
    if not rounds:
        return {}
    unit_rows = in_background(session, _unit_rows, sorted({r.unit_id for r in rounds.values()}))
    round_ids, _, (checks, values), deadlines = round_rows(session, rounds)
    rubrics = rubrics if rubrics is not None else rubrics_of(rounds.values())
    bonus = {rid: {s.id for s in r.systems if s.bonus} for rid, r in rubrics.items()}
    memo: dict = {}  # requirement scores shared by the units of this batch
    cards = {}
    for rid in round_ids:
        rubric = rubrics[rounds[rid].rubric_id]
        cards[rid] = score(rubric, merge_sheets(rubric, checks[rid], values[rid]).findings, memo)
    names, assigned, statuses = unit_rows()
    read: dict = {}  # strings of assignments already read
    seen: dict = {}  # requirement scores already looked at
    out: dict[int, tuple[Scorecard, list]] = {}
    for rid in round_ids:
        rnd = rounds[rid]
        depts = names[rnd.unit_id]
        out[rid] = (
            cards[rid],
            _open_items(
                cards[rid],
                bonus[rnd.rubric_id],
                _owners(assigned.get((rnd.unit_id, rubrics[rnd.rubric_id].id)), depts, read),
                depts,
                deadlines_from(rnd, deadlines[rid]),
                statuses.get(rnd.unit_id, {}),
                seen,
            ),
        )
    return out


__all__ = ["open_items"]
