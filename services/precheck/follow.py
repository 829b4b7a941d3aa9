"""Re-run the checks after evidence changes, as background work.

An upload, a new revision, a review (通过/退回/撤回审核) and a finished OCR each queue a
``precheck`` job in the same transaction as the change (services.jobs.queue.enqueue): the
change and its follow-up commit together, and a failing check run is retried by the queue
instead of being lost. Changes to one unit that arrive while its job still waits are folded
into that job, so a batch of 200 uploads runs the checks once, not 200 times.
"""

from __future__ import annotations

from sqlmodel import Session, select

from services.actor import SYSTEM_ACTOR
from services.jobs.queue import enqueue, is_postgres
from services.precheck.run import run_precheck
from services.rounds.core import current_round_id
from store.db import session_scope
from store.evidence_tables import Evidence, EvidenceLink
from store.job_tables import BackgroundJob

KIND = "precheck"
TITLE = "自查预评：材料变动后重新预评"


def queue_recheck(session: Session, evidence_id: int, unit_id: int, *, by: str = "系统") -> None:
    """Queue (or widen the waiting job of ``unit_id`` with) a re-run for one evidence item."""
    q = select(BackgroundJob).where(
        BackgroundJob.kind == KIND,
        BackgroundJob.unit_id == unit_id,
        BackgroundJob.status == "queued",
    )
    if is_postgres(session):  # a worker taking the job waits for this transaction, or we miss it
        q = q.with_for_update(skip_locked=True)
    waiting = session.exec(q.order_by(BackgroundJob.id).limit(1)).first()
    if waiting is not None:
        ids = list(waiting.args.get("evidence_ids", []))
        if evidence_id not in ids:
            waiting.args = {**waiting.args, "evidence_ids": ids + [evidence_id]}
            session.add(waiting)
        return
    enqueue(
        session, KIND, {"evidence_ids": [evidence_id]}, title=TITLE, unit_id=unit_id, created_by=by
    )


def recheck(evidence_ids: list[int]) -> int:
    """Re-run, for each unit's current round, the checks of the requirements these evidence
    items prove; returns how many proposals were evaluated. Raises on failure (the queue
    retries)."""
    by_unit: dict[int, set[str]] = {}
    with session_scope() as session:
        rows = session.exec(
            select(Evidence.unit_id, EvidenceLink.requirement_id)
            .join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
            .where(Evidence.id.in_(evidence_ids))  # type: ignore[union-attr]
        )
        for unit_id, requirement_id in rows:
            by_unit.setdefault(unit_id, set()).add(requirement_id)
    done = 0
    for unit_id, reqs in sorted(by_unit.items()):
        round_id = current_round_id(SYSTEM_ACTOR, unit_id)
        if round_id is None:
            continue
        done += len(run_precheck(SYSTEM_ACTOR, round_id, requirements=sorted(reqs)))
    return done
