"""The 全市（全省）创建工作进展通报 and the Excel of every unit, from the roll-up."""

from __future__ import annotations

import datetime as dt

from reports.common import campaign_name
from reports.rollup import RollupDoc, build_rollup_notice, rollup_xlsx
from services import audit
from services.actor import Actor
from services.rollup.figures import Rollup, build_rollup
from services.rubrics import get_rubric
from store.db import session_scope

ISSUER_TAIL = "创建工作领导小组办公室"


def _doc(roll: Rollup, rubric_id: str | None = None) -> RollupDoc:
    rubric = get_rubric(rubric_id)
    return RollupDoc(
        issuer=f"{roll.root}{ISSUER_TAIL}", issued_on=roll.today, campaign=campaign_name(rubric)
    )


def _audit(actor: Actor, action: str, root_unit_id: int) -> None:
    with session_scope() as session:
        audit.record(session, actor, action, "unit", root_unit_id)


def rollup_notice(actor: Actor, root_unit_id: int, today: dt.date | None = None) -> bytes:
    """全市创建工作进展通报 (docx) of the units below ``root_unit_id``."""
    actor.require("office", action="生成创建工作进展通报")
    roll = build_rollup(actor, root_unit_id, today)
    data = build_rollup_notice(roll, _doc(roll))
    _audit(actor, "report.rollup_notice", root_unit_id)
    return data


def rollup_export(actor: Actor, root_unit_id: int, today: dt.date | None = None) -> bytes:
    """The Excel of every unit below ``root_unit_id`` (ranking, systems, pending, overdue)."""
    roll = build_rollup(actor, root_unit_id, today)
    data = rollup_xlsx(roll)
    _audit(actor, "export.rollup", root_unit_id)
    return data
