"""Correct an evidence item's title and 文号 in place (no new revision), audited.

The department that owns the file, or the office of its unit, may correct them; a 文号 can be
cleared (a file that has none). The text is cleaned the way every text leaving the system is
(reports.sanitize) and personal numbers are masked.
"""

from __future__ import annotations

from reports.sanitize import xml_text
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, PermissionDenied
from services.personal import mask_personal
from store.db import session_scope

MAX_TITLE = 300
MAX_NUMBER = 100
_KEEP = object()


def _clean(text: object) -> str:
    return " ".join(mask_personal(xml_text(text)).split())


def edit_details(actor: Actor, evidence_id: int, *, title=_KEEP, doc_number=_KEEP) -> dict:
    """Set the title and/or the 文号 (``None`` or blank clears the 文号); returns both."""
    actor.require("office", "department", action="修改材料标题和文号")
    with session_scope() as session:
        ev = access.require_read_evidence(actor, evidence_id, session)
        access.require_write_unit(actor, ev.unit_id, session)
        if actor.role == "department" and ev.department_id != actor.department_id:
            raise PermissionDenied("只能修改本单位（部门）的材料")
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
