"""设置 → 评分细则: the rubrics in the database; import a table, review its marked clauses side
by side with the source text, publish a version for rounds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rubric.importer.review import (
    CAP_KINDS,
    EDIT_KINDS,
    ITEM_KINDS,
    POINTS_KINDS,
    ClauseEdit,
    edit_fields,
)
from rubric.models import KIND_LABELS
from services.errors import ServiceError
from services.rubrics import review, versions
from ui.components.fmt import day
from ui.components.rubric_parts import parts_step
from ui.components.tables import md_escape, shorten

LINE_KINDS = {
    "tiers": "分档（每行一档：比例=分值，例如 80%=3）",
    "grade": "等级（每行一级：分值 名称，例如 3 优秀）",
    "target_each": "达标指标（每行一项：指标名=达标值，例如 就业率=95%）",
    "threshold_deduct": "达标指标（每行一项：指标名=达标值，例如 就业率=95%）",
}


FLASH = "rl_flash"


def done(message: str) -> None:
    """Shown inside this tab after the rerun: a message above the tabs would move them and the
    browser would fall back to the first tab, away from the review step."""
    st.session_state[FLASH] = message
    st.rerun()


def library(actor, unit_id: int) -> None:
    if message := st.session_state.pop(FLASH, None):
        st.success(message)
    st.subheader("细则库")
    rows = versions.list_versions(actor, unit_id)
    if rows:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "名称": v.title,
                        "编号": v.rubric_id,
                        "版本": f"第 {v.version} 版" if v.version else "—",
                        "状态": v.status_label,
                        "待复核条款": v.to_review,
                        "来源文件": v.source_name,
                        "导入人": v.created_by,
                        "发布": f"{v.published_by}，{day(v.published_at)}" if v.version else "",
                    }
                    for v in rows
                ]
            ),
            hide_index=True,
            width="stretch",
            key="rl_table",
        )
    else:
        st.caption("数据库中还没有导入的评分细则；系统内置的细则可直接用于轮次。")
    _import(actor, unit_id)
    drafts = [v for v in rows if v.status != "published" and v.unit_id == unit_id]
    if drafts:
        _review(actor, drafts)


def _import(actor, unit_id: int) -> None:
    st.subheader("导入评分细则")
    st.caption(
        "上传评分细则的 Word（.docx）或 Excel（.xlsx）表格，系统识别各条评分办法，"
        "未能识别或把握不大的条款标为「待复核」，由您逐条核对后发布；也可上传 YAML 细则文件。"
    )
    with st.form("rl_import", clear_on_submit=True):
        upload = st.file_uploader("细则文件", type=["docx", "xlsx", "yaml", "yml"], key="rl_file")
        c = st.columns(2)
        rid = c[0].text_input(
            "细则编号（表格导入时填写）", placeholder="例如 jining-2024", key="rl_id"
        )
        title = c[1].text_input(
            "细则名称", placeholder="例如：济宁市创业型城市评分细则", key="rl_title"
        )
        submitted = st.form_submit_button("导入", type="primary")
    if not submitted:
        return
    if upload is None:
        st.error("请先选择细则文件。")
        return
    try:
        info = versions.import_rubric(actor, unit_id, upload.getvalue(), upload.name, rid, title)
    except ServiceError as exc:
        st.error(str(exc))
        return
    st.session_state["rl_draft"] = info.id
    note = f"有 {info.to_review} 条条款待复核。" if info.to_review else "没有待复核的条款。"
    done(f"已导入「{info.title}」（{info.source_name}）：{note}")


def _review(actor, drafts) -> None:
    st.subheader("复核与发布")
    ids = [v.id for v in drafts]
    if st.session_state.get("rl_draft") not in ids:
        st.session_state["rl_draft"] = ids[-1]
    by_id = {v.id: v for v in drafts}
    vid = st.selectbox(
        "草稿",
        ids,
        format_func=lambda i: f"{by_id[i].title}（{by_id[i].source_name}）",
        key="rl_draft",
    )
    info = by_id[vid]
    clauses = review.clauses_to_review(actor, vid)
    if info.problems:
        st.warning(
            "草稿还有以下问题，改正后才能发布：\n\n" + "\n\n".join(map(md_escape, info.problems))
        )
    parts_step(actor, vid, done)
    st.markdown("**评分条款**")
    if clauses:
        _clause_step(actor, vid, clauses)
    else:
        st.success("全部条款已复核。")
    c = st.columns([1, 1, 4])
    ready = not clauses and not info.problems
    if c[0].button("发布", type="primary", disabled=not ready, key="rl_publish"):
        try:
            ref = versions.publish(actor, vid)
        except ServiceError as exc:
            st.error(str(exc))
        else:
            st.session_state.pop("rl_draft", None)
            number = ref.rpartition("@")[2]
            done(f"已发布「{info.title}」第 {number} 版，可在「轮次」中创建使用它的轮次。")
    if c[1].button("删除草稿", key="rl_delete"):
        try:
            versions.delete_draft(actor, vid)
        except ServiceError as exc:
            st.error(str(exc))
        else:
            st.session_state.pop("rl_draft", None)
            done(f"已删除草稿「{info.title}」。")


def _clause_step(actor, vid: int, clauses) -> None:
    n = len(clauses)
    labels = {
        c.rule_id: f"第 {k} / {n} 条：{shorten(c.requirement, 24)}（{c.rule_id}）"
        for k, c in enumerate(clauses, start=1)
    }
    rule_id = st.selectbox(
        "待复核条款", list(labels), format_func=labels.get, key=f"rl_clause_{vid}"
    )
    clause = next(c for c in clauses if c.rule_id == rule_id)
    left, right = st.columns(2)
    with left:
        st.markdown("**原文**")
        st.markdown(f"**创建要求**（{clause.requirement_id}）：{md_escape(clause.requirement)}")
        st.markdown(f"**评分办法**：{md_escape(clause.scoring)}")
        st.markdown(f"**本条**：{md_escape(clause.text)}")
        st.caption(f"待复核原因：{clause.reason}")
    with right:
        _clause_form(actor, vid, clause)


def _clause_form(actor, vid: int, clause) -> None:
    start = edit_fields(clause.rule)
    key = f"rl_{vid}_{clause.rule_id}"
    kind = st.selectbox(
        "条款类型",
        EDIT_KINDS,
        index=EDIT_KINDS.index(start.kind) if start.kind in EDIT_KINDS else 0,
        format_func=KIND_LABELS.get,
        key=f"{key}_kind",
    )
    with st.form(f"{key}_form"):
        points = cap = threshold = ""
        items: list[str] = []
        lines: list[str] = []
        if kind in POINTS_KINDS:
            points = st.text_input("分值（每项或每次）", value=start.points, key=f"{key}_points")
        if kind in CAP_KINDS:
            cap = st.text_input("上限（扣完或加满为止，可不填）", value=start.cap, key=f"{key}_cap")
        if kind in ITEM_KINDS:
            items = st.text_area(
                "列举项（每行一项，可不填）", value="\n".join(start.items), key=f"{key}_items"
            ).splitlines()
        if kind == "target":
            threshold = st.text_input("达标值（例如 80%）", value=start.threshold, key=f"{key}_th")
        if kind in LINE_KINDS:
            lines = st.text_area(
                LINE_KINDS[kind],
                value="\n".join(start.lines) if kind == start.kind else "",
                key=f"{key}_lines_{kind}",
            ).splitlines()
        if kind == "zero":
            st.caption("「不得分」：条件成立时本要求得 0 分，无需填写分值。")
        saved = st.form_submit_button("确认本条", type="primary")
    if saved:
        edit = ClauseEdit(kind, points, cap, items, threshold, lines)
        try:
            review.correct_clause(actor, vid, clause.rule_id, edit)
        except ServiceError as exc:
            st.error(str(exc))
        else:
            done(f"已确认条款「{shorten(clause.text, 30)}」（{KIND_LABELS[kind]}）。")
