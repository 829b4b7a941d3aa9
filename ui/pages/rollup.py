"""全市（全省）总览：下级单位当前轮次的得分排名、各体系得分分布、失分较多的要求、
目标进度滞后的单位，可查看任一单位的总览（只读），下载进展通报和汇总表。"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from reports.rollup import area_word
from services.rollup import documents as rollup_docs
from services.rollup.figures import Rollup, build_rollup
from ui import state
from ui.components.downloads import DOCX, XLSX
from ui.components.downloads import _offer as offer
from ui.components.fmt import pct, pts
from ui.components.tables import shorten
from ui.pages.overview import overview_body
from ui.pages.registry import title_of

CACHE_SECONDS = 60


@st.cache_resource(ttl=CACHE_SECONDS, show_spinner=False, max_entries=16)
def _rollup(_actor, username: str, root: int, today: dt.date) -> Rollup:
    """The roll-up, kept a minute per user and unit so that reruns do not rebuild it."""
    return build_rollup(_actor, root, today)


def spread_chart(roll: Rollup) -> go.Figure:
    """Each system's scores across the units: a box with every unit as a point."""
    fig = go.Figure()
    for sid, name, top in roll.systems:
        scores = [float(u.systems.get(sid, 0)) for u in roll.units]
        fig.add_trace(
            go.Box(
                y=scores,
                name=f"{name}（{float(top):g}）",
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                text=[u.unit for u in roll.units],
                hovertemplate="%{text}：%{y}分<extra></extra>",
                marker={"size": 5},
            )
        )
    fig.update_layout(
        showlegend=False,
        height=380,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        yaxis_title="得分",
    )
    return fig


def _ranking(roll: Rollup) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "排名": u.rank,
                    "单位": u.unit,
                    "所处阶段": u.stage or "—",
                    "确认得分": float(u.total),
                    **{name: float(u.systems.get(sid, 0)) for sid, name, _ in roll.systems},
                    "待评分值": float(u.pending),
                    "整改事项（项要求）": u.open_items,
                    "逾期（项要求）": u.overdue_items,
                    "逾期（项（按部门））": u.overdue_pairs,
                }
                for u in roll.units
            ]
        ),
        hide_index=True,
        width="stretch",
        key="rollup_rank",
    )


def _lost(roll: Rollup) -> None:
    st.subheader("失分较多的创建要求")
    if not roll.lost_most:
        st.success("各单位已评定的要求均未失分。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "创建要求": shorten(r.text, 40),
                    "编号": r.requirement,
                    "失分单位（个）": r.units,
                    "失分合计": float(r.lost),
                    "责任部门（单位数）": "、".join(f"{n}（{c}）" for n, c in r.departments),
                }
                for r in roll.lost_most
            ]
        ),
        hide_index=True,
        width="stretch",
        key="rollup_lost",
    )


def _behind(roll: Rollup) -> None:
    st.subheader("工作目标进度滞后的单位")
    if not roll.behind:
        st.success("各单位工作目标进度均与时间进度基本同步。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "单位": b.unit,
                    "工作目标": b.progress.name,
                    "责任部门": b.progress.department,
                    "完成进度": pct(float(b.progress.share_done)),
                    "时间进度": pct(float(b.progress.share_elapsed)),
                }
                for b in roll.behind
            ]
        ),
        hide_index=True,
        width="stretch",
        key="rollup_behind",
    )


def _downloads(actor, root: int, roll: Rollup) -> None:
    area = area_word(roll.level)
    cols = st.columns(2)
    if actor.role == "office":
        with cols[0]:
            offer(
                actor,
                "rollup_notice",
                f"{area}创建工作进展通报（Word）",
                lambda: rollup_docs.rollup_notice(actor, root, roll.today),
                f"{area}创建工作进展通报.docx",
                DOCX,
                "docx",
            )
    with cols[1]:
        offer(
            actor,
            "rollup_xlsx",
            "各单位汇总表（Excel）",
            lambda: rollup_docs.rollup_export(actor, root, roll.today),
            f"{area}创建工作进展汇总表.xlsx",
            XLSX,
            "xlsx",
        )


def render() -> None:
    actor = state.current_actor()
    root = actor.unit_id or state.selected_unit_id()
    if root is None:
        st.info("尚未建立被考评单位。")
        return
    roll = _rollup(actor, actor.username, root, dt.date.today())
    st.title(title_of("rollup", area_word(roll.level)))
    st.caption(f"{roll.root} · 下级单位当前轮次 · {len(roll.units)} 个单位已开展考评")
    if not roll.units:
        st.info("下级单位尚未开展考评（或本单位没有下级单位）。可在「设置 → 被考评单位」中添加。")
        return
    totals = [u.total for u in roll.units]
    c = st.columns(4)
    c[0].metric("开展考评的单位", len(roll.units))
    c[1].metric("平均确认得分", pts(sum(totals) / len(totals)))
    c[2].metric("逾期（项要求）", sum(u.overdue_items for u in roll.units))
    c[3].metric("未设当前轮次", len(roll.without_round))
    st.subheader("得分排名")
    _ranking(roll)
    st.subheader("各体系得分分布")
    st.plotly_chart(spread_chart(roll), width="stretch", key="rollup_spread")
    _lost(roll)
    _behind(roll)
    _downloads(actor, root, roll)
    st.subheader("单位总览（只读）")
    names = {u.round_id: f"{u.rank}. {u.unit}" for u in roll.units}
    pick = st.selectbox(
        "查看单位", [None, *names], format_func=lambda r: "请选择" if r is None else names[r],
        key="rollup_drill",
    )  # fmt: skip
    if pick is not None:
        overview_body(actor, pick, read_only=True)
