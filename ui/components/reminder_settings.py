"""设置 → 提醒接收: where each department's daily reminders go, and what was sent."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.errors import ServiceError
from services.jobs.kinds import reminder_days
from services.org import units as org
from services.reminders import targets
from store.job_tables import REMINDER_CHANNELS
from ui.components.flash import done
from ui.components.fmt import day
from ui.components.tables import md_escape

PLACEHOLDERS = {
    "wecom": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
    "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=…",
    "email": "名字@单位.gov.cn",
}


def _targets(actor, unit_id: int) -> None:
    rows = targets.list_targets(actor, unit_id)
    if not rows:
        st.info("尚未设置提醒接收：请在下方为成员单位添加群机器人地址或电子邮件。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "单位": r["department"],
                    "渠道": r["channel_label"],
                    "地址": r["address"],
                    "设置人": r["created_by"],
                    "设置时间": day(r["created_at"]),
                }
                for r in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        key="reminder_targets",
    )
    labels = {r["id"]: f"{r['department']} · {r['channel_label']} · {r['address']}" for r in rows}
    c = st.columns([4, 1])
    chosen = c[0].selectbox(
        "删除一项", list(labels), format_func=labels.get, key="reminder_remove_pick"
    )
    c[1].write("")
    if c[1].button("删除", key="reminder_remove"):
        try:
            targets.remove_target(actor, unit_id, chosen)
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
        else:
            done("已删除该提醒接收设置。")


def _add(actor, unit_id: int) -> None:
    depts = {d.id: d.name for d in org.list_departments(actor, unit_id) if d.kind == "member"}
    if not depts:
        return
    with st.form("reminder_add", clear_on_submit=True):
        c = st.columns([2, 2, 4])
        dept = c[0].selectbox("成员单位", list(depts), format_func=depts.get, key="reminder_dept")
        channel = c[1].selectbox(
            "渠道", list(REMINDER_CHANNELS), format_func=REMINDER_CHANNELS.get, key="reminder_ch"
        )
        address = c[2].text_input(
            "机器人 Webhook 地址或电子邮件",
            key="reminder_addr",
            placeholder="、".join(PLACEHOLDERS.values()),
        )
        if st.form_submit_button("添加"):
            try:
                targets.add_target(actor, unit_id, dept, channel, address)
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                done(f"已为「{depts[dept]}」添加{REMINDER_CHANNELS[channel]}。")


def _sent(actor, unit_id: int) -> None:
    rows = targets.sent_messages(actor, unit_id)
    st.subheader("发送记录")
    if not rows:
        st.caption("还没有发送过提醒。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "单位": r["department"],
                    "渠道": r["channel_label"],
                    "接收地址": r["address"],
                    "标题": r["subject"],
                    "状态": r["status_label"],
                    "尝试次数": r["attempts"],
                    "生成时间": day(r["created_at"]),
                    "发送时间": day(r["sent_at"]),
                    "失败原因": r["error"] or "",
                }
                for r in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        key="reminder_sent",
    )


def reminder_settings(actor, unit_id: int) -> None:
    st.caption(
        f"每天上午，各成员单位收到本单位已逾期和 {reminder_days()} 天内到期的整改事项"
        "（按当前轮次的责任分工和整改期限）。企业微信、钉钉请在群设置中添加「自定义机器人」，"
        "把 Webhook 地址填在这里；电子邮件由系统配置的发信服务器发送。"
        "发送失败会自动重试，结果见下方发送记录。"
    )
    _targets(actor, unit_id)
    _add(actor, unit_id)
    _sent(actor, unit_id)
