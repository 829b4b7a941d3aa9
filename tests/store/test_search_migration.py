"""The 0005 migration backfills the index copy of existing pages and builds the new indexes."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from store.db import get_engine, reset_engines, session_scope
from store.migrate import alembic_config, ensure_current
from store.search import search_pages
from tests.store.search_helpers import Corpus

REVISION = "0005_search_bigram_text"


def test_existing_pages_are_backfilled_and_found(pioneer_home):
    with session_scope() as session:
        Corpus(session).add("旧材料", "创业担保贷款工作通知\n扶持创业")
    engine = get_engine()
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        before = ScriptDirectory.from_config(cfg).get_revision(REVISION).down_revision
        command.downgrade(cfg, before)
    assert "search_text" not in {c["name"] for c in inspect(engine).get_columns("evidencepage")}
    reset_engines()
    assert ensure_current() is True
    with session_scope() as session:
        row = session.execute(text("SELECT text, search_text FROM evidencepage")).one()
        assert row[1] == row[0]
        for q in ("创", "创业", "担保贷款", "扶持创业"):
            assert [h.page for h in search_pages(session, q)] == [0], q
