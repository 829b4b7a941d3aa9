import datetime as dt
from decimal import Decimal

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

STAGES = {
    "prepare_until": dt.date(2020, 2, 10),
    "build_until": dt.date(2020, 6, 10),
    "selfcheck_until": dt.date(2020, 9, 10),
    "assess_until": dt.date(2020, 10, 31),
}


def _round(w, **kw):
    return rounds.create_round(
        w.office,
        name="第一次模拟考评",
        unit_id=w.unit_id,
        kind="模拟考评",
        stages=STAGES,
        lead_inspector="insp",
        **kw,
    )


def test_new_round_has_everything_pending(pioneer_home):
    w = make_world()
    card = rounds.round_scorecard(SYSTEM_ACTOR, _round(w).id)
    assert card.total == 0
    assert card.pending == 100


def test_saving_a_requirement_scores_it_exactly(pioneer_home):
    w = make_world()
    r = _round(w)
    card = sheets.save_requirement(
        w.inspector,
        r.id,
        "3.1.1",
        {"3.1.1a": ["全日制高等院校在校学生", "农村转移就业劳动者", "登记失业人员"]},
    )
    req = card.requirement("3.1.1")
    assert req.score == Decimal("2.4")
    assert card.total == Decimal("2.4")
    assert card.pending == 97


def test_invalid_value_is_refused_with_rule_named_and_nothing_saved(pioneer_home):
    w = make_world()
    r = _round(w)
    with pytest.raises(InvalidInput, match="2.2.1a"):
        sheets.save_requirement(w.inspector, r.id, "2.2.1", {"2.2.1a": 1.5})
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).requirement("2.2.1").status == "unassessed"


def test_rule_of_another_requirement_is_refused(pioneer_home):
    w = make_world()
    r = _round(w)
    with pytest.raises(InvalidInput, match="不属于要求"):
        sheets.save_requirement(w.inspector, r.id, "1.1.1", {"1.2.1a": True})


def test_departments_and_viewers_cannot_score(pioneer_home):
    w = make_world()
    r = _round(w)
    for actor in (w.dept_a, w.viewer):
        with pytest.raises(PermissionDenied):
            sheets.save_requirement(actor, r.id, "1.1.1", {"1.1.1a": True})


def test_two_inspectors_disagree_then_lead_settles(pioneer_home):
    w = make_world()
    r = _round(w)
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True})
    sheets.save_requirement(w.inspector2, r.id, "1.2.1", {"1.2.1a": True, "1.2.1b": True})
    sheets.save_requirement(w.inspector, r.id, "1.1.1", {})
    sheets.save_requirement(w.inspector2, r.id, "1.1.1", {})
    card = rounds.round_scorecard(SYSTEM_ACTOR, r.id)
    assert card.requirement("1.2.1").status == "unassessed"  # in dispute: pending
    assert card.requirement("1.1.1").score == 1  # both agree: counts
    diffs = round_views.disagreements(w.inspector, r.id)
    assert [d.requirement for d in diffs] == ["1.2.1"]
    scores = sorted(s for s, _ in diffs[0].by_inspector.values())
    assert scores == [Decimal("0.5"), Decimal("0.75")]
    with pytest.raises(PermissionDenied):
        sheets.save_requirement(w.inspector2, r.id, "1.2.1", {"1.2.1a": True}, agreed=True)
    card = sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True}, agreed=True)
    assert card.requirement("1.2.1").score == Decimal("0.75")
    assert round_views.disagreements(w.inspector, r.id) == []


def test_copied_round_starts_from_the_earlier_values_to_recheck(pioneer_home):
    w = make_world()
    first = _round(w)
    sheets.save_requirement(
        w.inspector, first.id, "1.2.1", {"1.2.1a": True}, comment="未见文件", cited=[]
    )
    second = rounds.create_round(
        w.office, name="第二次", unit_id=w.unit_id, kind="模拟考评", copy_from=first.id
    )
    # the copied values count (待复核), so the two rounds compare like with like
    assert (
        rounds.round_scorecard(SYSTEM_ACTOR, second.id).total
        == rounds.round_scorecard(SYSTEM_ACTOR, first.id).total
    )
    for inspector in (w.inspector, w.inspector2):  # no lead chosen: every inspector sees them
        entry = round_views.inspector_sheet(inspector, second.id)["1.2.1"]
        assert entry.values == {"1.2.1a": True}
        assert entry.status == "copied"
        assert entry.comment == "未见文件"
    card = sheets.save_requirement(w.inspector2, second.id, "1.2.1", {})
    assert card.requirement("1.2.1").score == 1  # the inspector's review replaces the copy


def test_compare_rounds_marks_changes(pioneer_home):
    w = make_world()
    a = _round(w)
    sheets.save_requirement(w.inspector, a.id, "2.2.1", {"2.2.1a": 0.5})
    b = rounds.create_round(
        w.office, name="第二次", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
    )
    sheets.save_requirement(w.inspector, b.id, "2.2.1", {"2.2.1a": 0.9})
    cmp = round_views.compare_rounds(SYSTEM_ACTOR, a.id, b.id)
    row = next(r for r in cmp.requirements if r["id"] == "2.2.1")
    assert (row["a"], row["b"], row["delta"]) == (2, 4, 2)
    assert next(s for s in cmp.systems if s["id"] == "2")["delta"] == 2


def test_stage_dates_out_of_order_are_refused(pioneer_home):
    w = make_world()
    bad = dict(STAGES, build_until=dt.date(2020, 1, 1))
    with pytest.raises(InvalidInput, match="先后"):
        rounds.create_round(w.office, name="x", unit_id=w.unit_id, kind="自评", stages=bad)


def test_saving_findings_is_audited_with_before_and_after(pioneer_home):
    w = make_world()
    r = _round(w)
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True}, comment="未见文件")
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1b": True})
    with session_scope() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "finding.save")).all()
    assert events[-1].before == {"1.2.1a": True}
    assert events[-1].after["1.2.1b"] is True
