"""总览：当前轮次的得分、失分、待评，分体系图表，成员单位完成度，阶段时间轴，逾期事项。"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.rounds.overview import build_overview
from store.evidence_tables import STATUS_LABELS
from ui import state
from ui.components import charts, figures, zh
from ui.components.binder_panel import binder_panel
from ui.components.context import require_round
from ui.components.downloads import report_downloads
from ui.components.fmt import day, pct, pts
from ui.components.layout import responsive_table
from ui.components.score_words import score_notes, systems_table
from ui.components.tables import md_escape, shorten


def render() -> None:
    actor = state.current_actor()
    round_id = require_round()
    st.title("总览")
    if round_id is None:
        return
    overview_body(actor, round_id)


def overview_body(actor, round_id: int, *, read_only: bool = False) -> None:
    """A round's 总览; ``read_only`` (a drill-down from 全市总览) leaves out documents and actions."""
    ov = build_overview(actor, round_id)
    card = ov.card
    st.caption(
        md_escape(f"{ov.unit} · {ov.round.name}（{ov.round.kind}）· 评分细则 {ov.rubric.title}")
    )
    c = st.columns(4)
    c[0].metric("已确认得分", pts(card.total), help="已评定要求的得分合计；待评要求计 0 分")
    c[1].metric("待评分值", pts(card.pending), help="尚未评定（或考核员意见不一致）的要求分值")
    c[2].metric("已失分", pts(card.lost))
    c[3].metric("当前阶段", ov.current_stage or "—")
    if ov.rubric.pass_line is not None:
        st.caption(f"合格线 {pts(ov.rubric.pass_line)}")
    words = ov.words
    score_notes(words)
    left, right = st.columns([3, 2])
    with left:
        st.subheader("各体系得分")
        zh.chart(charts.systems_bar(card), key="bar")
    with right:
        st.subheader("六大体系得分率")
        zh.chart(charts.systems_radar(card), key="radar")
    if words.bonus or words.caps or words.missing_parts:
        systems_table(card, words)
    st.subheader("创建阶段")
    fig = charts.stage_timeline(ov.stages, ov.round.starts_on, ov.today)
    if fig is None:
        st.info("本轮次尚未设置阶段日期，可在「轮次」页面设置。")
    else:
        zh.chart(fig, key="timeline")
    figures.data_indicators(round_id)
    figures.targets(ov.round.unit_id)
    st.subheader("成员单位完成情况")
    if ov.completion:
        df = pd.DataFrame(
            [
                {
                    "成员单位": r["department"],
                    "承担要求（项要求）": r["assigned"],
                    "整改事项": r["open"],
                    "逾期": r["overdue"],
                    **{STATUS_LABELS[s]: r[s] for s in ("approved", "pending", "returned", "none")},
                    "完成率": r["ratio"],
                }
                for r in ov.completion
            ]
        ).sort_values("完成率")
        st.dataframe(
            df,
            hide_index=True,
            width="stretch",
            column_config={
                "完成率": st.column_config.ProgressColumn(
                    "完成率", format="percent", min_value=0, max_value=1
                )
            },
        )
        st.caption(
            "完成率 = 有已通过材料的承担要求数 ÷ 承担要求数；整改事项 = 本轮失分或待评的承担要求；"
            "逾期 = 已过整改期限且材料未通过的整改事项。"
        )
    else:
        st.info("尚未设置责任分工。")
    items, pairs = ov.state.overdue_items(), ov.state.overdue_pairs()
    st.subheader(f"逾期事项（{len(items)} 项要求，{len(pairs)} 项（按部门））")
    if pairs:
        responsive_table(
            pd.DataFrame(
                [
                    {
                        "创建要求": shorten(i.text, 40),
                        "责任单位": o.department,
                        "整改期限": day(o.due),
                        "逾期天数": o.overdue_days,
                        "材料状态": o.status_label,
                        "编号": i.requirement,
                    }
                    for i, o in pairs
                ]
            ),
            "overdue_table",
            "创建要求",
            ["责任单位", "整改期限", "逾期天数", "材料状态"],
        )
    else:
        st.success("没有逾期事项。")
    if not read_only:
        report_downloads(actor, round_id, ov.round.name)
        binder_panel(actor, round_id)
    done = sum(1 for r in card.requirements if r.status == "assessed")
    copied = len(ov.state.provisional)
    tail = f"，其中 {copied} 条沿用上一轮评分、待考核组复核" if copied else ""
    st.caption(
        f"已评定 {done} / {len(card.requirements)} 条要求（{pct(done / len(card.requirements))}）"
        f"{tail}"
    )
