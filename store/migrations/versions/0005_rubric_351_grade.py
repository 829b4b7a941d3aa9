"""stored findings follow the 3.5.1 grade reading (spec 4, turn 2); contradictions go to recheck

3.5.1 was base 2 with b deduct 1 (低于前3年平均) and c award 1 (提高超过3个百分点); it is now
base 1 with b a grade 2/1/0. A sheet's b=true becomes grade 0, c=true grade 2, a reviewed sheet
with neither grade 1: the same score as before. A sheet that fired both b and c, or fired
rules now declared mutually exclusive (2.3.1a or 2.3.1b with 2.3.1c), is set to 待复核
(recheck) so that an inspector settles it; nothing is deleted from it but the old 3.5.1c.

Revision ID: 0005_rubric_351_grade
Revises: 0005_search_bigram_text
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_rubric_351_grade"
down_revision = "0005_search_bigram_text"
branch_labels = None
depends_on = None

RUBRIC = "yanzhou-2020"
EXCLUSIVE = (("2.3.1a", "2.3.1c"), ("2.3.1b", "2.3.1c"))

rounds = sa.table("assessment_round", sa.column("id"), sa.column("rubric_id"))
finding = sa.table(
    "finding",
    sa.column("id"),
    sa.column("round_id"),
    sa.column("inspector_id"),
    sa.column("agreed"),
    sa.column("requirement_id"),
    sa.column("rule_id"),
    sa.column("value", sa.JSON),
    sa.column("source"),
    sa.column("updated_at"),
)
check = sa.table(
    "requirementcheck",
    sa.column("id"),
    sa.column("round_id"),
    sa.column("inspector_id"),
    sa.column("agreed"),
    sa.column("requirement_id"),
    sa.column("status"),
)
draft = sa.table(
    "finding_draft", sa.column("id"), sa.column("round_id"), sa.column("values", sa.JSON)
)


def _fired(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, int | float):
        return value > 0
    return False


def _new_grade(b, c) -> str | None:
    """Old 3.5.1b/3.5.1c values -> the new 3.5.1b grade; None when both fired."""
    if b is True and c is True:
        return None
    if b is True:
        return "0"
    if c is True:
        return "2"
    return "1"


def upgrade() -> None:
    conn = op.get_bind()
    ids = [r.id for r in conn.execute(sa.select(rounds.c.id).where(rounds.c.rubric_id == RUBRIC))]
    if not ids:
        return
    rows = conn.execute(sa.select(finding).where(finding.c.round_id.in_(ids))).all()
    sheets: dict[tuple, dict[str, object]] = {}
    template: dict[tuple, object] = {}
    for f in rows:
        key = (f.round_id, f.inspector_id, f.agreed)
        sheets.setdefault(key, {})[f.rule_id] = f.value
        template.setdefault(key, f)
    checks = conn.execute(sa.select(check).where(check.c.round_id.in_(ids))).all()
    for c in checks:
        key = (c.round_id, c.inspector_id, c.agreed)
        values = sheets.get(key, {})
        recheck = False
        if c.requirement_id == "3.5.1":
            grade = _new_grade(values.get("3.5.1b"), values.get("3.5.1c"))
            _drop(conn, key, ("3.5.1b", "3.5.1c"))
            if grade is None:
                recheck = True
            else:
                conn.execute(
                    finding.insert().values(
                        round_id=c.round_id,
                        inspector_id=c.inspector_id,
                        agreed=c.agreed,
                        requirement_id="3.5.1",
                        rule_id="3.5.1b",
                        value=grade,
                        source=getattr(template.get(key), "source", None) or "inspector",
                        updated_at=sa.func.now(),
                    )
                )
        if c.requirement_id == "2.3.1":
            recheck = any(all(_fired(values.get(r)) for r in pair) for pair in EXCLUSIVE)
        if recheck and c.status in ("reviewed", "copied"):
            conn.execute(check.update().where(check.c.id == c.id).values(status="recheck"))
    # 3.5.1 findings without a check (not counted anyway) lose their old rule ids
    conn.execute(finding.delete().where(finding.c.round_id.in_(ids), finding.c.rule_id == "3.5.1c"))
    old_b = sa.select(finding).where(finding.c.round_id.in_(ids), finding.c.rule_id == "3.5.1b")
    for f in conn.execute(old_b).all():
        if isinstance(f.value, bool):
            conn.execute(finding.delete().where(finding.c.id == f.id))
    for d in conn.execute(sa.select(draft).where(draft.c.round_id.in_(ids))).all():
        values = dict(d.values or {})
        if "3.5.1b" in values or "3.5.1c" in values:
            grade = _new_grade(values.pop("3.5.1b", None), values.pop("3.5.1c", None))
            if grade is not None:
                values["3.5.1b"] = grade
            conn.execute(draft.update().where(draft.c.id == d.id).values(values=values))


def _drop(conn, key: tuple, rule_ids: tuple[str, ...]) -> None:
    round_id, inspector_id, agreed = key
    who = (
        finding.c.inspector_id.is_(None)
        if inspector_id is None
        else finding.c.inspector_id == inspector_id
    )
    conn.execute(
        finding.delete().where(
            finding.c.round_id == round_id,
            who,
            finding.c.agreed == agreed,
            finding.c.rule_id.in_(rule_ids),
        )
    )


def downgrade() -> None:
    conn = op.get_bind()
    ids = [r.id for r in conn.execute(sa.select(rounds.c.id).where(rounds.c.rubric_id == RUBRIC))]
    if not ids:
        return
    rows = conn.execute(
        sa.select(finding).where(finding.c.round_id.in_(ids), finding.c.rule_id == "3.5.1b")
    ).all()
    for f in rows:
        old = {"0": ("3.5.1b", True), "2": ("3.5.1c", True)}.get(str(f.value))
        if old is None:
            conn.execute(finding.delete().where(finding.c.id == f.id))
        else:
            conn.execute(
                finding.update().where(finding.c.id == f.id).values(rule_id=old[0], value=old[1])
            )
