"""自查预评: which checks an office has switched off, per unit.

Revision ID: 0006_core_precheck
Revises: 0006_sec_session_version
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006_core_precheck"
down_revision = "0006_sec_session_version"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "check_setting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("check_id", TEXT(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("reason", TEXT(length=500), nullable=True),
        sa.Column("set_by_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("set_at", WHEN(), nullable=False),
        sa.UniqueConstraint("unit_id", "check_id"),
    )
    op.create_index("ix_check_setting_unit_id", "check_setting", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_check_setting_unit_id", table_name="check_setting")
    op.drop_table("check_setting")
