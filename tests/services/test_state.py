"""The round's state: deadlines, overdue items and their counting units, addressees, tasks."""

import datetime as dt

import pytest

from services.errors import PermissionDenied
from services.evidence import intake
from services.rounds import core as rounds
from services.rounds import deadlines, sheets
from services.rounds.overview import build_overview, gap_rows
from services.rounds.state import load_state
from services.rounds.tasks import my_tasks
from tests.services.helpers import UNIT, docx_bytes, make_world

TODAY = dt.date(2020, 9, 20)
STAGES = {
    "prepare_until": dt.date(2020, 2, 10),
    "build_until": dt.date(2020, 6, 10),
    "selfcheck_until": dt.date(2020, 10, 10),
    "assess_until": dt.date(2020, 10, 31),
}


def _round(w, name="第一次", **kw):
    return rounds.create_round(
        w.office,
        name=name,
        unit_id=w.unit_id,
        kind="模拟考评",
        stages=STAGES,
        lead_inspector="insp",
        **kw,
    )


def test_the_deadline_is_the_end_of_selfcheck_unless_the_office_sets_one(pioneer_home):
    w = make_world()
    r = _round(w)
    deadlines.set_deadline(w.office, r.id, dt.date(2020, 9, 1), requirement_id="1.2.1")
    deadlines.set_deadline(w.office, r.id, dt.date(2020, 9, 5), department="区财政局")
    deadlines.set_deadline(
        w.office, r.id, dt.date(2020, 8, 1), requirement_id="2.2.1", department="区财政局"
    )
    state = load_state(w.office, r.id, TODAY)
    owners = {o.department: o.due for o in state.item("1.2.1").owners}
    assert set(owners.values()) == {dt.date(2020, 9, 1)}  # per requirement: every department
    due = {o.department: o.due for o in state.item("2.2.1").owners}
    assert due == {"区财政局": dt.date(2020, 8, 1), "区就业创业促进中心": STAGES["selfcheck_until"]}
    assert {o.due for o in state.item("3.4.1").owners if o.department == "区财政局"} == {
        dt.date(2020, 9, 5)
    }
    assert state.item("3.3.1").due == STAGES["selfcheck_until"]
    deadlines.set_deadline(w.office, r.id, None, requirement_id="1.2.1")  # cleared
    assert load_state(w.office, r.id, TODAY).item("1.2.1").due == STAGES["selfcheck_until"]


def test_overdue_is_counted_per_requirement_and_per_department_and_pages_agree(pioneer_home):
    w = make_world()
    r = _round(w)
    deadlines.set_deadline(w.office, r.id, dt.date(2020, 9, 1), requirement_id="2.2.3")
    ov = build_overview(w.office, r.id, TODAY)
    items = ov.state.overdue_items()
    pairs = ov.state.overdue_pairs()
    assert [i.requirement for i in items] == ["2.2.3"]
    assert len(pairs) == len(ov.state.item("2.2.3").owners) > 1
    assert all(o.overdue_days == 19 for _, o in pairs)
    rows = gap_rows(ov.state)  # 整改清单 counts requirements too
    assert sum(1 for row in rows if row.overdue) == len(items)


def test_approved_evidence_of_a_department_ends_its_overdue(pioneer_home):
    w = make_world()
    r = _round(w)
    deadlines.set_deadline(w.office, r.id, dt.date(2020, 9, 1), requirement_id="1.2.1")
    ev = intake.add_evidence(
        w.dept_a,
        docx_bytes("关于成立领导小组的通知"),
        "通知.docx",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
    )
    from services.evidence import query

    query.review(w.inspector, ev["evidence_id"], "approved")
    item = load_state(w.office, r.id, TODAY).item("1.2.1")
    late = {o.department: o.overdue for o in item.owners}
    assert late == {"区政府办公室": True, "区人社局": False}


def test_a_department_sees_the_deadlines_of_the_current_round_only(pioneer_home):
    w = make_world()
    first = _round(w)
    deadlines.set_deadline(w.office, first.id, dt.date(2020, 9, 1), requirement_id="1.2.1")
    second = _round(w, "第二次")  # creating a round moves nothing
    deadlines.set_deadline(w.office, second.id, dt.date(2020, 12, 1), requirement_id="1.2.1")
    tasks = my_tasks(w.dept_a, w.unit_id, TODAY)
    assert tasks.round_id == first.id
    assert next(t for t in tasks.tasks if t.requirement == "1.2.1").due == dt.date(2020, 9, 1)
    with pytest.raises(PermissionDenied):
        load_state(w.dept_a, second.id, TODAY)
    rounds.set_current_round(w.office, second.id)
    tasks = my_tasks(w.dept_a, w.unit_id, TODAY)
    assert next(t for t in tasks.tasks if t.requirement == "1.2.1").due == dt.date(2020, 12, 1)


def test_notices_go_to_member_departments_with_open_items_never_the_office(pioneer_home):
    w = make_world()
    r = _round(w)
    for req in ("5.3.2", "1.1.1"):
        sheets.save_requirement(w.inspector, r.id, req, {f"{req}a": True})
    state = load_state(w.office, r.id, TODAY)
    names = [n for _, n in state.addressees()]
    assert "创建工作领导小组办公室" not in names
    assert "各成员单位" not in names
    assert names[0] == "区政府办公室"  # leads 1.1.1, the first open item
    # the office's own open item is still listed in the 整改清单
    assert "创建工作领导小组办公室" in {
        d for row in gap_rows(state) for d in row.departments.split("、")
    }


def test_tasks_carry_the_items_points_and_role(pioneer_home):
    w = make_world()
    r = _round(w)
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True})
    tasks = {t.requirement: t for t in my_tasks(w.dept_a, w.unit_id, TODAY).tasks}
    t = tasks["1.2.1"]
    assert (t.lost, t.pending, t.role_label, t.is_gap) == (0.25, 0, "配合", True)
    assert tasks["1.3.3"].role_label == "牵头"  # 各成员单位: each on its own
