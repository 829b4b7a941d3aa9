"""first setup of a real county: department aliases and contacts, forced password change

Revision ID: 0005_setup_first_run
Revises: 0004_binder_rejection_person
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_setup_first_run"
down_revision = "0004_binder_rejection_person"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("department") as b:
        b.add_column(sa.Column("aliases", sa.JSON(), nullable=True))
        b.add_column(sa.Column("group_role", TEXT(length=10), nullable=False, server_default=""))
        b.add_column(sa.Column("contact_name", TEXT(length=50), nullable=False, server_default=""))
        b.add_column(
            sa.Column("contact_title", TEXT(length=200), nullable=False, server_default="")
        )
        b.add_column(sa.Column("contact_phone", TEXT(length=50), nullable=False, server_default=""))
    with op.batch_alter_table("app_user") as b:
        b.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("app_user") as b:
        b.drop_column("must_change_password")
    with op.batch_alter_table("department") as b:
        b.drop_column("contact_phone")
        b.drop_column("contact_title")
        b.drop_column("contact_name")
        b.drop_column("group_role")
        b.drop_column("aliases")
