"""Spot checks (随机抽查): a reproducible sample of ledger rows, its seed recorded.

The population is the unit's rows of the kind (for subsidies and loans: the people who got
them) imported up to the moment of the draw; redrawing a recorded sample with its seed over
that same population gives the same rows, which anyone can verify.
"""

from __future__ import annotations

import hashlib
import io

from openpyxl import load_workbook
from sqlmodel import select

from ledgers import draw, get_kind, new_seed, sample_checklist_rows, sample_description
from ledgers.sample import Sample
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.ledgers.rows import StoredRows, load_rows
from store.db import session_scope
from store.ledger_tables import LEDGER_KINDS, LedgerSample

# kind -> (column that must be true, who is sampled)
POPULATION = {
    "training": (None, "参加培训的学员"),
    "subsidy": ("是否享受", "享受一次性创业补贴的人员"),
    "loan": ("是否获贷", "获得创业担保贷款的人员"),
    "service": (None, "创业“一件事”办件"),
    "registry": (None, "登记的市场主体"),
}
MAX_N = 1000


def _population(stored: StoredRows) -> tuple[list, list[int], list[int]]:
    flag = POPULATION[stored.kind.code][0]
    keep = [i for i, r in enumerate(stored.rows) if flag is None or r[flag]]
    return (
        [stored.rows[i] for i in keep],
        [stored.row_ids[i] for i in keep],
        [stored.import_ids[i] for i in keep],
    )


def _digest(rows) -> str:
    return hashlib.sha256("\n".join(sorted(r.key for r in rows)).encode()).hexdigest()


def _checklist(sample: Sample, picked_imports: list[int]) -> list[dict]:
    out = []
    for record, imp in zip(sample_checklist_rows(sample), picked_imports, strict=True):
        first = {"序号": record.pop("序号"), "导入批次": imp, "台账行号": record.pop("台账行号")}
        out.append(first | record)
    return out


def _result(rec: LedgerSample, sample: Sample, ids, imps, digest: str) -> dict:
    picked_ids = [ids[i] for i in sample.indices]
    rows = _checklist(sample, [imps[i] for i in sample.indices])
    who = POPULATION[rec.kind][1]
    return {
        "sample_id": rec.id,
        "kind": rec.kind,
        "kind_title": get_kind(rec.kind).title,
        "seed": sample.seed,
        "n": sample.n,
        "population": sample.population,
        "description": f"{sample_description(sample)}；抽样对象：{who}",
        "headers": list(rows[0]) if rows else [],
        "rows": rows,
        "picked": picked_ids,
        "matches": picked_ids == list(rec.picked) and digest == rec.population_digest,
        "drawn_by": rec.drawn_by,
        "drawn_at": rec.drawn_at,
    }


def draw_sample(actor: Actor, kind: str, n: int, seed: int | None = None, *, unit_id: int) -> dict:
    """Draw and record a sample of n rows; without a seed a fresh one is chosen."""
    actor.require("office", "inspector", action="抽样核查")
    if kind not in LEDGER_KINDS:
        raise InvalidInput(f"台账类型应为 {'、'.join(LEDGER_KINDS)} 之一")
    if not 1 <= n <= MAX_N:
        raise InvalidInput(f"抽样数量应在 1 到 {MAX_N} 之间")
    if seed is None:
        seed = new_seed()
    if not 0 <= seed < 2**63:
        raise InvalidInput("随机种子应为非负整数")
    with session_scope() as session:
        if actor.role == "office":
            access.require_write_unit(actor, unit_id, session)
        else:
            access.require_read_unit(actor, unit_id, session)
        stored = load_rows(session, unit_id, kind, masked=True)
        rows, ids, imps = _population(stored)
        if not rows:
            raise InvalidInput(f"尚未导入{get_kind(kind).title}，无法抽样")
        sample = draw(rows, n, seed)
        digest = _digest(rows)
        rec = LedgerSample(
            unit_id=unit_id,
            kind=kind,
            n=sample.n,
            seed=seed,
            population=sample.population,
            max_row_id=max(stored.row_ids),
            population_digest=digest,
            picked=[ids[i] for i in sample.indices],
            drawn_by_id=actor.id,
            drawn_by=actor.display_name[:100],
        )
        session.add(rec)
        session.flush()
        audit.record(
            session,
            actor,
            "sample.draw",
            "ledger_sample",
            rec.id,
            after={"kind": kind, "n": sample.n, "seed": seed, "population": sample.population},
            unit_id=unit_id,
        )
        return _result(rec, sample, ids, imps, digest)


def redraw(actor: Actor, sample_id: int) -> dict:
    """Draw a recorded sample again from its seed; ``matches`` tells whether the same rows
    came out of the same population."""
    with session_scope() as session:
        rec = session.get(LedgerSample, sample_id)
        if rec is None:
            raise NotFound(f"抽样记录 {sample_id} 不存在")
        access.require_read_unit(actor, rec.unit_id, session)
        stored = load_rows(session, rec.unit_id, rec.kind, masked=True, max_row_id=rec.max_row_id)
        rows, ids, imps = _population(stored)
        sample = draw(rows, rec.n, rec.seed)
        return _result(rec, sample, ids, imps, _digest(rows))


def list_samples(actor: Actor, unit_id: int) -> list[dict]:
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        q = select(LedgerSample).where(LedgerSample.unit_id == unit_id).order_by(LedgerSample.id)
        return [
            {
                "id": s.id,
                "kind": s.kind,
                "kind_title": get_kind(s.kind).title,
                "n": s.n,
                "seed": s.seed,
                "population": s.population,
                "drawn_by": s.drawn_by,
                "drawn_at": s.drawn_at,
            }
            for s in session.exec(q)
        ]


def checklist_xlsx(result: dict) -> bytes:
    """The checklist as a spreadsheet: the sample on one sheet, how to redraw it on another."""
    from reports.xlsx import cell_value, table_xlsx

    headers = result["headers"]
    data = table_xlsx(
        "抽样核查清单", headers, [[row[h] for h in headers] for row in result["rows"]]
    )
    wb = load_workbook(io.BytesIO(data))
    ws = wb.create_sheet("抽样说明")
    ws.append(["台账", cell_value(result["kind_title"])])
    ws.append(["抽样记录编号", cell_value(result["sample_id"])])
    ws.append(["随机种子", cell_value(result["seed"])])
    ws.append(["抽样说明", cell_value(result["description"])])
    ws.append(["抽样人", cell_value(result["drawn_by"])])
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sample_xlsx(actor: Actor, sample_id: int) -> bytes:
    return checklist_xlsx(redraw(actor, sample_id))
