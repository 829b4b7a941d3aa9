from alembic import command
from sqlalchemy import inspect

from store.db import get_engine, reset_engines
from store.migrate import alembic_config, current_revision, ensure_current, head_revision


def test_an_old_database_is_brought_up_to_the_codes_schema(pioneer_home):
    engine = get_engine()
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert current_revision(engine) == "0002"
    cols = {c["name"] for c in inspect(engine).get_columns("ledger_import")}
    assert "withdrawn_at" not in cols
    reset_engines()
    assert ensure_current() is True
    engine = get_engine()
    assert current_revision(engine) == head_revision()
    cols = {c["name"] for c in inspect(engine).get_columns("ledger_import")}
    assert "withdrawn_at" in cols
    assert ensure_current() is False


def test_migrations_go_down_to_nothing_and_up_again(pioneer_home):
    engine = get_engine()
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert current_revision(engine) is None
    reset_engines()
    assert ensure_current() is True
    assert "evidence" in inspect(get_engine()).get_table_names()
