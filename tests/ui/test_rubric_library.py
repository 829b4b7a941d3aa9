"""设置 → 评分细则 as the office (issue 13): import a Word table, review the marked clauses,
publish, then create a round on the published version in 轮次."""

from __future__ import annotations

from rubric import load_rubric
from services.actor import SYSTEM_ACTOR
from services.demo import build as demo
from services.rounds import core as rounds
from services.rubrics import get_rubric, versions
from tests.rubric.import_fixtures import yanzhou_docx
from tests.ui.conftest import app_as, texts

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _settings(home):
    at = app_as(home, "bangongshi", "settings")
    assert not at.exception and not at.error
    return at


def test_import_review_publish_and_create_a_round(demo_home):
    unit_id = demo.get_demo_unit_id()
    at = _settings(demo_home)
    assert "数据库中还没有导入的评分细则" in texts(at)
    data = yanzhou_docx(load_rubric("yanzhou-2020"))
    at.file_uploader(key="rl_file").set_value(("附件2.docx", data, DOCX))
    at.text_input(key="rl_id").input("jining-2024")
    at.text_input(key="rl_title").input("济宁市评分细则")
    button(at, "导入").click().run()
    assert not at.exception and not at.error
    assert any(
        "已导入「济宁市评分细则」（附件2.docx）：有 10 条条款待复核" in s.value for s in at.success
    )
    (vid,) = [v.id for v in versions.list_versions(SYSTEM_ACTOR, unit_id)]
    assert button(at, "发布").disabled
    for n in range(10, 0, -1):
        step = at.selectbox(key=f"rl_clause_{vid}")
        assert step.format_func(step.value).startswith(f"第 1 / {n} 条")
        body = texts(at)
        assert "原文" in body and "待复核原因" in body
        kind = at.selectbox(key=f"rl_{vid}_{step.value}_kind")
        if kind.value == "deduct" and not at.text_input(key=f"rl_{vid}_{step.value}_points").value:
            at.text_input(key=f"rl_{vid}_{step.value}_points").input("1")
        button(at, "确认本条").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert any("已确认条款" in s.value for s in at.success)
    assert "全部条款已复核" in texts(at)
    button(at, "发布").click().run()
    assert not at.exception and not at.error
    assert any("已发布「济宁市评分细则」第 1 版" in s.value for s in at.success)
    table = next(d.value for d in at.dataframe if "待复核条款" in d.value.columns)
    assert table["状态"].tolist() == ["已发布"] and table["版本"].tolist() == ["第 1 版"]

    at.switch_page("ui/views/rounds.py").run()
    choice = at.selectbox(key="nr_rubric")
    assert "济宁市评分细则（第 1 版）" in choice.options
    at.text_input(key="nr_name").input("济宁细则模拟考评")
    choice.set_value("jining-2024@1")
    button(at, "创建轮次").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    made = next(
        r for r in rounds.list_rounds(SYSTEM_ACTOR, unit_id) if r.name == "济宁细则模拟考评"
    )
    assert made.rubric_id == "jining-2024@1"
    assert get_rubric(made.rubric_id).title == "济宁市评分细则"


def test_a_file_that_is_not_a_table_is_refused_in_chinese(demo_home):
    at = _settings(demo_home)
    at.file_uploader(key="rl_file").set_value(("细则.docx", b"not a zip at all", DOCX))
    at.text_input(key="rl_id").input("jining-2024")
    button(at, "导入").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "「细则.docx」不是表格：评分细则请使用 Word（.docx）或 Excel（.xlsx）文件"
    ]


def test_the_difference_between_a_built_in_rubric_and_a_draft(demo_home):
    """区别: names first, the changed points shown before → after."""
    from tests.services.test_rubric_diff import modified_text

    unit_id = demo.get_demo_unit_id()
    text = modified_text().replace("id: yanzhou-2020", "id: yanzhou-2020-v2", 1)
    info = versions.import_rubric(
        SYSTEM_ACTOR, unit_id, text.encode(), "兖州第二版.yaml", sandbox=False
    )
    at = _settings(demo_home)
    at.selectbox(key="rd_before").set_value("yanzhou-2020").run()
    at.selectbox(key="rd_after").set_value(f"draft:{info.id}").run()
    assert not at.exception and not at.error
    shown = texts(at)
    assert "要求：新增 1 条，删除 1 条，修改 2 条" in shown
    assert "政府主要领导未挂帅的，扣0.5分" in shown and "0.25 分" in shown
    assert "成立政府领导挂帅" in shown  # the requirement by its words
    at.selectbox(key="rd_after").set_value("yanzhou-2020").run()
    assert "请选择两个不同的版本" in texts(at)


def test_the_review_step_corrects_a_requirement_and_shows_where_points_do_not_add_up(demo_home):
    """Above the clauses: a requirement's points and 责任部门, then its indicator's points."""
    unit_id = demo.get_demo_unit_id()
    data = yanzhou_docx(load_rubric("yanzhou-2020"))
    info = versions.import_rubric(
        SYSTEM_ACTOR, unit_id, data, "附件2.docx", "jining-2024", "济宁细则", sandbox=False
    )
    at = _settings(demo_home)
    at.selectbox(key=f"rp_pick_{info.id}").set_value("requirement:1.2.1").run()
    form = f"rp_{info.id}_requirement_1.2.1"
    at.text_input(key=f"{form}_points").input("2")
    at.text_input(key=f"{form}_depts").input("区政府办公室、区发改局")
    button(at, "保存修改").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("已修改要求" in s.value and "尚未相加一致" in s.value for s in at.success)
    table = next(d.value for d in at.dataframe if "下属合计" in d.value.columns)
    row = table[table["编号"] == "1.2"].iloc[0]
    assert (row["分值"], row["下属合计"], row["核对"]) == ("3", "4", "不符")
    assert "各体系分值之和" in texts(at) or "下属要求分值之和为 4" in texts(at)
    at.selectbox(key=f"rp_pick_{info.id}").set_value("indicator:1.2").run()
    at.text_input(key=f"rp_{info.id}_indicator_1.2_points").input("4")
    button(at, "保存修改").click().run()
    assert not at.exception and not at.error
    table = next(d.value for d in at.dataframe if "下属合计" in d.value.columns)
    assert table[table["编号"] == "1.2"].iloc[0]["核对"] == "✔"
    from services.rubrics import review

    (q,) = [p for p in review.draft_outline(SYSTEM_ACTOR, info.id) if p.part_id == "1.2.1"]
    assert q.points == 2 and q.departments == ("区政府办公室", "区发改局")
