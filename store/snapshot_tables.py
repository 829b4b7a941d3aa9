"""Stored per-unit figures of the current round, so a roll-up over thousands of units reads one
row per unit instead of rebuilding every unit's round state.

``unit_change`` holds a counter per unit that database triggers raise on every write a unit's
figures depend on (findings, checks, deadlines, the round's dates, responsibilities,
departments, evidence status and links): no write path can forget it, bulk SQL included.
``round_snapshot`` holds the figures of one round with the counter they were made at; a
snapshot whose counter is behind is stale and is made again (services.rollup.snapshots).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import JSON, Column, Field, SQLModel

from store.base import utcnow


class UnitChange(SQLModel, table=True):
    __tablename__ = "unit_change"

    unit_id: int = Field(primary_key=True)  # no foreign key: triggers write it in any order
    version: int = 0


class RoundSnapshot(SQLModel, table=True):
    __tablename__ = "round_snapshot"

    round_id: int = Field(primary_key=True, foreign_key="assessment_round.id", ondelete="CASCADE")
    unit_id: int = Field(index=True)
    unit_version: int = 0  # unit_change.version when the figures were made
    rubric_key: str = Field(max_length=200)  # rubric id, file time and snapshot format
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    computed_at: dt.datetime = Field(default_factory=utcnow)


# -- triggers: (table, how a row names its unit, events) -------------------------------------
# ``{row}`` is NEW or OLD. Evidence updates count only when status, department or unit change.
ROUND_UNIT = "(SELECT unit_id FROM assessment_round WHERE id = {row}.round_id)"
EVIDENCE_UNIT = "(SELECT unit_id FROM evidence WHERE id = {row}.evidence_id)"
WATCHED: tuple[tuple[str, str, str | None], ...] = (
    ("finding", ROUND_UNIT, None),
    ("requirementcheck", ROUND_UNIT, None),
    ("deadline", ROUND_UNIT, None),
    ("assessment_round", "{row}.unit_id", None),
    ("assignment", "{row}.unit_id", None),
    ("department", "{row}.unit_id", None),
    ("evidence", "{row}.unit_id", "status, department_id, unit_id"),
    ("evidencelink", EVIDENCE_UNIT, None),
)


def _bump(unit_sql: str) -> str:
    return (
        "INSERT INTO unit_change (unit_id, version) "
        f"SELECT {unit_sql}, 1 WHERE {unit_sql} IS NOT NULL "
        "ON CONFLICT (unit_id) DO UPDATE SET version = unit_change.version + 1;"
    )


def sqlite_trigger_sql() -> list[str]:
    out = []
    for table, unit, cols in WATCHED:
        for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
            on = f"UPDATE OF {cols}" if event == "UPDATE" and cols else event
            body = " ".join(_bump(unit.format(row=r)) for r in rows)
            out.append(
                f"CREATE TRIGGER {table}_unit_change_{event.lower()} AFTER {on} ON {table} "
                f"BEGIN {body} END"
            )
    return out


def postgresql_trigger_sql() -> list[str]:
    out = []
    for table, unit, cols in WATCHED:
        fn = f"{table}_unit_change"
        new, old = _bump(unit.format(row="NEW")), _bump(unit.format(row="OLD"))
        out.append(
            f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {old} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {new} END IF; "
            "RETURN NULL; END $$"
        )
        on = f"INSERT OR DELETE OR UPDATE{' OF ' + cols if cols else ''}"
        out.append(
            f"CREATE TRIGGER {fn} AFTER {on} ON {table} FOR EACH ROW EXECUTE FUNCTION {fn}()"
        )
    return out


def drop_trigger_sql(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {t}_unit_change_{e}"
            for t, _, _ in WATCHED
            for e in ("insert", "delete", "update")
        ]
    return [f"DROP FUNCTION IF EXISTS {t}_unit_change() CASCADE" for t, _, _ in WATCHED]
