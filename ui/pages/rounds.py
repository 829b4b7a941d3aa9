"""轮次（办公室）：考评轮次列表、创建新轮次（可复制上一轮评分）、两轮逐项对比。"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.errors import ServiceError
from services.rounds import core as round_service
from services.rounds.listing import inspectors, round_rows
from services.rounds.views import compare_rounds
from services.rubrics import DEFAULT_RUBRIC, get_rubric
from services.rubrics.versions import rubric_choices
from store.rounds import ROUND_KINDS, ROUND_STATUSES, STAGES
from ui import state
from ui.components import charts, flash, zh
from ui.components.context import require_unit
from ui.components.fmt import day, pts
from ui.components.layout import responsive_table
from ui.components.tables import delta_text, md_escape, shorten

STATUS = {"assessed": "已评", "unassessed": "待评"}


def _list(rows: list[dict], current: int | None) -> None:
    st.subheader("考评轮次")
    if not rows:
        st.info("还没有考评轮次。请在下方「创建轮次」中创建第一轮自评或模拟考评。")
        return
    data = []
    for row in rows:
        r = row["round"]
        item = {
            "名称": r.name,
            "状态": "当前轮次" if r.id == current else ROUND_STATUSES[r.status],
            "类型": r.kind,
            "已确认得分": pts(row["total"]),
            "待评分值": pts(row["pending"]),
            "组长": row["lead"] or "—",
            "复制自": row["copied_from"] or "—",
            "开始日期": day(r.starts_on),
        }
        item |= {f"{label}截止": day(getattr(r, key)) for key, label in STAGES}
        item["评分细则"] = row["rubric_title"]
        data.append(item)
    responsive_table(
        pd.DataFrame(data), "rounds_table", "名称", ["状态", "已确认得分", "待评分值", "开始日期"]
    )
    st.caption("各角色登录后默认打开当前轮次；成员单位只看当前轮次的整改期限。")


def _manage(actor, rows: list[dict], current: int | None) -> None:
    """Make a round current, archive or restore it, or delete one without findings."""
    if not rows:
        return
    st.subheader("管理轮次")
    names = {row["round"].id: row["round"] for row in rows}
    rid = st.selectbox(
        "选择轮次",
        list(reversed(names)),
        format_func=lambda i: (
            names[i].name
            + ("（当前）" if i == current else "")
            + ("（已归档）" if names[i].status == "archived" else "")
        ),
        key="rm_round",
    )
    rnd = names[rid]
    row = st.container(horizontal=True)
    try:
        active = rnd.status == "active"
        if (
            rid != current
            and active
            and row.button("设为当前轮次", key="rm_current", type="primary")
        ):
            round_service.set_current_round(actor, rid)
            flash.done(f"已将「{rnd.name}」设为当前轮次，各角色登录后将打开该轮次。")
        if active:
            if row.button("归档", key="rm_archive", help="归档后只能查看，不能修改评分"):
                round_service.archive_round(actor, rid)
                flash.done(f"已归档「{rnd.name}」。")
        elif row.button("恢复为进行中", key="rm_restore"):
            round_service.archive_round(actor, rid, archived=False)
            flash.done(f"已恢复「{rnd.name}」。")
        confirm = row.checkbox("确认删除（仅限没有评分记录的轮次）", key="rm_confirm")
        if row.button("删除", key="rm_delete", disabled=not confirm):
            round_service.delete_round(actor, rid)
            st.session_state.pop("rm_round", None)
            flash.done(f"已删除「{rnd.name}」。")
    except ServiceError as exc:
        st.error(md_escape(str(exc)))


def _create(actor, unit_id: int, rows: list[dict]) -> None:
    st.subheader("创建轮次")
    choices = dict(rubric_choices(actor, unit_id))
    rubric_ids = list(choices)
    leads = inspectors(actor)
    lead_names = dict(leads)
    sources = {row["round"].id: row for row in rows}
    with st.form("new_round", clear_on_submit=True):
        c = st.columns([3, 1, 2])
        name = c[0].text_input("轮次名称", placeholder="例如：2020年第二次模拟考评", key="nr_name")
        kind = c[1].selectbox("类型", ROUND_KINDS, key="nr_kind")
        rubric_id = c[2].selectbox(
            "评分细则",
            rubric_ids,
            index=rubric_ids.index(DEFAULT_RUBRIC) if DEFAULT_RUBRIC in rubric_ids else 0,
            format_func=choices.get,
            key="nr_rubric",
        )
        d = st.columns(5)
        starts_on = zh.date_field("开始日期", key="nr_start", container=d[0])
        stages = {
            key: zh.date_field(f"{label}截止", key=f"nr_{key}", container=d[n + 1])
            for n, (key, label) in enumerate(STAGES)
        }
        c = st.columns(2)
        lead = c[0].selectbox(
            "考核组组长",
            [None, *lead_names],
            format_func=lambda u: "不指定" if u is None else lead_names[u],
            key="nr_lead",
        )
        source = c[1].selectbox(
            "复制自",
            list(reversed(sources)) or [None],
            format_func=lambda i: (
                sources[i]["round"].name if i in sources else "（无可复制的轮次）"
            ),
            key="nr_source",
        )
        copy = st.checkbox("复制上一轮评分作为起点", key="nr_copy")
        st.caption(
            "复制时带入上一轮已确定的评分、考评意见和引用材料，作为本轮「待复核」的起点："
            "每位考核员都能看到，考核员复核保存后以本轮评定为准。"
        )
        submitted = st.form_submit_button("创建轮次", type="primary")
    if not submitted:
        return
    if zh.INVALID in (starts_on, *stages.values()):
        st.error("有日期未能识别，请按 年-月-日 填写，例如 2026-11-30。")
        return
    if copy and source is None:
        st.error("没有可复制的轮次，请取消勾选「复制上一轮评分作为起点」。")
        return
    try:
        rnd = round_service.create_round(
            actor,
            name=name,
            unit_id=unit_id,
            kind=kind,
            rubric_id=rubric_id,
            stages=stages,
            starts_on=starts_on,
            copy_from=source if copy else None,
            lead_inspector=lead,
        )
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    msg = f"已创建轮次「{rnd.name}」。"
    if copy:
        msg += "已复制上一轮评分，待考核组逐项复核。"
    if round_service.current_round_id(actor, unit_id) != rnd.id:
        msg += "当前轮次未变；需要时请在「管理轮次」中将其设为当前轮次。"
    for key in [k for k in st.session_state if str(k).startswith("nr_")]:
        del st.session_state[key]  # an empty form: a second click cannot create the same round
    flash.done(msg)


def _score_text(value, status: str) -> str:
    return "待评" if status == "unassessed" else pts(value)


def _compare(rows: list[dict]) -> None:
    st.subheader("两轮对比")
    if len(rows) < 2:
        st.info("至少需要两个轮次才能对比。创建第二轮后即可在此查看逐项变化。")
        return
    ids = [row["round"].id for row in rows]
    names = {row["round"].id: row["round"].name for row in rows}
    c = st.columns(2)
    a = c[0].selectbox(
        "对比轮次（前）", ids, index=len(ids) - 2, format_func=names.get, key="cmp_a"
    )
    b = c[1].selectbox(
        "对比轮次（后）", ids, index=len(ids) - 1, format_func=names.get, key="cmp_b"
    )
    if a == b:
        st.info("请选择两个不同的轮次。")
        return
    rubric_of = {row["round"].id: row["round"].rubric_id for row in rows}
    if rubric_of[a] != rubric_of[b]:
        st.info(
            "这两个轮次使用的评分细则（或版本）不同，无法逐项对比；请选择使用同一细则的两个轮次。"
        )
        return
    try:
        cmp = compare_rounds(state.current_actor(), a, b)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    rubric = get_rubric(next(r["round"].rubric_id for r in rows if r["round"].id == a))
    texts = {q.id: q.requirement for q in rubric.requirements()}
    col_a, col_b = f"{names[a]}（前）", f"{names[b]}（后）"
    m = st.columns(3)
    m[0].metric(col_a, pts(cmp.total_a))
    m[1].metric(col_b, pts(cmp.total_b))
    m[2].metric("变化", delta_text(cmp.total_b - cmp.total_a))
    zh.chart(charts.compare_bar(cmp.systems, col_a, col_b), key="cmp_bar")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "体系": s["name"],
                    col_a: pts(s["a"]),
                    col_b: pts(s["b"]),
                    "变化": delta_text(s["delta"]),
                }
                for s in cmp.systems
            ]
        ),
        hide_index=True,
        width="stretch",
        key="cmp_systems",
    )
    only = st.checkbox("只看有变化的要求", value=True, key="cmp_only")
    reqs = [r for r in cmp.requirements if not only or r["delta"] or r["a_status"] != r["b_status"]]
    if not reqs:
        st.info("两轮各要求得分相同。取消勾选「只看有变化的要求」可查看全部。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "要求": r["id"],
                    col_a: _score_text(r["a"], r["a_status"]),
                    col_b: _score_text(r["b"], r["b_status"]),
                    "变化": delta_text(r["delta"]),
                    "分值": pts(r["max"]),
                    "创建要求": shorten(texts.get(r["id"], ""), 40),
                }
                for r in reqs
            ]
        ),
        hide_index=True,
        width="stretch",
        key="cmp_reqs",
    )
    st.caption("↑ 得分增加 · ↓ 得分减少；待评要求按 0 分计入变化。")


def render() -> None:
    actor = state.current_actor()
    st.title("轮次")
    unit_id = require_unit()
    if unit_id is None:
        return
    flash.show()
    rows = round_rows(actor, unit_id)
    current = round_service.current_round_id(actor, unit_id)
    _list(rows, current)
    _manage(actor, rows, current)
    _create(actor, unit_id, rows)
    _compare(rows)
