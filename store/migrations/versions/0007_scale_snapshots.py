"""per-unit change counters raised by triggers, and stored figures of each unit's current round

Revision ID: 0007_scale_snapshots
Revises: 0007_audit_chain
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store.snapshot_tables import drop_trigger_sql, postgresql_trigger_sql, sqlite_trigger_sql

revision = "0007_scale_snapshots"
down_revision = "0007_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_change",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id"),
    )
    op.create_table(
        "round_snapshot",
        sa.Column(
            "round_id",
            sa.Integer(),
            sa.ForeignKey("assessment_round.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("unit_version", sa.Integer(), nullable=False),
        sa.Column("rubric_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("computed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_index("ix_round_snapshot_unit_id", "round_snapshot", ["unit_id"])
    bind = op.get_bind()
    sql = sqlite_trigger_sql() if bind.dialect.name == "sqlite" else postgresql_trigger_sql()
    for stmt in sql:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in drop_trigger_sql(op.get_bind().dialect.name):
        op.execute(stmt)
    op.drop_index("ix_round_snapshot_unit_id", table_name="round_snapshot")
    op.drop_table("round_snapshot")
    op.drop_table("unit_change")
