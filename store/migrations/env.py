"""Alembic environment: runs against the URL handed over in the config (see store.migrate)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import store  # noqa: F401  (registers every table on SQLModel.metadata)
from store.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # batch mode copies and drops tables; a drop of a table others refer to fails while
        # SQLite enforces foreign keys. The pragma holds outside a transaction, and pysqlite
        # opens one only at the first write, so it is set before any.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        _configure_and_run(connection)
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
