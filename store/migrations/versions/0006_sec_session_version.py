"""A session version on each user: disabling a user or resetting its password raises it, and
every session (and every service write) of an older version is refused.

Revision ID: 0006_sec_session_version
Revises: 0005_units_hierarchy
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_sec_session_version"
down_revision = "0005_units_hierarchy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as b:
        b.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as b:
        b.drop_column("session_version")
