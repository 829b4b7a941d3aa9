"""Carry out a first setup: the unit, its departments and 责任分工, accounts, the first round.

Running it again with the same plan adds what is missing and changes nothing else: existing
accounts keep their passwords, existing rounds their dates, the office's edits of 责任分工 stay.
A department the rubric seeded under its short name (区人社局, by ``pioneer init``) is renamed to
the list's name (区人力资源和社会保障局) and keeps its assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput
from services.org import units as org
from services.org.auth import add_user, new_password
from services.org.responsibility import find_department, seed_assignments
from services.rounds import core as rounds
from services.rubrics import get_rubric
from services.rubrics.versions import require_usable
from services.setup.plan import Draft, PlannedDepartment, SetupPlan, draft
from store.db import session_scope
from store.org import Department, Unit, User
from store.rounds import Round


@dataclass
class SetupResult:
    unit: str
    unit_id: int
    rubric: str
    departments_created: int = 0
    departments_updated: int = 0
    assignments: int = 0
    accounts: list[dict] = field(default_factory=list)  # new accounts with one-time passwords
    existing_accounts: list[str] = field(default_factory=list)
    round_id: int | None = None
    round_created: bool = False
    unmatched: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _unit(session: Session, actor: Actor, plan: SetupPlan, unit_id: int | None) -> Unit:
    name = plan.unit.strip()
    unit = session.get(Unit, unit_id) if unit_id else None
    if unit is None:
        unit = session.exec(select(Unit).where(Unit.name == name)).first()
    clash = session.exec(select(Unit).where(Unit.name == name)).first()
    if unit is not None and clash is not None and clash.id != unit.id:
        raise InvalidInput(f"已有名为「{name}」的被考评单位")
    if unit is None:
        unit = Unit(name=name, level=plan.level)
        session.add(unit)
        session.flush()
        audit.record(session, actor, "unit.create", "unit", unit.id, after={"name": name})
        return unit
    before = {"name": unit.name, "level": unit.level}
    if before != {"name": name, "level": plan.level}:
        unit.name, unit.level = name, plan.level
        session.add(unit)
        audit.record(
            session,
            actor,
            "unit.update",
            "unit",
            unit.id,
            before=before,
            after={"name": name, "level": plan.level},
        )
    return unit


def _department(session: Session, actor: Actor, unit_id: int, d: PlannedDepartment) -> str:
    """Create or update one department; 'created', 'updated' or ''."""
    dept = find_department(session, unit_id, d.name)
    outcome = "updated"
    if dept is None:  # seeded earlier under a rubric name that now means this department?
        dept = next(
            (x for a in d.aliases if (x := find_department(session, unit_id, a)) is not None),
            None,
        )
    if dept is None:
        dept = Department(unit_id=unit_id, name=d.name, kind="member")
        outcome = "created"
    before = {
        "name": dept.name,
        "aliases": list(dept.aliases or []),
        "group_role": dept.group_role,
        "contact": dept.contact_name,
    }
    dept.name = d.name
    dept.kind = "office" if d.role == "office" else "member"
    dept.aliases = sorted(set(dept.aliases or []) | set(d.aliases))
    dept.group_role = {"lead": "lead", "member": "member"}.get(d.role, "")
    if d.contact_name:
        dept.contact_name, dept.contact_title = d.contact_name, d.contact_title[:200]
        dept.contact_phone = d.contact_phone[:50]
    after = {
        "name": dept.name,
        "aliases": dept.aliases,
        "group_role": dept.group_role,
        "contact": dept.contact_name,
    }
    if outcome == "updated" and before == after:
        return ""
    session.add(dept)
    session.flush()
    action = "department.create" if outcome == "created" else "department.update"
    audit.record(
        session,
        actor,
        action,
        "department",
        dept.id,
        before=None if outcome == "created" else before,
        after=after | {"unit_id": unit_id},
    )
    return outcome


def _accounts(session: Session, actor: Actor, unit_id: int, plan: Draft, result: SetupResult):
    for a in plan.accounts:
        if session.exec(select(User).where(User.username == a.username)).first():
            result.existing_accounts.append(a.username)
            continue
        dept = find_department(session, unit_id, a.department) if a.department else None
        password = new_password()
        add_user(
            session,
            actor,
            username=a.username,
            display_name=a.display_name,
            role=a.role,
            password=password,
            department_id=dept.id if dept else None,
            generated=True,
        )
        result.accounts.append(
            {
                "department": a.department or ("领导小组办公室" if a.role == "office" else ""),
                "name": a.display_name,
                "title": a.title,
                "role": a.role,
                "username": a.username,
                "password": password,
            }
        )


def _first_round(actor: Actor, plan: SetupPlan, unit_id: int, result: SetupResult) -> None:
    if plan.round is None:
        return
    with session_scope() as session:
        found = session.exec(
            select(Round).where(Round.unit_id == unit_id, Round.name == plan.round.name.strip())
        ).first()
    if found is not None:
        result.round_id = found.id
        result.warnings.append(f"轮次「{found.name}」已存在，未修改其阶段日期")
        return
    rnd = rounds.create_round(
        actor,
        name=plan.round.name,
        unit_id=unit_id,
        kind=plan.round.kind,
        rubric_id=plan.rubric,
        stages=plan.round.stages,
        starts_on=plan.round.starts_on,
    )
    result.round_id, result.round_created = rnd.id, True


def apply_setup(actor: Actor, plan: SetupPlan, unit_id: int | None = None) -> SetupResult:
    """Set up the county the plan describes (in ``unit_id`` when the wizard names one)."""
    actor.require("office", action="初始化被考评单位")
    org.init_database()
    planned = draft(plan)
    rubric = get_rubric(plan.rubric)
    if plan.round is not None:  # check the dates before anything is written
        given = [d for d in plan.round.stages.values() if d]
        if given != sorted(given):
            raise InvalidInput("四个阶段的截止日期应按时间先后排列")
    with session_scope() as session:
        unit = _unit(session, actor, plan, unit_id)
        if unit.id == unit_id or access.home_unit(actor, session) is not None:
            access.require_write_unit(actor, unit.id, session)  # a unit's own office only
        require_usable(session, actor, unit.id, rubric.id)  # an imported one: the unit's own
        result = SetupResult(unit.name, unit.id, rubric.id, unmatched=planned.unmatched)
        result.warnings += planned.warnings
        for d in planned.departments:
            outcome = _department(session, actor, unit.id, d)
            result.departments_created += outcome == "created"
            result.departments_updated += outcome == "updated"
        result.assignments = seed_assignments(session, actor, unit.id, rubric)
        _accounts(session, actor, unit.id, planned, result)
        audit.record(
            session,
            actor,
            "unit.setup",
            "unit",
            unit.id,
            after={
                "rubric": rubric.id,
                "departments": len(planned.departments),
                "accounts": len(result.accounts),
                "unmatched": planned.unmatched,
            },
        )
    _first_round(actor, plan, result.unit_id, result)
    return result
