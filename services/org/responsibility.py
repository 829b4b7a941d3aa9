"""责任分工: who answers for each requirement of a rubric in a unit.

The Assignment table is the one source: every page, document, export and command reads it
through ``responsibilities``. It is seeded from the rubric's 责任部门 and edited by the office;
every change bumps the unit's version of it and leaves an audit event.

How the rubric's 责任部门 cell is read:
- the first named department leads (牵头), the others support (配合);
- 各成员单位 means every member department, each on its own: with no named department each
  member leads its own part, otherwise each member supports;
- the office of the leading group (kind ``office``) may answer for a requirement, but is never
  one of 各成员单位 and never a notice's addressee.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from rubric import Rubric
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.rubrics import get_rubric
from store.base import utcnow
from store.db import session_scope
from store.org import ASSIGNMENT_ROLES, Assignment, Department, ResponsibilityVersion

ALL_MEMBERS = "各成员单位"
OFFICE_MARK = "领导小组办公室"
ROLE_ORDER = {"lead": 0, "support": 1}


@dataclass(frozen=True)
class Responsible:
    department_id: int
    name: str
    role: str  # lead | support
    kind: str  # member | office

    @property
    def role_label(self) -> str:
        return ASSIGNMENT_ROLES.get(self.role, self.role)

    @property
    def is_office(self) -> bool:
        return self.kind == "office"


def department_kind(name: str) -> str:
    return "office" if name.endswith(OFFICE_MARK) else "member"


def named_departments(rubric: Rubric) -> list[str]:
    """Every department the rubric names, in order of first mention (各成员单位 left out)."""
    return [d for d in rubric.departments() if d != ALL_MEMBERS]


def seed_plan(rubric: Rubric, members: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """requirement id -> [(department name, role)], from the rubric's 责任部门 and the members.

    ``members`` are the unit's member departments (not the office) in display order.
    """
    plan: dict[str, list[tuple[str, str]]] = {}
    for req in rubric.requirements():
        named = [d for d in req.departments if d != ALL_MEMBERS]
        rows = [(name, "lead" if n == 0 else "support") for n, name in enumerate(named)]
        if ALL_MEMBERS in req.departments:
            role = "support" if named else "lead"
            rows += [(m, role) for m in members if m not in named]
        plan[req.id] = rows
    return plan


def member_departments(session: Session, unit_id: int) -> list[Department]:
    """The unit's active member departments (the office is not one), by id."""
    return list(
        session.exec(
            select(Department)
            .where(
                Department.unit_id == unit_id,
                Department.kind == "member",
                Department.active == True,  # noqa: E712
            )
            .order_by(Department.id)
        )
    )


def unit_departments(session: Session, unit_id: int) -> dict[int, Department]:
    return {d.id: d for d in session.exec(select(Department).where(Department.unit_id == unit_id))}


def responsibilities(
    session: Session, unit_id: int, rubric_id: str
) -> dict[str, tuple[Responsible, ...]]:
    """requirement id -> its responsible departments, leads first, then by department id."""
    rows = session.exec(
        select(Assignment).where(Assignment.unit_id == unit_id, Assignment.rubric_id == rubric_id)
    )
    return responsibilities_from(unit_departments(session, unit_id), rows)


def responsibilities_from(
    depts: dict[int, Department], assignments
) -> dict[str, tuple[Responsible, ...]]:
    """The same, from a unit's departments and its Assignment rows of one rubric (no database)."""
    out: dict[str, list[tuple[tuple[int, int], Responsible]]] = {}
    made: dict[tuple[int, str], tuple] = {}  # a department answers for many requirements
    for a in assignments:
        d = depts.get(a.department_id)
        if d is None:
            continue
        pair = made.get((d.id, a.role))
        if pair is None:
            pair = (owner_order(a.role, d.id), Responsible(d.id, d.name, a.role, d.kind))
            made[(d.id, a.role)] = pair
        out.setdefault(a.requirement_id, []).append(pair)
    return {req: tuple(r for _, r in sorted(rows, key=_first)) for req, rows in out.items()}


def _first(pair: tuple):
    return pair[0]


def owner_order(role: str, department_id: int) -> tuple[int, int]:
    """The order of a requirement's departments: leads first, then by department id."""
    return ROLE_ORDER.get(role, 9), department_id


def get_responsibilities(
    actor: Actor, unit_id: int, rubric_id: str
) -> dict[str, tuple[Responsible, ...]]:
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        return responsibilities(session, unit_id, rubric_id)


def assigned_counts(session: Session, unit_id: int, rubric_id: str) -> dict[int, int]:
    """department id -> number of requirements it answers for (unit: 项要求)."""
    counts: dict[int, int] = {}
    for rows in responsibilities(session, unit_id, rubric_id).values():
        for r in rows:
            counts[r.department_id] = counts.get(r.department_id, 0) + 1
    return counts


def current_version(session: Session, unit_id: int, rubric_id: str) -> ResponsibilityVersion | None:
    return session.exec(
        select(ResponsibilityVersion).where(
            ResponsibilityVersion.unit_id == unit_id, ResponsibilityVersion.rubric_id == rubric_id
        )
    ).first()


def bump_version(session: Session, actor: Actor, unit_id: int, rubric_id: str) -> int:
    row = current_version(session, unit_id, rubric_id)
    if row is None:
        row = ResponsibilityVersion(unit_id=unit_id, rubric_id=rubric_id, version=0)
    row.version += 1
    row.changed_by = actor.display_name
    row.changed_at = utcnow()
    session.add(row)
    session.flush()
    return row.version


def find_department(session: Session, unit_id: int, name: str) -> Department | None:
    """The unit's department of this name, or the one the rubric knows by this name (alias)."""
    dept = session.exec(
        select(Department).where(Department.unit_id == unit_id, Department.name == name)
    ).first()
    if dept is not None:
        return dept
    for d in session.exec(select(Department).where(Department.unit_id == unit_id)):
        if name in (d.aliases or ()):
            return d
    return None


def get_department(session: Session, unit_id: int, name: str) -> Department:
    dept = find_department(session, unit_id, name)
    if dept is None:
        raise NotFound(f"单位「{name}」不存在")
    return dept


def ensure_department(session: Session, unit_id: int, name: str) -> tuple[Department, bool]:
    dept = find_department(session, unit_id, name)
    if dept is not None:
        return dept, False
    dept = Department(unit_id=unit_id, name=name, kind=department_kind(name))
    session.add(dept)
    session.flush()
    return dept, True


def seed_assignments(
    session: Session, actor: Actor, unit_id: int, rubric: Rubric, only: Iterable[str] | None = None
) -> int:
    """Add the rubric's default assignments that are missing (for ``only`` departments if given).

    Existing rows are kept as they are: the office's edits are never overwritten.
    """
    members = [d.name for d in member_departments(session, unit_id)]
    wanted = set(only) if only is not None else None
    existing = {
        (a.requirement_id, a.department_id)
        for a in session.exec(
            select(Assignment).where(
                Assignment.unit_id == unit_id, Assignment.rubric_id == rubric.id
            )
        )
    }
    created = 0
    known: dict[str, Department] = {}  # name or alias -> department, looked up once each
    for req_id, rows in seed_plan(rubric, members).items():
        for name, role in rows:
            if wanted is not None and name not in wanted:
                continue
            dept = known.get(name)
            if dept is None:
                dept = known[name] = ensure_department(session, unit_id, name)[0]
            if (req_id, dept.id) in existing:
                continue
            session.add(
                Assignment(
                    unit_id=unit_id,
                    rubric_id=rubric.id,
                    requirement_id=req_id,
                    department_id=dept.id,
                    role=role,
                )
            )
            existing.add((req_id, dept.id))
            created += 1
    if created:
        version = bump_version(session, actor, unit_id, rubric.id)
        audit.record(
            session,
            actor,
            "responsibility.seed",
            "unit",
            unit_id,
            after={"rubric": rubric.id, "assignments": created, "version": version},
        )
    return created


def set_responsibility(
    actor: Actor,
    unit_id: int,
    rubric_id: str,
    requirement_id: str,
    departments: Sequence[tuple[str, str]] | Sequence[str],
) -> int:
    """Replace who answers for one requirement; returns the new version of the 责任分工.

    ``departments`` are (name, role) pairs, or names (the first leads, the others support).
    """
    actor.require("office", action="调整责任分工")
    rubric = get_rubric(rubric_id)
    if requirement_id not in rubric.requirement_index():
        raise NotFound(f"要求「{requirement_id}」不存在")
    pairs = [
        (d, "lead" if n == 0 else "support") if isinstance(d, str) else (d[0], d[1])
        for n, d in enumerate(departments)
    ]
    if not pairs:
        raise InvalidInput("至少需要一个责任单位")
    if not any(role == "lead" for _, role in pairs):
        raise InvalidInput("至少需要一个牵头单位")
    if len({name for name, _ in pairs}) != len(pairs):
        raise InvalidInput("同一单位不能重复列出")
    bad = [role for _, role in pairs if role not in ASSIGNMENT_ROLES]
    if bad:
        raise InvalidInput(f"责任类型应为牵头或配合，收到「{bad[0]}」")
    with session_scope() as session:
        access.require_write_unit(actor, unit_id, session)
        ids = {name: get_department(session, unit_id, name).id for name, _ in pairs}
        before = [
            {"department": r.name, "role": r.role_label}
            for r in responsibilities(session, unit_id, rubric_id).get(requirement_id, ())
        ]
        for a in session.exec(
            select(Assignment).where(
                Assignment.unit_id == unit_id,
                Assignment.rubric_id == rubric_id,
                Assignment.requirement_id == requirement_id,
            )
        ):
            session.delete(a)
        session.flush()
        for name, role in pairs:
            session.add(
                Assignment(
                    unit_id=unit_id,
                    rubric_id=rubric_id,
                    requirement_id=requirement_id,
                    department_id=ids[name],
                    role=role,
                )
            )
        version = bump_version(session, actor, unit_id, rubric_id)
        audit.record(
            session,
            actor,
            "assignment.set",
            "requirement",
            requirement_id,
            before={"departments": before},
            after={
                "departments": [{"department": n, "role": ASSIGNMENT_ROLES[r]} for n, r in pairs],
                "version": version,
            },
        )
        return version


def assigned_counts_of(actor: Actor, unit_id: int, rubric_id: str) -> dict[int, int]:
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        return assigned_counts(session, unit_id, rubric_id)


def version_info(actor: Actor, unit_id: int, rubric_id: str) -> dict | None:
    """The current version of the 责任分工, who changed it last and when (for 设置)."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        row = current_version(session, unit_id, rubric_id)
        if row is None:
            return None
        return {"version": row.version, "by": row.changed_by, "at": row.changed_at}


def unassigned_requirements(actor: Actor, unit_id: int, rubric_id: str) -> list:
    """The requirements no department leads in the unit (a table without 责任部门, or a new
    version's new items), in rubric order; 待补充细则 parts are left out. For 设置 to assign."""
    rubric = get_rubric(rubric_id)
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        owners = responsibilities(session, unit_id, rubric.id)
    return [
        q
        for q in rubric.requirements()
        if q.status != "missing" and not any(r.role == "lead" for r in owners.get(q.id, ()))
    ]


def assign_for_new_rubric(session: Session, actor: Actor, unit_id: int, rubric: Rubric) -> int:
    """A rubric the unit has no 责任分工 for yet (a round on a new rubric or version): carry the
    assignments over from the newest earlier version of the same id, else seed from its 责任部门.
    Returns the assignments made; the unit's existing ones are never changed."""
    mine = select(Assignment).where(Assignment.unit_id == unit_id)
    if session.exec(mine.where(Assignment.rubric_id == rubric.id)).first() is not None:
        return 0
    base = rubric.id.partition("@")[0]
    earlier = sorted(
        {
            a.rubric_id
            for a in session.exec(mine)
            if a.rubric_id == base or a.rubric_id.startswith(base + "@")
        },
        key=lambda rid: int(rid.partition("@")[2] or 0),
    )
    if not earlier:
        return seed_assignments(session, actor, unit_id, rubric)
    known = rubric.requirement_index()
    rows = [
        a
        for a in session.exec(mine.where(Assignment.rubric_id == earlier[-1]))
        if a.requirement_id in known
    ]
    for a in rows:
        session.add(
            Assignment(
                unit_id=unit_id,
                rubric_id=rubric.id,
                requirement_id=a.requirement_id,
                department_id=a.department_id,
                role=a.role,
            )
        )
    if rows:
        version = bump_version(session, actor, unit_id, rubric.id)
        audit.record(
            session,
            actor,
            "responsibility.carry",
            "unit",
            unit_id,
            after={
                "rubric": rubric.id,
                "from": earlier[-1],
                "assignments": len(rows),
                "version": version,
            },
        )
    return len(rows)
