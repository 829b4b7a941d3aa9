"""Migration 0005_rubric_351_grade: stored 3.5.1 findings of the old reading keep their score."""

from __future__ import annotations

from alembic import command
from sqlmodel import select

from services.actor import SYSTEM_ACTOR
from services.rounds import core as rounds
from services.rounds import sheets
from store.db import get_engine, session_scope
from store.migrate import alembic_config
from store.rounds import Finding, FindingDraft, RequirementCheck
from tests.services.helpers import make_world


def _sheet(session, round_id, inspector_id, req, values, status="reviewed"):
    session.add(
        RequirementCheck(
            round_id=round_id, inspector_id=inspector_id, requirement_id=req, status=status
        )
    )
    for rule_id, value in values.items():
        session.add(
            Finding(
                round_id=round_id,
                inspector_id=inspector_id,
                requirement_id=req,
                rule_id=rule_id,
                value=value,
            )
        )


def _upgrade_from_the_previous_head():
    cfg = alembic_config()
    with get_engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.stamp(cfg, "0005_search_bigram_text")
        command.upgrade(cfg, "0005_rubric_351_grade")  # only this one: later ones already ran
        command.stamp(cfg, "head")


def test_old_351_sheets_become_grades_with_the_same_score(pioneer_home):
    w = make_world()
    ids = {}
    for n, (b, c) in enumerate([(True, False), (False, True), (False, False), (True, True)]):
        rnd = rounds.create_round(
            w.office, name=f"第{n + 1}轮", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
        )
        ids[(b, c)] = rnd.id
        with session_scope() as session:
            values = {"3.5.1a": False} | ({"3.5.1b": True} if b else {})
            values |= {"3.5.1c": True} if c else {}
            _sheet(session, rnd.id, w.inspector.id, "3.5.1", values)
            _sheet(session, rnd.id, w.inspector.id, "2.3.1", {"2.3.1a": c, "2.3.1c": b})
            session.add(
                FindingDraft(
                    round_id=rnd.id,
                    inspector_id=w.inspector.id,
                    requirement_id="3.5.1",
                    values={"3.5.1b": True},
                )
            )
    _upgrade_from_the_previous_head()
    scores = {
        k: rounds.round_scorecard(SYSTEM_ACTOR, rid).requirement("3.5.1") for k, rid in ids.items()
    }
    assert scores[(True, False)].score == 1  # 低于前3年平均: grade 0
    assert scores[(False, True)].score == 3  # 提高超过3个百分点: grade 2
    assert scores[(False, False)].score == 2  # neither: the middle level
    assert scores[(True, True)].status == "unassessed"  # contradictory: back to 待复核
    both = rounds.round_scorecard(SYSTEM_ACTOR, ids[(True, True)]).requirement("2.3.1")
    assert both.status == "unassessed"  # 2.3.1a with 2.3.1c cannot be settled by the machine
    with session_scope() as session:
        rules = {f.rule_id for f in session.exec(select(Finding))}
        assert "3.5.1c" not in rules
        statuses = {
            c.round_id: c.status
            for c in session.exec(
                select(RequirementCheck).where(RequirementCheck.requirement_id == "3.5.1")
            )
        }
    assert statuses[ids[(True, True)]] == "recheck"
    drafts = sheets.drafts(w.inspector, ids[(True, False)])
    assert drafts["3.5.1"].values == {"3.5.1b": 0}
