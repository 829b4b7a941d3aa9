"""background jobs, reminder targets and the outbox; procrastinate's schema on PostgreSQL

Revision ID: 0005_jobs_queue
Revises: 0006_core_precheck
"""

from importlib import resources

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_jobs_queue"
down_revision = "0006_core_precheck"
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def _procrastinate_schema() -> str:
    return resources.files("procrastinate.sql").joinpath("schema.sql").read_text("utf-8")


def upgrade() -> None:
    op.create_table(
        "background_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", S(length=40), nullable=False),
        sa.Column("title", S(length=200), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("key", S(length=200), nullable=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=True),
        sa.Column("status", S(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", T(), nullable=False),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=False),
        sa.Column("message", S(length=500), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("worker", S(length=100), nullable=True),
        sa.Column("queue_id", sa.Integer(), nullable=True),
        sa.Column("created_by", S(length=100), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("started_at", T(), nullable=True),
        sa.Column("heartbeat_at", T(), nullable=True),
        sa.Column("finished_at", T(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_background_job_kind", "background_job", ["kind"])
    op.create_index("ix_background_job_unit_id", "background_job", ["unit_id"])
    op.create_index("ix_background_job_status", "background_job", ["status"])
    op.create_table(
        "reminder_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("department.id"), nullable=False),
        sa.Column("channel", S(length=10), nullable=False),
        sa.Column("address", S(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", S(length=100), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reminder_target_department_id", "reminder_target", ["department_id"])
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", S(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=True),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("department.id"), nullable=True),
        sa.Column("channel", S(length=10), nullable=False),
        sa.Column("address", S(length=500), nullable=False),
        sa.Column("subject", S(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", S(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", T(), nullable=False),
        sa.Column("last_error", S(length=1000), nullable=True),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("sent_at", T(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_outbox_message_unit_id", "outbox_message", ["unit_id"])
    op.create_index("ix_outbox_message_department_id", "outbox_message", ["department_id"])
    op.create_index("ix_outbox_message_status", "outbox_message", ["status"])
    if op.get_bind().dialect.name == "postgresql":
        _raw(_procrastinate_schema())


def _raw(sql: str) -> None:
    """Run SQL as it is (its % signs are not placeholders), in the migration's transaction."""
    with op.get_bind().connection.dbapi_connection.cursor() as cur:
        cur.execute(sql)


DROP_PROCRASTINATE = r"""
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables
           WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate\_%' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\_%' LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\_%'
             AND t.typtype IN ('e', 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
  END LOOP;
END $$;
"""


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _raw(DROP_PROCRASTINATE)
    op.drop_table("outbox_message")
    op.drop_table("reminder_target")
    op.drop_table("background_job")
