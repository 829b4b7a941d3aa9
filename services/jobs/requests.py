"""Work a user asks for and follows in the app: PDF conversion, large ledger imports, batches of
考评报告 for many units. Each is a background job (procrastinate workers on PostgreSQL, the
app's own runner on SQLite; services.jobs.work_kinds runs them), queued in the transaction that
checked the user's rights; the page shows its progress and hands out what it made.
"""

from __future__ import annotations

import os

from services import access
from services.actor import Actor
from services.errors import NotFound, PermissionDenied
from services.jobs import files, local
from services.jobs.queue import enqueue, job_dict
from services.jobs.work_kinds import actor_args
from store.db import session_scope
from store.job_tables import BackgroundJob

PDF_KINDS = ("docx", "xlsx", "zip")


def ledger_in_background(rows: int) -> bool:
    """A ledger file with this many data rows is imported as a background job
    (PIONEER_LEDGER_JOB_ROWS, default 2,000); smaller ones at once."""
    return rows >= int(os.environ.get("PIONEER_LEDGER_JOB_ROWS", "2000"))


def start_pdf(actor: Actor, data: bytes, kind: str, file_name: str) -> int:
    """Convert a document the caller has just built (a .docx/.xlsx, or a zip of .docx) to PDF."""
    from services.documents.core import REPORT_ROLES

    actor.require(*REPORT_ROLES, action="生成 PDF")
    if kind not in PDF_KINDS:
        raise ValueError(f"unknown document kind: {kind}")
    pdf_name = file_name.rsplit(".", 1)[0] + ("-PDF.zip" if kind == "zip" else ".pdf")
    staged = files.stage(data, kind)
    with session_scope() as session:
        args = {"input": staged, "kind": kind, "name": pdf_name, "by": actor.username}
        job = enqueue(
            session,
            "pdf",
            args,
            title=f"转换 PDF：{pdf_name}",
            unit_id=actor.unit_id,
            created_by=actor.display_name,
            max_attempts=2,
        )
    return _started(job.id)


def _started(job_id: int) -> int:
    """On SQLite, make sure this process runs the queue (a no-op on PostgreSQL)."""
    local.start()
    return job_id


def start_ledger_import(
    actor: Actor,
    data: bytes,
    filename: str,
    kind: str,
    *,
    unit_id: int,
    department: str | None = None,
    mapping: dict | None = None,
    period_label: str | None = None,
) -> int:
    """Queue ``import_ledger`` with the same rights checked now (and again when it runs)."""
    from services.ledgers.rows import acting_department, scrub

    staged = files.stage(data, "xlsx" if not filename.lower().endswith(".csv") else "csv")
    try:
        with session_scope() as session:
            acting_department(session, actor, unit_id, department, "导入台账")
            job = enqueue(
                session,
                "ledger_import",
                {
                    "actor": actor_args(actor),
                    "by": actor.username,
                    "input": staged,
                    "filename": filename,
                    "kind": kind,
                    "unit_id": unit_id,
                    "department": department,
                    "mapping": mapping,
                    "period_label": period_label,
                },
                title=f"导入台账：{scrub(filename)}"[:200],
                unit_id=unit_id,
                created_by=actor.display_name,
            )
    except BaseException:
        files.discard(staged)  # refused or not queued: the file (identity numbers) goes
        raise
    return _started(job.id)


def batch_rounds(actor: Actor, root_unit_id: int) -> list[int]:
    """The current rounds of ``root_unit_id`` and every unit below it the actor may read."""
    from sqlmodel import select

    from store.org import Unit

    with session_scope() as session:
        access.require_read_unit(actor, root_unit_id, session)
        ids = access.unit_tree(session).subtree(root_unit_id) & access.readable_units(
            actor, session
        )
        rows = session.exec(select(Unit.id, Unit.current_round_id).order_by(Unit.id)).all()
        return [rid for uid, rid in rows if uid in ids and rid is not None]


def start_report_batch(actor: Actor, round_ids: list[int], *, pdf: bool = False) -> int:
    """Queue the 考评报告 of many rounds (one per unit) into one zip."""
    from services.documents.core import REPORT_ROLES

    actor.require(*REPORT_ROLES, action="批量生成考评报告")
    if not round_ids:
        raise NotFound("没有可生成报告的轮次")
    with session_scope() as session:
        for rid in round_ids:
            access.require_read_round(actor, rid, session)
        job = enqueue(
            session,
            "report_batch",
            {
                "actor": actor_args(actor),
                "by": actor.username,
                "round_ids": list(round_ids),
                "pdf": pdf,
                "name": "考评报告" + ("-PDF" if pdf else "") + ".zip",
            },
            title=f"批量生成考评报告（{len(round_ids)} 个单位）",
            unit_id=actor.unit_id,
            created_by=actor.display_name,
            max_attempts=2,
        )
    return _started(job.id)


def my_job(actor: Actor, job_id: int) -> dict:
    """A job the actor asked for: status, progress, error, result."""
    with session_scope() as session:
        job = session.get(BackgroundJob, job_id)
        if job is None:
            raise NotFound("任务不存在")
        if (job.args or {}).get("by") != actor.username:
            raise PermissionDenied("只能查看本人提交的任务")
        return job_dict(job)


def job_output(actor: Actor, job_id: int) -> tuple[str, bytes]:
    """The file name and bytes a finished job made for the actor."""
    job = my_job(actor, job_id)
    result = job["result"] or {}
    if job["status"] != "succeeded" or "file" not in result:
        raise NotFound("任务尚未完成")
    return result["name"], files.read(result["file"])
