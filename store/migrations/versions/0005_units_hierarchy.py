"""Units in a hierarchy: names unique per parent, users belong to a unit, inspectors per round.

Revision ID: 0005_units_hierarchy
Revises: 0005_doc_issuing
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_units_hierarchy"
down_revision = "0005_doc_issuing"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("unit") as b:
        b.drop_index("ix_unit_name")
        b.create_index("ix_unit_name", ["name"], unique=False)
        b.create_index("ix_unit_parent_id", ["parent_id"], unique=False)
        b.create_unique_constraint("uq_unit_parent_name", ["parent_id", "name"])
    with op.batch_alter_table("app_user") as b:
        b.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        b.create_index("ix_app_user_unit_id", ["unit_id"], unique=False)
        b.create_foreign_key("fk_app_user_unit", "unit", ["unit_id"], ["id"])
    op.create_table(
        "round_inspector",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", TEXT(length=100), nullable=False),
        sa.Column("assigned_at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_round.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "user_id", name="uq_round_inspector"),
    )
    with op.batch_alter_table("round_inspector") as b:
        b.create_index("ix_round_inspector_round_id", ["round_id"], unique=False)
        b.create_index("ix_round_inspector_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("round_inspector") as b:
        b.drop_index("ix_round_inspector_user_id")
        b.drop_index("ix_round_inspector_round_id")
    op.drop_table("round_inspector")
    with op.batch_alter_table("app_user") as b:
        b.drop_constraint("fk_app_user_unit", type_="foreignkey")
        b.drop_index("ix_app_user_unit_id")
        b.drop_column("unit_id")
    with op.batch_alter_table("unit") as b:
        b.drop_constraint("uq_unit_parent_name", type_="unique")
        b.drop_index("ix_unit_parent_id")
        b.drop_index("ix_unit_name")
        b.create_index("ix_unit_name", ["name"], unique=True)
