"""Set-up of the database and of the organisation: units, departments, assignments."""

from __future__ import annotations

from sqlmodel import Session, select

from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.org.responsibility import ensure_department, named_departments, seed_assignments
from services.rubrics import get_rubric
from store.db import get_engine, session_scope
from store.migrate import upgrade
from store.org import UNIT_LEVELS, Assignment, Department, Unit


def init_database() -> None:
    """Create or upgrade the schema (idempotent)."""
    upgrade(engine=get_engine())


def get_unit(session: Session, name: str | int) -> Unit:
    """A unit by id, by name, or by its path from the top (济宁市/兖州区) when the name repeats."""
    if isinstance(name, int):
        row = session.get(Unit, name)
        if row is None:
            raise NotFound("被考评单位不存在")
        return row
    parts = [p.strip() for p in name.replace("／", "/").split("/") if p.strip()]
    if not parts:
        raise NotFound("被考评单位名称不能为空")
    found = list(session.exec(select(Unit).where(Unit.name == parts[-1]).order_by(Unit.id)))
    if len(parts) > 1:
        found = [u for u in found if _path(session, u)[-len(parts) :] == parts]
    if not found:
        raise NotFound(f"被考评单位「{name}」不存在")
    if len(found) > 1:
        paths = "、".join("/".join(_path(session, u)) for u in found)
        raise InvalidInput(f"有多个被考评单位名为「{parts[-1]}」，请写明上级：{paths}")
    return found[0]


def _path(session: Session, unit: Unit) -> list[str]:
    names, seen, row = [], set(), unit
    while row is not None and row.id not in seen:
        names.append(row.name)
        seen.add(row.id)
        row = session.get(Unit, row.parent_id) if row.parent_id else None
    return names[::-1]


def check_level(level: str, parent: Unit | None) -> None:
    if level not in UNIT_LEVELS:
        raise InvalidInput(f"单位层级应为 {'、'.join(UNIT_LEVELS)} 之一")
    if parent is not None and UNIT_LEVELS.index(level) <= UNIT_LEVELS.index(parent.level):
        raise InvalidInput(f"「{level}」不能作为「{parent.level}」{parent.name}的下级单位")


def seed_unit(
    actor: Actor,
    unit_name: str,
    rubric_id: str | None = None,
    level: str = "县区",
    parent_id: int | None = None,
) -> dict:
    """Create the unit (if new), the rubric's departments and the default 责任分工.

    A new unit is created by the office of its parent (a top-level one by a deployment-wide
    office); an existing one is seeded by its own office or its parent's.
    """
    actor.require("office", action="初始化被考评单位")
    rubric = get_rubric(rubric_id)
    unit_name = (unit_name or "").strip()
    if not unit_name:
        raise InvalidInput("单位名称不能为空")
    if len(unit_name) > 100:
        raise InvalidInput("单位名称不能超过 100 个字")
    with session_scope() as session:
        parent = session.get(Unit, parent_id) if parent_id is not None else None
        if parent_id is not None and parent is None:
            raise NotFound("上级单位不存在")
        unit = session.exec(
            select(Unit).where(Unit.name == unit_name, Unit.parent_id == parent_id)
        ).first()
        if unit is None:
            check_level(level, parent)
            if parent_id is None:
                if access.home_unit(actor, session) is not None:
                    raise PermissionDenied("只能在本单位之下创建被考评单位")
            else:
                access.require_write_unit(actor, parent_id, session)
            unit = Unit(name=unit_name, level=level, parent_id=parent_id)
            session.add(unit)
            session.flush()
            audit.record(
                session,
                actor,
                "unit.create",
                "unit",
                unit.id,
                after={"name": unit_name, "level": level, "parent_id": parent_id},
            )
        elif parent_id is None or not access.can_read_unit(actor, parent_id, session):
            access.require_write_unit(actor, unit.id, session)
        else:
            access.require_write_unit(actor, parent_id, session)
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
            "level": unit.level,
            "parent_id": unit.parent_id,
            "departments": created_depts,
            "assignments": created_assign,
        }


def list_units(actor: Actor) -> list[Unit]:
    """The units the actor may read, by id."""
    return access.readable_unit_rows(actor)


def list_departments(actor: Actor, unit_id: int) -> list[Department]:
    """The departments of a unit the actor may read, by id."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        q = select(Department).where(Department.unit_id == unit_id).order_by(Department.id)
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
        access.require_write_unit(actor, unit_id, session)
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
    if name:
        with session_scope() as session:
            return get_unit(session, name)
    with session_scope() as session:
        units = list(session.exec(select(Unit).order_by(Unit.id)))
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
