"""Run a round's checks over its unit's documents and store what they propose.

Proposals are kept in ``proposed_finding`` next to the ledger proposals (``inputs.check`` names
the check), so an inspector confirms or overrides both the same way
(``services.ledgers.indicators.confirm``). A proposal is never a confirmed finding.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from rubric.models import Rubric
from rubric.precheck import Check
from scoring.precheck import Context, Doc, Proposal, evaluate
from services import access, audit
from services.actor import Actor
from services.rubrics import get_rubric
from store.base import utcnow
from store.db import session_scope
from store.evidence_tables import COUNTED, Evidence, EvidenceLink, EvidencePage
from store.ledger_tables import ProposedFinding
from store.precheck_tables import CheckSetting
from store.rounds import Round

log = logging.getLogger(__name__)

RUNNERS = ("office", "inspector")


def period(rnd: Round, rubric: Rubric) -> tuple[dt.date, dt.date | None]:
    """The 创建期 a check's ``dated`` window means: from 1 January of the year the rubric (the
    work plan) was issued, or the round's start if earlier, to the end of the round's
    assessment stage. (The product's reading: the rubric gives no period.)"""
    start = dt.date(rubric.date.year, 1, 1)
    if rnd.starts_on and rnd.starts_on < start:
        start = rnd.starts_on
    return start, rnd.assess_until


def disabled_checks(session: Session, unit_id: int) -> set[str]:
    rows = session.exec(
        select(CheckSetting).where(CheckSetting.unit_id == unit_id, CheckSetting.enabled == False)  # noqa: E712
    )
    return {r.check_id for r in rows}


def load_documents(
    session: Session, unit_id: int, rubric_id: str, requirements: list[str] | None = None
) -> dict[str, list[Doc]]:
    """Each requirement's documents in the unit (all requirements, or those given): every
    evidence item linked to it (a withdrawn one is not), with the current revision's page texts
    as written."""
    q = (
        select(EvidenceLink, Evidence)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(
            Evidence.unit_id == unit_id,
            EvidenceLink.rubric_id == rubric_id,
            Evidence.status.in_(COUNTED),  # type: ignore[attr-defined]
        )
    )
    if requirements is not None:
        q = q.where(EvidenceLink.requirement_id.in_(list(requirements)))
    links = session.exec(q).all()
    if not links:
        return {}
    evs = {e.id: e for _, e in links}
    pages: dict[int, list[str]] = defaultdict(list)
    revs = [e.current_revision_id for e in evs.values() if e.current_revision_id]
    for p in session.exec(
        select(EvidencePage)
        .where(EvidencePage.revision_id.in_(revs))
        .order_by(EvidencePage.revision_id, EvidencePage.page)
    ):
        pages[p.revision_id].append(p.text)  # as the document has it
    docs = {
        e.id: Doc(
            e.id,
            e.title,
            e.doc_number,
            e.doc_date,
            e.status,
            tuple(pages.get(e.current_revision_id or -1, ())),
        )
        for e in evs.values()
    }
    out: dict[str, list[Doc]] = defaultdict(list)
    for link, _ in links:
        out[link.requirement_id].append(docs[link.evidence_id])
    return out


def _figures(actor: Actor, unit_id: int, rubric: Rubric) -> dict[str, Decimal | None]:
    uses = any(
        "figure" in c.when.predicate_keys()
        for q in rubric.requirements()
        for c in q.checks
        if isinstance(c, Check)
    )
    if not uses:
        return {}
    from services.ledgers.figures import compute_figures

    return {f.key: f.figure.value for f in compute_figures(actor, unit_id)}


def _value(v: Any) -> Any:
    return str(v) if isinstance(v, Decimal) else v


def _inputs(p: Proposal) -> dict:
    return {
        "check": p.check,
        "met": p.met,
        "needs": p.needs,
        "reads": p.reads,
        "fix": p.fix,
        "evidence_id": p.evidence_id,
        "title": p.title,
        "page": p.page,
        "excerpt": p.excerpt,
        "looked_at": p.looked_at,
    }


def _source(p: Proposal) -> str:
    if p.title is None:
        return f"所需材料：{p.needs}"
    page = f"第{p.page}页" if p.page else ""
    return f"《{p.title}》{page}"[:4000]


def is_check(p: ProposedFinding) -> bool:
    return bool((p.inputs or {}).get("check"))


def run_precheck(
    actor: Actor, round_id: int, *, requirements: list[str] | None = None
) -> list[Proposal]:
    """Evaluate the round's checks (all, or those of ``requirements``) and store a proposal
    per check. A decided proposal whose value is unchanged keeps its decision; one whose value
    changed goes back to 待确认."""
    actor.require(*RUNNERS, action="运行自查预评")
    with session_scope() as session:
        if actor.role == "inspector":
            rnd = access.require_round_inspector(actor, round_id, session)
        else:
            rnd = access.require_write_round(actor, round_id, session)
        rubric = get_rubric(rnd.rubric_id)
        docs = load_documents(session, rnd.unit_id, rnd.rubric_id, requirements)
        off = disabled_checks(session, rnd.unit_id)
        start, end = period(rnd, rubric)
        ctx = Context(start=start, end=end, figures=_figures(actor, rnd.unit_id, rubric))
        proposals = evaluate(rubric, docs, ctx, disabled=off, requirements=requirements)
        scope = set(requirements) if requirements is not None else None
        rows = {
            p.rule_id: p
            for p in session.exec(
                select(ProposedFinding).where(ProposedFinding.round_id == round_id)
            )
        }
        changed = 0
        for prop in proposals:
            value = _value(prop.value)
            row = rows.pop(prop.rule, None)
            if row is not None and not is_check(row):
                continue  # a ledger proposal owns this rule
            if row is None:
                row = ProposedFinding(
                    round_id=round_id,
                    rule_id=prop.rule,
                    requirement_id=prop.requirement,
                    proposed_by="",
                    formula="",
                    source="",
                )
            if row.value != value and row.status != "proposed":
                row.status, row.final_value, row.reason = "proposed", None, None
                row.decided_by_id = row.decided_by = row.decided_at = None
            if row.value != value or row.id is None:
                changed += 1
            row.value = value
            row.formula = prop.reason[:1000]
            row.source = _source(prop)
            row.inputs = _inputs(prop)
            row.proposed_by = actor.display_name[:100]
            row.proposed_at = utcnow()
            session.add(row)
        # checks switched off (or gone from the rubric) lose their undecided proposals
        for row in rows.values():
            if not is_check(row) or row.status != "proposed":
                continue
            if scope is None or (row.requirement_id in scope and row.inputs.get("check") in off):
                session.delete(row)
        audit.record(
            session,
            actor,
            "precheck.run",
            "round",
            round_id,
            after={
                "checks": len(proposals),
                "changed": changed,
                "requirements": sorted(scope) if scope else "all",
            },
            unit_id=rnd.unit_id,
        )
    return proposals
