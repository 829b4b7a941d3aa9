"""工作动态 of a busy period: a county whose departments sent ledgers on many days gets a 简报
whose 工作动态 lists the most important items and counts the rest in one sentence, instead of a
sentence for every day."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from sqlmodel import Session

from reports.bulletin import EVENTS_LISTED
from services.documents import bulletin as bulletin_docs
from store.db import get_engine
from store.ledger_tables import LedgerImport
from tests.services.city import make_city

DAYS = 20


def section(data: bytes, head: str) -> list[str]:
    paras = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    start = next(n for n, p in enumerate(paras) if p.endswith(f"、{head}")) + 1
    end = next(
        n for n in range(start, len(paras)) if re.match(r"^[一二三四五六七八九十]+、", paras[n])
    )
    return paras[start:end]


def test_ledgers_of_many_days_are_counted_not_listed(pioneer_home):
    c = make_city()
    today = dt.datetime.now(dt.UTC).date()
    with Session(get_engine()) as session:
        sent = session.get(LedgerImport, c.import_a)
        for n in range(1, DAYS + 1):
            copy = LedgerImport(
                **sent.model_dump(exclude={"id", "imported_at"}),
                imported_at=dt.datetime.combine(today - dt.timedelta(days=n), dt.time(9), dt.UTC),
            )
            session.add(copy)
        session.commit()
    data, _ = bulletin_docs.issued_bulletin(
        c.office_a, c.round_a, since=today - dt.timedelta(days=DAYS + 5), today=today
    )
    text = section(data, "工作动态")
    listed = [t for t in text if t.startswith("（")]
    assert len(listed) == EVENTS_LISTED - 1
    assert any("上传佐证材料" in t for t in listed)  # the period's figures stay
    found = re.fullmatch(r"此外，本期还有台账报送等(\d+)项工作动态，不再逐项列出。", text[-1])
    assert found, text[-1]
    ledger_days = DAYS + 1  # and make_city's own import today
    assert int(found.group(1)) == ledger_days - sum("台账" in t for t in listed)
