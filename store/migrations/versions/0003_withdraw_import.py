"""ledger imports can be withdrawn: withdrawn_at, withdrawn_reason

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_import", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withdrawn_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "withdrawn_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_import", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_at")
