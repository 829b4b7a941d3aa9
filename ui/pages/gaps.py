"""整改清单（办公室）：当前轮次所有失分和待评要求，按可挽回分排序，可筛选、可导出 Excel。"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from services.rounds.overview import build_overview
from ui import state
from ui.components.context import require_round
from ui.components.fmt import day, pts
from ui.components.tables import (
    filter_gaps,
    gap_display_rows,
    gaps_xlsx,
    md_escape,
    shorten,
    sort_gaps,
)

STATUSES = ("无材料", "待审", "退回", "通过")
KINDS = ("全部", "失分", "待评")
TOP = 5


def best(gaps: list[dict], n: int = TOP) -> list[dict]:
    """The ``n`` gaps whose closing gains most (like scoring.best_gaps: gain > 0 only)."""
    return [g for g in sort_gaps(gaps) if g["gain"] > 0][:n]


def _advice(gaps: list[dict]) -> None:
    st.subheader("优先整改建议")
    top = best(gaps)
    if not top:
        st.info("暂无可挽回分值的事项：失分要求整改后得分不会增加，或尚待考核组评定。")
        return
    lines = []
    for n, g in enumerate(top, start=1):
        due = f"，期限 {day(g['due'])}" if g["due"] else ""
        late = " :red[**已逾期**]" if g["overdue"] else ""
        lines.append(
            f"{n}. **{g['requirement']}** {md_escape(shorten(g['text'], 40))} —— "
            f"整改后可挽回 **{pts(g['gain'])}**（{md_escape(g['departments'])}，"
            f"材料状态：{g['status']}{due}）{late}"
        )
    st.markdown("\n".join(lines))
    st.caption(
        "可挽回分为逐项单独测算（其他要求不变）；同时整改多项时受加分上限影响，不一定可以相加。"
    )


def _filters(gaps: list[dict]) -> dict:
    names = sorted({d for g in gaps for d in g["departments"].split("、") if d})
    c = st.columns([3, 2, 2, 1])
    depts = c[0].multiselect("责任单位", names, key="gaps_dept", placeholder="全部单位")
    statuses = c[1].multiselect("材料状态", STATUSES, key="gaps_status", placeholder="全部状态")
    kind = c[2].radio("类型", KINDS, key="gaps_kind", horizontal=True)
    overdue = c[3].checkbox("只看逾期", key="gaps_overdue")
    return {"departments": depts, "statuses": statuses, "kind": kind, "only_overdue": overdue}


def render() -> None:
    actor = state.current_actor()
    st.title("整改清单")
    round_id = require_round()
    if round_id is None:
        return
    ov = build_overview(actor, round_id)
    st.caption(f"{ov.unit} · {ov.round.name}（{ov.round.kind}）· 按可挽回分从高到低排列")
    gaps = sort_gaps(ov.gaps)
    if not gaps:
        st.success("本轮次没有失分或待评的要求。")
        return
    lost = sum((g["lost"] for g in gaps), Decimal(0))
    pending = sum((g["pending"] for g in gaps), Decimal(0))
    c = st.columns(4)
    c[0].metric("整改事项", len(gaps))
    c[1].metric("已失分", pts(lost))
    c[2].metric("待评分值", pts(pending))
    c[3].metric("逾期事项", sum(1 for g in gaps if g["overdue"]))
    _advice(gaps)

    st.subheader("清单")
    shown = filter_gaps(gaps, **_filters(gaps))
    if not shown:
        st.info("没有符合筛选条件的事项，请放宽筛选条件。")
        return
    df = pd.DataFrame(gap_display_rows(shown))
    st.dataframe(
        df,
        hide_index=True,
        width="stretch",
        key="gaps_table",
        height=min(38 + 35 * len(df), 640),
        column_config={
            "创建要求": st.column_config.TextColumn(width="large"),
            "责任单位": st.column_config.TextColumn(width="medium"),
            "失分条款": st.column_config.TextColumn(width="large"),
            "可挽回分": st.column_config.TextColumn(help="该项整改到位后总分可增加的分值"),
        },
    )
    st.caption(
        f"共 {len(shown)} 项。可挽回分：假设该项整改到位、其他不变时总分的增加值；"
        "待评要求按满分测算。逾期：整改期限已过且材料未通过。"
    )
    st.download_button(
        "下载 Excel",
        data=gaps_xlsx(shown),
        file_name=f"整改清单_{ov.round.name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="gaps_download",
        icon=":material/download:",
        on_click="ignore",
    )
