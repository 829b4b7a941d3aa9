"""Rubrics in the database (issue 13): import a table as a draft, review its marked clauses,
publish an immutable version, and create a round with it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlmodel import select

from rubric import RubricError, load_rubric
from rubric.importer.review import ClauseEdit, edit_fields
from services.actor import SYSTEM_ACTOR
from services.errors import InvalidInput, PermissionDenied
from services.org import responsibility
from services.rounds import core as rounds
from services.rounds import sheets
from services.rubrics import get_rubric, review, versions
from store.audit import AuditEvent
from store.db import session_scope
from tests.rubric.import_fixtures import yanzhou_docx, yanzhou_xlsx
from tests.services.helpers import make_world

SECOND = "rubric/standards/chongfen-jiuye-shequ.yaml"


@pytest.fixture
def world(pioneer_home):
    return make_world()


def _import_docx(w, rid="jining-2024"):
    data = yanzhou_docx(load_rubric("yanzhou-2020"))
    return versions.import_rubric(
        w.office, w.unit_id, data, "附件2.docx", rid, "济宁细则", sandbox=False
    )


def _review_all(w, vid):
    """Accept each low-confidence typing as it is; give each untyped clause a 1-point deduction."""
    for c in review.clauses_to_review(w.office, vid):
        edit = edit_fields(c.rule) if c.kind != "review" else ClauseEdit("deduct", points="1")
        review.correct_clause(w.office, vid, c.rule_id, edit)


def test_import_review_publish_and_a_round(world):
    w = world
    info = _import_docx(w)
    assert (info.status, info.version, info.to_review) == ("draft", None, 10)
    with pytest.raises(InvalidInput, match="10 条评分条款待复核"):
        versions.publish(w.office, info.id)
    first = review.clauses_to_review(w.office, info.id)[0]
    assert first.requirement.startswith("认真贯彻落实") and first.text.startswith("每个县")
    assert "和" in first.reason and first.requirement_id == "2.1.1"
    _review_all(w, info.id)
    assert review.clauses_to_review(w.office, info.id) == []
    assert versions.get_version(w.office, info.id)[0].status == "reviewed"
    ref = versions.publish(w.office, info.id)
    assert ref == "jining-2024@1"
    assert get_rubric(ref).id == ref and get_rubric(ref).total == Decimal(100)
    assert (ref, "济宁细则（第 1 版）") in versions.rubric_choices(w.office, w.unit_id)
    rnd = rounds.create_round(
        w.office, name="济宁轮", unit_id=w.unit_id, kind="模拟考评", rubric_id=ref
    )
    assert rnd.rubric_id == ref
    card = rounds.round_scorecard(SYSTEM_ACTOR, rnd.id)
    assert card.rubric == ref and card.pending == 100
    # the table named its 责任部门: the unit's departments answer for the new rubric too
    assert responsibility.unassigned_requirements(w.office, w.unit_id, ref) == []
    with session_scope() as s:
        actions = s.exec(select(AuditEvent.action)).all()
    assert {"rubric.import", "rubric.review", "rubric.publish"} <= set(actions)


def test_a_published_version_is_immutable_and_the_next_one_is_version_2(world):
    w = world
    info = _import_docx(w)
    _review_all(w, info.id)
    ref1 = versions.publish(w.office, info.id)
    with pytest.raises(InvalidInput, match="已发布的版本不能修改"):
        review.correct_clause(w.office, info.id, "1.1.1a", ClauseEdit("deduct", points="2"))
    with pytest.raises(InvalidInput, match="已发布"):
        versions.publish(w.office, info.id)
    rnd = rounds.create_round(w.office, name="一", unit_id=w.unit_id, kind="自评", rubric_id=ref1)
    again = _import_docx(w)
    _review_all(w, again.id)
    text = versions.get_version(w.office, again.id)[1]
    versions.save_text(w.office, again.id, text.replace("title: 济宁细则", "title: 济宁细则二"), "")
    ref2 = versions.publish(w.office, again.id)
    assert ref2 == "jining-2024@2"
    # the earlier round still reads its own version
    assert rounds.get_round(w.office, rnd.id).rubric_id == ref1
    assert get_rubric(ref1).title == "济宁细则" and get_rubric(ref2).title == "济宁细则二"


def test_a_yaml_upload_of_the_second_table_is_usable_for_a_round(world):
    w = world
    from pathlib import Path

    data = (Path(__file__).resolve().parents[2] / SECOND).read_bytes()
    data = data.replace(b"id: chongfen-jiuye-shequ", b"id: shequ-2025", 1)
    info = versions.import_rubric(w.office, w.unit_id, data, "社区细则.yaml")
    assert (info.rubric_id, info.status, info.to_review) == ("shequ-2025", "reviewed", 0)
    ref = versions.publish(w.office, info.id)
    rnd = rounds.create_round(w.office, name="社区", unit_id=w.unit_id, kind="自评", rubric_id=ref)
    # no 责任部门 in this table: every requirement waits for the office to assign it
    left = responsibility.unassigned_requirements(w.office, w.unit_id, rnd.rubric_id)
    assert left and all(q.status != "missing" for q in left)
    assert len(left) == len([q for q in get_rubric(ref).requirements() if q.status != "missing"])
    responsibility.set_responsibility(w.office, w.unit_id, ref, left[0].id, ["区人社局"])
    after = responsibility.unassigned_requirements(w.office, w.unit_id, ref)
    assert [q.id for q in after] == [q.id for q in left[1:]]


@pytest.mark.parametrize(
    ("data", "name", "rid", "message"),
    [
        (b"x", "a.pdf", "x", "请上传 Word（.docx）、Excel（.xlsx）或 YAML"),
        (b"\xff\xfe", "a.yaml", "", "不是 UTF-8"),
        (b"id: [", "a.yaml", "", "无法使用"),
        (b"not a zip", "a.docx", "jn", "不是表格"),
        (b"PK", "a.xlsx", "Bad Id", "细则编号只能用小写字母"),
    ],
)
def test_bad_uploads_are_refused_in_chinese(world, data, name, rid, message):
    with pytest.raises(InvalidInput, match=message):
        versions.import_rubric(world.office, world.unit_id, data, name, rid, sandbox=False)


def test_a_built_in_id_and_drafts_are_not_rounds_rubrics(world):
    w = world
    data = load_rubric("yanzhou-2020")
    with pytest.raises(InvalidInput, match="与系统内置的细则相同"):
        versions.import_rubric(
            w.office, w.unit_id, yanzhou_xlsx(data), "附件2.xlsx", "yanzhou-2020", sandbox=False
        )
    _import_docx(w)
    with pytest.raises(RubricError, match="找不到已发布的评分细则"):
        rounds.create_round(
            w.office, name="草稿轮", unit_id=w.unit_id, kind="自评", rubric_id="jining-2024@1"
        )


def test_a_clause_correction_is_checked(world):
    w = world
    info = _import_docx(w)
    c = review.clauses_to_review(w.office, info.id)[0]
    with pytest.raises(InvalidInput, match="分值「两分」不是数字"):
        review.correct_clause(w.office, info.id, c.rule_id, ClauseEdit("deduct", points="两分"))
    with pytest.raises(InvalidInput, match="达标值「150%」应在 0 到 100% 之间"):
        review.correct_clause(w.office, info.id, c.rule_id, ClauseEdit("target", threshold="150%"))
    with pytest.raises(InvalidInput, match="每行一条"):
        review.correct_clause(w.office, info.id, c.rule_id, ClauseEdit("tiers", lines=["八成"]))
    review.correct_clause(
        w.office, info.id, c.rule_id, ClauseEdit("tiers", lines=["80%=3", "60%=2"])
    )
    text = versions.get_version(w.office, info.id)[1]
    assert "at: 0.8\n" in text and c.text.splitlines()[0][:10] in text


def test_another_units_office_cannot_review_or_publish(world):
    from tests.services.city import make_city

    w = world
    info = _import_docx(w)
    city = make_city()
    with pytest.raises(PermissionDenied):
        versions.publish(city.office_b, info.id)
    with pytest.raises(PermissionDenied):
        review.correct_clause(city.office_b, info.id, "1.1.1a", ClauseEdit("zero"))


def _round_with_121a_found(w, name: str, ref: str):
    """A round on rubric version ``ref`` whose inspector found 1.2.1a (政府领导未挂帅)."""
    rnd = rounds.create_round(
        w.office,
        name=name,
        unit_id=w.unit_id,
        kind="模拟考评",
        rubric_id=ref,
        lead_inspector="insp",
    )
    sheets.save_requirement(w.inspector, rnd.id, "1.2.1", {"1.2.1a": True})
    return rnd


def test_a_new_version_never_changes_a_past_rounds_score(world):
    """Version 2 doubles a clause's deduction; the round scored on version 1 keeps its score,
    and a round on version 2 scores the same finding with the new points."""
    w = world
    info = _import_docx(w)
    _review_all(w, info.id)
    ref1 = versions.publish(w.office, info.id)
    past = _round_with_121a_found(w, "第一版轮次", ref1)
    before = rounds.round_scorecard(SYSTEM_ACTOR, past.id)

    again = _import_docx(w)
    _review_all(w, again.id)
    text = versions.get_version(w.office, again.id)[1]
    doubled, n = re.subn(
        r"(id: 1\.2\.1a\n(?:[^\n]*\n)*?\s*points: )'?0\.25'?", r"\g<1>0.5", text, count=1
    )
    assert n == 1
    versions.save_text(w.office, again.id, doubled, "")
    ref2 = versions.publish(w.office, again.id)
    new = _round_with_121a_found(w, "第二版轮次", ref2)

    after = rounds.round_scorecard(SYSTEM_ACTOR, past.id)
    assert after.rubric == ref1
    assert (after.total, after.lost, after.pending) == (before.total, before.lost, before.pending)
    assert before.lost == Decimal("0.25")
    assert rounds.round_scorecard(SYSTEM_ACTOR, new.id).lost == Decimal("0.5")
