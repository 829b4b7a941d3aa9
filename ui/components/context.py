"""Sidebar: who is logged in, the unit and round being worked on, logout.

Every role opens on the round the office made current (当前轮次). The office, inspectors and
leaders may look at another round; a department always works in the current one.
"""

from __future__ import annotations

import streamlit as st

from services.actor import Actor
from services.org import hierarchy
from services.rounds import core as rounds
from ui import state


def _round_label(r, current: int | None) -> str:
    tags = []
    if r.id == current:
        tags.append("当前")
    if r.status == "archived":
        tags.append("已归档")
    tail = f"〔{'、'.join(tags)}〕" if tags else ""
    return f"{r.name}（{r.kind}）{tail}"


def sidebar(actor: Actor) -> list[hierarchy.UnitLine]:
    """Draws the sidebar; returns the units the actor may read (tree order)."""
    with st.sidebar:
        who = actor.display_name
        extra = f" · {actor.department_name}" if actor.department_name else ""
        st.markdown(f"**{who}**  \n{actor.role_label}{extra}")
        units = hierarchy.unit_lines(actor)
        if not units:
            st.warning("尚未建立被考评单位，请先运行 pioneer init 或 pioneer demo")
            return units
        ids = [u.id for u in units]
        names = {u.id: "\u3000" * u.depth + u.name for u in units}
        chosen = state.selected_unit_id()
        index = ids.index(chosen) if chosen in ids else 0
        unit_id = st.selectbox(
            "被考评单位", ids, index=index, format_func=names.get, key="unit_pick"
        )
        st.session_state["unit_id"] = unit_id
        current = rounds.current_round_id(actor, unit_id)
        if actor.role == "department":
            st.session_state["round_id"] = current
            rnd = rounds.get_round(actor, current) if current else None
            st.caption(f"当前轮次：{rnd.name}" if rnd else "办公室尚未设定当前轮次")
        else:
            rs = rounds.list_rounds(actor, unit_id)
            if rs:
                rids = [r.id for r in rs]
                picked = st.session_state.get("round_pick")
                if picked not in rids:  # first view, or the unit changed: open the current one
                    st.session_state["round_pick"] = current if current in rids else rids[-1]
                st.session_state["round_id"] = st.selectbox(
                    "考评轮次",
                    rids,
                    format_func=lambda i: _round_label(next(r for r in rs if r.id == i), current),
                    key="round_pick",
                )
            else:
                st.session_state["round_id"] = None
                st.caption("本单位还没有考评轮次")
        if st.button("退出登录", key="logout", width="stretch"):
            state.logout("已退出登录")
            st.rerun()
    return units


def require_round() -> int | None:
    """The chosen round, or an empty-state hint when there is none."""
    rid = state.selected_round_id()
    if rid is None:
        st.info("还没有考评轮次。办公室可在「轮次」页面创建第一轮自评或模拟考评。")
    return rid


def require_unit() -> int | None:
    uid = state.selected_unit_id()
    if uid is None:
        st.info("尚未建立被考评单位。")
    return uid
