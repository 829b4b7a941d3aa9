"""发文: each unit's issuing settings (机关代字, 抄送, 联系人 ...) and the numbers it issued

Revision ID: 0005_doc_issuing
Revises: 0005_search_bigram_prefix
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_doc_issuing"
down_revision = "0005_search_bigram_prefix"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "issuing_profile",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False, unique=True),
        sa.Column("office", TEXT(length=100), nullable=False, server_default=""),
        sa.Column("code", TEXT(length=20), nullable=False, server_default=""),
        sa.Column("printer", TEXT(length=100), nullable=False, server_default=""),
        sa.Column("report_to", TEXT(length=100), nullable=False, server_default=""),
        sa.Column("signer", TEXT(length=20), nullable=False, server_default=""),
        sa.Column("cc", TEXT(length=500), nullable=False, server_default=""),
        sa.Column("contact", TEXT(length=50), nullable=False, server_default=""),
        sa.Column("phone", TEXT(length=50), nullable=False, server_default=""),
        sa.Column("bulletin_to", TEXT(length=500), nullable=False, server_default=""),
        sa.Column("copies", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_at", WHEN(), nullable=False),
    )
    op.create_table(
        "issued_number",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("series", TEXT(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("code", TEXT(length=20), nullable=False, server_default=""),
        sa.Column("kind", TEXT(length=20), nullable=False),
        sa.Column("title", TEXT(length=300), nullable=False, server_default=""),
        sa.Column("addressee", TEXT(length=100), nullable=False, server_default=""),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("issued_by", TEXT(length=64), nullable=False, server_default=""),
        sa.Column("issued_at", WHEN(), nullable=False),
        sa.UniqueConstraint("unit_id", "series", "year", "seq", name="uq_issued_number"),
    )
    op.create_index("ix_issued_number_unit_id", "issued_number", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_issued_number_unit_id", table_name="issued_number")
    op.drop_table("issued_number")
    op.drop_table("issuing_profile")
