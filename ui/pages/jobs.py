"""后台任务（办公室）：扫描件识别、每日一致性检查、提醒等后台工作的进度、重试和失败原因。"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.jobs import queue
from store.job_tables import JOB_STATUSES
from store.settings import load_settings
from ui import state
from ui.components.fmt import day

ACTIVE = ("queued", "running", "retrying")


def _progress(r: dict) -> str:
    if not r["total"]:
        return "—"
    return f"{r['done']}/{r['total']}"


def _note(r: dict) -> str:
    if r["status"] in ("failed", "retrying") and r["error"]:
        return r["error"]
    return r["message"] or ""


def job_rows(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "任务": r["title"],
                "状态": r["status_label"],
                "进度": _progress(r),
                "尝试": f"{r['attempts']}/{r['max_attempts']}",
                "说明或失败原因": _note(r),
                "提交人": r["created_by"],
                "提交时间": day(r["created_at"]),
                "完成时间": day(r["finished_at"]),
                "执行进程": r["worker"] or "—",
                "编号": r["id"],
            }
            for r in rows
        ],
        columns=[
            "任务",
            "状态",
            "进度",
            "尝试",
            "说明或失败原因",
            "提交人",
            "提交时间",
            "完成时间",
            "执行进程",
            "编号",
        ],
    )


@st.fragment(run_every=3)
def _live(actor, status: str | None) -> None:
    counts = queue.counts()
    cols = st.columns(4)
    for col, key in zip(cols, ("queued", "running", "retrying", "failed"), strict=True):
        col.metric(JOB_STATUSES[key], counts.get(key, 0))
    rows = queue.list_jobs(actor, status=status)
    for r in rows:
        if r["status"] == "running" and r["total"]:
            st.progress(min(r["done"] / r["total"], 1.0), text=f"{r['title']}：{r['message']}")
    if not rows:
        st.info("没有符合条件的后台任务。")
        return
    st.dataframe(
        job_rows(rows),
        hide_index=True,
        width="stretch",
        key="jobs_table",
        column_config={"说明或失败原因": st.column_config.TextColumn(width="large")},
    )


def render() -> None:
    actor = state.current_actor()
    actor.require("office", action="查看后台任务")
    st.title("后台任务")
    if load_settings().is_sqlite:
        st.caption("扫描件识别、每日存储一致性检查和提醒发送由本系统在后台执行，可离开本页。")
    else:
        st.caption(
            "扫描件识别、每日存储一致性检查和提醒发送由工作进程（pioneer worker）执行；"
            "失败的任务会按间隔自动重试，重试用尽后在此显示原因。"
        )
    labels = {None: "全部", **JOB_STATUSES}
    status = st.selectbox("状态", list(labels), format_func=lambda k: labels[k], key="jobs_status")
    _live(actor, status)
    if st.button("立即运行存储一致性检查", key="jobs_verify"):
        queue.submit("verify", actor=actor)
        st.rerun()
