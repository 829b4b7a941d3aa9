"""ledgers: imports, rows, rejections, entered figures, proposed findings, surveys, samples,
targets

The FTS5 shadow tables of 0001 are not in the metadata; autogenerate's drop_table calls for
them were removed by hand.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:35:05.042885
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("measure", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("target_value", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("work_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_target_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "entered_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("numerator", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("denominator", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("period_label", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entered_figure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entered_figure_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "ledger_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sheet", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("header_row", sa.Integer(), nullable=False),
        sa.Column("header_mapping", sa.JSON(), nullable=True),
        sa.Column("period_label", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_good", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("salt_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("imported_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
        ),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ledger_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_import_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_import_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "ledger_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("max_row_id", sa.Integer(), nullable=False),
        sa.Column("population_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("picked", sa.JSON(), nullable=True),
        sa.Column("drawn_by_id", sa.Integer(), nullable=True),
        sa.Column("drawn_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("drawn_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["drawn_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ledger_sample", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_sample_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "survey_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("period_label", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("invalid_answers", sa.Integer(), nullable=False),
        sa.Column("ignored_columns", sa.JSON(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=True),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("imported_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
        ),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("survey_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_import_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "target_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("reported_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["work_target.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("target_id", "month"),
    )
    with op.batch_alter_table("target_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_report_target_id"), ["target_id"], unique=False)

    op.create_table(
        "ledger_rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("column_name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["ledger_import.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ledger_rejection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_rejection_import_id"), ["import_id"], unique=False
        )

    op.create_table(
        "ledger_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("person_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("masked_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("record", sa.JSON(), nullable=True),
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["ledger_import.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "kind", "key_hash"),
    )
    with op.batch_alter_table("ledger_row", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_row_import_id"), ["import_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ledger_row_person_hash"), ["person_hash"], unique=False
        )

    op.create_table(
        "proposed_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("requirement_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("figure_value", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("formula", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("proposed_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("proposed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("final_value", sa.JSON(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "rule_id"),
    )
    with op.batch_alter_table("proposed_finding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposed_finding_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "survey_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("overall", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("invalid", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("rate", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("low", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("high", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("warning", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey_import.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("survey_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_result_survey_id"), ["survey_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("survey_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_result_survey_id"))

    op.drop_table("survey_result")
    with op.batch_alter_table("proposed_finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposed_finding_round_id"))

    op.drop_table("proposed_finding")
    with op.batch_alter_table("ledger_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_row_person_hash"))
        batch_op.drop_index(batch_op.f("ix_ledger_row_import_id"))

    op.drop_table("ledger_row")
    with op.batch_alter_table("ledger_rejection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_rejection_import_id"))

    op.drop_table("ledger_rejection")
    with op.batch_alter_table("target_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_report_target_id"))

    op.drop_table("target_report")
    with op.batch_alter_table("survey_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_import_unit_id"))

    op.drop_table("survey_import")
    with op.batch_alter_table("ledger_sample", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_sample_unit_id"))

    op.drop_table("ledger_sample")
    with op.batch_alter_table("ledger_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_import_unit_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_import_kind"))

    op.drop_table("ledger_import")
    with op.batch_alter_table("entered_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entered_figure_unit_id"))

    op.drop_table("entered_figure")
    with op.batch_alter_table("work_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_target_unit_id"))

    op.drop_table("work_target")
