"""Ledger (台账) import: read, check, store the good rows without clear identity numbers and
report every bad row (row, column, reason in Chinese); nothing is dropped silently.

The uploaded file itself is not kept (only its SHA-256). Listing and the stored rows live in
``services.ledgers.rows``; their functions are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ledgers import (
    LedgerError,
    LedgerRow,
    Rejection,
    Table,
    mask_id,
    table_from_sheets,
    validate,
)
from ledgers.kinds import ID, LedgerKind
from ledgers.names import mask_name
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.ledgers.reading import read_untrusted
from services.ledgers.rows import (
    SECRET_FILE,
    StoredRows,
    acting_department,
    department_names,
    describe_import,
    import_dict,
    import_outcome,
    import_rejections,
    import_rows,
    key_hash,
    list_imports,
    load_rows,
    person_hash,
    salt_id,
    scrub,
    secret_key,
)
from store.base import utcnow
from store.db import session_scope
from store.ledger_tables import LedgerImport, LedgerRecord, LedgerRejection
from store.org import Unit

# the date that places a row in a period, per kind
PERIOD_COLUMN = {
    "training": "结业日期",
    "subsidy": "发放日期",
    "loan": "放款日期",
    "service": "受理日期",
    "registry": "登记日期",
}
_CHUNK = 500


# ---------------------------------------------------------------- reading


def _resolve_mapping(table: Table, mapping: dict) -> dict[str, int]:
    """The automatic mapping with the user's choices laid over it (a column the user gives to
    one name is taken away from any other); ``None`` unmaps a column."""
    out = dict(table.match.mapping)
    for name, col in mapping.items():
        if col is None or col == "":
            out.pop(name, None)
            continue
        if isinstance(col, str) and not col.isdigit():
            if col not in table.headers:
                raise InvalidInput(f"文件中没有名为“{col}”的列（对应“{name}”）")
            idx = table.headers.index(col)
        else:
            idx = int(col)
        out = {k: v for k, v in out.items() if v != idx}
        out[name] = idx
    return out


def _read(data: bytes, filename: str, kind: str, mapping: dict | None) -> Table:
    sheets = read_untrusted(data, filename)
    try:
        table = table_from_sheets(sheets, kind, name=filename)
        if mapping:
            table = table.with_mapping(_resolve_mapping(table, mapping))
    except LedgerError as exc:
        raise InvalidInput(str(exc)) from exc
    return table


def _mapping_text(table: Table) -> dict[str, str]:
    return {name: table.headers[i] for name, i in table.match.mapping.items()}


def preview_ledger(
    actor: Actor, data: bytes, filename: str, kind: str, *, mapping: dict | None = None
) -> dict:
    """How the file's columns map onto the kind's columns (for a mapping step); nothing stored."""
    actor.require("office", "department", action="导入台账")
    table = _read(data, filename, kind, mapping)
    m = table.match
    return {
        "kind": table.kind.code,
        "kind_title": table.kind.title,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "headers": table.headers,
        "header_mapping": _mapping_text(table),
        "columns": {name: i for name, i in m.mapping.items()},
        "unsure": list(m.unsure),
        "missing_required": list(m.missing_required),
        "unknown_columns": list(m.unknown),
        "lines": m.describe(),
        "rows": len(table.rows),
        "first_rows": [[scrub(c) for c in r] for r in table.rows[:5]],
    }


def _period_label(kind: LedgerKind, rows: list[LedgerRow]) -> str | None:
    years = sorted({d.year for r in rows if isinstance(d := r[PERIOD_COLUMN[kind.code]], dt.date)})
    if not years:
        return None
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"


def _masked_record(kind: LedgerKind, row: LedgerRow) -> dict[str, str]:
    """The row to store: identity columns masked, and any identity or mobile number in any
    other cell (「李四370882198505050141」 in the name column) masked too."""
    record = row.to_record()
    ids = {col.name for col in kind.columns if col.type == ID}
    for name, value in record.items():
        if name in ids and value:
            record[name] = mask_id(value)
        elif isinstance(value, str):
            record[name] = scrub(value)
    return record


def _existing(session: Session, unit_id: int, kind: str, hashes: list[str]) -> dict[str, tuple]:
    """key hash -> (import id, file name, row number) of rows imported before."""
    found: dict[str, tuple] = {}
    for i in range(0, len(hashes), _CHUNK):
        chunk = hashes[i : i + _CHUNK]
        q = (
            select(
                LedgerRecord.key_hash,
                LedgerRecord.import_id,
                LedgerImport.file_name,
                LedgerRecord.row_number,
            )
            .join(LedgerImport, LedgerImport.id == LedgerRecord.import_id)
            .where(
                LedgerRecord.unit_id == unit_id,
                LedgerRecord.kind == kind,
                LedgerRecord.key_hash.in_(chunk),  # type: ignore[attr-defined]
            )
        )
        for h, imp, name, number in session.exec(q):
            found[h] = (imp, name, number)
    return found


def import_ledger(
    actor: Actor,
    data: bytes,
    filename: str,
    kind: str,
    *,
    unit_id: int,
    department: str | None = None,
    mapping: dict | None = None,
    period_label: str | None = None,
) -> dict:
    """Import one ledger file: good rows are stored, every bad row is reported (row, column,
    reason). ``mapping`` (canonical column -> 0-based column or header text) overrides the
    automatic header matching. Raises InvalidInput when the file cannot be read as this kind."""
    with session_scope() as session:
        dept = acting_department(session, actor, unit_id, department, "导入台账")
        if session.get(Unit, unit_id) is None:
            raise NotFound("被考评单位不存在")
    table = _read(data, filename, kind, mapping)
    kd = table.kind
    try:
        result = validate(table)
    except LedgerError as exc:
        raise InvalidInput(str(exc)) from exc
    key = secret_key()
    sid = salt_id(key)
    hashed = [(row, key_hash(row.key, key)) for row in result.good]
    rejections = list(result.rejected)
    notes = list(result.notes)
    key_label = "、".join(kd.key_columns)
    sha = hashlib.sha256(data).hexdigest()
    try:
        with session_scope() as session:
            other = session.exec(
                select(LedgerImport.salt_id).where(
                    LedgerImport.unit_id == unit_id, LedgerImport.salt_id != sid
                )
            ).first()
            if other:
                raise InvalidInput(
                    "身份证号加密密钥与此前导入时不同（secret.key 已更换或丢失），"
                    "无法与已导入的记录比对，请恢复原密钥文件后再导入"
                )
            same_file = session.exec(
                select(LedgerImport.id).where(
                    LedgerImport.unit_id == unit_id,
                    LedgerImport.kind == kd.code,
                    LedgerImport.sha256 == sha,
                )
            ).first()
            if same_file:
                notes.append(f"此文件与第{same_file}批导入的文件完全相同")
            before = _existing(session, unit_id, kd.code, [h for _, h in hashed])
            good = []
            for row, h in hashed:
                if h in before:
                    imp, name, number = before[h]
                    value = row.values.get(kd.key_columns[0])
                    reason = (
                        f"此前已导入过相同记录（{key_label}相同，见第{imp}批“{name}”第{number}行）"
                    )
                    rejections.append(
                        Rejection(row.row_number, kd.key_columns[0], str(value or ""), reason)
                    )
                else:
                    good.append((row, h))
            rejections.sort(key=lambda r: r.row_number)
            bad_rows = {r.row_number for r in rejections}
            label = (period_label or "").strip() or _period_label(kd, [r for r, _ in good])
            imp = LedgerImport(
                unit_id=unit_id,
                kind=kd.code,
                department_id=dept.id if dept else None,
                file_name=scrub(filename)[:255],
                sha256=sha,
                sheet=table.sheet[:100],
                header_row=table.header_row,
                header_mapping=_mapping_text(table),
                period_label=label,
                rows_total=result.data_rows,
                rows_good=len(good),
                rows_rejected=len(bad_rows),
                salt_id=sid,
                imported_by_id=actor.id,
                imported_by=actor.display_name[:100],
            )
            session.add(imp)
            session.flush()
            id_col = kd.id_column
            rows = []
            for row, h in good:
                raw = row.values.get(id_col) if id_col else None
                rows.append(
                    {
                        "import_id": imp.id,
                        "unit_id": unit_id,
                        "kind": kd.code,
                        "row_number": row.row_number,
                        "person_hash": person_hash(raw, key) if raw else None,
                        "masked_id": mask_id(raw) if raw else None,
                        "record": _masked_record(kd, row),
                        "key_hash": h,
                    }
                )
            for i in range(0, len(rows), 2000):
                session.execute(insert(LedgerRecord), rows[i : i + 2000])
            names = _row_names(table)
            shown = [_shown(kd, r, names.get(r.row_number, "")) for r in rejections]
            if shown:
                session.execute(
                    insert(LedgerRejection),
                    [
                        {
                            "import_id": imp.id,
                            "row_number": s["row"],
                            "column_name": s["column"],
                            "value": s["value"][:500],
                            "reason": s["reason"][:1000],
                            "person": s["name"][:100],
                        }
                        for s in shown
                    ],
                )
            audit.record(
                session,
                actor,
                "ledger.import",
                "ledger_import",
                imp.id,
                after={
                    "kind": kd.code,
                    "file": imp.file_name,
                    "sha256": sha,
                    "department": dept.name if dept else None,
                    "rows": result.data_rows,
                    "imported": len(good),
                    "rejected": len(bad_rows),
                },
            )
    except IntegrityError as exc:
        raise InvalidInput("同一台账正在由他人导入，请稍后重试") from exc
    return {
        "import_id": imp.id,
        "kind": kd.code,
        "kind_title": kd.title,
        "file": imp.file_name,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "period": label,
        "rows": result.data_rows,
        "imported": len(good),
        "rejected": len(bad_rows),
        "rejections": shown,
        "outcome": import_outcome(result.data_rows, len(bad_rows)),
        "header_mapping": imp.header_mapping,
        "unsure": list(table.match.unsure),
        "unknown_columns": list(table.match.unknown),
        "notes": notes,
        "summary": (
            f"{kd.title}：共{result.data_rows}行数据，导入{len(good)}行，退回{len(bad_rows)}行"
        ),
    }


def _row_names(table: Table) -> dict[int, str]:
    """Row number -> who the row is about, as shown with a rejection: a person's name masked
    (张*, 欧阳**); a market entity's 名称 (public registration data) as written."""
    idx = table.match.mapping.get(table.kind.person_column)
    if idx is None:
        return {}
    personal = table.kind.id_column is not None and table.kind.code != "registry"
    out = {}
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        raw = cells[idx] if idx < len(cells) else ""
        out[number] = mask_name(raw) if personal else scrub(raw)[:100]
    return out


def _shown(kind: LedgerKind, r: Rejection, name: str = "") -> dict:
    try:
        is_id = kind.column(r.column).type == ID
    except KeyError:
        is_id = False
    value = mask_id(r.value) if is_id and r.value else scrub(r.value)
    return {
        "row": r.row_number,
        "name": scrub(name),
        "column": r.column,
        "value": value,
        "reason": scrub(r.reason),
    }


def withdraw_import(actor: Actor, import_id: int, reason: str) -> dict:
    """Withdraw a mistaken import: its rows and rejections are deleted (so figures and duplicate
    checks no longer see them); the import stays listed as withdrawn, with the reason."""
    actor.require("office", "department", action="撤销台账导入")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("撤销导入时必须说明原因")
    with session_scope() as session:
        imp = session.get(LedgerImport, import_id)
        if imp is None:
            raise NotFound(f"导入批次 {import_id} 不存在")
        access.require_write_unit(actor, imp.unit_id, session)
        if actor.role == "department" and imp.department_id != actor.department_id:
            raise PermissionDenied("只能撤销本单位导入的台账")
        if imp.withdrawn_at is not None:
            raise InvalidInput(f"第{import_id}批导入已于此前撤销")
        for model in (LedgerRecord, LedgerRejection):
            session.execute(delete(model).where(model.import_id == import_id))
        imp.withdrawn_at = utcnow()
        imp.withdrawn_reason = reason[:500]
        session.add(imp)
        audit.record(
            session,
            actor,
            "ledger.withdraw",
            "ledger_import",
            imp.id,
            before={"rows_good": imp.rows_good, "rows_rejected": imp.rows_rejected},
            after={"withdrawn": True, "reason": imp.withdrawn_reason},
        )
        return import_dict(imp, department_names(session))


__all__ = [
    "withdraw_import",
    "PERIOD_COLUMN",
    "SECRET_FILE",
    "StoredRows",
    "acting_department",
    "department_names",
    "describe_import",
    "import_dict",
    "import_ledger",
    "import_outcome",
    "import_rejections",
    "import_rows",
    "key_hash",
    "list_imports",
    "load_rows",
    "person_hash",
    "preview_ledger",
    "salt_id",
    "scrub",
    "secret_key",
]
