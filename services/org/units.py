"""Set-up of the database and of the organisation: units, departments, assignments."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from rubric import Rubric
from services import audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.rubrics import get_rubric
from store.db import get_engine, session_scope
from store.migrate import upgrade
from store.org import Assignment, Department, Unit

ALL_MEMBERS = "各成员单位"
# Requirements the appendix gives to "各成员单位" are coordinated by the office's working body.
COORDINATOR = "区就业创业促进中心"


def init_database() -> None:
    """Create or upgrade the schema (idempotent)."""
    upgrade(engine=get_engine())


def rubric_departments(rubric: Rubric) -> list[str]:
    names = [d for d in rubric.departments() if d != ALL_MEMBERS]
    if COORDINATOR not in names:
        names.append(COORDINATOR)
    return names


def _get_or_create_department(session: Session, name: str) -> tuple[Department, bool]:
    dept = session.exec(select(Department).where(Department.name == name)).first()
    if dept:
        return dept, False
    dept = Department(name=name)
    session.add(dept)
    session.flush()
    return dept, True


def get_unit(session: Session, name: str) -> Unit:
    unit = session.exec(select(Unit).where(Unit.name == name)).first()
    if unit is None:
        raise NotFound(f"被考评单位「{name}」不存在")
    return unit


def seed_unit(
    actor: Actor, unit_name: str, rubric_id: str | None = None, level: str = "县区"
) -> dict:
    """Create the unit (if new), the rubric's departments and the default assignments."""
    actor.require("office", action="初始化被考评单位")
    rubric = get_rubric(rubric_id)
    created_depts = created_assign = 0
    with session_scope() as session:
        unit = session.exec(select(Unit).where(Unit.name == unit_name)).first()
        if unit is None:
            unit = Unit(name=unit_name, level=level)
            session.add(unit)
            session.flush()
            audit.record(session, actor, "unit.create", "unit", unit.id, after={"name": unit_name})
        depts = {}
        for name in rubric_departments(rubric):
            depts[name], new = _get_or_create_department(session, name)
            created_depts += new
        existing = {
            (a.requirement_id, a.department_id)
            for a in session.exec(
                select(Assignment).where(
                    Assignment.unit_id == unit.id, Assignment.rubric_id == rubric.id
                )
            )
        }
        for req in rubric.requirements():
            names = [d for d in req.departments if d != ALL_MEMBERS] or [COORDINATOR]
            for name in names:
                key = (req.id, depts[name].id)
                if key not in existing:
                    session.add(
                        Assignment(
                            unit_id=unit.id,
                            rubric_id=rubric.id,
                            requirement_id=req.id,
                            department_id=depts[name].id,
                        )
                    )
                    existing.add(key)
                    created_assign += 1
        if created_depts or created_assign:
            audit.record(
                session,
                actor,
                "unit.seed",
                "unit",
                unit.id,
                after={"departments": created_depts, "assignments": created_assign},
            )
        return {
            "unit": unit.name,
            "unit_id": unit.id,
            "departments": created_depts,
            "assignments": created_assign,
        }


def list_units() -> list[Unit]:
    with session_scope() as session:
        return list(session.exec(select(Unit).order_by(Unit.id)))


def list_departments() -> list[Department]:
    with session_scope() as session:
        return list(session.exec(select(Department).order_by(Department.id)))


def add_department(actor: Actor, name: str) -> Department:
    actor.require("office", action="管理成员单位")
    name = name.strip()
    if not name:
        raise InvalidInput("单位名称不能为空")
    with session_scope() as session:
        dept, created = _get_or_create_department(session, name)
        if not created:
            raise InvalidInput(f"单位「{name}」已存在")
        audit.record(
            session, actor, "department.create", "department", dept.id, after={"name": name}
        )
        return dept


def assignments(unit_id: int, rubric_id: str) -> dict[str, list[str]]:
    """requirement id -> department names."""
    with session_scope() as session:
        names = {d.id: d.name for d in session.exec(select(Department))}
        out: dict[str, list[str]] = {}
        for a in session.exec(
            select(Assignment)
            .where(Assignment.unit_id == unit_id, Assignment.rubric_id == rubric_id)
            .order_by(Assignment.id)
        ):
            out.setdefault(a.requirement_id, []).append(names[a.department_id])
        return out


def due_dates(unit_id: int, rubric_id: str) -> dict[str, dt.date]:
    with session_scope() as session:
        out: dict[str, dt.date] = {}
        for a in session.exec(
            select(Assignment).where(
                Assignment.unit_id == unit_id, Assignment.rubric_id == rubric_id
            )
        ):
            if a.due_date and (a.requirement_id not in out or a.due_date < out[a.requirement_id]):
                out[a.requirement_id] = a.due_date
        return out


def set_assignment(
    actor: Actor,
    unit_id: int,
    rubric_id: str,
    requirement_id: str,
    departments: list[str],
    due_date: dt.date | None = None,
) -> None:
    """Replace the departments answering for one requirement (and its due date)."""
    actor.require("office", action="调整责任分工")
    rubric = get_rubric(rubric_id)
    if requirement_id not in rubric.requirement_index():
        raise NotFound(f"要求「{requirement_id}」不存在")
    if not departments:
        raise InvalidInput("至少需要一个责任单位")
    with session_scope() as session:
        ids = {}
        for name in departments:
            dept = session.exec(select(Department).where(Department.name == name)).first()
            if dept is None:
                raise NotFound(f"单位「{name}」不存在")
            ids[name] = dept.id
        rows = list(
            session.exec(
                select(Assignment).where(
                    Assignment.unit_id == unit_id,
                    Assignment.rubric_id == rubric_id,
                    Assignment.requirement_id == requirement_id,
                )
            )
        )
        names = {d.id: d.name for d in session.exec(select(Department))}
        before = {
            "departments": [names[a.department_id] for a in rows],
            "due_date": rows[0].due_date if rows else None,
        }
        for a in rows:
            session.delete(a)
        session.flush()
        for name in departments:
            session.add(
                Assignment(
                    unit_id=unit_id,
                    rubric_id=rubric_id,
                    requirement_id=requirement_id,
                    department_id=ids[name],
                    due_date=due_date,
                )
            )
        audit.record(
            session,
            actor,
            "assignment.set",
            "requirement",
            requirement_id,
            before=before,
            after={"departments": departments, "due_date": due_date},
        )


def resolve_unit(name: str | None) -> Unit:
    """The unit a command means: the one named, else the only one, else the default unit."""
    units = list_units()
    if name:
        for unit in units:
            if unit.name == name:
                return unit
        known = "、".join(u.name for u in units) or "无"
        raise NotFound(f"被考评单位「{name}」不存在（已有：{known}）")
    if len(units) == 1:
        return units[0]
    from services.org.setup import DEFAULT_UNIT

    for unit in units:
        if unit.name == DEFAULT_UNIT:
            return unit
    if not units:
        raise NotFound("尚未建立被考评单位：请先运行 pioneer init 或 pioneer demo")
    known = "、".join(u.name for u in units)
    raise InvalidInput(f"有多个被考评单位，请用 --unit 指定：{known}")
