"""整改清单（办公室）：当前轮次所有失分和待评要求，按可挽回分排序，可筛选、可导出 Excel。"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pandas as pd
import streamlit as st

from reports.inputs import GapRow
from services.documents import core as documents
from services.rounds.overview import build_overview, gap_rows
from store.evidence_tables import STATUS_LABELS
from ui import state
from ui.components import zh
from ui.components.context import require_round
from ui.components.fmt import day, pts
from ui.components.score_words import score_notes
from ui.components.tables import md_escape, shorten

STATUSES = tuple(STATUS_LABELS[s] for s in ("none", "pending", "returned", "approved"))
KINDS = ("全部", "失分", "待评")
TOP = 5


def sort_gaps(rows: Sequence[GapRow]) -> list[GapRow]:
    """Largest what-if gain first; ties keep the rubric order."""
    return sorted(rows, key=lambda g: -g.gain)


def best(rows: Sequence[GapRow], n: int = TOP) -> list[GapRow]:
    """The ``n`` gaps whose closing gains most (gain > 0 only)."""
    return [g for g in sort_gaps(rows) if g.gain > 0][:n]


def filter_gaps(
    rows: Sequence[GapRow],
    *,
    departments: Sequence[str] = (),
    statuses: Sequence[str] = (),
    only_overdue: bool = False,
    kind: str = "全部",
) -> list[GapRow]:
    out = []
    for g in rows:
        if departments and not set(departments) & set(g.departments.split("、")):
            continue
        if statuses and g.status not in statuses:
            continue
        if only_overdue and not g.overdue:
            continue
        if kind == "失分" and not g.lost > 0:
            continue
        if kind == "待评" and not g.pending > 0:
            continue
        out.append(g)
    return out


def display_rows(rows: Sequence[GapRow]) -> list[dict]:
    """整改清单 as shown on screen: names first, exact scores as text."""
    return [
        {
            "创建要求": g.text,
            "编号": g.requirement,
            "可挽回分": pts(g.gain),
            "失分": pts(g.lost) if g.lost else "",
            "待评": pts(g.pending) if g.pending else "",
            "材料状态": g.status,
            "整改期限": day(g.due) if g.due else "",
            "逾期": f"已逾期 {g.overdue_days} 天" if g.overdue else "",
            "责任单位": g.departments,
            "失分条款": g.clauses,
        }
        for g in rows
    ]


def _advice(rows: list[GapRow]) -> None:
    st.subheader("优先整改建议")
    top = best(rows)
    if not top:
        st.info("暂无可挽回分值的事项：失分要求整改后得分不会增加，或尚待考核组评定。")
        return
    lines = []
    for n, g in enumerate(top, start=1):
        due = f"，期限 {day(g.due)}" if g.due else ""
        late = " :red[**已逾期**]" if g.overdue else ""
        lines.append(
            f"{n}. {md_escape(shorten(g.text, 40))} :gray[{g.requirement}] —— "
            f"整改后可挽回 **{pts(g.gain)}**（{md_escape(g.departments)}，"
            f"材料状态：{g.status}{due}）{late}"
        )
    st.markdown("\n".join(lines))
    st.caption(
        "可挽回分为逐项单独测算（其他要求不变）；同时整改多项时受加分上限影响，不一定可以相加。"
    )


def _filters(rows: list[GapRow]) -> dict:
    names = sorted({d for g in rows for d in g.departments.split("、") if d})
    c = st.columns([3, 2, 2, 1])
    depts = zh.multiselect(
        "责任单位", names, container=c[0], key="gaps_dept", placeholder="全部单位"
    )
    statuses = zh.multiselect(
        "材料状态", STATUSES, container=c[1], key="gaps_status", placeholder="全部状态"
    )
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
    st.caption(md_escape(f"{ov.unit} · {ov.round.name}（{ov.round.kind}）· 按可挽回分从高到低排列"))
    rows = sort_gaps(gap_rows(ov.state))
    if not rows:
        st.success("本轮次没有失分或待评的要求。")
        return
    lost = sum((g.lost for g in rows), Decimal(0))
    pending = sum((g.pending for g in rows), Decimal(0))
    c = st.columns(4)
    c[0].metric("整改事项（项要求）", len(rows))
    c[1].metric("已失分", pts(lost))
    c[2].metric("待评分值", pts(pending))
    c[3].metric("逾期事项（项要求）", sum(1 for g in rows if g.overdue))
    score_notes(ov.words)
    _advice(rows)

    st.subheader("清单")
    shown = filter_gaps(rows, **_filters(rows))
    if not shown:
        st.info("没有符合筛选条件的事项，请放宽筛选条件。")
        return
    df = pd.DataFrame(display_rows(shown))
    st.dataframe(
        df,
        hide_index=True,
        width="stretch",
        key="gaps_table",
        height=min(38 + 35 * len(df), 640),
        column_config={
            # medium: on a phone the 编号 and 可挽回分 beside it stay in view (hover shows all)
            "创建要求": st.column_config.TextColumn(width="medium"),
            "责任单位": st.column_config.TextColumn(width="medium"),
            "失分条款": st.column_config.TextColumn(width="large"),
            "可挽回分": st.column_config.TextColumn(help="该项整改到位后总分可增加的分值"),
        },
    )
    st.caption(
        f"共 {len(shown)} 项要求。可挽回分：假设该项整改到位、其他不变时总分的增加值；"
        "待评要求按满分测算。逾期：整改期限已过且材料未通过。"
    )
    st.download_button(
        "下载 Excel（当前筛选结果）",
        data=lambda: documents.export(
            actor, "gaps", round_id, requirements=[g.requirement for g in shown]
        ),
        file_name=f"整改清单_{ov.round.name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="gaps_download",
        icon=":material/download:",
        on_click="ignore",
    )
