"""Stored ledger rows: the identity-number key and hashes, listing imports, rows and
rejections (identity numbers masked), and stored rows as ``ledgers.LedgerRow`` for computing.

Identity numbers are kept as an HMAC (key: ``PIONEER_SECRET_FILE`` or ``$PIONEER_HOME/secret.key``, created on first use
with mode 0600) so that people can be matched across ledgers, and as a masked text
(3708*************4) to show; the clear number is never written to the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from ledgers import LedgerRow, get_kind, id_hash
from ledgers.kinds import AMOUNT, BOOL, DATE, ID, LedgerKind
from services import access
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.personal import mask_personal
from store.db import session_scope
from store.ledger_tables import EnteredFigure, LedgerImport, LedgerRecord, LedgerRejection
from store.org import Department
from store.settings import load_settings

SECRET_FILE = "secret.key"


class KeyMissing(InvalidInput):
    """The id-hash key is gone while data hashed with it exists."""


# ---------------------------------------------------------------- the id-hash key


def secret_path() -> Path:
    """Where the key lives: ``PIONEER_SECRET_FILE``, else ``$PIONEER_HOME/secret.key``.

    In production keep it outside the data directory (a backup of the data, or a copy of the
    database, then does not carry the key with it): see docs/operations.md."""
    configured = os.environ.get("PIONEER_SECRET_FILE", "").strip()
    return Path(configured).expanduser() if configured else load_settings().home / SECRET_FILE


def _hashed_data_exists() -> bool:
    with session_scope() as session:
        return session.exec(select(LedgerImport.id).limit(1)).first() is not None


KEY_MISSING = (
    "身份证号加密密钥文件 {path} 不存在，但数据库中已有用原密钥加密的台账记录。"
    "为免此后的记录无法与原记录比对，系统不会自动生成新密钥：请把原密钥文件恢复到该位置"
    "（或用环境变量 PIONEER_SECRET_FILE 指向它）后重试"
)


def secret_key() -> bytes:
    """The app's key for identity-number hashes. Created (0600) on first use only while no
    data hashed with a key exists; a lost key is an error, never silently replaced."""
    path = secret_path()
    try:
        key = path.read_bytes().strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    if _hashed_data_exists():
        raise KeyMissing(KEY_MISSING.format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_hex(32).encode())
        f.flush()
        os.fsync(f.fileno())
    try:
        os.link(tmp, path)  # atomic: the first process to link wins
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes().strip()


def salt_id(key: bytes | None = None) -> str:
    return hashlib.sha256(key or secret_key()).hexdigest()[:16]


def person_hash(raw_id: str, key: bytes | None = None) -> str:
    return id_hash(raw_id, key or secret_key())


def key_hash(row_key: str, key: bytes | None = None) -> str:
    """HMAC of a row's duplicate key (the key contains the clear identity number)."""
    return hmac.new(key or secret_key(), b"key|" + row_key.encode(), hashlib.sha256).hexdigest()


def scrub(text: object) -> str:
    """Text with identity and mobile numbers masked (``services.personal``)."""
    return mask_personal(text)


def acting_department(
    session: Session, actor: Actor, unit_id: int, name: str | None, what: str
) -> Department | None:
    """The department an actor acts for: the office may name any of the unit's (or none); a
    department user acts for its own department only."""
    actor.require("office", "department", action=what)
    access.require_write_unit(actor, unit_id, session)
    dept = None
    if name:
        dept = session.exec(
            select(Department).where(Department.unit_id == unit_id, Department.name == name)
        ).first()
        if dept is None:
            raise NotFound(f"单位「{name}」不存在")
    if actor.role == "department":
        if dept is None:
            dept = session.get(Department, actor.department_id) if actor.department_id else None
        if dept is None or dept.id != actor.department_id:
            raise PermissionDenied(f"只能以本单位名义{what}")
    return dept


# ---------------------------------------------------------------- listing


def unit_select(actor: Actor, model: type[LedgerImport] | type[EnteredFigure], unit_id: int):
    """A query for a unit's rows of ``model`` (ledger imports, entered figures) as ``actor`` may
    see them: a department user only those made in its own name."""
    access.require_read_unit(actor, unit_id)
    q = select(model).where(model.unit_id == unit_id)
    if actor.role == "department":
        q = q.where(model.department_id == actor.department_id)
    return q


def department_names(session: Session) -> dict[int, str]:
    return {d.id: d.name for d in session.exec(select(Department))}


def import_dict(imp: LedgerImport, dept_names: dict[int, str]) -> dict:
    return {
        "id": imp.id,
        "kind": imp.kind,
        "kind_title": get_kind(imp.kind).title,
        "department": dept_names.get(imp.department_id, "") if imp.department_id else "",
        "file": imp.file_name,
        "sha256": imp.sha256,
        "period": imp.period_label,
        "rows": imp.rows_total,
        "imported": imp.rows_good,
        "rejected": imp.rows_rejected,
        "outcome": import_outcome(imp.rows_total, imp.rows_rejected),
        "imported_by": imp.imported_by,
        "imported_at": imp.imported_at,
        "withdrawn_at": imp.withdrawn_at,
        "withdrawn_reason": imp.withdrawn_reason,
    }


def import_outcome(rows: int, rejected: int) -> str:
    """How an import went: "ok" (no row rejected), "warning" (some rejected) or "error" (more
    than half of the data rows rejected). Every page and command shows this one reading."""
    if not rejected:
        return "ok"
    return "error" if 2 * rejected > rows else "warning"


def describe_import(d: dict) -> str:
    """One Chinese line naming a ledger import: who supplied what, when."""
    who = d["department"] or "领导小组办公室"
    when = d["imported_at"].date().isoformat() if d.get("imported_at") else ""
    period = f"，{d['period']}" if d.get("period") else ""
    return (
        f"{who}《{d['file']}》（第{d['id']}批导入{period}，{d['imported_by']}于{when}导入，"
        f"有效{d['imported']}行）"
    )


def _readable_import(session: Session, actor: Actor, import_id: int) -> LedgerImport:
    imp = session.get(LedgerImport, import_id)
    if imp is None:
        raise NotFound(f"导入批次 {import_id} 不存在")
    access.require_read_unit(actor, imp.unit_id, session)
    if actor.role == "department" and imp.department_id != actor.department_id:
        raise PermissionDenied("无权查看其他单位导入的台账")
    return imp


def list_imports(actor: Actor, unit_id: int, kind: str | None = None) -> list[dict]:
    """Imports of a unit; a department user sees only those made in its own name."""
    with session_scope() as session:
        q = unit_select(actor, LedgerImport, unit_id)
        if kind:
            q = q.where(LedgerImport.kind == kind)
        names = department_names(session)
        return [import_dict(i, names) for i in session.exec(q.order_by(LedgerImport.id))]


def import_rows(actor: Actor, import_id: int, *, limit: int = 500, offset: int = 0) -> list[dict]:
    """Stored rows of one import as shown to users (identity numbers masked)."""
    with session_scope() as session:
        _readable_import(session, actor, import_id)
        q = (
            select(LedgerRecord)
            .where(LedgerRecord.import_id == import_id)
            .order_by(LedgerRecord.row_number)
            .offset(offset)
            .limit(limit)
        )
        return [{"id": r.id, "row": r.row_number} | dict(r.record) for r in session.exec(q)]


def import_rejections(actor: Actor, import_id: int) -> list[dict]:
    with session_scope() as session:
        _readable_import(session, actor, import_id)
        q = (
            select(LedgerRejection)
            .where(LedgerRejection.import_id == import_id)
            .order_by(LedgerRejection.row_number, LedgerRejection.id)
        )
        return [
            {
                "row": r.row_number,
                "name": r.person,
                "column": r.column_name,
                "value": r.value,
                "reason": r.reason,
            }
            for r in session.exec(q)
        ]


# ---------------------------------------------------------------- stored rows as LedgerRows


def _typed(kind: LedgerKind, record: dict, id_value: str | None) -> dict[str, object]:
    values: dict[str, object] = {}
    for col in kind.columns:
        raw = record.get(col.name) or ""
        if col.type == ID:
            values[col.name] = id_value if raw else None
        elif not raw:
            values[col.name] = None
        elif col.type == DATE:
            values[col.name] = dt.date.fromisoformat(raw)
        elif col.type == BOOL:
            values[col.name] = raw == "是"
        elif col.type == AMOUNT:
            values[col.name] = Decimal(raw)
        else:
            values[col.name] = raw
    return values


@dataclass
class StoredRows:
    """Rows of one kind for a unit. For computing, the identity column holds the person hash
    (so people are matched, never shown); for showing (``masked=True``) the masked number."""

    kind: LedgerKind
    rows: list[LedgerRow]
    row_ids: list[int]
    import_ids: list[int]  # the import of each row
    imports: list[dict]


def load_rows(
    session: Session,
    unit_id: int,
    kind: str,
    *,
    masked: bool = False,
    max_row_id: int | None = None,
    import_ids: Iterable[int] | None = None,
) -> StoredRows:
    kd = get_kind(kind)
    q = select(LedgerRecord).where(LedgerRecord.unit_id == unit_id, LedgerRecord.kind == kd.code)
    if max_row_id is not None:
        q = q.where(LedgerRecord.id <= max_row_id)
    if import_ids is not None:
        q = q.where(LedgerRecord.import_id.in_(list(import_ids)))  # type: ignore[attr-defined]
    rows, ids, of = [], [], []
    for r in session.exec(q.order_by(LedgerRecord.id)):
        id_value = r.masked_id if masked else r.person_hash
        rows.append(LedgerRow(kd.code, r.row_number, _typed(kd, r.record, id_value), r.key_hash))
        ids.append(r.id)
        of.append(r.import_id)
    used = set(of)
    names = department_names(session)
    imports = [
        import_dict(i, names)
        for i in session.exec(
            select(LedgerImport)
            .where(LedgerImport.id.in_(sorted(used)))  # type: ignore[attr-defined]
            .order_by(LedgerImport.id)
        )
    ]
    return StoredRows(kd, rows, ids, of, imports)
