"""责任分工: one model, seeded from the rubric, edited by the office, read by everything."""

import pytest
from sqlmodel import select

from services.actor import SYSTEM_ACTOR
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.org import responsibility as resp
from services.org import units as org
from services.rubrics import get_rubric
from store.audit import AuditEvent
from store.db import session_scope
from tests.services.helpers import make_world


def _owners(w, req):
    return resp.get_responsibilities(SYSTEM_ACTOR, w.unit_id, "yanzhou-2020")[req]


def test_each_member_department_answers_on_its_own_for_an_all_members_requirement(pioneer_home):
    w = make_world()
    members = [d.name for d in org.list_departments(SYSTEM_ACTOR, w.unit_id) if d.kind == "member"]
    owners = _owners(w, "1.3.3")  # 责任部门：各成员单位
    assert [o.name for o in owners] == members
    assert {o.role for o in owners} == {"lead"}
    mixed = _owners(w, "1.5.1")  # 区就业创业促进中心、各成员单位
    assert mixed[0].name == "区就业创业促进中心" and mixed[0].role == "lead"
    assert {o.role for o in mixed[1:]} == {"support"}
    assert len(mixed) == len(members)


def test_the_office_is_a_department_of_its_own_and_never_one_of_the_members(pioneer_home):
    w = make_world()
    office = [d for d in org.list_departments(SYSTEM_ACTOR, w.unit_id) if d.kind == "office"]
    assert [d.name for d in office] == ["创建工作领导小组办公室"]
    assert [o.name for o in _owners(w, "5.3.2")] == ["创建工作领导小组办公室"]
    assert "创建工作领导小组办公室" not in [o.name for o in _owners(w, "1.3.3")]


def test_first_named_department_leads_the_others_support(pioneer_home):
    w = make_world()
    owners = _owners(w, "1.2.1")  # 区政府办公室、区人社局
    assert [(o.name, o.role_label) for o in owners] == [
        ("区政府办公室", "牵头"),
        ("区人社局", "配合"),
    ]


def test_setting_a_responsibility_is_versioned_and_audited(pioneer_home):
    w = make_world()
    with session_scope() as s:
        v0 = resp.current_version(s, w.unit_id, "yanzhou-2020").version
    v = resp.set_responsibility(
        w.office,
        w.unit_id,
        "yanzhou-2020",
        "4.3.1",
        [("区财政局", "lead"), ("区人社局", "support")],
    )
    assert v == v0 + 1
    assert [(o.name, o.role) for o in _owners(w, "4.3.1")] == [
        ("区财政局", "lead"),
        ("区人社局", "support"),
    ]
    with session_scope() as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "assignment.set")).one()
    assert ev.before["departments"] == [{"department": "区就业创业促进中心", "role": "牵头"}]
    assert ev.after["version"] == v


@pytest.mark.parametrize(
    "departments, error",
    [
        ([], "至少需要一个责任单位"),
        ([("区财政局", "support")], "牵头"),
        ([("区财政局", "lead"), ("区财政局", "support")], "重复"),
        ([("不存在的局", "lead")], "不存在"),
    ],
)
def test_bad_responsibilities_are_refused(pioneer_home, departments, error):
    w = make_world()
    with pytest.raises((InvalidInput, NotFound), match=error):
        resp.set_responsibility(w.office, w.unit_id, "yanzhou-2020", "4.3.1", departments)


def test_only_the_office_edits_responsibilities(pioneer_home):
    w = make_world()
    for actor in (w.inspector, w.dept_a, w.viewer):
        with pytest.raises(PermissionDenied):
            resp.set_responsibility(actor, w.unit_id, "yanzhou-2020", "4.3.1", ["区财政局"])


def test_a_new_member_takes_its_share_of_every_all_members_requirement(pioneer_home):
    w = make_world()
    org.add_department(w.office, w.unit_id, "区税务局")
    rubric = get_rubric("yanzhou-2020")
    all_members = [q.id for q in rubric.requirements() if "各成员单位" in q.departments]
    mine = [
        req
        for req, owners in resp.get_responsibilities(SYSTEM_ACTOR, w.unit_id, rubric.id).items()
        if "区税务局" in [o.name for o in owners]
    ]
    assert sorted(mine) == sorted(all_members)


def test_departments_belong_to_their_unit(pioneer_home):
    w = make_world()
    other = org.seed_unit(w.office, "另一个区")
    assert {d.unit_id for d in org.list_departments(SYSTEM_ACTOR, other["unit_id"])} == {
        other["unit_id"]
    }
    names = [d.name for d in org.list_departments(SYSTEM_ACTOR, w.unit_id)]
    assert names.count("区人社局") == 1  # the other unit's 区人社局 is its own
