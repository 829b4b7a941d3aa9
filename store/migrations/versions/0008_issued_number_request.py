"""issued_number.request_key: a retried job takes back the 文号 it was given

Revision ID: 0008_issued_number_request
Revises: 0007_rubric_versions
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008_issued_number_request"
down_revision = "0007_rubric_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "issued_number",
        sa.Column("request_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )
    op.create_index("ix_issued_number_request_key", "issued_number", ["request_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_issued_number_request_key", table_name="issued_number")
    with op.batch_alter_table("issued_number") as batch:
        batch.drop_column("request_key")
