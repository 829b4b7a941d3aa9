"""Create or upgrade the database schema with alembic (``pioneer init`` calls this)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from store.db import get_engine
from store.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def upgrade(settings: Settings | None = None, engine: Engine | None = None) -> None:
    engine = engine or get_engine(settings)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def ensure_current(settings: Settings | None = None) -> bool:
    """Bring an existing database up to the code's schema; True when an upgrade ran.

    Called once when the app or a command that uses the database starts, so that new code on
    an old database upgrades it instead of failing on a missing column.
    """
    engine = get_engine(settings)
    if current_revision(engine) == head_revision():
        return False
    upgrade(engine=engine)
    return True
