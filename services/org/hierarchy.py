"""Units in a hierarchy: 省 > 市 > 县区 > 街道乡镇 > 社区. Add one, list a subtree, import a list.

A unit is created under a parent by the office of that parent (a top-level one by an office of
the whole deployment), with the rubric's departments and the default 责任分工.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from ledgers.limits import LedgerLimits, MiB
from services import access
from services.actor import Actor
from services.errors import InvalidInput
from services.ledgers.reading import read_untrusted
from services.org.units import get_unit, seed_unit
from store.db import session_scope
from store.org import UNIT_LEVELS, Unit

MAX_ROWS = 5000
# a list of units is small: tighter caps than a ledger's (the sandbox checks them first)
UNIT_LIST_LIMITS = LedgerLimits(
    max_bytes=5 * MiB, max_rows=MAX_ROWS + 20, max_columns=50, parse_seconds=60, parse_memory_mb=512
)
COLUMNS = {
    "name": ("单位名称", "名称", "单位"),
    "level": ("层级", "级别"),
    "parent": ("上级单位", "上级"),
}


@dataclass(frozen=True)
class UnitLine:
    id: int
    name: str
    level: str
    parent: str | None
    path: str  # 山东省/济宁市/兖州区
    depth: int
    current_round_id: int | None


def add_unit(
    actor: Actor,
    name: str,
    level: str,
    parent: str | int | None = None,
    rubric_id: str | None = None,
) -> dict:
    """Create a unit under ``parent`` (a name, a path 济宁市/兖州区, or an id)."""
    parent_id = None
    if parent not in (None, ""):
        with session_scope() as session:
            parent_id = get_unit(session, parent).id
    if level not in UNIT_LEVELS:
        raise InvalidInput(f"单位层级应为 {'、'.join(UNIT_LEVELS)} 之一")
    with session_scope() as session:
        if session.exec(
            select(Unit.id).where(Unit.name == name.strip(), Unit.parent_id == parent_id)
        ).first():
            raise InvalidInput(f"「{name.strip()}」已存在")
    return seed_unit(actor, name, rubric_id, level=level, parent_id=parent_id)


def unit_lines(actor: Actor) -> list[UnitLine]:
    """The units the actor may read, as a tree in depth-first order (children by id)."""
    with session_scope() as session:
        ids = access.readable_units(actor, session)
        rows = {u.id: u for u in session.exec(select(Unit).order_by(Unit.id)) if u.id in ids}
    kids: dict[int | None, list[Unit]] = {}
    for u in rows.values():
        kids.setdefault(u.parent_id if u.parent_id in rows else None, []).append(u)
    out: list[UnitLine] = []

    def walk(parent: int | None, path: list[str]) -> None:
        for u in kids.get(parent, []):
            p = [*path, u.name]
            up = rows.get(u.parent_id) if u.parent_id else None
            out.append(
                UnitLine(
                    u.id, u.name, u.level, up.name if up else None, "/".join(p), len(path),
                    u.current_round_id,
                )
            )  # fmt: skip
            walk(u.id, p)

    walk(None, [])
    return out


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h.strip() in names:
                found[key] = i
                break
    if "name" not in found:
        raise InvalidInput("单位清单缺少「单位名称」列（可选列：层级、上级单位）")
    return found


def import_units(
    actor: Actor, data: bytes, filename: str, *, parent: str | int | None = None
) -> dict:
    """Create every unit of an Excel or CSV list (列：单位名称、层级、上级单位), read in the
    sandbox (services.ledgers.reading).

    A row's 上级单位 is a unit already there or one created by an earlier row; without it the
    unit goes under ``parent``. Rows that exist already are skipped; a bad row stops nothing
    else and is reported with its row number.
    """
    actor.require("office", action="导入被考评单位")
    # untrusted bytes: read in the sandbox with the ledgers' limits, refusals in Chinese
    sheets = read_untrusted(data, filename, UNIT_LIST_LIMITS)
    rows = sheets[0].rows if sheets else []
    start = next((i for i, r in enumerate(rows[:10]) if any(c.strip() for c in r)), None)
    if start is None:
        raise InvalidInput("单位清单是空的")
    cols = _columns(rows[start])
    body = rows[start + 1 :]
    if len(body) > MAX_ROWS:
        raise InvalidInput(f"单位清单最多 {MAX_ROWS} 行，请分批导入")
    created, skipped, errors = [], [], []

    def cell(r: list[str], key: str) -> str:
        i = cols.get(key)
        return r[i].strip() if i is not None and i < len(r) else ""

    for n, r in enumerate(body, start=start + 2):
        name = cell(r, "name")
        if not name:
            continue
        level = cell(r, "level") or "县区"
        up = cell(r, "parent") or parent
        try:
            result = add_unit(actor, name, level, up)
        except InvalidInput as exc:
            if str(exc).endswith("已存在"):
                skipped.append(name)
            else:
                errors.append(f"第{n}行「{name}」：{exc}")
            continue
        except Exception as exc:  # a refusal (permission, not found) is reported per row
            message = getattr(exc, "message", None)
            if message is None:
                raise
            errors.append(f"第{n}行「{name}」：{message}")
            continue
        created.append(result["unit"])
    return {"created": created, "skipped": skipped, "errors": errors}
