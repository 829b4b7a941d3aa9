"""工作目标（按月调度）：目标进度对比时间进度；办公室设定目标，成员单位按月报送本单位目标的完成数。"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from scoring import fmt
from services.errors import ServiceError
from services.ledgers.targets import TargetProgress, add_target, report_progress, target_progress
from services.org import units as org
from ui import state
from ui.components import zh
from ui.components.context import require_unit
from ui.components.figures import target_table
from ui.components.fmt import day, month_text
from ui.components.tables import md_escape

FLASH = "targets:flash"
MEASURES = ["人次", "人", "户", "家", "亿元", "万元"]


def months_of(t: TargetProgress, today: dt.date) -> list[dt.date]:
    """Months a report may be made for: from the period's first month to this month (or the
    period's end), latest first."""
    month, last = t.period_start.replace(day=1), min(t.period_end, today).replace(day=1)
    out = []
    while month <= last:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out[::-1]


def _table(rows: list[TargetProgress]) -> None:
    if not target_table(rows, detail=True, key="targets_table"):
        st.caption("完成进度 = 累计完成数 ÷ 目标值；时间进度 = 已过天数 ÷ 目标期限天数。")


def _monthly(rows: list[TargetProgress]) -> None:
    names = {t.id: f"{t.name}（{t.department}）" for t in rows}
    tid = st.selectbox("查看月度报送", list(names), format_func=names.get, key="targets_detail")
    t = next(x for x in rows if x.id == tid)
    if not t.monthly:
        st.caption("该目标还没有月度报送。")
        return
    total = 0
    lines = []
    for month, value in t.monthly:
        total += value
        lines.append({"月份": month_text(month), "当月完成": fmt(value), "累计": fmt(total)})
    st.dataframe(pd.DataFrame(lines), hide_index=True, width="stretch", key="targets_monthly")
    if t.source:
        st.caption(f"目标依据：{md_escape(t.source)}")


def _add_form(actor, unit_id: int) -> None:
    st.subheader("新增工作目标")
    today = dt.date.today()
    with st.form("target_add", clear_on_submit=True, border=True):
        c = st.columns([3, 1, 1])
        name = c[0].text_input("目标名称", placeholder="如 创业培训", key="target_name")
        measure = c[1].selectbox(
            "计量单位", MEASURES, accept_new_options=True, key="target_measure"
        )
        value = c[2].text_input("目标值", placeholder="如 500", key="target_value")
        c = st.columns(3)
        start = zh.date_field(
            "开始日期", today.replace(month=1, day=1), key="target_start", container=c[0]
        )
        end = zh.date_field(
            "结束日期", today.replace(month=12, day=31), key="target_end", container=c[1]
        )
        depts = [d.name for d in org.list_departments(actor, state.selected_unit_id())]
        department = c[2].selectbox(
            "责任单位", depts, index=None, placeholder="选择责任单位", key="target_dept"
        )
        source = st.text_input(
            "目标依据（选填）",
            placeholder="如 县区创建实施方案：创业培训500人次",
            key="target_source",
        )
        if not st.form_submit_button("保存目标", type="primary", key="target_save"):
            return
    if not department:
        st.error("请选择责任单位")
        return
    if zh.INVALID in (start, end):
        st.error("请按 年-月-日 填写开始和结束日期，例如 2026-11-30")
        return
    try:
        made = add_target(
            actor,
            unit_id,
            name=name,
            measure=measure or "",
            target_value=value.strip(),
            period_start=start,
            period_end=end,
            department=department,
            source=source,
        )
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[FLASH] = (
        f"已新增目标「{made['name']}」{fmt(made['target'])}{made['measure']}。"
    )
    st.rerun()


def _report_form(actor, rows: list[TargetProgress]) -> None:
    st.subheader("按月报送完成情况")
    own = [t for t in rows if t.department == actor.department_name]
    if not own:
        st.info("本单位没有负责的工作目标。如有疑问，请联系领导小组办公室。")
        return
    today = dt.date.today()
    names = {t.id: f"{t.name}（目标 {fmt(t.target)} {t.measure}）" for t in own}
    c = st.columns([3, 2])
    tid = c[0].selectbox("目标", list(names), format_func=names.get, key="report_target")
    t = next(x for x in own if x.id == tid)
    months = months_of(t, today)
    if not months:
        st.info(f"该目标从 {day(t.period_start)} 开始，届时再报送。")
        return
    month = c[1].selectbox("月份", months, format_func=month_text, key=f"report_month_{tid}")
    before = dict(t.monthly).get(month)
    c = st.columns([1, 3])
    value = c[0].text_input(f"当月完成数（{t.measure}）", key=f"report_value_{tid}")
    note = c[1].text_input("说明（选填）", key=f"report_note_{tid}")
    if before is not None:
        st.caption(f"{month_text(month)}已报送 {fmt(before)} {t.measure}，再次报送将替换该月数值。")
    if not st.button("报送", type="primary", key="report_submit"):
        return
    try:
        report_progress(actor, tid, month, (value or "").strip(), note)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[FLASH] = (
        f"已报送「{t.name}」{month_text(month)}完成 {value.strip()} {t.measure}。"
    )
    st.rerun()


def render() -> None:
    actor = state.current_actor()
    st.title("工作目标")
    unit_id = require_unit()
    if unit_id is None:
        return
    st.caption("创建工作方案确定的目标任务，各责任单位按月报送完成情况（按月调度）。")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    rows = target_progress(actor, unit_id)
    if rows:
        _table(rows)
        _monthly(rows)
    elif actor.is_office:
        st.info("尚未录入工作目标。请在下方「新增工作目标」中录入实施方案确定的目标。")
    else:
        st.info("领导小组办公室尚未录入工作目标。")
    if actor.is_office:
        _add_form(actor, unit_id)
    elif actor.role == "department":
        _report_form(actor, rows)
