"""Rubrics in the database: drafts, reviewed and published versions (issue 13).

Revision ID: 0007_rubric_versions
Revises: 0007_scale_snapshots
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_rubric_versions"
down_revision = "0007_scale_snapshots"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "rubric_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rubric_id", TEXT(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("status", TEXT(length=10), nullable=False),
        sa.Column("title", TEXT(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", TEXT(length=64), nullable=False),
        sa.Column("source_name", TEXT(length=200), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("created_by", TEXT(length=100), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.Column("published_by", TEXT(length=100), nullable=True),
        sa.Column("published_at", WHEN(), nullable=True),
        sa.UniqueConstraint("rubric_id", "version", name="uq_rubric_version"),
    )
    op.create_index("ix_rubric_version_rubric_id", "rubric_version", ["rubric_id"])
    op.create_index("ix_rubric_version_unit_id", "rubric_version", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_rubric_version_unit_id", table_name="rubric_version")
    op.drop_index("ix_rubric_version_rubric_id", table_name="rubric_version")
    op.drop_table("rubric_version")
