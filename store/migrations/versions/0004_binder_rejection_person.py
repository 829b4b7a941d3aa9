"""a ledger rejection keeps the row's name, masked (张*, 欧阳**): person

Revision ID: 0004_binder_rejection_person
Revises: 0004_core_responsibility
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_binder_rejection_person"
down_revision = "0004_core_responsibility"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_rejection", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "person",
                sqlmodel.sql.sqltypes.AutoString(length=100),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_rejection", schema=None) as batch_op:
        batch_op.drop_column("person")
