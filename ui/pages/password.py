"""修改密码：an initial or reset password must be replaced before any other page opens."""

from __future__ import annotations

import streamlit as st

from services.errors import ServiceError
from services.org import auth
from services.org.passwords import RULE
from ui import state
from ui.components.tables import md_escape


def render() -> None:
    actor = state.current_actor()
    if actor is None:
        return
    st.title("修改初始密码")
    st.info(
        f"{actor.display_name}，您的密码是办公室设置的初始密码（或重置后的密码），"
        "请先设置自己的新密码，之后才能使用系统。"
    )
    st.caption(f"新密码要求：{RULE}，也不能是常见密码。")
    with st.form("change_password", clear_on_submit=False):
        current = st.text_input("当前密码（初始密码）", type="password", key="pw_current")
        new = st.text_input("新密码", type="password", key="pw_new")
        confirm = st.text_input("再次输入新密码", type="password", key="pw_confirm")
        submitted = st.form_submit_button("确认修改", type="primary")
    if submitted:
        if not current or not new:
            st.error("请填写当前密码和新密码")
            return
        try:
            updated = auth.change_password(actor, current, new, confirm)
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
        else:
            state.sign_in(updated)
            st.rerun()
    if st.button("退出登录", key="pw_logout"):
        state.logout("已退出登录")
        st.rerun()
