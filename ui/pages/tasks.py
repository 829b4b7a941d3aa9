"""我的任务（成员单位）：当前轮次中本单位承担的要求、状态、期限、退回原因；上传、重新上传、
接收其他单位转交的材料；本单位材料。"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from services.errors import ServiceError
from services.evidence import transfer
from services.evidence.details import edit_details
from services.evidence.intake import add_evidence
from services.evidence.query import list_evidence
from services.org import units as org
from services.rounds.tasks import Task, my_tasks
from services.rubrics import get_rubric
from store.evidence_tables import STATUS_LABELS
from ui import state
from ui.components import flash
from ui.components.context import require_unit
from ui.components.evidence_withdraw import own_files
from ui.components.fmt import day, pts
from ui.components.tables import md_escape, shorten
from ui.components.upload import Choice, evidence_uploader

BADGE = {"none": "gray", "pending": "orange", "approved": "green", "returned": "red"}
ORDER = {"returned": 0, "none": 1, "pending": 2, "approved": 3}
FILTERS = (
    "全部",
    *(STATUS_LABELS[s] for s in ("none", "pending", "returned", "approved")),
    "已逾期",
)


def sort_tasks(tasks: list[Task]) -> list[Task]:
    """Overdue first, then sent back, missing, waiting, done; rubric order within a group."""
    return sorted(tasks, key=lambda t: (not t.overdue, ORDER.get(t.status, 9)))


def filter_tasks(tasks: list[Task], choice: str) -> list[Task]:
    if choice == "全部":
        return tasks
    if choice == "已逾期":
        return [t for t in tasks if t.overdue]
    return [t for t in tasks if t.status_label == choice]


def _due_text(task: Task, today: dt.date) -> str:
    if task.due is None:
        return "整改期限：未设置"
    if task.overdue:
        return f"整改期限：:red[**{day(task.due)}（已逾期 {task.overdue_days} 天）**]"
    if task.status != "approved" and (task.due - today).days <= 14:
        return f"整改期限：:orange[**{day(task.due)}（还剩 {(task.due - today).days} 天）**]"
    return f"整改期限：{day(task.due)}"


def task_label(task: Task, today: dt.date) -> str:
    """One line per task: status badge, the requirement (id small), deadline (red when late)."""
    badge = f":{BADGE.get(task.status, 'gray')}-badge[{task.status_label}]"
    line = f"{badge} {md_escape(shorten(task.text, 46))} :gray[{task.requirement}]"
    if task.due is None or task.status == "approved":
        return line
    left = (task.due - today).days
    if task.overdue:
        return f"{line} · :red[**已逾期 {task.overdue_days} 天**]"
    if left <= 14:
        return f"{line} · :orange[**期限 {day(task.due)}（还剩 {left} 天）**]"
    return f"{line} · 期限 {day(task.due)}"


def _stake(task: Task) -> str:
    parts = []
    if task.lost:
        parts.append(f"本轮失分 **{pts(task.lost)}**")
    if task.pending:
        parts.append(f"待评 {pts(task.pending)}")
    return " · ".join(parts) or "本轮未失分"


def _reupload(actor, unit: str, task: Task) -> None:
    """A returned item is uploaded again in place: a new revision of the same evidence."""
    for ev_id in task.returned:
        f = st.file_uploader(
            "重新上传修改后的材料",
            key=f"reup_{task.requirement}_{ev_id}",
            help="上传后替换为新版本，原版本和退回记录保留，材料重新进入审核。",
        )
        if f is not None and st.button(
            "提交新版本", key=f"reup_go_{task.requirement}_{ev_id}", type="primary"
        ):
            try:
                add_evidence(
                    actor,
                    f.getvalue(),
                    f.name,
                    requirements=[task.requirement],
                    department=actor.department_name,
                    unit=unit,
                    evidence_id=ev_id,
                )
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                flash.done(f"「{f.name}」已作为新版本提交，等待审核。")


def _task_card(actor, unit: str, task: Task, today: dt.date, files) -> None:
    urgent = task.status == "returned" or task.overdue
    with st.expander(task_label(task, today), expanded=urgent):
        st.markdown(f"**创建要求**：{md_escape(task.text)}")
        st.markdown(
            f"本单位职责 **{task.role_label}** · 分值 **{pts(task.weight)}** · {_stake(task)} · "
            f"{_due_text(task, today)} · 已上传材料 {task.evidence_count} 份"
        )
        st.caption(f"所属指标：{task.indicator}")
        st.markdown(f"**评分办法**：{md_escape(task.scoring)}")
        if task.evidence_hints:
            st.markdown("**需提供的材料**：" + "、".join(md_escape(h) for h in task.evidence_hints))
        for reason in task.return_reasons:
            st.warning(f"退回原因 {md_escape(reason)}", icon=":material/undo:")
        own_files(actor, files, task.requirement)
        if task.returned:
            _reupload(actor, unit, task)


def _summary(tasks: list[Task], today: dt.date) -> None:
    """Six counts side by side (they wrap, not stack, on a phone), then what is due first."""
    count = {k: sum(1 for t in tasks if t.status == k) for k in ORDER}
    late = sum(1 for t in tasks if t.overdue)
    row = st.container(horizontal=True, gap="medium")
    for label, value in (
        ("已逾期（项要求）", late),
        ("退回待改", count["returned"]),
        ("无材料", count["none"]),
        ("承担要求", len(tasks)),
        (STATUS_LABELS["pending"], count["pending"]),
        (STATUS_LABELS["approved"], count["approved"]),
    ):
        row.metric(label, value, width="content")
    due = sorted((t for t in tasks if t.due and t.status != "approved"), key=lambda t: t.due)
    if due:
        st.markdown("**最先到期**\n\n" + "\n".join(f"- {task_label(t, today)}" for t in due[:3]))


def _incoming(actor) -> None:
    items = transfer.incoming(actor)
    if not items:
        return
    st.subheader(f"其他单位转交的材料（{len(items)} 份待接收）")
    for t in items:
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(t.title)}** :gray[{md_escape(t.original_name)}]  \n"
                f"由 {md_escape(t.from_department)} 转交，用于：{md_escape(shorten(t.requirement_text, 50))} "
                f":gray[{t.requirement}]"
            )
            if t.note:
                st.caption(f"转交说明：{md_escape(t.note)}")
            c = st.columns([1, 3, 1])
            if c[0].button("接收", key=f"tr_ok_{t.id}", type="primary"):
                try:
                    transfer.accept(actor, t.id)
                except ServiceError as exc:
                    st.error(md_escape(str(exc)))
                else:
                    flash.done(f"已接收「{t.title}」，材料已归入本单位并等待审核。")
            reason = c[1].text_input(
                "拒收原因",
                key=f"tr_why_{t.id}",
                label_visibility="collapsed",
                placeholder="拒收原因",
            )
            if c[2].button("拒收", key=f"tr_no_{t.id}"):
                try:
                    transfer.decline(actor, t.id, reason)
                except ServiceError as exc:
                    st.error(md_escape(str(exc)))
                else:
                    flash.done(f"已拒收「{t.title}」。")


def _evidence_list(actor, items) -> None:
    st.subheader("本单位已上传的材料")
    if not items:
        st.info("本单位还没有上传材料。请在上方「上传材料」中选择文件并提交。")
        return
    df = pd.DataFrame(
        [
            {
                "标题": e.title,
                "文号": e.doc_number or "",
                "成文日期": day(e.doc_date) if e.doc_date else "",
                "证明的要求": "、".join(e.requirements) or "（已转交）",
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
    st.caption(
        "材料状态：待审核 = 已提交等待考核组审核；已退回 = 请按原因修改后在任务中「重新上传」；"
        "已撤回 = 本单位撤回，不再计入，文件保留。"
    )
    _edit_details(actor, items)
    sent = transfer.outgoing(actor)
    if sent:
        st.caption(
            md_escape(
                "转交记录："
                + "；".join(f"《{t.title}》→ {t.to_department}（{t.status_label}）" for t in sent)
            )
        )


def _edit_details(actor, items) -> None:
    """Correct a title or 文号 in place (no new version); a blank 文号 clears it."""
    if not st.toggle("修改材料标题或文号", key="edit_open"):
        return
    by_id = {e.id: e for e in items}
    ev_id = st.selectbox("材料", list(by_id), format_func=lambda i: by_id[i].title, key="edit_ev")
    item = by_id[ev_id]
    title = st.text_input("标题", value=item.title, key=f"edit_title_{ev_id}")
    number = st.text_input(
        "文号（没有文号请留空）", value=item.doc_number or "", key=f"edit_number_{ev_id}"
    )
    if st.button("保存修改", key="edit_save"):
        try:
            edit_details(actor, ev_id, title=title, doc_number=number)
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
        else:
            flash.done("材料标题和文号已修改（不产生新版本，修改已记录）。")


def render() -> None:
    actor = state.current_actor()
    st.title("我的任务")
    flash.show()
    unit_id = require_unit()
    if unit_id is None:
        return
    listing = my_tasks(actor, unit_id)
    tasks, today = listing.tasks, listing.today
    where = f"当前轮次：{listing.round_name}" if listing.round_name else "办公室尚未设定当前轮次"
    st.caption(f"{actor.department_name or ''} · {where}")
    if not tasks:
        st.info(
            "办公室尚未给本单位分配创建任务。如有疑问，请联系领导小组办公室在「设置 → 责任分工」中调整。"
        )
        _evidence_list(actor, list_evidence(actor, unit_id))
        return
    _summary(tasks, today)
    _incoming(actor)
    unit = next((u.name for u in org.list_units(actor) if u.id == unit_id), None)
    _upload(actor, unit, tasks, listing.rubric_id)
    st.subheader("任务清单")
    choice = st.radio("按状态筛选", FILTERS, horizontal=True, key="task_filter")
    shown = filter_tasks(sort_tasks(tasks), choice)
    if not shown:
        st.success(f"没有「{choice}」的任务。")
    files = list_evidence(actor, unit_id)
    for task in shown:
        _task_card(actor, unit, task, today, files)
    st.caption("点击任务可展开评分办法和需提供的材料；退回和逾期的任务默认展开。")
    _evidence_list(actor, files)


def _upload(actor, unit: str | None, tasks: list[Task], rubric_id: str | None) -> None:
    st.subheader("上传材料")
    if unit is None or not actor.department_name:
        st.error("当前账号未关联成员单位或被考评单位，不能上传材料，请联系办公室。")
        return
    own = {t.requirement for t in tasks}
    choices = [Choice(t.requirement, f"{shorten(t.text, 30)}（{t.requirement}）") for t in tasks]
    foreign = [
        Choice(q.id, f"{shorten(q.requirement, 30)}（{q.id}）")
        for q in get_rubric(rubric_id).requirements()
        if q.id not in own
    ]
    with st.container(border=True):
        evidence_uploader(
            actor, unit=unit, department=actor.department_name, choices=choices, foreign=foreign
        )
