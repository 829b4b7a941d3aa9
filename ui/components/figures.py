"""The five data indicators and the work-plan targets, as shown on the 总览."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import fmt
from services.indicators import indicator_lines
from services.targets import target_progress

STATUS = {
    "none": "无数据",
    "proposed": "待考核组确认",
    "confirmed": "已确认",
    "overridden": "已改定",
}


def data_indicators(round_id: int) -> None:
    st.subheader("创业数据指标（体系六）")
    lines = indicator_lines(round_id)
    if not lines:
        st.info("尚无数据：请各部门在「台账」中导入台账或填报数据。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "指标": x.name,
                    "数值": x.value_text,
                    "目标": x.target_text,
                    "达标": "是" if x.met else ("否" if x.met is False else "—"),
                    "状态": STATUS.get(x.status, x.status),
                    "规则": x.rule_id,
                }
                for x in lines
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    for x in lines:
        with st.expander(f"{x.name}：{x.value_text} 的计算方法与数据来源"):
            st.markdown(f"**公式**：{x.formula}")
            st.markdown(f"**来源**：{x.source}")
            if x.note:
                st.caption(x.note)


def targets(unit_id: int) -> None:
    st.subheader("工作目标进度（按月调度）")
    rows = target_progress(unit_id)
    if not rows:
        st.info("尚未录入工作目标。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "目标": t.name,
                    "责任单位": t.department,
                    "完成": f"{fmt(t.done)} / {fmt(t.target)} {t.measure}",
                    "完成进度": float(t.share_done),
                    "时间进度": float(t.share_elapsed),
                    "进度": "落后" if t.behind else "正常",
                }
                for t in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "完成进度": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
            "时间进度": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
        },
    )
    behind = [t.name for t in rows if t.behind]
    if behind:
        st.warning(f"完成进度落后于时间进度 10 个百分点以上：{'、'.join(behind)}")
