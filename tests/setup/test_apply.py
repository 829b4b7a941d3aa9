"""`apply_setup`: a working county from the example plan (附件1 of seed 003)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlmodel import select

from reports.credentials import sealed_credentials, unseal
from services.actor import CLI_ACTOR, SYSTEM_ACTOR, Actor
from services.errors import InvalidInput, PermissionDenied
from services.org import auth
from services.org.responsibility import get_responsibilities
from services.org.setup import initialise
from services.rounds.tasks import my_tasks
from services.setup.apply import apply_setup
from services.setup.plan import draft, plan_from_yaml
from store.audit import AuditEvent
from store.db import session_scope
from store.org import Department, Unit, User
from store.rounds import Round
from tests.setup.helpers import EXAMPLE_YAML, fast_hashing, publish_copy  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def plan():
    return plan_from_yaml(EXAMPLE_YAML)[0]


def _departments(unit_id: int) -> dict[str, Department]:
    with session_scope() as s:
        return {d.name: d for d in s.exec(select(Department).where(Department.unit_id == unit_id))}


def test_the_example_plan_sets_up_the_annex1_county(pioneer_home, plan):
    result = apply_setup(CLI_ACTOR, plan)
    depts = _departments(result.unit_id)
    assert len(depts) == 36  # the office + 34 from the list (区工商联 via 易凯) + 区残联
    hr = depts["区人力资源和社会保障局"]
    assert (hr.group_role, hr.contact_name) == ("lead", "尹江涛")
    assert "区人社局" in hr.aliases and "区人社局" not in depts
    office = depts["创建工作领导小组办公室"]  # the rubric's name for the office
    assert (office.kind, office.contact_name) == ("office", "王成喜")
    assert result.unmatched == ["区残联"] and "区残联" in depts
    owners = get_responsibilities(SYSTEM_ACTOR, result.unit_id, "yanzhou-2020")
    # 1.2.1 names 区政府办公室 and 区人社局: the second now answers as 区人力资源和社会保障局
    assert [(r.name, r.role) for r in owners["1.2.1"]][:2] == [
        ("区政府办公室", "lead"),
        ("区人力资源和社会保障局", "support"),
    ]
    # 各成员单位 reaches every department of the list
    assert {r.name for r in owners["1.3.3"]} >= {"区税务局", "人行兖州支行", "团区委"}
    with session_scope() as s:
        users = {u.username: u for u in s.exec(select(User))}
        rnd = s.get(Round, result.round_id)
        unit = s.get(Unit, result.unit_id)
    assert len(result.accounts) == len(users) == 39
    assert all(u.must_change_password for u in users.values())
    assert users["bangongshi"].role == "office"
    assert (rnd.prepare_until, rnd.assess_until) == (dt.date(2020, 2, 10), dt.date(2020, 10, 31))
    assert unit.current_round_id == rnd.id and unit.level == "县区"


def test_a_department_logs_in_changes_its_password_and_sees_its_tasks(pioneer_home, plan):
    result = apply_setup(CLI_ACTOR, plan)
    hr = next(a for a in result.accounts if a["department"] == "区人力资源和社会保障局")
    actor = auth.login(hr["username"], hr["password"])
    assert actor.must_change_password
    actor = auth.change_password(actor, hr["password"], "Yz-Rsj2020", "Yz-Rsj2020")
    assert not actor.must_change_password
    with pytest.raises(Exception, match="用户名或密码不正确"):
        auth.login(hr["username"], hr["password"])  # one-time: the old one is gone
    tasks = my_tasks(auth.login(hr["username"], "Yz-Rsj2020"), result.unit_id, dt.date(2020, 3, 1))
    ids = {t.requirement for t in tasks.tasks}
    assert {"1.2.1", "1.2.2"} <= ids and tasks.round_name == "2020年创建自评"
    assert next(t for t in tasks.tasks if t.requirement == "1.2.2").role == "lead"


def test_running_it_again_changes_nothing(pioneer_home, plan):
    first = apply_setup(CLI_ACTOR, plan)
    again = apply_setup(CLI_ACTOR, plan)
    assert (again.departments_created, again.departments_updated, again.assignments) == (0, 0, 0)
    assert again.accounts == [] and len(again.existing_accounts) == len(first.accounts)
    assert not again.round_created


def test_a_unit_seeded_by_init_is_renamed_in_place_not_duplicated(pioneer_home, plan):
    seeded = initialise("兖州区")
    before = _departments(seeded["unit_id"])
    old_id = before["区人社局"].id
    result = apply_setup(CLI_ACTOR, plan)
    assert result.unit_id == seeded["unit_id"]
    depts = _departments(result.unit_id)
    assert depts["区人力资源和社会保障局"].id == old_id
    assert not {"区人社局", "区科技局", "区督考办", "区编办"} & set(depts)
    assert result.existing_accounts == [] and "admin" not in {
        a["username"] for a in result.accounts
    }


def test_the_office_can_name_the_department_a_rubric_name_means(pioneer_home, plan):
    plan.match["区残联"] = "区民政局"
    d = draft(plan)
    assert d.unmatched == []
    result = apply_setup(CLI_ACTOR, plan)
    assert "区残联" in _departments(result.unit_id)["区民政局"].aliases
    with pytest.raises(InvalidInput, match="不在名单中"):
        plan.match["区残联"] = "区残疾人联合会"
        draft(plan)


def test_only_the_office_sets_up_and_every_step_is_audited(pioneer_home, plan):
    dept = Actor(id=None, username="x", display_name="x", role="department")
    with pytest.raises(PermissionDenied):
        apply_setup(dept, plan)
    apply_setup(CLI_ACTOR, plan)
    with session_scope() as s:
        actions = {e.action for e in s.exec(select(AuditEvent))}
    assert {"unit.create", "department.create", "responsibility.seed", "user.create"} <= actions
    assert "unit.setup" in actions


def test_stage_dates_out_of_order_write_nothing(pioneer_home, plan):
    plan.round.stages["build_until"] = dt.date(2020, 1, 1)
    with pytest.raises(InvalidInput, match="按时间先后"):
        apply_setup(CLI_ACTOR, plan)
    with session_scope() as s:
        assert s.exec(select(Unit)).first() is None


def test_the_passwords_leave_in_a_sealed_workbook(pioneer_home, plan):
    result = apply_setup(CLI_ACTOR, plan)
    data, seal = sealed_credentials(result.accounts, result.unit)
    with pytest.raises(Exception):  # noqa: B017 - encrypted: not a zip for anyone without it
        openpyxl.load_workbook(io.BytesIO(data))
    ws = openpyxl.load_workbook(io.BytesIO(unseal(data, seal))).active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 39
    hr = next(r for r in rows if r[1] == "区人力资源和社会保障局")
    account = next(a for a in result.accounts if a["username"] == hr[5])
    assert hr[6] == account["password"] and hr[2] == "尹江涛"
    assert "密件" in ws["A1"].value


def test_only_a_rubric_the_system_holds_can_be_chosen(pioneer_home, plan, tmp_path):
    plan.rubric = str(tmp_path / "别处的细则.yaml")
    with pytest.raises(InvalidInput, match="系统内置的评分细则"):
        draft(plan)


def test_a_rubric_imported_into_the_library_can_be_chosen(pioneer_home, plan):
    from services.rubrics import get_rubric
    from services.setup.summary import draft_lines

    seeded = initialise("兖州区")
    ref = publish_copy(seeded["unit_id"])
    plan.rubric = ref
    title = get_rubric(ref).title
    assert f"评分细则：{title}（第 1 版）（{ref}）" in draft_lines(plan, draft(plan))[0]
    result = apply_setup(CLI_ACTOR, plan)
    with session_scope() as s:
        assert s.get(Round, result.round_id).rubric_id == ref
    assert get_responsibilities(SYSTEM_ACTOR, result.unit_id, ref)


def test_a_version_not_published_or_of_another_unit_is_refused(pioneer_home, plan):
    seeded = initialise("兖州区")
    ref = publish_copy(seeded["unit_id"])
    plan.rubric = "jining-2024@9"
    with pytest.raises(InvalidInput, match=f"已发布的评分细则（.*{ref}"):
        draft(plan)
    plan.rubric, plan.unit = ref, "曲阜市"  # a new unit: the version is 兖州区's own
    with pytest.raises(PermissionDenied, match="不是本单位或上级单位发布的"):
        apply_setup(CLI_ACTOR, plan)
    with session_scope() as s:
        assert s.exec(select(Unit).where(Unit.name == "曲阜市")).first() is None
