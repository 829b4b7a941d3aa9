"""SQLite: the bigram index gains a prefix index of one character (a one-character query is one
doclist read instead of a merge of every bigram that starts with it); rebuilt from search_text.

Revision ID: 0005_search_bigram_prefix
Revises: 0005_rubric_351_grade
"""

from alembic import op

from store import search_index

revision = "0005_search_bigram_prefix"
down_revision = "0005_rubric_351_grade"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        search_index.drop(conn)
        search_index.create(conn)
        search_index.rebuild(conn)


def downgrade() -> None:
    """Nothing to undo: the index with a prefix answers every query the one without did."""
