"""迎检材料汇编 (the binder): one PDF per system with every approved document, and an index.

``build_binder`` is a plain function with a progress callback ``(done, total, step)``: the
CLI runs it directly; the app queues it as a background job (``start_binder``, run by
services.jobs.work_kinds into the shared file root; ``binder_status`` reads the job row, so any
app server shows its progress, result or failure). Evidence bytes are the stored files (checked
at upload and against their SHA-256 here); Word/Excel go through reports.pdf (LibreOffice with its
limits), and every PDF or picture is opened only in the sandbox subprocess.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

from evidence.errors import IntakeRefused
from evidence.sandbox import run_sandboxed
from reports import pdf as pdf_convert
from reports.binder import (
    BinderDoc,
    BinderIndicator,
    BinderInput,
    BinderRequirement,
    BinderSystem,
    MissingItem,
    build_binders,
    index_xlsx,
)
from reports.binder.model import doc_label, requirement_label
from reports.common import campaign_name
from services import access, audit
from services.actor import Actor
from services.documents.pdf import PdfNotMade
from services.errors import ServiceError
from services.evidence.intake import blob_store
from services.rounds.core import load_round, round_notes
from services.rounds.state import load_state
from store.db import session_scope
from store.evidence_tables import (
    COUNTED,
    STATUS_LABELS,
    Evidence,
    EvidenceLink,
    EvidenceRevision,
    Review,
)
from store.job_tables import BackgroundJob
from store.org import Department, Unit
from store.rounds import Round
from store.settings import load_settings

Progress = Callable[[int, int, str | None], None]
INDEX_NAME = "材料目录.xlsx"
SANDBOX_SECONDS = 900
SANDBOX_MEMORY_MB = 2048
log = logging.getLogger("pioneer.binder")


def _returned_reasons(session: Session, ids: list[int]) -> dict[int, str]:
    reasons: dict[int, str] = {}
    if not ids:
        return reasons
    q = select(Review).where(Review.evidence_id.in_(ids)).order_by(Review.at, Review.id)  # type: ignore[attr-defined]
    for r in session.exec(q):
        if r.status == "returned":
            reasons[r.evidence_id] = r.reason or ""
        else:
            reasons.pop(r.evidence_id, None)
    return reasons


def binder_input(
    actor: Actor, round_id: int, today: dt.date | None = None
) -> tuple[BinderInput, dict[str, tuple[str, str]]]:
    """The binder's content for a round, and per document key its (sha256, kind)."""
    actor.require("office", action="生成迎检材料汇编")
    state = load_state(actor, round_id, today)
    rubric, card = state.rubric, state.card
    with session_scope() as session:
        rnd = load_round(session, round_id)
        unit = session.get(Unit, rnd.unit_id)
        depts = {d.id: d.name for d in session.exec(select(Department))}
        rows = session.exec(
            select(EvidenceLink, Evidence, EvidenceRevision)
            .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
            .join(EvidenceRevision, EvidenceRevision.id == Evidence.current_revision_id)
            .where(
                Evidence.unit_id == rnd.unit_id,
                EvidenceLink.rubric_id == rubric.id,
                Evidence.status.in_(COUNTED),  # type: ignore[attr-defined]  (withdrawn: not missing)
            )
            .order_by(Evidence.doc_date, Evidence.id)
        ).all()
        reasons = _returned_reasons(session, sorted({ev.id for _, ev, _ in rows}))
        unit_name, round_name = unit.name if unit else "", rnd.name
    comments, _ = round_notes(actor, round_id)
    by_req: dict[str, list[tuple[Evidence, EvidenceRevision]]] = {}
    for link, ev, rev in rows:
        by_req.setdefault(link.requirement_id, []).append((ev, rev))
    docs: dict[int, BinderDoc] = {}
    blobs: dict[str, tuple[str, str]] = {}
    systems = []
    for sys_score, system in zip(card.systems, rubric.systems, strict=True):
        indicators = []
        for ind in system.indicators:
            reqs = []
            for req in ind.requirements:
                rs = card.requirement(req.id)
                item = BinderRequirement(
                    id=req.id,
                    text=req.requirement,
                    scoring=req.scoring,
                    departments=list(state.item(req.id).departments),
                    score=None if rs.status == "unassessed" else rs.score,
                    max=rs.max,
                    comment=comments.get(req.id, ""),
                )
                for ev, rev in by_req.get(req.id, []):
                    doc = docs.get(ev.id) or BinderDoc(
                        key=f"ev{ev.id}",
                        evidence_id=ev.id,
                        title=ev.title,
                        doc_number=ev.doc_number,
                        doc_date=ev.doc_date,
                        department=depts.get(ev.department_id, ""),
                        file_name=rev.original_name,
                        kind=rev.kind,
                    )
                    if ev.status == "approved":
                        docs[ev.id] = doc
                        blobs[doc.key] = (rev.sha256, rev.kind)
                        item.documents.append(doc)
                    else:
                        reason = (
                            f"退回原因：{reasons[ev.id]}" if ev.id in reasons else "等待考核组审核"
                        )
                        item.missing.append(
                            MissingItem(
                                requirement_label(item),
                                doc_label(doc),
                                doc.department,
                                STATUS_LABELS[ev.status],
                                reason,
                            )
                        )
                reqs.append(item)
            indicators.append(BinderIndicator(ind.id, ind.name, reqs))
        systems.append(
            BinderSystem(
                system.id,
                system.name,
                sys_score.score,
                sys_score.max,
                sys_score.pending,
                indicators,
            )
        )
    inp = BinderInput(
        unit=unit_name,
        round_name=round_name,
        issued_on=today or dt.date.today(),
        campaign=campaign_name(rubric),
        systems=systems,
    )
    return inp, blobs


def _sandboxed(fn, *args):
    return run_sandboxed(fn, *args, seconds=SANDBOX_SECONDS, memory_mb=SANDBOX_MEMORY_MB)


def _copy_blobs(inp: BinderInput, blobs: dict[str, tuple[str, str]], folder: Path) -> None:
    """Copy each stored file into the build folder, checking it against its SHA-256."""
    folder.mkdir(parents=True, exist_ok=True)
    store = blob_store()
    for system in inp.systems:
        for req in system.requirements():
            for doc in req.documents:
                if doc.source is not None or doc.error:
                    continue
                sha, kind = blobs[doc.key]
                try:
                    data = store.read(sha)
                except OSError:
                    doc.error = "存储中找不到该文件（请运行 pioneer evidence verify）"
                    continue
                if hashlib.sha256(data).hexdigest() != sha:
                    doc.error = "文件内容与入库时的校验值不符（请运行 pioneer evidence verify）"
                    continue
                doc.source = folder / f"{doc.key}.{kind}"
                doc.source.write_bytes(data)


def build_binder(
    actor: Actor,
    round_id: int,
    out_dir: Path,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> dict:
    """Write one PDF per system and 材料目录.xlsx into ``out_dir``; a summary of what was made."""
    inp, blobs = binder_input(actor, round_id, today)
    if not pdf_convert.available():
        raise PdfNotMade(
            "本机未安装 LibreOffice（soffice），无法生成迎检材料汇编；"
            "请安装 libreoffice-writer-nogui 和 libreoffice-calc-nogui 后重试",
            missing=True,
        )
    started = dt.datetime.now()
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="pioneer-binder-") as tmp:
        work = Path(tmp)
        _copy_blobs(inp, blobs, work / "blobs")
        try:
            result = build_binders(
                inp,
                work,
                out_dir,
                convert=pdf_convert.convert_files,
                sandboxed=_sandboxed,
                progress=progress,
            )
        except pdf_convert.PdfError as exc:
            raise PdfNotMade(exc.message, isinstance(exc, pdf_convert.PdfUnavailable)) from exc
        except IntakeRefused as exc:  # the sandbox's time or memory cap, or a crash
            log.warning("binder sandbox refused: %s %s", exc.code, exc.detail)
            raise ServiceError(
                "迎检材料汇编未能生成：处理材料文件时超时或出错"
                f"（{exc.code}），请稍后重试；如反复出现，请检查最近上传的材料"
            ) from exc
        except RuntimeError as exc:
            raise ServiceError(f"迎检材料汇编未能生成：{exc}") from exc
    (out_dir / INDEX_NAME).write_bytes(index_xlsx(result.index, result.missing))
    summary = {
        "round_id": round_id,
        "folder": str(out_dir),
        "files": [
            {
                "system": f.system,
                "file": f.path.name,
                "pages": f.pages,
                "bytes": f.bytes,
                "documents": f.documents,
                "missing": f.missing,
            }
            for f in result.files
        ],
        "index": INDEX_NAME,
        "documents": len({r["evidence_id"] for r in result.index}),
        "missing": len(result.missing),
        "pages": sum(f.pages for f in result.files),
        "bytes": sum(f.bytes for f in result.files),
        "seconds": round((dt.datetime.now() - started).total_seconds(), 1),
    }
    with session_scope() as session:
        audit.record(
            session,
            actor,
            "report.binder",
            "round",
            round_id,
            after={k: summary[k] for k in ("documents", "missing", "pages", "bytes")},
        )
    return summary


# ---------------------------------------------------------------- in the background (the app)

FINISHED = ("succeeded", "failed")


def binder_folder(unit_id: int, round_id: int, job_id: int) -> str:
    """Where a job's build goes, relative to the shared file root (PIONEER_FILES_ROOT) that
    every app server and worker reads."""
    return f"binders/unit-{unit_id}/round-{round_id}/job-{job_id}"


def _latest_job(session: Session, unit_id: int, round_id: int) -> BackgroundJob | None:
    jobs = session.exec(
        select(BackgroundJob)
        .where(BackgroundJob.kind == "binder", BackgroundJob.unit_id == unit_id)
        .order_by(BackgroundJob.id.desc())  # type: ignore[union-attr]
        .limit(50)
    )
    return next((j for j in jobs if (j.args or {}).get("round_id") == round_id), None)


def start_binder(actor: Actor, round_id: int) -> int | None:
    """Queue the build of the round's binder (a background job, run by a worker on PostgreSQL
    and by the app's own runner on SQLite); its job id, or None when one is already queued or
    running for the round. Permission is checked in the transaction that queues it."""
    from services.jobs import local
    from services.jobs.queue import enqueue
    from services.jobs.work_kinds import actor_args

    actor.require("office", action="生成迎检材料汇编")
    with session_scope() as session:
        rnd = access.require_write_round(actor, round_id, session)
        # the round's row is locked until this transaction ends: another server starting the
        # same build waits here, then sees this one's job (PostgreSQL; SQLite has one writer)
        session.exec(select(Round.id).where(Round.id == round_id).with_for_update()).all()
        last = _latest_job(session, rnd.unit_id, round_id)
        if last is not None and last.status not in FINISHED:
            return None
        job = enqueue(
            session,
            "binder",
            {"actor": actor_args(actor), "by": actor.username, "round_id": round_id},
            title=f"生成迎检材料汇编：{rnd.name}"[:200],
            unit_id=rnd.unit_id,
            created_by=actor.display_name,
            max_attempts=2,
        )
        job_id = job.id
    local.start()  # on SQLite, make sure this process runs the queue (no-op on PostgreSQL)
    return job_id


def binder_status(actor: Actor, round_id: int) -> dict:
    """The round's latest build as its job row shows it to any app server: {id, status, done,
    total, message, error, result, ...} (services.jobs.queue.job_dict); {} if none yet."""
    from services.jobs.queue import job_dict

    actor.require("office", action="查看迎检材料汇编")
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        job = _latest_job(session, rnd.unit_id, round_id)
        return job_dict(job) if job is not None else {}


def binder_file(summary: dict, name: str) -> bytes:
    """The bytes of one file a build made (a name listed in its summary)."""
    allowed = {f["file"] for f in summary["files"]} | {summary["index"]}
    if name not in allowed:
        raise ServiceError(f"汇编中没有文件「{name}」")
    folder = Path(summary["folder"])
    if not folder.is_absolute():  # a job's build, under the shared file root
        folder = load_settings().files / folder
    return (folder / name).read_bytes()
