"""The five data indicators and the work-plan targets, as shown on the 总览."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import fmt
from services.ledgers.indicators import indicator_lines
from services.ledgers.targets import TargetProgress, target_progress
from ui import state
from ui.components.fmt import day, month_text
from ui.components.tables import md_escape


def data_indicators(round_id: int) -> None:
    st.subheader("创业数据指标（体系六）")
    lines = indicator_lines(state.current_actor(), round_id)
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
                    "达标": x.met_text,
                    "状态": x.status_label,
                }
                for x in lines
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    for x in lines:
        with st.expander(f"{x.name}：{x.value_text} 的计算方法与数据来源"):
            st.markdown(f"**公式**：{md_escape(x.formula)}")
            st.markdown(f"**来源**：{md_escape(x.source)}")
            if x.note:
                st.caption(md_escape(x.note))


def target_table(
    rows: list[TargetProgress], *, detail: bool = False, key: str | None = None
) -> bool:
    """The targets with their 完成进度 and 时间进度 bars, and a warning naming those behind.

    ``detail`` (the 工作目标 page) shows target and done apart, the last month reported and the
    period. Returns whether any target is behind.
    """

    def record(t: TargetProgress) -> dict[str, object]:
        if detail:
            figures = {
                "目标值": f"{fmt(t.target)} {t.measure}",
                "已完成": f"{fmt(t.done)} {t.measure}",
            }
        else:
            figures = {"完成": f"{fmt(t.done)} / {fmt(t.target)} {t.measure}"}
        out = {
            "目标": t.name,
            "责任单位": t.department,
            **figures,
            "完成进度": float(t.share_done),
            "时间进度": float(t.share_elapsed),
            "进度": "落后" if t.behind else "正常",
        }
        if detail:
            out["最近报送"] = month_text(t.last_month) if t.last_month else "未报送"
            out["期限"] = f"{day(t.period_start)} 至 {day(t.period_end)}"
        return out

    progress = st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
    st.dataframe(
        pd.DataFrame([record(t) for t in rows]),
        hide_index=True,
        width="stretch",
        key=key,
        column_config={"完成进度": progress, "时间进度": progress},
    )
    behind = [t.name for t in rows if t.behind]
    if behind:
        st.warning(f"完成进度落后于时间进度 10 个百分点以上：{'、'.join(behind)}")
    return bool(behind)


def targets(unit_id: int) -> None:
    st.subheader("工作目标进度（按月调度）")
    rows = target_progress(state.current_actor(), unit_id)
    if not rows:
        st.info("尚未录入工作目标。")
        return
    target_table(rows)
