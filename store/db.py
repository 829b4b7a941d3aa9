"""Engine and sessions. SQLite (WAL, foreign keys on) by default, PostgreSQL by URL."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from store.settings import Settings, load_settings

_lock = threading.Lock()
_engines: dict[str, Engine] = {}


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def private_sqlite(settings: Settings) -> None:
    """The data directory 0700 and the database 0600 (created so, before SQLite opens it; its
    -wal and -shm files take the database's mode): other local users read nothing."""
    home = settings.home
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(home, 0o700)
    db = Path(settings.database_url.split("sqlite:///", 1)[-1])
    if db.parent == home and not db.exists():
        os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if path.exists():
            os.chmod(path, 0o600)


def get_engine(settings: Settings | None = None) -> Engine:
    """One engine per database URL for the whole process."""
    settings = settings or load_settings()
    url = settings.database_url
    with _lock:
        if url not in _engines:
            if settings.is_sqlite:
                private_sqlite(settings)
            _engines[url] = make_engine(url)
        return _engines[url]


def reset_engines() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(settings: Settings | None = None) -> Iterator[Session]:
    """A session for one unit of work: committed on success, rolled back on error."""
    with Session(get_engine(settings), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
