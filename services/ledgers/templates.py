"""Ledger templates to download: what ``pioneer ledger template`` and 台账与数据 hand out."""

from __future__ import annotations

from ledgers import LedgerError
from ledgers.kinds import get_kind
from ledgers.template import template_xlsx
from services.actor import Actor
from services.errors import InvalidInput

TEMPLATE_ROLES = ("office", "department", "inspector")


def ledger_template(actor: Actor, kind: str) -> tuple[str, bytes]:
    """(file name, .xlsx bytes) of the template of ``kind``; it holds no data."""
    actor.require(*TEMPLATE_ROLES, action="下载台账模板")
    try:
        k = get_kind(kind)
    except LedgerError as exc:
        raise InvalidInput(str(exc)) from exc
    return f"{k.title}模板.xlsx", template_xlsx(k)


def kind_titles() -> dict[str, str]:
    """Ledger kind code -> its Chinese title (台账名称), in the order of LEDGER_KINDS."""
    from ledgers.kinds import get_kind
    from store.ledger_tables import LEDGER_KINDS

    return {k: get_kind(k).title for k in LEDGER_KINDS}
