"""Issue 13: in the review step of an imported draft the office also corrects the parts above
the clauses: the total, a system's or an indicator's name, points and cap, a requirement's
words, points and 责任部门, and 待补充 (status missing); the points must add up to publish."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rubric import load_rubric
from rubric.importer.outline import PartEdit, split_departments
from rubric.importer.review import ClauseEdit, edit_fields
from services.errors import InvalidInput, PermissionDenied
from services.rubrics import get_rubric, review, versions
from tests.rubric.import_fixtures import yanzhou_docx
from tests.services.helpers import make_world


@pytest.fixture
def draft(pioneer_home):
    w = make_world()
    data = yanzhou_docx(load_rubric("yanzhou-2020"))
    info = versions.import_rubric(
        w.office, w.unit_id, data, "附件2.docx", "jn-2024", "济宁细则", sandbox=False
    )
    for c in review.clauses_to_review(w.office, info.id):
        edit = edit_fields(c.rule) if c.kind != "review" else ClauseEdit("deduct", points="1")
        review.correct_clause(w.office, info.id, c.rule_id, edit)
    return w, info.id


def _part(w, vid, level, part_id):
    return next(
        p for p in review.draft_outline(w.office, vid) if p.level == level and p.part_id == part_id
    )


def test_the_outline_lists_every_part_with_the_sum_below_it(draft):
    w, vid = draft
    parts = review.draft_outline(w.office, vid)
    assert [p.level for p in parts[:3]] == ["rubric", "system", "indicator"]
    top = parts[0]
    assert top.points == Decimal(100) and top.below == Decimal(100) and top.adds_up
    assert all(p.adds_up for p in parts)
    q = _part(w, vid, "requirement", "1.2.1")
    assert q.name.startswith("成立政府领导挂帅") and q.departments == ("区政府办公室", "区人社局")


def test_a_requirement_points_change_must_add_up_before_publishing(draft):
    w, vid = draft
    q = _part(w, vid, "requirement", "1.2.1")
    info = review.correct_part(
        w.office, vid, "requirement", "1.2.1", PartEdit(q.name, "2", departments=q.departments)
    )
    assert info.status == "draft"  # saved, but the indicator's points no longer add up
    assert any("下属要求分值之和为" in p for p in info.problems)
    ind = _part(w, vid, "indicator", "1.2")
    assert not ind.adds_up and ind.below == ind.points + 1
    with pytest.raises(InvalidInput):
        versions.publish(w.office, vid)
    # put it right one level up at a time: the indicator, the system, then the total
    review.correct_part(w.office, vid, "indicator", "1.2", PartEdit(ind.name, str(ind.below)))
    s = _part(w, vid, "system", "1")
    review.correct_part(w.office, vid, "system", "1", PartEdit(s.name, str(s.below)))
    info = review.correct_part(w.office, vid, "rubric", "", PartEdit("济宁细则", "101"))
    assert info.problems == () and info.status == "reviewed"
    ref = versions.publish(w.office, vid)
    assert get_rubric(ref).requirement_index()["1.2.1"].weight == Decimal(2)
    assert get_rubric(ref).total == Decimal(101)


def test_names_departments_cap_and_missing(draft):
    w, vid = draft
    q = _part(w, vid, "requirement", "1.1.1")
    review.correct_part(
        w.office,
        vid,
        "requirement",
        "1.1.1",
        PartEdit(
            "  促进创业带动就业  摆上政府重要位置 ",
            "1",
            departments=split_departments("区政府办公室、区发改局\n区发改局"),
        ),
    )
    q = _part(w, vid, "requirement", "1.1.1")
    assert q.name == "促进创业带动就业 摆上政府重要位置"
    assert q.departments == ("区政府办公室", "区发改局")
    review.correct_part(w.office, vid, "requirement", "1.1.1", PartEdit(q.name, "1"))
    assert _part(w, vid, "requirement", "1.1.1").departments == ()  # the office assigns it
    s = _part(w, vid, "system", "6")
    review.correct_part(w.office, vid, "system", "6", PartEdit(s.name, str(s.points), cap="5"))
    assert _part(w, vid, "system", "6").cap == Decimal(5)
    assert not review.draft_outline(w.office, vid)[0].adds_up  # the cap counts against the total
    review.correct_part(w.office, vid, "system", "6", PartEdit(s.name, str(s.points)))
    assert review.draft_outline(w.office, vid)[0].adds_up
    review.correct_part(w.office, vid, "requirement", "1.1.1", PartEdit(q.name, "1", missing=True))
    assert _part(w, vid, "requirement", "1.1.1").missing
    rubric, problems = versions.check_text(versions.get_version(w.office, vid)[1], "x")
    assert problems == (), problems
    assert rubric.requirement_index()["1.1.1"].status == "missing"


@pytest.mark.parametrize(
    ("level", "part_id", "edit", "message"),
    [
        ("requirement", "1.1.1", PartEdit(" ", "1"), "名称不能为空"),
        ("requirement", "1.1.1", PartEdit("名", "一分"), "不是数字"),
        ("indicator", "1.1", PartEdit("名", "-1"), "不小于 0"),
        ("system", "1", PartEdit("名", "15", cap="0"), "上限应大于 0"),
        ("requirement", "9.9.9", PartEdit("名", "1"), "草稿中没有要求"),
        ("page", "1", PartEdit("名", "1"), "请选择要修改的部分"),
    ],
)
def test_bad_corrections_are_refused_in_chinese(draft, level, part_id, edit, message):
    w, vid = draft
    with pytest.raises(InvalidInput, match=message):
        review.correct_part(w.office, vid, level, part_id, edit)


def test_only_the_office_corrects_a_draft(draft):
    w, vid = draft
    with pytest.raises(PermissionDenied):
        review.correct_part(w.dept_a, vid, "rubric", "", PartEdit("济宁细则", "100"))
