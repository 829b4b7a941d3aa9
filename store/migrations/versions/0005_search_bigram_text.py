"""Text as written and a bigram search index: evidencepage.search_text (the normalised copy the
indexes are built from, backfilled from the old normalised text), the trigram index moved onto
it, a bigram index (SQLite FTS5 evidence_bigram; PostgreSQL tsvector + GIN), and an index on evidence.current_revision_id.

Revision ID: 0005_search_bigram_text
Revises: 0005_setup_first_run
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from store import search_index

revision = "0005_search_bigram_text"
down_revision = "0005_setup_first_run"
branch_labels = None
depends_on = None


def _old_sqlite_fts() -> list[str]:
    """0001's trigram table and triggers over the column "text" (what downgrade restores)."""
    path = Path(__file__).with_name("0001_initial_schema.py")
    spec = importlib.util.spec_from_file_location("pioneer_migration_0001", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [*module.SQLITE_FTS, "INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')"]


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        search_index.drop(conn)  # the old trigram table and triggers read the column "text"
    else:
        op.execute("DROP INDEX IF EXISTS ix_evidencepage_text_trgm")
    with op.batch_alter_table("evidencepage") as b:
        b.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE evidencepage SET search_text = text")
    with op.batch_alter_table("evidence") as b:  # search joins pages to current revisions by it
        b.create_index("ix_evidence_current_revision_id", ["current_revision_id"])
    search_index.create(conn)
    search_index.rebuild(conn)


def downgrade() -> None:
    conn = op.get_bind()
    search_index.drop(conn)
    with op.batch_alter_table("evidence") as b:
        b.drop_index("ix_evidence_current_revision_id")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ALTER TABLE evidencepage DROP COLUMN search_text")
        for statement in _old_sqlite_fts():
            conn.exec_driver_sql(statement)
    else:
        op.execute("ALTER TABLE evidencepage DROP COLUMN search_text")
        op.execute(
            "CREATE INDEX ix_evidencepage_text_trgm ON evidencepage USING gin (text gin_trgm_ops)"
        )
