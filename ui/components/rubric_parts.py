"""The review step above the clauses (设置 → 评分细则 → 复核与发布): the draft's total, systems,
indicators and requirements with the sum below each, and a form to correct one of them (name,
points, cap, 责任部门, 待补充细则)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rubric.importer.outline import Part, PartEdit, split_departments
from scoring import fmt
from services.errors import ServiceError
from services.rubrics import review
from ui.components.tables import md_escape, shorten

INDENT = {"rubric": "", "system": "", "indicator": "　", "requirement": "　　"}


def _points(p: Part) -> str:
    return "" if p.points is None else fmt(p.points)


def _label(p: Part) -> str:
    number = f"（{p.label}）" if p.label else ""
    return f"{INDENT[p.level]}{p.level_label}：{shorten(p.name, 30)}{number}"


def parts_step(actor, vid: int, done) -> None:
    """``done(message)`` reruns the page with the message shown in this tab."""
    parts = review.draft_outline(actor, vid)
    off = [p for p in parts if not p.adds_up]
    st.markdown("**体系、指标和要求**")
    label = "查看和修改名称、分值、上限、责任部门" + (
        f"（{len(off)} 处分值与下属合计不符）" if off else ""
    )
    with st.expander(label, expanded=bool(off)):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "名称": f"{INDENT[p.level]}{p.name}",
                        "层级": p.level_label,
                        "编号": p.label,
                        "分值": _points(p),
                        "下属合计": "" if p.below is None else fmt(p.below),
                        "核对": "✔" if p.adds_up else "不符",
                        "责任部门": "、".join(p.departments),
                        "待补充": "是" if p.missing else "",
                    }
                    for p in parts
                ]
            ),
            hide_index=True,
            width="stretch",
            key=f"rp_table_{vid}",
        )
        keys = [f"{p.level}:{p.part_id}" for p in parts]
        by_key = dict(zip(keys, parts, strict=True))
        first = keys.index(f"{off[0].level}:{off[0].part_id}") if off else 0
        key = st.selectbox(
            "修改哪一项",
            keys,
            index=first,
            format_func=lambda k: _label(by_key[k]),
            key=f"rp_pick_{vid}",
        )
        _form(actor, vid, by_key[key], done)


def _form(actor, vid: int, part: Part, done) -> None:
    key = f"rp_{vid}_{part.level}_{part.part_id}"
    with st.form(key):
        name = st.text_area(
            "名称（创建要求）" if part.level == "requirement" else "名称",
            value=part.name,
            key=f"{key}_name",
        )
        c = st.columns(2)
        points = c[0].text_input(
            "分值" if part.level != "rubric" else "总分", value=_points(part), key=f"{key}_points"
        )
        cap = ""
        if part.level in ("system", "indicator"):
            cap = c[1].text_input(
                "上限（可不填）", value="" if part.cap is None else fmt(part.cap), key=f"{key}_cap"
            )
        depts: tuple[str, ...] = ()
        if part.level == "requirement":
            depts = split_departments(
                st.text_input(
                    "责任部门（用顿号分隔；不填则由办公室在「责任分工」中分配）",
                    value="、".join(part.departments),
                    key=f"{key}_depts",
                )
            )
        missing = False
        if part.level != "rubric":
            missing = st.checkbox("尚未收到，待补充细则", value=part.missing, key=f"{key}_missing")
        saved = st.form_submit_button("保存修改", type="primary")
    if saved:
        try:
            info = review.correct_part(
                actor, vid, part.level, part.part_id, PartEdit(name, points, cap, depts, missing)
            )
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
        else:
            note = "；分值尚未相加一致，请继续调整" if info.problems else ""
            done(f"已修改{part.level_label}「{shorten(' '.join(name.split()), 30)}」{note}。")
