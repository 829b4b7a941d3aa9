"""登录页：用户名和密码；演示模式下列出演示账号。"""

from __future__ import annotations

import streamlit as st

from services.demo import build as demo
from services.errors import AuthError
from services.org import auth
from store.org import ROLE_LABELS
from store.settings import load_settings
from ui import state
from ui.components.tables import md_escape


def _client() -> str | None:
    """The browser's address, for the per-client limit on failed logins."""
    try:
        return st.context.ip_address
    except AttributeError:  # pragma: no cover - older streamlit
        return None


def render() -> None:
    st.title("创业型城市创建评估系统")
    st.caption("创建省级创业型城市 · 领导小组办公室 · 成员单位 · 考核组")
    notice = state.pop_notice()
    if notice:
        st.info(notice)
    left, right = st.columns([1, 1], gap="large")
    with left, st.form("login", clear_on_submit=False):
        st.subheader("登录")
        username = st.text_input("用户名", key="login_user")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录", type="primary", width="stretch")
    if submitted:
        if not username or not password:
            left.error("请输入用户名和密码")
        else:
            try:
                actor = auth.login(username, password, client=_client())
            except AuthError as exc:
                left.error(md_escape(str(exc)))
            else:
                state.sign_in(actor)
                st.rerun()
    if load_settings().demo:
        creds = demo.demo_credentials()
        with right:
            st.subheader("演示账号")
            if creds:
                st.caption("演示模式：以下账号仅用于体验，正式部署时不显示。")
                st.dataframe(
                    [
                        {
                            "角色": ROLE_LABELS[c["role"]],
                            "用户名": c["username"],
                            "密码": c["password"],
                            "姓名": c["name"],
                        }
                        for c in creds
                    ],
                    hide_index=True,
                    width="stretch",
                )
            else:
                st.caption("尚未生成演示数据：请运行 pioneer demo")
