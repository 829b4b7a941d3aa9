"""Rounds as the office uses them: unique names, a current round, delete and archive."""

import datetime as dt

import pytest
from sqlmodel import select

from services.actor import SYSTEM_ACTOR
from services.errors import InvalidInput, PermissionDenied
from services.rounds import core as rounds
from services.rounds import sheets
from services.rounds import views as round_views
from store.audit import AuditEvent
from store.db import session_scope
from tests.services.helpers import make_world


def _new(w, name, **kw):
    return rounds.create_round(w.office, name=name, unit_id=w.unit_id, kind="模拟考评", **kw)


def test_a_round_name_is_unique_within_a_unit(pioneer_home):
    w = make_world()
    _new(w, "第一次模拟考评")
    with pytest.raises(InvalidInput, match="已有名为「第一次模拟考评」"):
        _new(w, " 第一次模拟考评 ")
    assert len(rounds.list_rounds(SYSTEM_ACTOR, w.unit_id)) == 1


def test_the_first_round_becomes_current_and_later_ones_do_not(pioneer_home):
    w = make_world()
    first = _new(w, "第一次")
    assert rounds.current_round_id(SYSTEM_ACTOR, w.unit_id) == first.id
    second = _new(w, "第二次")
    assert (
        rounds.current_round_id(SYSTEM_ACTOR, w.unit_id) == first.id
    )  # creating never moves the others
    rounds.set_current_round(w.office, second.id)
    assert rounds.current_round_id(SYSTEM_ACTOR, w.unit_id) == second.id
    with pytest.raises(PermissionDenied):
        rounds.set_current_round(w.inspector, first.id)


def test_a_round_without_findings_can_be_deleted_one_with_findings_archived(pioneer_home):
    w = make_world()
    first = _new(w, "第一次", lead_inspector="insp")
    empty = _new(w, "误建的轮次")
    rounds.delete_round(w.office, empty.id)
    assert [r.name for r in rounds.list_rounds(SYSTEM_ACTOR, w.unit_id)] == ["第一次"]
    sheets.save_requirement(w.inspector, first.id, "1.2.1", {"1.2.1a": True})
    second = _new(w, "第二次")
    rounds.set_current_round(w.office, second.id)
    with pytest.raises(InvalidInput, match="已有评分记录"):
        rounds.delete_round(w.office, first.id)
    rounds.archive_round(w.office, first.id)
    assert rounds.get_round(SYSTEM_ACTOR, first.id).status == "archived"
    assert [r.name for r in rounds.list_rounds(SYSTEM_ACTOR, w.unit_id, archived=False)] == [
        "第二次"
    ]
    with pytest.raises(InvalidInput, match="已归档"):
        sheets.save_requirement(w.inspector, first.id, "1.2.1", {})
    with session_scope() as s:
        actions = [e.action for e in s.exec(select(AuditEvent))]
    assert "round.delete" in actions and "round.archive" in actions


def test_the_current_round_cannot_be_deleted_or_archived_while_others_exist(pioneer_home):
    w = make_world()
    first = _new(w, "第一次")
    _new(w, "第二次")
    with pytest.raises(InvalidInput, match="当前轮次"):
        rounds.delete_round(w.office, first.id)
    with pytest.raises(InvalidInput, match="当前轮次"):
        rounds.archive_round(w.office, first.id)


def test_only_inspectors_write_sheets_and_only_the_lead_the_agreed_one(pioneer_home):
    w = make_world()
    r = _new(w, "第一次", lead_inspector="insp")
    with pytest.raises(PermissionDenied):  # the office has no scoring page, nor this right
        sheets.save_requirement(w.office, r.id, "1.2.1", {"1.2.1a": True}, agreed=True)
    with pytest.raises(PermissionDenied, match="组长"):
        sheets.save_requirement(w.inspector2, r.id, "1.2.1", {}, agreed=True)
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {}, agreed=True)


def test_a_draft_keeps_unsaved_inputs_and_saving_replaces_it(pioneer_home):
    w = make_world()
    r = _new(w, "第一次")
    sheets.save_draft(w.inspector, r.id, "1.2.1", {"1.2.1a": True}, comment="草稿意见")
    sheets.save_draft(w.inspector, r.id, "3.1.1", {"3.1.1a": ("登记失业人员",)})
    mine = sheets.drafts(w.inspector, r.id)
    assert mine["1.2.1"].values == {"1.2.1a": True}
    assert mine["1.2.1"].comment == "草稿意见"
    assert mine["3.1.1"].values == {"3.1.1a": ("登记失业人员",)}
    assert sheets.drafts(w.inspector2, r.id) == {}  # a draft is the inspector's own
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).pending == 100  # and never counts
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True})
    assert "1.2.1" not in sheets.drafts(w.inspector, r.id)
    assert round_views.inspector_sheet(w.inspector, r.id)["1.2.1"].status == "reviewed"


def test_a_draft_of_a_rule_of_another_requirement_is_refused(pioneer_home):
    w = make_world()
    r = _new(w, "第一次")
    with pytest.raises(InvalidInput, match="不属于"):
        sheets.save_draft(w.inspector, r.id, "1.2.1", {"2.2.1a": "0.5"})


def test_copying_keeps_citations_and_a_round_is_not_copied_across_units(pioneer_home):
    w = make_world()
    first = _new(w, "第一次", lead_inspector="insp")
    sheets.save_requirement(w.inspector, first.id, "1.1.1", {}, cited=[7], comment="材料齐全")
    second = _new(w, "第二次", copy_from=first.id)
    entry = round_views.inspector_sheet(w.inspector2, second.id)["1.1.1"]
    assert entry.cited == (7,) and entry.comment == "材料齐全"
    assert rounds.round_notes(SYSTEM_ACTOR, second.id)[1] == {"1.1.1": [7]}


def test_stage_dates_must_follow_the_start(pioneer_home):
    w = make_world()
    with pytest.raises(InvalidInput, match="开始日期"):
        _new(
            w,
            "x",
            starts_on=dt.date(2020, 5, 1),
            stages={"prepare_until": dt.date(2020, 3, 1)},
        )
