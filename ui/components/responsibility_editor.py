"""设置 → 责任分工 (who answers for each requirement) and 整改期限 (deadlines of a round)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from rubric import Rubric
from services.errors import ServiceError
from services.org import responsibility as resp
from services.org import units as org
from services.rounds import deadlines
from ui.components import zh
from ui.components.flash import done
from ui.components.fmt import day
from ui.components.tables import md_escape, shorten


def _req_label(rubric: Rubric, rid: str) -> str:
    return f"{shorten(rubric.requirement_index()[rid].requirement, 48)}（{rid}）"


def responsibilities(actor, unit_id: int, rubric: Rubric) -> None:
    owners = resp.get_responsibilities(actor, unit_id, rubric.id)
    info = resp.version_info(actor, unit_id, rubric.id)
    if info:
        st.caption(
            f"责任分工第 {info['version']} 版，最近由 {info['by']} 于 {day(info['at'])} 修改。"
            "「各成员单位」承担的要求已分配到每个成员单位，各自落实；领导小组办公室不在其中。"
        )
    left = resp.unassigned_requirements(actor, unit_id, rubric.id)
    if left:
        st.warning(
            f"有 {len(left)} 条要求尚未指定牵头单位（细则未写责任部门）："
            + "；".join(f"{shorten(q.requirement, 24)}（{q.label}）" for q in left[:10])
            + ("……" if len(left) > 10 else "")
            + "。请在下方逐条选择牵头单位。"
        )
    reqs = rubric.requirements()
    rid = st.selectbox(
        "创建要求",
        [r.id for r in reqs],
        format_func=lambda i: _req_label(rubric, i),
        key="as_req",
    )
    req = rubric.requirement_index()[rid]
    st.caption(f"评分细则原文的责任部门：{'、'.join(req.departments)}")
    names = [d.name for d in org.list_departments(actor, unit_id)]
    mine = owners.get(rid, ())
    with st.form(f"assign_{rid}"):
        leads = zh.multiselect(
            "牵头单位",
            names,
            default=[o.name for o in mine if o.role == "lead"],
            key=f"as_lead_{rid}",
            placeholder="至少选择一个牵头单位",
        )
        supports = zh.multiselect(
            "配合单位",
            names,
            default=[o.name for o in mine if o.role == "support"],
            key=f"as_support_{rid}",
            placeholder="可不选",
        )
        if st.form_submit_button("保存分工", type="primary"):
            pairs = [(n, "lead") for n in leads] + [(n, "support") for n in supports]
            try:
                version = resp.set_responsibility(actor, unit_id, rubric.id, rid, pairs)
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                done(f"已保存「{shorten(req.requirement, 30)}」的责任分工（第 {version} 版）。")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "创建要求": shorten(r.requirement, 40),
                    "编号": r.id,
                    "牵头单位": "、".join(o.name for o in owners.get(r.id, ()) if o.role == "lead")
                    or "未分配",
                    "配合单位": "、".join(
                        o.name for o in owners.get(r.id, ()) if o.role == "support"
                    ),
                }
                for r in reqs
            ]
        ),
        hide_index=True,
        width="stretch",
        key="as_table",
        column_config={"配合单位": st.column_config.TextColumn(width="large")},
    )


def round_deadlines(actor, unit_id: int, rubric: Rubric, rnd) -> None:
    """整改期限 of the chosen round: per requirement, per department, or per pair."""
    if rnd is None:
        st.info("还没有考评轮次。创建轮次后，可在这里设置整改期限。")
        return
    default = day(rnd.selfcheck_until) if rnd.selfcheck_until else "未设置"
    st.caption(
        f"轮次「{rnd.name}」：未单独设置的事项，整改期限为「自查整改」阶段截止日（{default}）。"
        "同时设置时，按「要求+单位」、「要求」、「单位」的顺序取最具体的一项。"
    )
    names = [d.name for d in org.list_departments(actor, unit_id)]
    reqs = [r.id for r in rubric.requirements()]
    with st.form("deadline_form", clear_on_submit=True):
        c = st.columns([3, 2, 1])
        rid = c[0].selectbox(
            "创建要求",
            [None, *reqs],
            format_func=lambda i: "（全部要求）" if i is None else _req_label(rubric, i),
            key="dl_req",
        )
        dept = c[1].selectbox(
            "责任单位",
            [None, *names],
            format_func=lambda d: "（全部单位）" if d is None else d,
            key="dl_dept",
        )
        due = zh.date_field("整改期限", key="dl_due", container=c[2])
        c = st.columns(2)
        save = c[0].form_submit_button("设置期限", type="primary")
        clear = c[1].form_submit_button("清除该项期限")
    if save or clear:
        if save and not isinstance(due, dt.date):
            st.error("请按 年-月-日 填写整改期限，例如 2026-11-30。")
        else:
            try:
                deadlines.set_deadline(
                    actor, rnd.id, None if clear else due, requirement_id=rid, department=dept
                )
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                done("已清除该项整改期限。" if clear else f"已设置整改期限为 {day(due)}。")
    rows = deadlines.list_deadlines(actor, rnd.id)
    if not rows:
        st.caption("本轮尚未单独设置整改期限。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "创建要求": _req_label(rubric, r["requirement"])
                    if r["requirement"]
                    else "（全部要求）",
                    "责任单位": r["department"] or "（全部单位）",
                    "整改期限": day(r["due_on"]),
                    "设置人": r["set_by"],
                }
                for r in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        key="dl_table",
    )
