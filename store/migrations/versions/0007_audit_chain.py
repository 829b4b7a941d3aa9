"""Tamper-evident audit: each event carries its chain (the acting unit), its place, the hash of
the event before it and its own hash; ``audit_head`` holds each chain's last place and hash.
Existing events are chained in id order, each joining the chain of its user's unit.

Revision ID: 0007_audit_chain
Revises: 0005_jobs_queue
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store.audit import GENESIS, event_hash

revision = "0007_audit_chain"
down_revision = "0005_jobs_queue"
branch_labels = None
depends_on = None

EVENTS = sa.table(
    "auditevent",
    sa.column("id", sa.Integer),
    sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column("user_id", sa.Integer),
    sa.column("username", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.String),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
)


def _user_chains(conn) -> dict[int, int]:
    """user id -> the unit its events join (a department user's unit is its department's)."""
    rows = conn.execute(
        sa.text(
            "SELECT u.id, u.role, u.unit_id, d.unit_id FROM app_user u "
            "LEFT JOIN department d ON d.id = u.department_id"
        )
    )
    return {
        uid: (dept_unit if role == "department" and dept_unit else unit_id) or 0
        for uid, role, unit_id, dept_unit in rows
    }


def _backfill(conn) -> None:
    chains = _user_chains(conn)
    heads: dict[int, tuple[int, str]] = {}
    updates = []
    for row in conn.execute(sa.select(EVENTS).order_by(EVENTS.c.id)):
        chain = chains.get(row.user_id, 0) if row.user_id is not None else 0
        seq, prev = heads.get(chain, (0, GENESIS))
        seq += 1
        digest = event_hash(
            chain=chain,
            seq=seq,
            prev_hash=prev,
            at=row.at,
            user_id=row.user_id,
            username=row.username,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            before=row.before,
            after=row.after,
        )
        heads[chain] = (seq, digest)
        updates.append({"i": row.id, "c": chain, "s": seq, "p": prev, "h": digest})
    if updates:
        conn.execute(
            sa.text(
                "UPDATE auditevent SET chain = :c, seq = :s, prev_hash = :p, hash = :h "
                "WHERE id = :i"
            ),
            updates,
        )
    if heads:
        conn.execute(
            sa.text("INSERT INTO audit_head (chain, seq, hash) VALUES (:c, :s, :h)"),
            [{"c": c, "s": s, "h": h} for c, (s, h) in heads.items()],
        )


def upgrade() -> None:
    with op.batch_alter_table("auditevent") as b:
        b.add_column(sa.Column("chain", sa.Integer(), nullable=False, server_default="0"))
        b.add_column(sa.Column("seq", sa.Integer(), nullable=False, server_default="0"))
        b.add_column(
            sa.Column(
                "prev_hash",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default=GENESIS,
            )
        )
        b.add_column(
            sa.Column(
                "hash",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
    op.create_table(
        "audit_head",
        sa.Column("chain", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain"),
    )
    _backfill(op.get_bind())
    with op.batch_alter_table("auditevent") as b:
        b.create_index("ix_auditevent_chain", ["chain"], unique=False)
        b.create_unique_constraint("uq_auditevent_chain_seq", ["chain", "seq"])


def downgrade() -> None:
    with op.batch_alter_table("auditevent") as b:
        b.drop_constraint("uq_auditevent_chain_seq", type_="unique")
        b.drop_index("ix_auditevent_chain")
        b.drop_column("hash")
        b.drop_column("prev_hash")
        b.drop_column("seq")
        b.drop_column("chain")
    op.drop_table("audit_head")
