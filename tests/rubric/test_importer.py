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
    assert acc.exact >= 21
    # the missing item 17 comes back as a 待补充细则 placeholder carrying its points
    assert any("待补充细则" in p for p in report.problems)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_real_flat_table_received_in_part(kind):
    """镇江 充分就业辖市(区): 项目 「name\\n16分」, 序号, 创建标准 (no 要求 column), 分值 「1分」,
    小计 rows, a 加分 sub-header with 「累计不得超过10分」, items 1-20 and 30-37 not received."""
    from tests.rubric.import_fixtures import flat_docx, flat_xlsx

    ref = load_rubric("zhenjiang-chongfen-jiuye")
    data = flat_docx(ref) if kind == "docx" else flat_xlsx(ref)
    draft, report = build_draft(read_rows(data, kind), "zj-import")
    rubric = parse_rubric(dump_draft(draft))
    acc = compare(rubric, ref)
    assert (acc.total, acc.clauses, acc.wrong, acc.unpaired) == (27, 27, [], {})
    assert acc.exact >= 20 and acc.exact + acc.marked == acc.total
    assert rubric.total == 100 and rubric.bonus_max == 10
    assert [(s.max, s.bonus, s.status) for s in rubric.systems] == [
        (61, False, "missing"),  # 小计 100分 less the sections received
        (16, False, "ok"),
        (11, False, "ok"),  # with a 4-point 待补充细则 item
        (12, False, "ok"),
        (10, True, "ok"),
    ]
    nos = [q.no for q in rubric.requirements() if q.status != "missing"]
    assert nos[:3] == ["21", "22", "23"] and nos[-4:] == ["1", "2", "3", "4"]
    assert len(report.problems) == 2


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("受到国家表彰的,一次加3分。以表彰决定为依据。", [("award_each", "3", None)]),
        ("有一篇加0.1分,但累计不超过2分。", [("award_each", "0.1", "2")]),
        ("每扶持一人成功创业得1分，最高5分。", [("award_each", "1", "5")]),
        (
            "落实的,得1分,建立的,得2分,反之不得分。",  # rising points: separate awards, no grade
            [("award", "1", None), ("award", "2", None), ("zero", None, None)],
        ),
        ("完成的,得5分,有一项未完成的扣1分,扣完为止。", [("threshold_deduct", "1", None)]),
        ("完成的得1分,反之,不得分。", [("award", "1", None), ("zero", None, None)]),
    ],
)
def test_clause_patterns_of_the_flat_table(cell, expected):
    clauses, _ = parse_scoring(cell)
    got = [(c.kind, c.points and str(c.points), c.cap and str(c.cap)) for c in clauses]
    assert got == expected
