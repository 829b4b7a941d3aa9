"""审计日志（办公室）：本单位及下级单位的操作记录，按时间、用户、操作、对象筛选，可导出 Excel。"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from rubric.numbers import cn_date
from services.audit import log as audit_log
from ui import state
from ui.components import zh
from ui.components.downloads import XLSX

COLUMNS = ["时间", "单位", "用户", "操作", "对象", "对象编号", "修改前", "修改后", "事件编号"]


def _when(at: dt.datetime) -> str:
    local = at.astimezone()
    return f"{cn_date(local)} {local:%H:%M:%S}"


def event_table(rows: list[audit_log.EventRow]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "时间": _when(r.at),
                "单位": r.unit,
                "用户": r.username,
                "操作": r.action_label,
                "对象": r.entity,
                "对象编号": r.entity_id or "",
                "修改前": r.before,
                "修改后": r.after,
                "事件编号": r.id,
            }
            for r in rows
        ],
        columns=COLUMNS,
    )


def _filters(actor) -> audit_log.AuditFilter | None:
    choices = audit_log.filter_choices(actor)
    c = st.columns(3)
    since = zh.date_field(
        "开始日期", dt.date.today() - dt.timedelta(days=30), key="audit_since", container=c[0]
    )
    until = zh.date_field("结束日期", None, key="audit_until", container=c[1])
    user = c[2].text_input("用户", key="audit_user", placeholder="用户名的一部分")
    c = st.columns(3)
    actions = [None, *choices["actions"]]
    action = c[0].selectbox(
        "操作",
        actions,
        format_func=lambda a: "全部" if a is None else audit_log.action_label(a),
        key="audit_action",
    )
    entities = [None, *choices["entities"]]
    entity = c[1].selectbox(
        "对象",
        entities,
        format_func=lambda e: "全部" if e is None else audit_log.entity_label(e),
        key="audit_entity",
    )
    entity_id = c[2].text_input("对象编号", key="audit_entity_id", placeholder="例如材料编号")
    if since is zh.INVALID or until is zh.INVALID:
        return None
    return audit_log.AuditFilter(since, until, user or None, action, entity, entity_id or None)


def render() -> None:
    actor = state.current_actor()
    actor.require("office", action="查看审计日志")
    st.title("审计日志")
    st.caption(
        "系统中每一次修改都记录在此（谁、何时、做了什么、修改前后）。每个单位的记录首尾相连、"
        "逐条带有校验值：记录在数据库中被改动或删除，每日审计校验和命令行校验都会指出。"
    )
    f = _filters(actor)
    if f is None:
        return
    total = audit_log.count_events(actor, f)
    rows = audit_log.list_events(actor, f)
    if not rows:
        st.info("没有符合条件的审计记录。")
        return
    shown = f"共 {total} 条" + (f"，显示最新的 {len(rows)} 条" if total > len(rows) else "")
    st.caption(shown)
    st.dataframe(
        event_table(rows),
        hide_index=True,
        width="stretch",
        key="audit_table",
        column_config={
            "修改前": st.column_config.TextColumn(width="medium"),
            "修改后": st.column_config.TextColumn(width="large"),
        },
    )
    if st.button("生成 Excel", key="audit_export_build"):
        st.session_state["audit_export"] = audit_log.export_xlsx(actor, f)
    data = st.session_state.get("audit_export")
    if data:
        st.download_button(
            "下载审计日志.xlsx",
            data,
            file_name=f"审计日志-{dt.date.today():%Y%m%d}.xlsx",
            mime=XLSX,
            key="audit_export_get",
            type="primary",
        )
