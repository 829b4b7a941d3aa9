"""The day's reminders load many units' round states at once (services.rollup.build); each unit's
messages must be exactly those of its own round state (what its pages show), whatever units
share a batch."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from services.actor import SYSTEM_ACTOR
from services.org.responsibility import member_departments, set_responsibility
from services.reminders import outbox, targets
from services.reminders.content import department_reminders
from services.rounds import deadlines
from services.rounds.state import load_state
from store.db import session_scope
from store.job_tables import OutboxMessage
from tests.services.city import make_city

TODAY = dt.date(2020, 9, 1)


@pytest.fixture
def city(pioneer_home):
    c = make_city()
    # different deadlines and owners in each county
    deadlines.set_deadline(c.office_a, c.round_a, dt.date(2020, 8, 1), requirement_id="2.1.1")
    deadlines.set_deadline(c.office_a, c.round_a, dt.date(2020, 9, 3), department="区财政局")
    deadlines.set_deadline(c.office_b, c.round_b, dt.date(2020, 9, 2), requirement_id="1.2.1")
    deadlines.set_deadline(c.office_b, c.round_b, dt.date(2020, 8, 20), department="区人社局")
    set_responsibility(c.office_b, c.b, "yanzhou-2020", "1.2.1", ["区财政局", "区人社局"])
    return c


def _expected(c) -> dict[str, tuple[int, int, str, str]]:
    """key -> (unit, department, subject, body) from each unit's own round state."""
    out = {}
    with session_scope() as session:
        found = list(session.exec(select(outbox.ReminderTarget)))
    by_dept = {}
    for t in found:
        by_dept.setdefault(t.department_id, []).append(t)
    for unit_id, round_id in ((c.a, c.round_a), (c.b, c.round_b)):
        state = load_state(SYSTEM_ACTOR, round_id, TODAY)
        for r in department_reminders(state, 3):
            for t in by_dept.get(r.department_id, ()):
                body = r.plain() if t.channel == "email" else r.markdown()
                key = f"reminder:{TODAY.isoformat()}:{t.id}"
                out[key] = (unit_id, r.department_id, r.subject, body)
    return out


@pytest.mark.parametrize("chunk", [1, 250])
def test_batched_reminders_are_each_units_own(city, chunk):
    c = city
    for office, unit_id in ((c.office_a, c.a), (c.office_b, c.b)):
        with session_scope() as session:
            depts = [(d.id, d.name) for d in member_departments(session, unit_id)]
        for n, (dept_id, _name) in enumerate(depts):
            if n % 3 == 0:
                targets.add_target(office, unit_id, dept_id, "email", f"d{dept_id}@example.gov.cn")
            targets.add_target(office, unit_id, dept_id, "wecom", f"http://127.0.0.1:9/{dept_id}")
    want = _expected(c)
    assert outbox.queue_reminders(TODAY, 3, chunk=chunk) == len(want)
    with session_scope() as session:
        got = {
            m.key: (m.unit_id, m.department_id, m.subject, m.body)
            for m in session.exec(select(OutboxMessage))
        }
    assert got == want
    bodies = {u: {v[3] for v in want.values() if v[0] == u} for u in (c.a, c.b)}
    assert bodies[c.a] and bodies[c.b]  # both counties are reminded, each of its own items
    a_text, b_text = "\n".join(bodies[c.a]), "\n".join(bodies[c.b])
    assert "期限2020年8月1日，已逾期31天" in a_text and "期限2020年8月1日" not in b_text
    assert "期限2020年8月20日，已逾期12天" in b_text and "2020年8月20日" not in a_text
    assert outbox.queue_reminders(TODAY, 3, chunk=chunk) == 0  # once a day and target
