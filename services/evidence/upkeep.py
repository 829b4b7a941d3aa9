"""Background OCR of scanned pages, crash recovery of the blob store, and consistency checks."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import select

from evidence.intake import run_ocr
from evidence.normalize import normalize_text
from services import audit
from services.actor import SYSTEM_ACTOR
from services.evidence.intake import blob_store, ocr_job_key, staging_store
from services.personal import mask_personal
from services.precheck.follow import queue_recheck
from store.db import session_scope
from store.evidence_tables import Evidence, EvidencePage, EvidenceRevision

Progress = Callable[[int, int], None]
log = logging.getLogger("pioneer.ocr")


def pending_ocr() -> list[int]:
    with session_scope() as session:
        return list(
            session.exec(
                select(EvidenceRevision.id).where(EvidenceRevision.text_status == "ocr_pending")
            )
        )


def ocr_revision(
    revision_id: int, progress: Progress | None = None, keep_pending: bool = False
) -> tuple[int, str | None]:
    """OCR the pages of one revision that had no usable text: (pages recognised, error).

    Safe to run twice (a retried job): a revision no longer ``ocr_pending`` is left alone. On an
    error the revision becomes ``ocr_failed``, or, with ``keep_pending`` (an attempt that will
    be retried), the error is raised and the revision stays pending.
    """
    with session_scope() as session:
        rev = session.get(EvidenceRevision, revision_id)
        if rev is None or rev.text_status != "ocr_pending":
            return 0, None
        pages = [int(p) for p in rev.ocr_pages.split(",") if p.strip()]
        sha, kind = rev.sha256, rev.kind
    data = blob_store().read(sha) if blob_store().exists(sha) else staging_store().read(sha)
    try:
        texts = run_ocr(data, kind, pages, progress=progress)
        status, error = "done", None
    except Exception as exc:  # recorded on the row; the upload itself stays valid
        if keep_pending:
            raise
        texts, status, error = {}, "ocr_failed", str(exc)[:500]
    with session_scope() as session:
        rev = session.get(EvidenceRevision, revision_id)
        if rev.text_status != "ocr_pending":  # another run finished it meanwhile
            return 0, None
        for page, text in texts.items():
            row = session.exec(
                select(EvidencePage).where(
                    EvidencePage.revision_id == revision_id, EvidencePage.page == page
                )
            ).first()
            if row is None:
                row = EvidencePage(revision_id=revision_id, page=page)
            masked = mask_personal(text)
            row.text, row.search_text, row.source = masked, normalize_text(masked), "ocr"
            session.add(row)
        rev.text_status = status
        session.add(rev)
        audit.record(
            session,
            SYSTEM_ACTOR,
            "evidence.ocr",
            "revision",
            revision_id,
            after={"pages": sorted(texts), "status": status, "error": error},
        )
        if texts:  # the checks read the recognised text now
            ev = session.get(Evidence, rev.evidence_id)
            queue_recheck(session, ev.id, ev.unit_id)
    return len(texts), error


def run_pending_ocr(progress: Progress | None = None) -> int:
    done = 0
    for rev_id in pending_ocr():
        done += ocr_revision(rev_id, progress)[0]
    return done


def enqueue_pending_ocr() -> int:
    """A job for every revision awaiting OCR that has none (scans from before the queue)."""
    from services.jobs.queue import enqueue

    ids = pending_ocr()
    with session_scope() as session:
        for rev_id in ids:
            enqueue(session, "ocr", {"revision_id": rev_id}, key=ocr_job_key(rev_id))
    return len(ids)


@dataclass
class VerifyReport:
    rows: int = 0
    files: int = 0
    recovered: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


STALE_SECONDS = 3600  # an upload still in flight is younger than this


def recover() -> list[str]:
    """Finish or roll back writes a killed process left behind; returns what was done.

    A staged file whose row committed is published (always safe). A staged file without a row
    is an upload that never committed: removed once it is older than an hour, so that an
    upload in progress elsewhere is never disturbed. Neither counts as a problem.
    """
    from services.evidence.intake import _publish

    staging = staging_store()
    done = []
    with session_scope() as session:
        known = set(session.exec(select(EvidenceRevision.sha256)))
    cutoff = time.time() - STALE_SECONDS
    for sha in list(staging.iter_blobs()):
        if sha in known:
            _publish(sha)
            done.append(f"已补完入库：{sha[:12]}")
        elif staging.path(sha).stat().st_mtime < cutoff:
            staging.path(sha).unlink(missing_ok=True)
            done.append(f"已清理未提交的上传：{sha[:12]}")
    for store in (staging, blob_store()):
        for tmp in store.remove_orphan_temps(STALE_SECONDS):
            done.append(f"已清理中断的临时文件：{tmp.name}")
    return done


def verify() -> VerifyReport:
    """Every row's file exists with its hash; no file without a row."""
    report = VerifyReport(recovered=recover())
    store = blob_store()
    with session_scope() as session:
        rows = list(session.exec(select(EvidenceRevision)))
    report.rows = len(rows)
    shas = {r.sha256 for r in rows}
    for r in rows:
        if not store.exists(r.sha256):
            report.problems.append(f"材料 {r.evidence_id} 第 {r.number} 版的文件缺失：{r.sha256}")
        elif not store.verify(r.sha256):
            report.problems.append(f"材料 {r.evidence_id} 第 {r.number} 版的文件内容与哈希不符")
    files = set(store.iter_blobs())
    report.files = len(files)
    for sha in sorted(files - shas):
        report.problems.append(f"存储中有无对应记录的文件：{sha}")
    return report


def start_background_ocr() -> bool:
    """Make sure pending scans are queued, and on SQLite that this process runs the queue.

    On PostgreSQL the workers (``pioneer worker``) recognise them.
    """
    from services.jobs import local

    enqueue_pending_ocr()
    return local.start()
