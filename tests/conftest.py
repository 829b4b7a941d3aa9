"""Shared fixtures: an isolated PIONEER_HOME with a migrated database.

The database is SQLite in a temporary folder, or the PostgreSQL server named by
PIONEER_TEST_DATABASE_URL (its tables are emptied before each test).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from store.db import make_engine, reset_engines
from store.migrate import upgrade

PG_URL = os.environ.get("PIONEER_TEST_DATABASE_URL")


def _pg_url() -> str:
    url = PG_URL or ""
    return "postgresql+psycopg://" + url.split("://", 1)[1] if "://" in url else url


@pytest.fixture(scope="session")
def db_template(tmp_path_factory) -> Path | None:
    """A migrated SQLite file to copy per test, or a freshly migrated PostgreSQL schema."""
    if PG_URL:
        engine = make_engine(_pg_url())
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade(engine=engine)
        engine.dispose()
        return None
    path = tmp_path_factory.mktemp("template") / "pioneer.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine=engine)
    engine.dispose()
    return path


@pytest.fixture
def pioneer_home(tmp_path, monkeypatch, db_template) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("PIONEER_HOME", str(home))
    monkeypatch.delenv("PIONEER_DEMO", raising=False)
    if PG_URL:
        monkeypatch.setenv("PIONEER_DATABASE_URL", _pg_url())
        engine = make_engine(_pg_url())
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        monkeypatch.delenv("PIONEER_DATABASE_URL", raising=False)
        shutil.copy(db_template, home / "pioneer.db")
    reset_engines()
    yield home
    reset_engines()
