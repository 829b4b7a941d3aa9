"""One truth for who, what and by when: departments per unit, assignment roles, deadlines per
round, current and archived rounds, copied findings without an inspector, drafts, transfers.

Revision ID: 0004_core_responsibility
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_core_responsibility"
down_revision = "0003"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("unit") as b:
        b.add_column(sa.Column("current_round_id", sa.Integer(), nullable=True))

    # departments belong to a unit; the office of the leading group is a department of its own
    with op.batch_alter_table("department") as b:
        b.drop_index("ix_department_name")
        b.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        b.add_column(sa.Column("kind", TEXT(length=10), nullable=False, server_default="member"))
    first_unit = conn.execute(sa.text("SELECT MIN(id) FROM unit")).scalar()
    conn.execute(
        sa.text(
            "UPDATE department SET unit_id = COALESCE("
            "(SELECT MIN(a.unit_id) FROM assignment a WHERE a.department_id = department.id), :u)"
        ),
        {"u": first_unit},
    )
    conn.execute(sa.text("UPDATE department SET kind = 'office' WHERE name LIKE '%领导小组办公室'"))
    with op.batch_alter_table("department") as b:
        b.create_index("ix_department_name", ["name"], unique=False)
        b.create_index("ix_department_unit_id", ["unit_id"], unique=False)
        b.create_foreign_key("fk_department_unit", "unit", ["unit_id"], ["id"])
        b.create_unique_constraint("uq_department_unit_name", ["unit_id", "name"])

    op.create_table(
        "responsibility_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", TEXT(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", TEXT(length=100), nullable=False),
        sa.Column("changed_at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "rubric_id"),
    )

    # rounds: unique names per unit (older duplicates get a suffix), active or archived
    rows = conn.execute(sa.text("SELECT id, unit_id, name FROM assessment_round ORDER BY id")).all()
    seen: set[tuple[int, str]] = set()
    for rid, unit_id, name in rows:
        new, n = name, 1
        while (unit_id, new) in seen:
            n += 1
            new = f"{name}（{n}）"
        seen.add((unit_id, new))
        if new != name:
            conn.execute(
                sa.text("UPDATE assessment_round SET name = :n WHERE id = :i"), {"n": new, "i": rid}
            )
    with op.batch_alter_table("assessment_round") as b:
        b.add_column(sa.Column("status", TEXT(length=10), nullable=False, server_default="active"))
        b.add_column(sa.Column("archived_at", WHEN(), nullable=True))
        b.create_unique_constraint("uq_round_unit_name", ["unit_id", "name"])
    conn.execute(
        sa.text(
            "UPDATE unit SET current_round_id = "
            "(SELECT MAX(r.id) FROM assessment_round r WHERE r.unit_id = unit.id)"
        )
    )

    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", TEXT(length=20), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("set_by", TEXT(length=100), nullable=False),
        sa.Column("set_at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_round.id"]),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_deadline_round_id", "deadline", ["round_id"])
    # a due date on an assignment becomes a deadline of the unit's newest round using the rubric
    old = conn.execute(
        sa.text(
            "SELECT a.requirement_id, a.department_id, a.due_date, "
            "(SELECT MAX(r.id) FROM assessment_round r "
            " WHERE r.unit_id = a.unit_id AND r.rubric_id = a.rubric_id) "
            "FROM assignment a WHERE a.due_date IS NOT NULL"
        )
    ).all()
    for req, dept, due, round_id in old:
        if round_id is not None:
            conn.execute(
                sa.text(
                    "INSERT INTO deadline (round_id, requirement_id, department_id, due_on, "
                    "set_by, set_at) VALUES (:r, :q, :d, :due, '升级迁移', CURRENT_TIMESTAMP)"
                ),
                {"r": round_id, "q": req, "d": dept, "due": due},
            )
    with op.batch_alter_table("assignment") as b:
        b.add_column(sa.Column("role", TEXT(length=10), nullable=False, server_default="lead"))
        b.drop_column("due_date")

    for table in ("finding", "requirementcheck"):
        with op.batch_alter_table(table) as b:
            b.alter_column("inspector_id", existing_type=sa.Integer(), nullable=True)

    op.create_table(
        "finding_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.Integer(), nullable=False),
        sa.Column("agreed", sa.Boolean(), nullable=False),
        sa.Column("requirement_id", TEXT(length=20), nullable=False),
        sa.Column("values", sa.JSON(), nullable=True),
        sa.Column("comment", TEXT(length=4000), nullable=True),
        sa.Column("cited", sa.JSON(), nullable=True),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_round.id"]),
        sa.ForeignKeyConstraint(["inspector_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "inspector_id", "agreed", "requirement_id"),
    )
    op.create_index("ix_finding_draft_round_id", "finding_draft", ["round_id"])

    op.create_table(
        "evidence_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", TEXT(length=20), nullable=False),
        sa.Column("from_department_id", sa.Integer(), nullable=False),
        sa.Column("to_department_id", sa.Integer(), nullable=False),
        sa.Column("status", TEXT(length=10), nullable=False),
        sa.Column("note", TEXT(length=500), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", WHEN(), nullable=True),
        sa.Column("decision_note", TEXT(length=500), nullable=True),
        sa.Column("accepted_evidence_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"]),
        sa.ForeignKeyConstraint(["accepted_evidence_id"], ["evidence.id"]),
        sa.ForeignKeyConstraint(["from_department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["to_department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_transfer_evidence_id", "evidence_transfer", ["evidence_id"])
    op.create_index(
        "ix_evidence_transfer_to_department_id", "evidence_transfer", ["to_department_id"]
    )


def downgrade() -> None:
    op.drop_table("evidence_transfer")
    op.drop_table("finding_draft")
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM finding WHERE inspector_id IS NULL"))
    conn.execute(sa.text("DELETE FROM requirementcheck WHERE inspector_id IS NULL"))
    for table in ("finding", "requirementcheck"):
        with op.batch_alter_table(table) as b:
            b.alter_column("inspector_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("assignment") as b:
        b.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        b.drop_column("role")
    op.drop_table("deadline")
    with op.batch_alter_table("assessment_round") as b:
        b.drop_constraint("uq_round_unit_name", type_="unique")
        b.drop_column("archived_at")
        b.drop_column("status")
    op.drop_table("responsibility_version")
    with op.batch_alter_table("department") as b:
        b.drop_constraint("uq_department_unit_name", type_="unique")
        b.drop_constraint("fk_department_unit", type_="foreignkey")
        b.drop_index("ix_department_unit_id")
        b.drop_index("ix_department_name")
        b.drop_column("kind")
        b.drop_column("unit_id")
    with op.batch_alter_table("department") as b:
        b.create_index("ix_department_name", ["name"], unique=True)
    with op.batch_alter_table("unit") as b:
        b.drop_column("current_round_id")
