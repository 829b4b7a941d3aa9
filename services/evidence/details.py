"""What the owner may do to an evidence item besides a new revision, each audited: correct its
title and 文号 in place, or withdraw it (撤回).

The department that owns the file, or the office of its unit, may do either. A 文号 can be
cleared (a file that has none). The text is cleaned the way every text leaving the system is
(reports.sanitize) and personal numbers are masked. A withdrawn file stays in the store with
its revisions and reviews (nothing is lost) but no longer counts: not in search, not in a
requirement's evidence status, not in the checks' documents; the checks re-run.
"""

from __future__ import annotations

from reports.sanitize import xml_text
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, PermissionDenied
from services.personal import mask_personal
from services.precheck.follow import queue_recheck
from store.db import session_scope
from store.evidence_tables import Evidence

MAX_TITLE = 300
MAX_NUMBER = 100
MAX_REASON = 500
_KEEP = object()


def _clean(text: object) -> str:
    return " ".join(mask_personal(xml_text(text)).split())


def _owned(session, actor: Actor, evidence_id: int) -> Evidence:
    """The item, if the actor is the department that owns it or the office of its unit."""
    ev = access.require_read_evidence(actor, evidence_id, session)
    access.require_write_unit(actor, ev.unit_id, session)
    if actor.role == "department" and ev.department_id != actor.department_id:
        raise PermissionDenied("只能处理本单位（部门）的材料")
    return ev


def edit_details(actor: Actor, evidence_id: int, *, title=_KEEP, doc_number=_KEEP) -> dict:
    """Set the title and/or the 文号 (``None`` or blank clears the 文号); returns both."""
    actor.require("office", "department", action="修改材料标题和文号")
    with session_scope() as session:
        ev = _owned(session, actor, evidence_id)
        before = {"title": ev.title, "doc_number": ev.doc_number}
        if title is not _KEEP:
            new_title = _clean(title)
            if not new_title:
                raise InvalidInput("材料标题不能为空")
            if len(new_title) > MAX_TITLE:
                raise InvalidInput(f"材料标题不能超过 {MAX_TITLE} 个字")
            ev.title = new_title
        if doc_number is not _KEEP:
            number = _clean(doc_number or "")
            if len(number) > MAX_NUMBER:
                raise InvalidInput(f"文号不能超过 {MAX_NUMBER} 个字")
            ev.doc_number = number or None
        after = {"title": ev.title, "doc_number": ev.doc_number}
        if after != before:
            session.add(ev)
            audit.record(
                session, actor, "evidence.details", "evidence", ev.id, before=before, after=after
            )
        return after


def withdraw_evidence(actor: Actor, evidence_id: int, reason: str) -> None:
    """撤回 a file (status ``withdrawn``), with a reason. Uploading a new version of it later
    puts it back into review."""
    actor.require("office", "department", action="撤回材料")
    reason = _clean(reason or "")
    if not reason:
        raise InvalidInput("撤回材料时必须说明原因")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"撤回原因不能超过 {MAX_REASON} 个字")
    with session_scope() as session:
        ev = _owned(session, actor, evidence_id)
        if ev.status == "withdrawn":
            raise InvalidInput("该材料已经撤回")
        before = {"status": ev.status}
        ev.status = "withdrawn"
        session.add(ev)
        audit.record(
            session,
            actor,
            "evidence.withdraw",
            "evidence",
            ev.id,
            before=before,
            after={"status": "withdrawn", "reason": reason},
        )
        queue_recheck(session, ev.id, ev.unit_id, by=actor.display_name)
