"""The kinds of work an office or department asks for and waits on (services.jobs.requests
queues them): a document converted to PDF, a large ledger import, a batch of 考评报告 for many
units, a round's 迎检材料汇编 (queued by services.documents.binder.start_binder). Registered
with services.jobs.kinds (this package's __init__ imports this module).

A job acts as the user who asked for it: the user is read again when the job runs, so a user
switched off in the meantime gets nothing done in their name.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from services.jobs import files
from services.jobs.execute import JobContext, Permanent
from services.jobs.kinds import kind
from store.db import session_scope
from store.job_tables import BackgroundJob

MAX_REJECTIONS_KEPT = 2000  # rejected rows kept in a job's result (the import keeps them all)


def actor_args(actor: Actor) -> dict:
    return dataclasses.asdict(actor)


def actor_of(args: dict) -> Actor:
    """The requester as of now (a user switched off or deleted since: a final failure)."""
    from services.org.auth import actor_for
    from store.org import User

    saved = args["actor"]
    if saved.get("id") is None:  # the command line
        return Actor(**saved)
    with session_scope() as session:
        user = session.get(User, saved["id"])
        if user is None or not user.active:
            raise Permanent("提交任务的用户已停用，任务未执行")
        return actor_for(session, user)


@kind("pdf", "转换 PDF")
def _pdf(ctx: JobContext) -> dict:
    from services.documents.pdf import PdfNotMade, document_pdf, zip_pdfs

    args = ctx.args
    ctx.progress(0, 1, "正在用 LibreOffice 转换")
    data = files.read(args["input"])
    try:
        made = zip_pdfs(data) if args["kind"] == "zip" else document_pdf(data, args["kind"])
    except PdfNotMade as exc:
        if exc.missing or ctx.final:
            files.discard(args["input"])
            raise Permanent(str(exc)) from exc
        raise
    out = files.put_output(made, "zip" if args["kind"] == "zip" else "pdf")
    files.discard(args["input"])
    return {"message": "PDF 已生成", "file": out, "name": args["name"]}


def _already_imported(ctx: JobContext) -> dict | None:
    """A retry after the worker died between the import's commit and the job's: that import."""
    import hashlib

    from sqlmodel import select

    from store.job_tables import BackgroundJob
    from store.ledger_tables import LedgerImport

    if ctx.attempt == 1:
        return None
    sha = hashlib.sha256(files.read(ctx.args["input"])).hexdigest()
    with session_scope() as session:
        since = session.get(BackgroundJob, ctx.job_id).created_at
        imp = session.exec(
            select(LedgerImport).where(
                LedgerImport.unit_id == ctx.args["unit_id"],
                LedgerImport.sha256 == sha,
                LedgerImport.imported_at >= since,
            )
        ).first()
        if imp is None:
            return None
        return {"message": f"已在上次执行中导入（第{imp.id}批）", "import_id": imp.id}


@kind("ledger_import", "导入台账")
def _ledger_import(ctx: JobContext) -> dict:
    from services.ledgers.imports import import_ledger

    args = ctx.args
    done = _already_imported(ctx)
    if done is not None:
        files.discard(args["input"])
        return done
    ctx.progress(0, 1, "正在读取和检查台账")
    try:
        result = import_ledger(
            actor_of(args),
            files.read(args["input"]),
            args["filename"],
            args["kind"],
            unit_id=args["unit_id"],
            department=args.get("department"),
            mapping=args.get("mapping"),
            period_label=args.get("period_label"),
        )
    except (InvalidInput, NotFound, PermissionDenied) as exc:  # retrying cannot fix these
        files.discard(args["input"])
        raise Permanent(str(exc)) from exc
    except Exception:
        if ctx.final:
            files.discard(args["input"])
        raise
    files.discard(args["input"])
    kept = result["rejections"][:MAX_REJECTIONS_KEPT]
    return {"message": result["summary"], **result, "rejections": kept}


def _batch_name(session, round_id: int) -> tuple[str, int | None]:
    """The report's file name in the zip, and the round's unit."""
    from store.org import Unit
    from store.rounds import Round

    rnd = session.get(Round, round_id)
    unit = session.get(Unit, rnd.unit_id) if rnd else None
    name = f"{unit.name if unit else '单位'}-{rnd.name if rnd else round_id}-考评报告.docx"
    return name, rnd.unit_id if rnd else None


@kind("report_batch", "批量生成考评报告")
def _report_batch(ctx: JobContext) -> dict:
    from services.documents import core as documents
    from services.documents.pdf import PdfNotMade, zip_pdfs

    actor = actor_of(ctx.args)
    round_ids = list(ctx.args["round_ids"])
    made: dict[str, bytes] = {}
    refused: list[str] = []
    for n, rid in enumerate(round_ids):
        with session_scope() as session:
            name, unit_id = _batch_name(session, rid)
        ctx.progress(n, len(round_ids), f"正在生成 {n + 1}/{len(round_ids)}：{name}")
        # a retry (the job failed midway) reprints the 文号 this job already gave the unit
        request = f"job{ctx.job_id}:unit{unit_id}:assessment"
        try:
            made[name] = documents.assessment_report(actor, rid, request=request)
        except ServiceError as exc:  # one unit's report is refused: the others still go out
            refused.append(f"{name.removesuffix('-考评报告.docx')}：{exc}")
    if not made:
        raise Permanent("没有生成任何报告：" + "；".join(refused[:20]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in made.items():
            z.writestr(name, data)
        if refused:
            z.writestr("未生成的报告.txt", "\n".join(refused).encode("utf-8"))
    data = buf.getvalue()
    if ctx.args.get("pdf"):
        ctx.progress(len(round_ids), len(round_ids) + 1, "正在转换 PDF")
        try:
            data = zip_pdfs(data)
        except PdfNotMade as exc:
            refused.append(f"未转换 PDF：{exc}")
    out = files.put_output(data, "zip")
    line = f"已生成考评报告 {len(made)} 份" + (f"，未生成 {len(refused)} 项" if refused else "")
    return {"message": line, "file": out, "name": ctx.args["name"], "refused": refused}


@kind("binder", "生成迎检材料汇编")
def _binder(ctx: JobContext) -> dict:
    """The round's 迎检材料汇编 into the shared file root; a retry starts its folder afresh."""
    import shutil

    from services.documents import binder
    from services.documents.pdf import PdfNotMade
    from store.settings import load_settings

    actor = actor_of(ctx.args)
    round_id = ctx.args["round_id"]
    with session_scope() as session:
        unit_id = session.get(BackgroundJob, ctx.job_id).unit_id
    folder = binder.binder_folder(unit_id, round_id, ctx.job_id)
    out = load_settings().files / folder
    shutil.rmtree(out, ignore_errors=True)  # what a failed attempt left behind

    def progress(done: int, total: int, step: str | None = None) -> None:
        ctx.progress(done, total, step)

    try:
        summary = binder.build_binder(actor, round_id, out, progress=progress)
    except PdfNotMade as exc:
        if exc.missing:
            raise Permanent(str(exc)) from exc
        raise
    except (InvalidInput, NotFound, PermissionDenied) as exc:  # retrying cannot fix these
        raise Permanent(str(exc)) from exc
    for older in out.parent.glob("job-*"):  # only the round's latest build is offered
        if (
            older.name != out.name
            and older.name[4:].isdecimal()
            and int(older.name[4:]) < ctx.job_id
        ):
            shutil.rmtree(older, ignore_errors=True)
    line = f"已生成迎检材料汇编：{len(summary['files'])} 册，共 {summary['pages']} 页"
    return {"message": line, **summary, "folder": folder}
