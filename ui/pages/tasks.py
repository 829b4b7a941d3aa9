"""我的任务（成员单位）：本单位承担的要求、状态、期限、退回原因；上传材料；本单位材料。"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from services.evidence.query import list_evidence
from services.org import units as org
from services.rounds.tasks import Task, my_tasks
from ui import state
from ui.components.context import require_unit
from ui.components.fmt import day, pts
from ui.components.tables import md_escape, shorten
from ui.components.upload import Choice, evidence_uploader

BADGE = {"none": "gray", "pending": "orange", "approved": "green", "returned": "red"}
ORDER = {"returned": 0, "none": 1, "pending": 2, "approved": 3}
FILTERS = ("全部", "无材料", "待审", "退回", "通过", "已逾期")


def is_overdue(task: Task, today: dt.date) -> bool:
    return bool(task.due and task.due < today and task.status != "approved")


def sort_tasks(tasks: list[Task], today: dt.date) -> list[Task]:
    """Sent back first, then missing, overdue before the others, then rubric order."""
    return sorted(
        tasks, key=lambda t: (ORDER.get(t.status, 9), not is_overdue(t, today))
    )  # stable: rubric order within a group


def filter_tasks(tasks: list[Task], choice: str, today: dt.date) -> list[Task]:
    if choice == "全部":
        return tasks
    if choice == "已逾期":
        return [t for t in tasks if is_overdue(t, today)]
    return [t for t in tasks if t.status_label == choice]


def _due_text(task: Task, today: dt.date) -> str:
    if task.due is None:
        return "整改期限：未设置"
    if is_overdue(task, today):
        return f"整改期限：:red[**{day(task.due)}（已逾期 {(today - task.due).days} 天）**]"
    if task.status != "approved" and (task.due - today).days <= 14:
        return f"整改期限：:orange[**{day(task.due)}（还剩 {(task.due - today).days} 天）**]"
    return f"整改期限：{day(task.due)}"


def task_label(task: Task, today: dt.date) -> str:
    """One line per task: status badge, id, requirement and the deadline (red when overdue)."""
    badge = f":{BADGE.get(task.status, 'gray')}-badge[{task.status_label}]"
    line = f"{badge} **{task.requirement}** {md_escape(shorten(task.text, 46))}"
    if task.due is None or task.status == "approved":
        return line
    left = (task.due - today).days
    if left < 0:
        return f"{line} · :red[**已逾期 {-left} 天**]"
    if left <= 14:
        return f"{line} · :orange[**期限 {day(task.due)}（还剩 {left} 天）**]"
    return f"{line} · 期限 {day(task.due)}"


def _task_card(task: Task, today: dt.date) -> None:
    urgent = task.status == "returned" or is_overdue(task, today)
    with st.expander(task_label(task, today), expanded=urgent):
        st.markdown(f"**创建要求**：{md_escape(task.text)}")
        st.markdown(
            f"分值 **{pts(task.weight)}** · {_due_text(task, today)} · "
            f"所属指标 {md_escape(task.indicator)} · 已上传材料 {task.evidence_count} 份"
        )
        st.markdown(f"**评分办法**：{md_escape(task.scoring)}")
        if task.evidence_hints:
            st.markdown("**需提供的材料**：" + "、".join(md_escape(h) for h in task.evidence_hints))
        for reason in task.return_reasons:
            st.warning(f"退回原因 {reason}", icon=":material/undo:")


def _summary(tasks: list[Task], today: dt.date) -> None:
    count = {k: sum(1 for t in tasks if t.status == k) for k in ORDER}
    c = st.columns(6)
    c[0].metric("承担要求", len(tasks))
    c[1].metric("无材料", count["none"])
    c[2].metric("待审", count["pending"])
    c[3].metric("退回", count["returned"])
    c[4].metric("通过", count["approved"])
    c[5].metric("已逾期", sum(1 for t in tasks if is_overdue(t, today)))


def _evidence_list(actor, unit_id: int) -> None:
    st.subheader("本单位已上传的材料")
    items = list_evidence(actor, unit_id)
    if not items:
        st.info("本单位还没有上传材料。请在上方「上传材料」中选择文件并提交。")
        return
    df = pd.DataFrame(
        [
            {
                "标题": e.title,
                "文号": e.doc_number or "",
                "成文日期": day(e.doc_date) if e.doc_date else "",
                "证明的要求": "、".join(e.requirements),
                "状态": e.status_label,
                "退回原因": e.return_reason or "",
                "文件": e.original_name,
                "版本": e.revision,
                "上传时间": day(e.uploaded_at),
                "上传人": e.uploaded_by,
            }
            for e in items
        ]
    )
    st.dataframe(df, hide_index=True, width="stretch", key="own_evidence")
    st.caption("材料状态：待审 = 已提交等待考核组审核；退回 = 请按原因修改后重新上传。")


def render() -> None:
    actor = state.current_actor()
    st.title("我的任务")
    unit_id = require_unit()
    if unit_id is None:
        return
    st.caption(f"{actor.department_name or ''} · 本单位承担的创建要求、材料状态和整改期限")
    tasks = my_tasks(actor, unit_id)
    today = dt.date.today()
    if not tasks:
        st.info(
            "办公室尚未给本单位分配创建任务。如有疑问，请联系领导小组办公室在「设置 → 责任分工」中调整。"
        )
        _evidence_list(actor, unit_id)
        return
    _summary(tasks, today)
    _upload(actor, unit_id, tasks)
    st.subheader("任务清单")
    choice = st.radio("按状态筛选", FILTERS, horizontal=True, key="task_filter")
    shown = filter_tasks(sort_tasks(tasks, today), choice, today)
    if not shown:
        st.success(f"没有「{choice}」的任务。")
    for task in shown:
        _task_card(task, today)
    st.caption("点击任务可展开评分办法和需提供的材料；退回和逾期的任务默认展开。")
    _evidence_list(actor, unit_id)


def _upload(actor, unit_id: int, tasks: list[Task]) -> None:
    st.subheader("上传材料")
    unit = next((u.name for u in org.list_units() if u.id == unit_id), None)
    if unit is None or not actor.department_name:
        st.error("当前账号未关联成员单位或被考评单位，不能上传材料，请联系办公室。")
        return
    choices = [Choice(t.requirement, f"{t.requirement} {shorten(t.text, 30)}") for t in tasks]
    with st.container(border=True):
        evidence_uploader(actor, unit=unit, department=actor.department_name, choices=choices)
