"""Many units' round states in a few queries.

``services.rounds.state.build_state`` makes a ``RoundState`` from rows already loaded; this module
loads the rows of every unit's current round in bulk (one query per table, not one per unit) and
builds each unit's state with it, so a unit's figures in the roll-up are the figures of its own
总览.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import threading
from collections import defaultdict
from contextlib import contextmanager

from sqlalchemy import Integer, String, any_, bindparam, cast
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from rubric import Rubric
from scoring import Scorecard, score
from services.evidence.progress import status_from
from services.org.responsibility import responsibilities_from
from services.rounds.deadlines import deadlines_from
from services.rounds.sheets import merge_sheets
from services.rounds.state import RoundState, build_state
from services.rubrics import get_rubric
from store.evidence_tables import Evidence, EvidenceLink
from store.org import Assignment, Department, Unit
from store.rounds import Deadline, Finding, RequirementCheck, Round

CHUNK = 900  # ids per IN (...) list: below SQLite's and psycopg's limits

_paused = {"depth": 0, "was": False}
_pause_lock = threading.Lock()


@contextmanager
def gc_paused():
    """No automatic garbage collection while a batch runs (nested and threaded uses included);
    the collector is on again, as it was, when the last batch ends.

    A province's batch makes about a million rows, tuples and decimals that live until it ends
    and hold no cycles: each full collection on the way walks all of them and every object of
    the process, about half of the batch's CPU time before this (docs/benchmarks.md, Scale).
    Cycles made meanwhile are collected by the next collection after the batch."""
    with _pause_lock:
        if _paused["depth"] == 0:
            _paused["was"] = gc.isenabled()
            gc.disable()
        _paused["depth"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _paused["depth"] -= 1
            if _paused["depth"] == 0 and _paused["was"]:
                gc.enable()


def id_in(session: Session, key, ids: list[int]):
    """``key IN ids`` as where clauses: one with an array on PostgreSQL (thousands of
    placeholders cost more to render, send and parse than the query itself), lists of ``CHUNK``
    ids elsewhere. No clause for no ids."""
    if session.get_bind().dialect.name == "postgresql":
        if ids:
            yield key == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
        return
    for i in range(0, len(ids), CHUNK):
        yield key.in_(ids[i : i + CHUNK])


def in_background(session: Session, fn, *args):
    """``fn(session, *args)``, read on a second connection in a thread while the caller goes on
    (PostgreSQL works on it meanwhile, and the thread waits on it without the interpreter's
    lock); returns a function that waits for the result (or raises its error). Elsewhere (SQLite,
    a session bound to one connection) it is read there and then.

    Only for reads the caller's own session has not written to (the second connection does not
    see its uncommitted writes). As for the caller's other reads, each statement sees the data
    committed when it starts: a write after the units' versions were read leaves their figures
    stale (``snapshots.fresh_snapshots``)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or not isinstance(bind, Engine):
        out = fn(session, *args)
        return lambda: out
    box: dict = {}

    def run() -> None:
        try:
            with Session(bind) as other:
                box["out"] = fn(other, *args)
        except BaseException as exc:  # handed to the caller, raised there
            box["error"] = exc

    thread = threading.Thread(target=run, name="rollup-read", daemon=True)
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["out"]

    return result


def _rows(session: Session, columns, key, ids: list[int]):
    """Plain rows (no ORM objects: several hundred thousand of them in a province)."""
    conn = session.connection()
    out = []
    for where in id_in(session, key, ids):
        out.extend(conn.execute(select(*columns).where(where)).all())
    return out


def _sheets(session: Session, round_ids: list[int]) -> tuple[dict[int, list], dict[int, dict]]:
    """Checks of many rounds and their values as ``sheet_values`` gives them, by round id."""
    checks: dict[int, list] = defaultdict(list)
    for c in _rows(
        session,
        (
            RequirementCheck.round_id,
            RequirementCheck.inspector_id,
            RequirementCheck.agreed,
            RequirementCheck.requirement_id,
            RequirementCheck.status,
        ),
        RequirementCheck.round_id,
        round_ids,
    ):
        checks[c.round_id].append(c)
    values: dict[int, dict] = defaultdict(dict)
    decoded: dict[str, object] = {}  # a province repeats few distinct values: decode each once
    for rid, inspector, agreed, req, rule, raw in _rows(
        session,
        (
            Finding.round_id,
            Finding.inspector_id,
            Finding.agreed,
            Finding.requirement_id,
            Finding.rule_id,
            cast(Finding.value, String).label("raw"),
        ),
        Finding.round_id,
        round_ids,
    ):
        if raw not in decoded:
            decoded[raw] = None if raw is None else json.loads(raw)
        values[rid].setdefault((inspector, agreed), {}).setdefault(req, {})[rule] = decoded[raw]
    return checks, values


def _deadlines(session: Session, round_ids: list[int]) -> dict[int, list]:
    """Deadline rows of many rounds, by round id."""
    out: dict[int, list] = defaultdict(list)
    for d in _rows(
        session,
        (Deadline.round_id, Deadline.requirement_id, Deadline.department_id, Deadline.due_on),
        Deadline.round_id,
        round_ids,
    ):
        out[d.round_id].append(d)
    return out


def _statuses(session: Session, unit_ids: list[int]) -> dict[int, list]:
    """(requirement, department, evidence status) rows of many units, by unit id."""
    rows: dict[int, list] = defaultdict(list)
    cols = (Evidence.unit_id, EvidenceLink.requirement_id, Evidence.department_id, Evidence.status)
    for where in id_in(session, Evidence.unit_id, unit_ids):
        q = (
            select(*cols)
            .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
            .where(where)
            .group_by(*cols)
        )
        for uid, req, dept, st in session.connection().execute(q).all():
            rows[uid].append((req, dept, st))
    return rows


def round_rows(session: Session, rounds: dict[int, Round]):
    """The round ids, the unit ids, the sheets (``_sheets``) and the deadlines of many rounds."""
    round_ids = sorted(rounds)
    unit_ids = sorted({r.unit_id for r in rounds.values()})
    return round_ids, unit_ids, _sheets(session, round_ids), _deadlines(session, round_ids)


def rubrics_of(rounds) -> dict[str, Rubric]:
    """rubric id -> rubric, looked up once per batch (not once per unit)."""
    return {rid: get_rubric(rid) for rid in {r.rubric_id for r in rounds}}


def _current_rounds(session: Session, units: list[Unit]) -> dict[int, Round]:
    round_ids = sorted({u.current_round_id for u in units if u.current_round_id})
    return {
        r.id: r
        for where in id_in(session, Round.id, round_ids)
        for r in session.exec(select(Round).where(where))
    }


def rescore_units(session: Session, units: list[Unit]) -> dict[int, Scorecard]:
    """unit id -> the scorecard of its current round: the sheets of every round in two queries."""
    with gc_paused():
        return _rescore_units(session, units)


def _rescore_units(session: Session, units: list[Unit]) -> dict[int, Scorecard]:
    ids = sorted({u.current_round_id for u in units if u.current_round_id})
    cols = (Round.id, Round.unit_id, Round.rubric_id)
    rounds = {r.id: r for r in _rows(session, cols, Round.id, ids)}  # plain rows: thousands
    checks, values = _sheets(session, sorted(rounds))
    out = {}
    rubrics = rubrics_of(rounds.values())
    memo: dict = {}  # requirement scores shared by the units of this batch
    for rnd in rounds.values():
        rubric = rubrics[rnd.rubric_id]
        sheets = merge_sheets(rubric, checks[rnd.id], values[rnd.id])
        out[rnd.unit_id] = score(rubric, sheets.findings, memo)
    return out


def load_unit_states(
    session: Session, units: list[Unit], today: dt.date | None = None, *, gains: bool = False
) -> dict[int, RoundState]:
    """unit id -> the state of its current round (units without one are left out)."""
    today = today or dt.date.today()
    rounds = _current_rounds(session, units)
    if not rounds:
        return {}
    round_ids, unit_ids, (checks, values), deadlines = round_rows(session, rounds)
    depts: dict[int, dict] = defaultdict(dict)
    for d in _rows(
        session,
        (Department.id, Department.unit_id, Department.name, Department.kind),
        Department.unit_id,
        unit_ids,
    ):
        depts[d.unit_id][d.id] = d
    assigns: dict[tuple[int, str], list] = defaultdict(list)
    for a in _rows(
        session,
        (
            Assignment.unit_id,
            Assignment.rubric_id,
            Assignment.requirement_id,
            Assignment.department_id,
            Assignment.role,
        ),
        Assignment.unit_id,
        unit_ids,
    ):
        assigns[(a.unit_id, a.rubric_id)].append(a)
    status_rows = _statuses(session, unit_ids)
    names = {u.id: u.name for u in units}
    rubrics = rubrics_of(rounds.values())
    memo: dict = {}  # requirement scores shared by the units of this batch
    out: dict[int, RoundState] = {}
    for u in units:
        rnd = rounds.get(u.current_round_id) if u.current_round_id else None
        if rnd is None or rnd.unit_id != u.id:  # only the unit's own round
            continue
        rubric = rubrics[rnd.rubric_id]
        out[u.id] = build_state(
            rnd,
            names.get(rnd.unit_id, ""),
            rubric,
            merge_sheets(rubric, checks[rnd.id], values[rnd.id]),
            responsibilities_from(depts[rnd.unit_id], assigns[(rnd.unit_id, rubric.id)]),
            deadlines_from(rnd, deadlines[rnd.id]),
            status_from(status_rows[rnd.unit_id]),
            today,
            gains=gains,
            memo=memo,
        )
    return out


__all__ = ["load_unit_states"]
