"""全市总览: the roll-up's figures for a unit are its own 总览's, and it loads units in bulk."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from services.actor import SYSTEM_ACTOR
from services.errors import PermissionDenied
from services.rollup.figures import build_rollup
from services.rollup.snapshots import unit_figures
from services.rounds import core as rounds
from services.rounds import deadlines, sheets
from services.rounds.overview import build_overview
from services.rounds.state import load_state
from store.db import get_engine
from tests.services.city import make_city

TODAY = dt.date(2020, 9, 1)


@pytest.fixture
def city(pioneer_home):
    c = make_city()
    # 甲县: scored in part, one overdue deadline; 乙县: nothing scored yet
    sheets.save_requirement(c.inspector_b, c.round_a, "1.2.1", {"1.2.1a": True})
    sheets.save_requirement(c.inspector_b, c.round_a, "1.1.1", {"1.1.1a": False})
    deadlines.set_deadline(c.office_a, c.round_a, dt.date(2020, 8, 1), requirement_id="2.1.1")
    return c


def test_a_units_rollup_line_equals_its_own_overview(city):
    roll = build_rollup(city.city_office, city.city, TODAY)
    assert sorted(u.unit for u in roll.units) == ["乙县", "甲县"]
    for line in roll.units:
        ov = build_overview(
            city.office_a if line.unit == "甲县" else city.office_b, line.round_id, TODAY
        )
        own = unit_figures(ov.state, line.level, line.parent)
        assert line == own.__class__(**{**own.__dict__, "rank": line.rank})
        assert line.total == ov.card.total and line.pending == ov.card.pending
        assert line.stage == ov.current_stage
        assert line.overdue_items == len(ov.state.overdue_items())
    a = next(u for u in roll.units if u.unit == "甲县")
    assert a.overdue_items == 1 and a.parent == "济宁市"
    assert len(roll.spread) == len(roll.systems) and all(len(v) == 2 for v in roll.spread.values())
    assert a.lost > 0 and [r.units for r in roll.lost_most] == [1] * len(roll.lost_most)
    assert roll.lost_most and all(r.departments for r in roll.lost_most)


def test_rollup_loads_all_units_in_a_fixed_number_of_queries(city):
    counts = []

    def count(*_):
        counts[-1] += 1

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        counts.append(0)
        build_rollup(city.city_office, city.city, TODAY)
        two = counts[-1]
        for n in range(3):
            from services.org import units as org

            uid = org.seed_unit(SYSTEM_ACTOR, f"丙县{n}", parent_id=city.city)["unit_id"]
            rounds.create_round(SYSTEM_ACTOR, name="自评", unit_id=uid, kind="自评")
        counts.append(0)
        roll = build_rollup(city.city_office, city.city, TODAY)
        five = counts[-1]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(roll.units) == 5
    assert five == two  # not one more query per unit


def test_the_rollup_is_for_offices_and_leaders_of_the_unit_above(city):
    with pytest.raises(PermissionDenied):
        build_rollup(city.office_a, city.city, TODAY)
    with pytest.raises(PermissionDenied):
        build_rollup(city.inspector_city, city.city, TODAY)
    assert len(build_rollup(city.viewer_city, city.city, TODAY).units) == 2
    # a county office's roll-up covers only what is below it
    assert build_rollup(city.office_a, city.a, TODAY).units == []


def test_bulk_state_equals_the_one_round_state(city):
    from services.rollup.build import load_unit_states
    from store.db import session_scope
    from store.org import Unit

    with session_scope() as session:
        units = [session.get(Unit, city.a), session.get(Unit, city.b)]
        bulk = load_unit_states(session, units, TODAY, gains=True)
    for uid, rid in ((city.a, city.round_a), (city.b, city.round_b)):
        one = load_state(SYSTEM_ACTOR, rid, TODAY)
        assert bulk[uid].items == one.items
        assert bulk[uid].card == one.card
