"""The 全市（全省）创建工作进展通报 and the Excel of every unit, from the roll-up."""

from __future__ import annotations

import datetime as dt

from reports.common import campaign_name
from reports.frame import doc_number
from reports.inputs import Issue
from reports.rollup import RollupDoc, build_rollup_notice, rollup_title, rollup_xlsx
from services import audit
from services.actor import Actor
from services.documents.issuing import read_issuing, take_number
from services.rollup.figures import Rollup, build_rollup
from services.rubrics import get_rubric
from store.db import session_scope


def _doc(actor: Actor, roll: Rollup, root_unit_id: int) -> RollupDoc:
    """The 通报's 公文 elements from the root unit's 发文 settings; takes its 发文字号 (audited)."""
    campaign = campaign_name(get_rubric(None))
    with session_scope() as session:
        how = read_issuing(session, root_unit_id, campaign)
    doc = RollupDoc(issuer=how.office, issued_on=roll.today, campaign=campaign)
    seq = take_number(
        actor,
        root_unit_id,
        "doc",
        "rollup",
        year=roll.today.year,
        code=how.code,
        title=rollup_title(roll, doc),
        addressee="下级单位",
    )
    issue = Issue(
        office=how.office,
        number=doc_number(how.code, roll.today.year, seq),
        seq=seq,
        code=how.code,
        cc=how.cc,
        printer=how.printer,
    )
    return RollupDoc(issuer=how.office, issued_on=roll.today, campaign=campaign, issue=issue)


def _audit(actor: Actor, action: str, root_unit_id: int) -> None:
    with session_scope() as session:
        audit.record(session, actor, action, "unit", root_unit_id)


def rollup_notice(actor: Actor, root_unit_id: int, today: dt.date | None = None) -> bytes:
    """全市创建工作进展通报 (docx) of the units below ``root_unit_id``, issued by its office with
    the next 发文字号 of the unit's series."""
    actor.require("office", action="生成创建工作进展通报")
    roll = build_rollup(actor, root_unit_id, today)
    data = build_rollup_notice(roll, _doc(actor, roll, root_unit_id))
    _audit(actor, "report.rollup_notice", root_unit_id)
    return data


def rollup_export(actor: Actor, root_unit_id: int, today: dt.date | None = None) -> bytes:
    """The Excel of every unit below ``root_unit_id`` (ranking, systems, pending, overdue)."""
    roll = build_rollup(actor, root_unit_id, today)
    data = rollup_xlsx(roll)
    _audit(actor, "export.rollup", root_unit_id)
    return data
