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

from services.jobs import local as jobs_local
from store.db import make_engine, reset_engines
from store.migrate import upgrade

PG_URL = os.environ.get("PIONEER_TEST_DATABASE_URL")
# procrastinate's tables (PostgreSQL only), emptied with ours so no job outlives its test
QUEUE_TABLES = ("procrastinate_events", "procrastinate_jobs", "procrastinate_workers")


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
    monkeypatch.delenv("PIONEER_FILES_ROOT", raising=False)
    if PG_URL:
        monkeypatch.setenv("PIONEER_DATABASE_URL", _pg_url())
        engine = make_engine(_pg_url())
        tables = [t.name for t in SQLModel.metadata.sorted_tables] + list(QUEUE_TABLES)
        names = ", ".join(f'"{t}"' for t in tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        monkeypatch.delenv("PIONEER_DATABASE_URL", raising=False)
        shutil.copy(db_template, home / "pioneer.db")
    reset_engines()
    yield home
    # a job a test left running (a binder build, say) must end before the next test's
    # database is set up: it would write its status there
    jobs_local.stop(timeout=300)
    reset_engines()


def pytest_configure(config) -> None:
    # no daily jobs (nightly check, reminders) in a test process unless a test asks for them
    os.environ["PIONEER_VERIFY_HOUR"] = os.environ["PIONEER_REMINDER_HOUR"] = "99"


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked ``pg`` need PostgreSQL: skipped in the SQLite pass."""
    if PG_URL:
        return
    skip = pytest.mark.skip(reason="需要 PostgreSQL（设置 PIONEER_TEST_DATABASE_URL）")
    for item in items:
        if "pg" in item.keywords:
            item.add_marker(skip)
