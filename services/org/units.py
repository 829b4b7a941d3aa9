"""Set-up of the database and of the organisation: units, departments, assignments."""

from __future__ import annotations

from sqlmodel import Session, select

from services import audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.org.responsibility import ensure_department, named_departments, seed_assignments
from services.rubrics import get_rubric
from store.db import get_engine, session_scope
from store.migrate import upgrade
from store.org import Assignment, Department, Unit


def init_database() -> None:
    """Create or upgrade the schema (idempotent)."""
    upgrade(engine=get_engine())


def get_unit(session: Session, name: str) -> Unit:
    unit = session.exec(select(Unit).where(Unit.name == name)).first()
    if unit is None:
        raise NotFound(f"被考评单位「{name}」不存在")
    return unit


def seed_unit(
    actor: Actor, unit_name: str, rubric_id: str | None = None, level: str = "县区"
) -> dict:
    """Create the unit (if new), the rubric's departments and the default 责任分工."""
    actor.require("office", action="初始化被考评单位")
    rubric = get_rubric(rubric_id)
    with session_scope() as session:
        unit = session.exec(select(Unit).where(Unit.name == unit_name)).first()
        if unit is None:
            unit = Unit(name=unit_name, level=level)
            session.add(unit)
            session.flush()
            audit.record(session, actor, "unit.create", "unit", unit.id, after={"name": unit_name})
        created_depts = 0
        for name in named_departments(rubric):
            created_depts += ensure_department(session, unit.id, name)[1]
        created_assign = seed_assignments(session, actor, unit.id, rubric)
        if created_depts:
            audit.record(
                session, actor, "unit.seed", "unit", unit.id, after={"departments": created_depts}
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


def list_departments(unit_id: int | None = None) -> list[Department]:
    """The departments of a unit (of every unit when None), by id."""
    with session_scope() as session:
        q = select(Department).order_by(Department.id)
        if unit_id is not None:
            q = q.where(Department.unit_id == unit_id)
        return list(session.exec(q))


def add_department(actor: Actor, unit_id: int, name: str) -> Department:
    """A new member department; it takes its share of every 各成员单位 requirement."""
    actor.require("office", action="管理成员单位")
    name = name.strip()
    if not name:
        raise InvalidInput("单位名称不能为空")
    if len(name) > 100:
        raise InvalidInput("单位名称不能超过 100 个字")
    with session_scope() as session:
        if session.get(Unit, unit_id) is None:
            raise NotFound("被考评单位不存在")
        dept, created = ensure_department(session, unit_id, name)
        if not created:
            raise InvalidInput(f"单位「{name}」已存在")
        audit.record(
            session,
            actor,
            "department.create",
            "department",
            dept.id,
            after={"name": name, "unit_id": unit_id, "kind": dept.kind},
        )
        rubric_ids = {
            a.rubric_id
            for a in session.exec(select(Assignment).where(Assignment.unit_id == unit_id))
        }
        for rid in sorted(rubric_ids):
            seed_assignments(session, actor, unit_id, get_rubric(rid), only=[name])
        return dept


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
