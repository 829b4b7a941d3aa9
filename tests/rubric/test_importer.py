"""Importing 附件2 from Word (merged cells, split across pages) and Excel (flat): at least 90%
of the clauses typed exactly as the hand encoding, every other one marked for review."""

from __future__ import annotations

import pytest

from rubric import load_rubric, parse_rubric
from rubric.importer import build_draft, dump_draft
from rubric.importer.accuracy import compare
from rubric.importer.clauses import parse_scoring
from rubric.importer.tables import read_rows
from tests.rubric.import_fixtures import yanzhou_docx, yanzhou_xlsx

YZ = load_rubric("yanzhou-2020")
FILES = {"docx": yanzhou_docx(YZ), "xlsx": yanzhou_xlsx(YZ)}


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_import_accuracy(kind):
    rows = read_rows(FILES[kind], kind)
    draft, report = build_draft(rows, "yz-import", "兖州导入")
    rubric = parse_rubric(dump_draft(draft), "draft.yaml")  # the draft is a valid rubric
    acc = compare(rubric, YZ)
    assert acc.total == 96
    assert acc.ratio >= 0.9, (acc.exact, acc.marked, acc.wrong)
    assert acc.wrong == []  # nothing wrong without a mark
    # one count of the clauses to review: the importer's report, the app's 「有 N 条条款待复核」
    # (Rubric.to_review) and the benchmark; the table's 3.5.1 has three clauses where the hand
    # encoding has two rules, so 97 clauses are read against 96 rules
    assert acc.marked == len(report.review) == len(rubric.to_review()) == 10
    assert acc.clauses == report.clauses == 97
    assert acc.unpaired == {"3.5.1c": True}  # no counterpart in the encoding, and marked
    assert acc.exact + acc.marked == acc.clauses
    assert report.typed + len(report.review) == report.clauses
    assert [s.points for s in rubric.systems] == [15, 20, 20, 20, 15, 10]
    assert len(rubric.requirements()) == 47


def test_merged_cells_and_split_table_read_like_the_flat_sheet():
    docx_rows = [r for r in read_rows(FILES["docx"], "docx") if r[2] != "创建要求"]
    xlsx_rows = read_rows(FILES["xlsx"], "xlsx")[1:]
    assert docx_rows == xlsx_rows


@pytest.mark.parametrize(
    ("text", "kind", "points"),
    [
        ("未有牵头单位的，扣0.25分", "deduct", "0.25"),
        ("每有一个成员单位未能按计划完成任务的，扣0.5分", "deduct_each", "0.5"),
        ("无方案不得分", "zero", None),
        ("确属创新且效果很好得3分", "award", "3"),
        ("每有一项政策性突破得1分", "award_each", "1"),
    ],
)
def test_clause_kinds(text, kind, points):
    (c,), _ = parse_scoring(text)
    assert c.kind == kind and (c.points is None if points is None else str(c.points) == points)


def test_tiers_grade_and_floor_are_read():
    (c,), info = parse_scoring("达到50%得2分，达到80%以上的，得3分；达到90%以上的得4分。")
    assert c.kind == "tiers" and [(str(a), str(p)) for a, p in c.tiers] == [
        ("0.5", "2"),
        ("0.8", "3"),
        ("0.9", "4"),
    ]
    (g,), _ = parse_scoring("确属创新且效果更好得满分，虽属创新但效果一般得1分，无创新不得分。")
    assert g.kind == "grade" and [p for p, _ in g.levels] == [None, 1, 0]
    _, info = parse_scoring("每月未更新一次扣0.5分，扣完为止。")
    assert info["floor"] is True


def test_the_other_branch_of_a_target_is_marked_not_a_rule_of_its_own():
    clauses, _ = parse_scoring("达到90%的得5分，未达到的不得分。")
    assert clauses[-1].kind == "zero" and "同一条件的两种结果" in clauses[-1].review


def test_an_untyped_clause_is_marked_with_its_text():
    clauses, _ = parse_scoring("由考核组综合评定。")
    assert [(c.kind, c.text) for c in clauses] == [("review", "由考核组综合评定")]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_second_table_nothing_wrong_without_a_mark(kind):
    from tests.rubric.import_fixtures import yanzhou_docx as to_docx
    from tests.rubric.import_fixtures import yanzhou_xlsx as to_xlsx

    ref = load_rubric("chongfen-jiuye-shequ")
    data = to_docx(ref) if kind == "docx" else to_xlsx(ref)
    draft, report = build_draft(read_rows(data, kind), "cf-import")
    acc = compare(parse_rubric(dump_draft(draft)), ref)
    assert acc.wrong == []  # typed or marked; the ratio is in docs/benchmarks.md
    assert all(acc.unpaired.values())  # a clause the encoding folded into another is marked
    assert acc.marked == len(report.review) and acc.exact + acc.marked == acc.clauses
    assert acc.exact >= 17
    # the missing item 17 comes back as a 待补充细则 placeholder carrying its points
    assert any("待补充细则" in p for p in report.problems)
