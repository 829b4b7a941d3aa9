"""全市总览 reads stored figures per unit: every write they depend on makes them stale (database
triggers), so the next roll-up line equals the unit's own 总览 again; nothing changed, nothing
is made again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from services.evidence import query as evidence
from services.org import responsibility
from services.rollup.figures import build_rollup
from services.rollup.snapshots import fresh_snapshots, unit_figures
from services.rounds import deadlines, sheets
from services.rounds.overview import build_overview
from store.db import get_engine, session_scope
from store.org import Unit
from tests.services.city import make_city

TODAY = dt.date(2020, 9, 1)


@pytest.fixture
def city(pioneer_home):
    c = make_city()
    sheets.save_requirement(c.inspector_b, c.round_a, "1.1.1", {"1.1.1a": True})
    return c


def _line(city, name="甲县"):
    roll = build_rollup(city.city_office, city.city, TODAY)
    line = next(u for u in roll.units if u.unit == name)
    office = city.office_a if name == "甲县" else city.office_b
    own = unit_figures(build_overview(office, line.round_id, TODAY).state, line.level, line.parent)
    assert line == own.__class__(**{**own.__dict__, "rank": line.rank})  # the unit's own 总览
    return line, roll


def _remade(city) -> int:
    with session_scope() as s:
        units = [s.get(Unit, city.a), s.get(Unit, city.b)]
        return fresh_snapshots(s, units)[2]


def test_every_write_the_figures_depend_on_shows_in_the_next_rollup(city):
    first, _ = _line(city)
    assert _remade(city) == 0  # nothing changed: every snapshot is used as stored

    sheets.save_requirement(city.inspector_b, city.round_a, "1.2.1", {"1.2.1a": True})
    scored, _ = _line(city)
    assert scored.lost > first.lost and scored.pending < first.pending
    assert _remade(city) == 0

    deadlines.set_deadline(city.office_a, city.round_a, dt.date(2020, 8, 1), requirement_id="1.2.1")
    late, _ = _line(city)
    assert late.overdue_items == scored.overdue_items + 1

    # the evidence of 区人社局 on 1.2.1 approved: that department no longer has to act
    evidence.review(city.office_a, city.evidence_a, "approved")
    approved, _ = _line(city)
    assert approved.overdue_pairs == late.overdue_pairs - 1

    # a write outside the services (bulk SQL) is seen too: the triggers are in the database
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE deadline SET due_on = :d"), {"d": dt.date(2020, 12, 31)})
    moved, _ = _line(city)
    assert moved.overdue_items == late.overdue_items - 1


def test_a_department_renamed_is_named_in_the_lost_requirements(city):
    _, roll = _line(city)
    lost = next(r for r in roll.lost_most if r.requirement == "1.1.1")
    name = lost.departments[0][0]
    with session_scope() as s:
        dept = responsibility.find_department(s, city.a, name)
        dept.name = name + "（新）"
        s.add(dept)
    _, roll = _line(city)
    lost = next(r for r in roll.lost_most if r.requirement == "1.1.1")
    assert name + "（新）" in [n for n, _ in lost.departments]


def test_the_other_units_snapshot_is_kept(city):
    _line(city)
    sheets.save_requirement(city.inspector_b, city.round_a, "1.2.1", {"1.2.1a": True})
    assert _remade(city) == 1  # 甲县 only: 乙县 did not change
    assert _remade(city) == 0
