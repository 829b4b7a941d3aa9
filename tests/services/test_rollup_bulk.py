"""The stored figures made for many units at once (services.rollup.bulk) are those of each unit's
own RoundState (its 总览): scores, open items, departments, and deadlines of every kind."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from services.actor import SYSTEM_ACTOR
from services.demo.synthetic import requirement_values
from services.evidence import intake
from services.evidence import query as evidence
from services.org import responsibility
from services.org import units as org
from services.rollup.build import load_unit_states
from services.rollup.bulk import open_items
from services.rollup.snapshots import snapshot_from, snapshot_of
from services.rounds import deadlines, inspectors, sheets
from services.rounds.state import load_state
from services.rubrics import get_rubric
from store.db import session_scope
from store.org import Unit
from store.rounds import Round
from tests.services.city import DOC, make_city

TODAY = dt.date(2020, 9, 1)


def _score_part(inspector, round_id: int, share: float, quality: float, seed: int) -> None:
    rng = random.Random(seed)
    for req in get_rubric("yanzhou-2020").requirements():
        if rng.random() < share:
            sheets.save_requirement(
                inspector, round_id, req.id, requirement_values(req, rng, quality)
            )


@pytest.fixture
def city(pioneer_home):
    c = make_city()
    inspectors.assign_inspectors(c.office_b, c.round_b, ["insp_b"])
    _score_part(c.inspector_b, c.round_a, 0.7, 0.5, 1)
    _score_part(c.inspector_b, c.round_b, 0.4, 0.8, 2)
    with session_scope() as s:  # 甲县: a default deadline (the end of 自查整改)
        s.get(Round, c.round_a).selfcheck_until = dt.date(2020, 8, 25)
    evidence.review(c.office_a, c.evidence_a, "approved")
    open_b = next(
        i.requirement
        for i in load_state(SYSTEM_ACTOR, c.round_b, TODAY).gaps
        if "区人社局" in i.departments
    )
    ev_b = intake.add_evidence(
        c.dept_b, DOC, "通知.docx", requirements=[open_b], department="区人社局", unit=c.b
    )["evidence_id"]
    evidence.review(c.office_b, ev_b, "approved")
    # 甲县: a deadline of a pair and of a requirement; 乙县: of a department
    gap = next(
        i
        for i in load_state(SYSTEM_ACTOR, c.round_a, TODAY).gaps
        if len(i.owners) > 1 and i.owners[-1].status != "approved"
    )
    deadlines.set_deadline(
        c.office_a,
        c.round_a,
        dt.date(2020, 7, 1),
        requirement_id=gap.requirement,
        department=gap.owners[-1].department,
    )
    deadlines.set_deadline(c.office_a, c.round_a, dt.date(2020, 8, 1), requirement_id="2.1.1")
    deadlines.set_deadline(c.office_b, c.round_b, dt.date(2020, 6, 1), department="区人社局")
    return c


def test_bulk_figures_equal_each_units_own_state(city):
    with session_scope() as s:
        units = [s.get(Unit, city.a), s.get(Unit, city.b)]
        rounds = {r: s.get(Round, r) for r in (city.round_a, city.round_b)}
        made = open_items(s, rounds)
        states = load_unit_states(s, units, TODAY)
    for rid in rounds:
        own = load_state(SYSTEM_ACTOR, rid, TODAY)
        card, items = made[rid]
        assert card == own.card
        assert snapshot_from(card, items) == snapshot_of(own)
        assert snapshot_of(states[own.round.unit_id]) == snapshot_of(own)
    a, b = snapshot_from(*made[city.round_a]), snapshot_from(*made[city.round_b])
    assert a["lost_items"] and {"2020-07-01", "2020-08-01", "2020-08-25"} <= set(a["pair_dues"])
    assert "2020-06-01" in b["pair_dues"]


def test_bulk_figures_equal_own_state_when_assignments_differ_from_the_default(city):
    """甲县 shares the work its own way (an open item led by what was its last support
    department, a new department supporting another): units that share the rubric's default
    责任分工 and a unit that does not each get their own departments."""
    with session_scope() as s:
        rubric_id = s.get(Round, city.round_a).rubric_id
    lost_b = {i.requirement for i in load_state(SYSTEM_ACTOR, city.round_b, TODAY).gaps if i.lost}
    gaps = [
        i
        for i in load_state(SYSTEM_ACTOR, city.round_a, TODAY).gaps
        if i.lost > 0 and i.requirement in lost_b
    ]
    first = next(i for i in gaps if len(i.departments) > 1)
    second = next(i for i in gaps if i is not first)
    org.add_department(city.office_a, city.a, "区审计局")
    swapped = [first.departments[-1], *first.departments[:-1]]
    responsibility.set_responsibility(city.office_a, city.a, rubric_id, first.requirement, swapped)
    responsibility.set_responsibility(
        city.office_a, city.a, rubric_id, second.requirement, [*second.departments, "区审计局"]
    )
    with session_scope() as s:
        rounds = {r: s.get(Round, r) for r in (city.round_a, city.round_b)}
        made = open_items(s, rounds)
    for rid in rounds:
        assert snapshot_from(*made[rid]) == snapshot_of(load_state(SYSTEM_ACTOR, rid, TODAY))
    a = {req: names for req, _, names in snapshot_from(*made[city.round_a])["lost_items"]}
    b = {req: names for req, _, names in snapshot_from(*made[city.round_b])["lost_items"]}
    assert a[first.requirement] == swapped
    assert a[second.requirement][-1] == "区审计局"
    assert b[first.requirement] == list(first.departments)  # 乙县 keeps the default
    assert b[second.requirement] == list(second.departments)
